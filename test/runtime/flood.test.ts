import { describe, expect, it } from 'vitest';
import { FloodGuard } from '../../src/runtime/FloodGuard.js';
import { createTestApp } from '../support/testApp.js';

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
