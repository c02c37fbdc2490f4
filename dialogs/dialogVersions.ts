import type { DialogId } from '../src/domain/DialogId.js';

/**
 * The version of each dialog machine's stored snapshots. Bump a machine's number when a release
 * renames or removes one of its states, or changes what its context means; then either write a
 * migration below, or let stored conversations in it start again at the nearest sensible place
 * (the lessons list, whose progress is kept apart, or the menu) with one kind line.
 * test/dialogs/snapshots.test.ts restores the committed snapshots of every waiting state and fails
 * when one no longer restores at an unchanged version.
 */
export const dialogVersions: Record<DialogId, number> = {
  onboarding: 1,
  menu: 1,
  lessons: 1,
  quizHost: 1,
  quizPlayer: 1,
  help: 1,
  referral: 1,
  settings: 1,
  language: 1,
  audience: 1,
  forget: 1,
};

/** A persisted XState snapshot, as stored. */
export type StoredSnapshot = Record<string, unknown>;

/**
 * Migrations of stored snapshots, by dialog and by the version they migrate from (to the next).
 * Return null when a snapshot cannot be carried over. None is needed yet.
 */
export const dialogMigrations: Partial<Record<DialogId, Record<number, (snapshot: StoredSnapshot) => StoredSnapshot | null>>> = {};
