/**
 * Records test/dialogs/snapshots.json: one persisted snapshot of every waiting state of every
 * dialog machine, with the machine's version (dialogs/dialogVersions.ts). Stored conversations hold
 * snapshots like these; test/dialogs/snapshots.test.ts restores each one after every change.
 *   npm run snapshots:record
 * Snapshots already recorded are kept while their machine's version is unchanged, so they stay the
 * ones an older release stored; new states are added. A machine whose version was bumped has its
 * snapshots recorded afresh.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { AnyStateMachine } from 'xstate';
import { dialogVersions } from '../dialogs/dialogVersions.js';
import { projectPath } from '../src/app/projectPath.js';
import { DialogId } from '../src/domain/DialogId.js';
import { dialogs, valueId, walk } from '../test/support/dialogWalk.js';
import { GoldenSnapshots } from '../test/dialogs/GoldenSnapshots.js';

const file = projectPath('test/dialogs/snapshots.json');
const before: GoldenSnapshots = existsSync(file) ? GoldenSnapshots.parse(JSON.parse(readFileSync(file, 'utf8'))) : {};
const after: GoldenSnapshots = {};
for (const id of DialogId.options) {
  const machine = dialogs[id] as AnyStateMachine;
  const version = dialogVersions[id];
  const kept = before[id]?.version === version ? before[id]!.states : {};
  const states: Record<string, Record<string, unknown>> = { ...kept };
  for (const { snapshot } of walk(id, machine)) {
    if (snapshot.status !== 'active') continue;
    const state = valueId(snapshot.value);
    states[state] ??= machine.getPersistedSnapshot(machine.resolveState(snapshot as never)) as Record<string, unknown>;
  }
  after[id] = { version, states: Object.fromEntries(Object.entries(states).sort(([a], [b]) => a.localeCompare(b))) };
  process.stdout.write(`${id} v${version}: ${Object.keys(states).length} waiting states (${Object.keys(states).length - Object.keys(kept).length} new)\n`);
}
writeFileSync(file, `${JSON.stringify(after, null, 1)}\n`);
