import { dialogMigrations, dialogVersions } from '../../../dialogs/dialogVersions.js';
import type { DialogId } from '../../domain/DialogId.js';
import type { DialogState, SessionRecord } from '../SessionRecord.js';

/** A stored dialog at this release's version of its machine, migrated step by step; null when it cannot be. */
function carry(state: DialogState): DialogState | null {
  const current = dialogVersions[state.id];
  let version = state.version ?? 1;
  let snapshot: Record<string, unknown> | null = state.snapshot;
  for (; version < current && snapshot; version++) snapshot = dialogMigrations[state.id]?.[version]?.(snapshot) ?? null;
  // A snapshot from a newer release (after a rollback) cannot be read by this one either.
  return snapshot && version === current ? { id: state.id, version, snapshot } : null;
}

/**
 * Stored dialogs from another version of their machine: migrated where a migration is written, and
 * otherwise let go (the ones waiting to be gone back to, quietly). Returns the dialog in progress
 * when it was let go, so the turn can start again at the nearest sensible place.
 */
export function upgradeDialogs(session: SessionRecord): DialogId | null {
  session.resume = session.resume.flatMap((state) => carry(state) ?? []);
  if (!session.dialog) return null;
  const carried = carry(session.dialog);
  const lost = carried ? null : session.dialog.id;
  session.dialog = carried;
  return lost;
}
