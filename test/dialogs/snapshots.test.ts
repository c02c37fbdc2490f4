import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createActor, type AnyStateMachine } from 'xstate';
import { dialogMigrations, dialogVersions } from '../../dialogs/dialogVersions.js';
import type { Message } from '../../dialogs/shared/Message.js';
import { projectPath } from '../../src/app/projectPath.js';
import { DialogId } from '../../src/domain/DialogId.js';
import { SessionRecord } from '../../src/runtime/SessionRecord.js';
import { dialogs, valueId, walk } from '../support/dialogWalk.js';
import { createTestApp } from '../support/testApp.js';
import { GoldenSnapshots } from './GoldenSnapshots.js';

/*
 * Stored conversations hold persisted snapshots. test/dialogs/snapshots.json keeps one of every
 * waiting state of every machine, as a release stored it (`npm run snapshots:record` adds new states
 * and keeps the old ones). After any change, each must still restore into the same waiting question,
 * unless its machine's version was bumped: then a migration must carry it over, or the engine starts
 * the user again kindly.
 */
const golden = GoldenSnapshots.parse(JSON.parse(readFileSync(projectPath('test/dialogs/snapshots.json'), 'utf8')));

/** Carry a stored snapshot to the machine's current version by its migrations; null when there is no way. */
function migrated(id: DialogId, from: number, snapshot: Record<string, unknown>): Record<string, unknown> | null {
  let carried: Record<string, unknown> | null = snapshot;
  for (let v = from; v < dialogVersions[id] && carried; v++) carried = dialogMigrations[id]?.[v]?.(carried) ?? null;
  return carried;
}

describe.each(DialogId.options)('stored snapshots of %s', (id) => {
  const machine = dialogs[id] as AnyStateMachine;
  const recorded = golden[id];

  it('has a recorded snapshot of every waiting state the machine has now', () => {
    const waiting = new Set(walk(id, machine).filter((r) => r.snapshot.status === 'active').map((r) => valueId(r.snapshot.value)));
    const missing = [...waiting].filter((state) => !recorded?.states[state]);
    expect(missing, 'run npm run snapshots:record').toEqual([]);
  });

  it('restores every recorded snapshot into the same waiting question, or its version says it cannot', () => {
    expect(recorded).toBeDefined();
    for (const [state, stored] of Object.entries(recorded!.states)) {
      const snapshot = recorded!.version === dialogVersions[id] ? stored : migrated(id, recorded!.version, stored);
      // A bumped version without a migration: the engine starts the user again (test/runtime/dialogVersions.test.ts).
      if (!snapshot) continue;
      let failure: unknown;
      const actor = createActor(machine, { snapshot: snapshot as never });
      actor.subscribe({ error: (error) => (failure = error) });
      actor.start();
      const restored = actor.getSnapshot();
      expect(failure, `${id} ${state}: bump its version in dialogs/dialogVersions.ts and write a migration, or let it start again`).toBeUndefined();
      expect(restored.status, `${id} ${state}`).toBe('active');
      const prompt = (restored.context as { prompt?: Message | null }).prompt;
      expect(prompt, `${id} ${state} waits on no question`).toBeTruthy();
      for (const choice of prompt!.choices ?? []) expect(restored.can({ type: 'CHOICE', id: choice.id }), `${id} ${state} offers ${choice.id}`).toBe(true);
      actor.stop();
    }
  });

  it('answers a user whose stored session holds each one, through the engine, never with an error', async () => {
    const app = createTestApp();
    const key = app.keyOf('user');
    for (const [state, snapshot] of Object.entries(recorded!.states)) {
      const session: SessionRecord = {
        v: 1,
        locale: 'en',
        audience: id === 'onboarding' ? null : 'age13_15',
        dialog: { id, version: recorded!.version, snapshot },
        resume: [],
        day: '2026-11-28',
      };
      await app.store.set(key, SessionRecord.parse(session));
      const reply = await app.engine.handle('console', 'user', { type: 'text', text: 'help' });
      expect(reply.messages.map((m) => m.key), `${id} ${state}`).not.toContain('common:error');
      expect(reply.messages.at(-1)?.text, `${id} ${state}`).toBeTruthy();
    }
    expect(app.logger.lines.filter((l) => l.level === 'error')).toEqual([]);
  });
});
