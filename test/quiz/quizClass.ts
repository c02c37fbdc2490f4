import type { RenderedMessage } from '../../src/runtime/RenderedMessage.js';
import type { TurnResult } from '../../src/runtime/TurnResult.js';
import { createTestApp, testPatronCode, type TestApp } from '../support/testApp.js';

/** Everything one console user was shown: their replies and what was pushed to them. */
export type Seen = Map<string, RenderedMessage[]>;

/**
 * A patron and a club on the console: every reply and every pushed message is kept per user, so a
 * test can say what each person saw. `setUp` takes the patron to the lobby and returns the join code.
 */
export function quizClass(app: TestApp = createTestApp()) {
  const seen: Seen = new Map();
  const keep = (who: string, result: TurnResult) => seen.set(who, [...(seen.get(who) ?? []), ...result.messages]);
  app.outbox.register('console', async (who, result) => {
    keep(who, result);
  });
  const say = async (who: string, text: string) => {
    const result = await app.engine.handle('console', who, { type: 'text', text });
    keep(who, result);
    await app.quiz.settled();
    return result;
  };
  const last = (who: string) => seen.get(who)?.at(-1);
  return {
    app,
    seen,
    say,
    last,
    /** Onboard a patron, run "Run a club quiz" with the test code; returns the join code. */
    async setUp(options: { band?: string; count?: string; limit?: string } = {}): Promise<string> {
      for (const text of ['hi', 'English', '5', 'ok', 'Run a club quiz', testPatronCode, options.band ?? '2', 'mixed', options.count ?? '1', options.limit ?? '1']) {
        await say('patron', text);
      }
      const lobby = last('patron');
      const code = /join code is (\w+)/.exec(lobby?.text ?? '')?.[1];
      if (lobby?.key !== 'quiz:host.lobby' || !code) throw new Error(`the patron is not in the lobby: ${lobby?.key}`);
      return code;
    },
  };
}
