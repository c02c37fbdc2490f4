import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectPath } from '../../src/app/projectPath.js';
import { LeaseLostError, RedisSessionStore } from '../../src/storage/RedisSessionStore.js';
import { RedisServer } from '../support/redisServer.js';

/* What only the Redis store does: a TTL per session, a lease per conversation across instances,
 * and surviving a Redis that dies and comes back. Against a real redis-server on loopback. */

let redis: RedisServer;
let n = 0;
const stores: RedisSessionStore[] = [];
const open = (options: Partial<ConstructorParameters<typeof RedisSessionStore>[0]> = {}) => {
  const store = new RedisSessionStore({ url: redis.url, ttlSeconds: 3_600, prefix: `r${++n}:`, ...options });
  stores.push(store);
  return store;
};
beforeAll(async () => {
  redis = await RedisServer.start();
});
afterAll(async () => {
  for (const store of stores) await store.close().catch(() => {});
  await redis?.stop();
});

/** Run the lease worker as its own process, as a second instance would be. */
function worker(prefix: string, conversations: number, turns: number, mode: 'lease' | 'none', processes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', projectPath('test/storage/workers/leaseWorker.ts'), redis.url, prefix, String(conversations), String(turns), mode, String(processes)], {
      cwd: projectPath(''),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += String(d)));
    child.stderr.on('data', (d) => (err += String(d)));
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`worker exited ${code}: ${err}`))));
  });
}

describe('RedisSessionStore', () => {
  it('gives every session a TTL of SESSION_DAYS, renewed by each write', async () => {
    const store = open({ ttlSeconds: 90 * 86_400, prefix: 'ttl:' });
    await store.set('k', { v: 1 });
    const { createClient } = await import('@redis/client');
    const client = createClient({ url: redis.url });
    await client.connect();
    try {
      const ttl = await client.ttl('ttl:s:k');
      expect(ttl).toBeGreaterThan(90 * 86_400 - 5);
      expect(ttl).toBeLessThanOrEqual(90 * 86_400);
    } finally {
      await client.close();
    }
  });

  it('two processes taking interleaved turns on the same conversations keep every turn, under the lease', async () => {
    const [a, b] = await Promise.all([worker('two:', 8, 25, 'lease', 2), worker('two:', 8, 25, 'lease', 2)]);
    expect([a, b]).toEqual(['done\n', 'done\n']);
    const store = open({ prefix: 'two:' });
    for (let c = 0; c < 8; c++) expect(await store.get(`conversation-${c}`), `conversation-${c}`).toEqual({ turns: 50 });
  });

  it('and without the lease the same run loses turns (so the test above can fail)', async () => {
    await Promise.all([worker('none:', 8, 25, 'none', 2), worker('none:', 8, 25, 'none', 2)]);
    const store = open({ prefix: 'none:' });
    const counts = await Promise.all(Array.from({ length: 8 }, async (_, c) => ((await store.get(`conversation-${c}`)) as { turns: number }).turns));
    expect(counts.reduce((a, b) => a + b, 0)).toBeLessThan(8 * 50);
  });

  it('refuses the write of a turn whose lease ran out, so it cannot overwrite the turn that came after it', async () => {
    const slow = open({ prefix: 'fence:', leaseMs: 100 });
    const fast = open({ prefix: 'fence:', leaseMs: 100 });
    let release!: () => void;
    const stalled = slow.exclusive('k', async () => {
      await new Promise<void>((resolve) => (release = resolve));
      await slow.set('k', { by: 'slow' });
    });
    await new Promise((resolve) => setTimeout(resolve, 150));
    await fast.exclusive('k', () => fast.set('k', { by: 'fast' }));
    release();
    await expect(stalled).rejects.toBeInstanceOf(LeaseLostError);
    expect(await fast.get('k')).toEqual({ by: 'fast' });
  });

  it('waits for another instance to finish its turn, then runs', async () => {
    const one = open({ prefix: 'wait:' });
    const two = open({ prefix: 'wait:' });
    const order: string[] = [];
    let release!: () => void;
    const first = one.exclusive('k', async () => {
      order.push('one starts');
      await new Promise<void>((resolve) => (release = resolve));
      order.push('one ends');
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = two.exclusive('k', async () => void order.push('two runs'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['one starts', 'one ends', 'two runs']);
  });

  it('fails at once while Redis is down, and works again by itself when it is back', async () => {
    const warnings: string[] = [];
    const store = open({ prefix: 'down:', warn: (line) => warnings.push(line) });
    await store.set('k', { v: 1 });
    await redis.stop();
    const t0 = Date.now();
    await expect(store.get('k')).rejects.toThrow();
    expect(Date.now() - t0).toBeLessThan(1_000);
    await redis.start();
    const deadline = Date.now() + 10_000;
    let back: unknown;
    while (Date.now() < deadline) {
      back = await store.get('k').catch(() => 'down');
      if (back !== 'down') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // Persistence is off: the restarted Redis is empty, and the store works again.
    expect(back).toBeUndefined();
    await store.set('k', { v: 2 });
    expect(await store.get('k')).toEqual({ v: 2 });
    expect(warnings).toContain('the session store (Redis) cannot be reached; reconnecting');
    expect(warnings).toContain('the session store (Redis) is reachable again');
  });
});
