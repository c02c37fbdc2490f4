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
    /**
     * Onboard a patron in English (or Kiswahili), run "Run a club quiz" with the test code and the
     * choices given (by number or words); returns the join code.
     */
    async setUp(options: { band?: string; count?: string; limit?: string; locale?: 'en' | 'sw'; who?: string } = {}): Promise<string> {
      const who = options.who ?? 'patron';
      const sw = options.locale === 'sw';
      const toMenu = sw ? ['habari', 'Kiswahili', '5', 'sawa'] : ['hi', 'English', '5', 'ok'];
      const steps = [app.translator.t(sw ? 'sw' : 'en', 'menu:item.quiz'), testPatronCode, options.band ?? '2', sw ? 'mchanganyiko' : 'mixed'];
      for (const text of [...toMenu, ...steps, options.count ?? '1', options.limit ?? '1']) await say(who, text);
      const lobby = last(who);
      const code = joinCodeIn(lobby?.text ?? '');
      if (lobby?.key !== 'quiz:host.lobby' || !code) throw new Error(`the patron is not in the lobby: ${lobby?.key}`);
      return code;
    },
  };
}

/** The join code in the patron's lobby text, in either language. */
export function joinCodeIn(text: string): string | undefined {
  return /(?:join code is|Msimbo wa kujiunga ni) (\w+)/.exec(text)?.[1];
}
