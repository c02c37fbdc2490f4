import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Inbound } from '../../src/runtime/Inbound.js';
import { SessionRecord } from '../../src/runtime/SessionRecord.js';
import type { TurnResult } from '../../src/runtime/TurnResult.js';
import { pushes } from '../support/dialogWalk.js';
import { createTestApp, testPatronCode } from '../support/testApp.js';

/*
 * Random sequences of everything a user or a live quiz can send, through the real engine, from a
 * new user: texts of every kind (commands, labels, numbers, crisis messages, Sheng, noise), taps on
 * what is shown and on what is not, media, locations anywhere on earth, join codes and quiz pushes.
 * No sequence may make a turn fail, every question keeps a way to help, and every stored record parses.
 */
const texts = [
  'hi', 'English', 'Kiswahili', '1', '2', '3', '4', '5', '9', '0', 'ok', 'back', 'rudi', 'menu', 'help', 'msaada', 'stop', 'acha',
  'language', 'lugha', 'forget me', 'nisahau', 'exit', 'leave', 'ondoka', 'join K7P3Q', 'jiunge ABCDE', testPatronCode,
  'Kisumu', 'niko nbi', 'Nakru', 'xyzzy', '', '...', '🙂', '😭😭', 'asante', 'sasa msee', 'please call me', '0712345678',
  'he raped me last night', 'nataka kujiua', 'my uncle touches me', 'mathe ameniforce nisome', 'what is sextortion?',
  'lessons', 'masomo', 'find help near me', 'Run a club quiz', 'Mixed', '5 questions', 'Start the quiz', 'No, carry on',
];
const kinds = ['photo', 'video', 'audio', 'voice', 'sticker', 'document', 'other'] as const;

/** One step: what to send, chosen partly from what the last reply showed. */
type Step = { kind: 'text'; text: string } | { kind: 'tap'; index: number; stale: boolean } | { kind: 'other'; inbound: Inbound };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...texts).map((text) => ({ kind: 'text' as const, text })) },
  { weight: 1, arbitrary: fc.string({ maxLength: 60 }).map((text) => ({ kind: 'text' as const, text })) },
  { weight: 5, arbitrary: fc.record({ index: fc.nat(12), stale: fc.boolean() }).map((tap) => ({ kind: 'tap' as const, ...tap })) },
  {
    weight: 2,
    arbitrary: fc.oneof(
      fc.record({ kind: fc.constantFrom(...kinds), caption: fc.option(fc.constantFrom(...texts), { nil: undefined }) }).map(
        ({ kind, caption }): Inbound => ({ type: 'media', kind, ...(caption === undefined ? {} : { caption }) }),
      ),
      fc.record({ latitude: fc.double({ min: -90, max: 90, noNaN: true }), longitude: fc.double({ min: -180, max: 180, noNaN: true }) }).map(
        (at): Inbound => ({ type: 'location', ...at }),
      ),
      fc.constantFrom(...pushes).map((push): Inbound => ({ type: 'quiz', push })),
      fc.constantFrom('K7P3Q', 'ZZZZ9').map((code): Inbound => ({ type: 'join', code })),
      fc.constantFrom('help', 'menu', 'stop', 'start', 'language', 'forget', 'leave').map((command): Inbound => ({ type: 'command', command })),
    ).map((inbound) => ({ kind: 'other' as const, inbound })),
  },
);

describe('every dialog, fuzzed through the engine', () => {
  it('never fails a turn, always keeps help within reach, and stores only records that parse', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 5, maxLength: 30 }), async (steps) => {
        const app = createTestApp();
        let last: TurnResult | undefined;
        for (const s of steps) {
          const shown = last?.messages.at(-1)?.choices ?? [];
          const inbound: Inbound =
            s.kind === 'text'
              ? { type: 'text', text: s.text }
              : s.kind === 'tap'
                ? { type: 'choice', id: shown[s.index % Math.max(shown.length, 1)]?.id ?? 'no-such-choice', ...(s.stale ? { version: 'old123' } : last?.version ? { version: last.version } : {}) }
                : s.inbound;
          last = await app.engine.handle('console', 'fuzz', inbound);
          expect(last.messages.map((m) => m.key)).not.toContain('common:error');
          for (const message of last.messages) expect(message.text.length, message.key).toBeGreaterThan(0);
          const question = last.messages.at(-1);
          if (question && question.choices.length > 0) {
            expect(question.choices.some((c) => c.id === 'help' || c.id === 'menu' || c.id === 'now'), question.key).toBe(true);
          }
          const stored = await app.store.get(app.keyOf('fuzz'));
          if (stored !== undefined) SessionRecord.parse(stored);
        }
        expect(app.logger.lines.filter((l) => l.level === 'error')).toEqual([]);
      }),
      { numRuns: 80, seed: 20261201 },
    );
  }, 120_000);
});
