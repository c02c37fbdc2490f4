import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisFloodGuard } from '../../src/storage/RedisFloodGuard.js';
import { RedisServer } from '../support/redisServer.js';
import { createTestApp, type TestApp } from '../support/testApp.js';

/* Flood limits with several instances: one bucket per conversation in Redis, so a flooding chat
 * that a balancer spreads over two instances gets the burst of one, not two. */

let redis: RedisServer;
const apps: TestApp[] = [];

beforeAll(async () => {
  redis = await RedisServer.start();
}, 30_000);

afterAll(async () => {
  for (const app of apps) await app.close();
  await redis.stop();
});

async function instance(): Promise<TestApp> {
  const app = createTestApp({ REDIS_URL: redis.url });
  await app.ready();
  apps.push(app);
  return app;
}

const keysOf = (result: { messages: { key: string }[] }) => result.messages.map((m) => m.key).join(',');

describe('a flood spread over two instances', () => {
  it('gets one burst in all, one "slow down", then silence, on either instance; help still goes through', async () => {
    await redis.flush();
    const [a, b] = [await instance(), await instance()];
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
    const stored = await redis.dump();
    expect(stored).toContain(`linda:flood:${a.pseudonymOf('telegram', 'flooder-5521')}`);
    expect(stored).not.toContain('flooder-5521');
  });

  it('refills at the steady rate on Redis time, and the bucket expires once it is full again', async () => {
    await redis.flush();
    const guard = new RedisFloodGuard({ url: redis.url, limit: { burst: 2, perSecond: 10 } });
    await guard.open();
    const verdicts = [];
    for (let i = 0; i < 4; i++) verdicts.push(await guard.take('k'));
    expect(verdicts).toEqual(['ok', 'ok', 'slowDown', 'quiet']);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await guard.take('k')).toBe('ok');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    // Full again after 0.2 s, and gone a second later: the same as a new bucket.
    expect(await redis.keys()).toEqual([]);
    await guard.close();
  });

  it('leaves each instance its own count while Redis is down, and never keeps the person waiting on it', async () => {
    await redis.flush();
    const guard = new RedisFloodGuard({ url: redis.url, limit: { burst: 1, perSecond: 1 } });
    await guard.open();
    expect(await guard.take('k')).toBe('ok');
    await redis.stop();
    const started = Date.now();
    expect(await guard.take('k')).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(1_000);
    await redis.start();
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
