import { describe, expect, it } from 'vitest';
import { FloodGuard } from '../../src/runtime/FloodGuard.js';
import type { TurnResult } from '../../src/runtime/TurnResult.js';
import { joinCodeIn } from '../quiz/quizClass.js';
import { createTestApp, testPatronCode } from '../support/testApp.js';

describe('a flood from one conversation', () => {
  it('gets its burst answered, one "slow down", then silence; help and danger still go through', async () => {
    const app = createTestApp();
    const key = app.pseudonymOf('telegram', 'flooder');
    let loads = 0;
    const get = app.store.get.bind(app.store);
    app.store.get = (k: string) => {
      if (k === key) loads += 1;
      return get(k);
    };
    const send = (text: string) => app.engine.handle('telegram', 'flooder', { type: 'text', text });
    const replies = await Promise.all(Array.from({ length: 1_000 }, (_, i) => send(i % 2 ? 'hi' : 'ok')));
    const keys = replies.map((r) => r.messages.map((m) => m.key).join(','));
    expect(keys.slice(0, 30).every((k) => k.length > 0 && k !== 'common:slowDown')).toBe(true);
    expect(keys[30]).toBe('common:slowDown');
    expect(keys.slice(31).every((k) => k === '')).toBe(true);
    // 1,000 messages cost 31 turns' work: the rest never queue, so nobody else waits behind them.
    expect(loads).toBe(31);
    expect((await send('help')).messages[0]?.key).toBe('help:now');
    expect((await send('he raped me last night')).messages[0]?.key).toMatch(/^help:urgent\./);
    expect((await send('hi')).messages).toEqual([]);
    // Another child is answered as usual.
    expect((await app.engine.handle('telegram', 'someone-else', { type: 'text', text: 'hi' })).messages[0]?.key).toBe('onboarding:welcome');
  });

  it('still brings a club quiz question to a child who flooded: a push is not their message', async () => {
    const app = createTestApp();
    const pushed: TurnResult[] = [];
    app.outbox.register('telegram', async (_id, result) => {
      pushed.push(result);
    });
    const patron = (text: string) => app.engine.handle('console', 'patron', { type: 'text', text });
    let lobby: TurnResult | undefined;
    for (const text of ['hi', 'English', '5', 'ok', 'Run a club quiz', testPatronCode, '2', 'mixed', '1', '1']) lobby = await patron(text);
    const code = joinCodeIn(lobby?.messages.at(-1)?.text ?? '');
    expect(code).toBeTruthy();
    const child = (text: string) => app.engine.handle('telegram', 'flooding-child', { type: 'text', text });
    for (const text of ['hi', 'English', '3', 'ok']) await child(text);
    expect((await child(`join ${code}`)).messages[0]?.key).toBe('quiz:player.joined');
    const flood = await Promise.all(Array.from({ length: 40 }, () => child('hi')));
    expect(flood.at(-1)?.messages).toEqual([]);
    await patron('Start the quiz');
    await app.quiz.settled();
    expect(pushed.flatMap((r) => r.messages.map((m) => m.key))).toEqual(['quiz:player.question']);
  });

  it('is not limited in the terminal, where one person types', async () => {
    const app = createTestApp();
    const replies = await Promise.all(Array.from({ length: 60 }, () => app.engine.handle('console', 'me', { type: 'text', text: 'hi' })));
    expect(replies.every((r) => r.messages.length > 0)).toBe(true);
  });

  it('refills at the steady rate', () => {
    let now = 0;
    const guard = new FloodGuard({ burst: 2, perSecond: 1 }, () => now);
    expect(['ok', 'ok', 'slowDown', 'quiet'].map(() => guard.take('k'))).toEqual(['ok', 'ok', 'slowDown', 'quiet']);
    now = 1_000;
    expect(guard.take('k')).toBe('ok');
    expect(guard.take('k')).toBe('slowDown');
    now = 5_000;
    expect([guard.take('k'), guard.take('k'), guard.take('k')]).toEqual(['ok', 'ok', 'slowDown']);
  });
});
