import { describe, expect, it } from 'vitest';
import { RedisFloodGuard } from '../../src/storage/RedisFloodGuard.js';
import { RedisApps } from '../support/redisApps.js';

/* Flood limits with several instances: one bucket per conversation in Redis, so a flooding chat
 * that a balancer spreads over two instances gets the burst of one, not two. */

const servers = new RedisApps();

const keysOf = (result: { messages: { key: string }[] }) => result.messages.map((m) => m.key).join(',');

describe('a flood spread over two instances', () => {
  it('gets one burst in all, one "slow down", then silence, on either instance; help still goes through', async () => {
    await servers.fresh();
    const [a, b] = [await servers.app(), await servers.app()];
    const replies: string[] = [];
    // One message at a time, each to the other instance, as a balancer might send them.
    for (let i = 0; i < 40; i++) replies.push(keysOf(await (i % 2 ? b : a).engine.handle('telegram', 'flooder-5521', { type: 'text', text: i % 2 ? 'hi' : 'ok' })));
    expect(replies.slice(0, 30).every((k) => k.length > 0 && k !== 'common:slowDown')).toBe(true);
    expect(replies[30]).toBe('common:slowDown');
    expect(replies.slice(31)).toEqual(Array.from({ length: 9 }, () => ''));
    expect(keysOf(await b.engine.handle('telegram', 'flooder-5521', { type: 'text', text: 'help' }))).toBe('help:now');
    // Another child, on either instance, is answered as usual.
    expect(keysOf(await a.engine.handle('telegram', 'someone-else', { type: 'text', text: 'hi' })).split(',')[0]).toBe('onboarding:welcome');
    // Redis holds the conversation's pseudonym, never the chat id.
    const stored = await servers.redis.dump();
    expect(stored).toContain(`linda:flood:${a.pseudonymOf('telegram', 'flooder-5521')}`);
    expect(stored).not.toContain('flooder-5521');
  });

  it('refills at the steady rate on Redis time, and the bucket expires once it is full again', async () => {
    await servers.fresh();
    const guard = new RedisFloodGuard({ url: servers.redis.url, limit: { burst: 2, perSecond: 10 } });
    await guard.open();
    const verdicts = [];
    for (let i = 0; i < 4; i++) verdicts.push(await guard.take('k'));
    expect(verdicts).toEqual(['ok', 'ok', 'slowDown', 'quiet']);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await guard.take('k')).toBe('ok');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    // Full again after 0.2 s, and gone a second later: the same as a new bucket.
    expect(await servers.redis.keys()).toEqual([]);
    await guard.close();
  });

  it('leaves each instance its own count while Redis is down, and never keeps the person waiting on it', async () => {
    await servers.fresh();
    const guard = new RedisFloodGuard({ url: servers.redis.url, limit: { burst: 1, perSecond: 1 } });
    await guard.open();
    expect(await guard.take('k')).toBe('ok');
    await servers.redis.stop();
    const started = Date.now();
    expect(await guard.take('k')).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(1_000);
    await servers.redis.start();
    let back: string | undefined;
    for (let i = 0; i < 100 && back === undefined; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      back = await guard.take('k');
    }
    // The restarted server is empty (persistence off): a new bucket.
    expect(back).toBe('ok');
    await guard.close();
  }, 20_000);
});
