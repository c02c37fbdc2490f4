import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LowdbSessionStore, type LowdbSessionStoreOptions } from '../../src/storage/LowdbSessionStore.js';
import { MemorySessionStore } from '../../src/storage/MemorySessionStore.js';
import { RedisSessionStore } from '../../src/storage/RedisSessionStore.js';
import { RedisServer } from '../support/redisServer.js';
import type { SessionStore } from '../../src/storage/SessionStore.js';

const SHARD_FILE = /^shard-\d{3}\.json$/;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const tempDirs: string[] = [];
const openStores: SessionStore[] = [];

function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'linda-sessions-'));
  tempDirs.push(dir);
  return dir;
}

function lowdb(dir: string, options: LowdbSessionStoreOptions = {}): LowdbSessionStore {
  const store = new LowdbSessionStore(dir, options);
  openStores.push(store);
  return store;
}

let redis: RedisServer;
let redisStores = 0;
beforeAll(async () => {
  redis = await RedisServer.start();
});
afterAll(async () => {
  await redis?.stop();
});

afterEach(async () => {
  // Flush first, so that no delayed write fires into a removed folder.
  for (const store of openStores.splice(0)) {
    await store.flush();
    await store.close?.();
  }
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function shardFiles(dir: string): string[] {
  return readdirSync(dir).filter((f) => SHARD_FILE.test(f));
}

function readShard(dir: string, name: string): Record<string, unknown> {
  const data: unknown = JSON.parse(readFileSync(path.join(dir, name), 'utf8'));
  expect(data).toBeTypeOf('object');
  expect(data).not.toBeNull();
  expect(Array.isArray(data)).toBe(false);
  return data as Record<string, unknown>;
}

const hexKey = () => randomBytes(32).toString('hex');

interface Implementation {
  name: string;
  create(): SessionStore;
}

const implementations: Implementation[] = [
  { name: 'MemorySessionStore', create: () => new MemorySessionStore() },
  { name: 'LowdbSessionStore', create: () => lowdb(tempDir()) },
  {
    name: 'RedisSessionStore',
    create: () => {
      // Each store its own prefix on one server, so the tests do not see each other's keys.
      const store = new RedisSessionStore({ url: redis.url, ttlSeconds: 3_600, prefix: `test${++redisStores}:` });
      openStores.push(store);
      return store;
    },
  },
];

const session = (n: number) => ({ v: 1, locale: 'sw', audience: 'age13_15', n, dialog: { id: 'menu', snapshot: { tags: ['a', 'b'] } } });

for (const impl of implementations) {
  describe(`${impl.name}: the SessionStore contract`, () => {
    it('returns undefined for an unknown key', async () => {
      const store = impl.create();
      expect(await store.get(hexKey())).toBeUndefined();
      expect(await store.get('never-set')).toBeUndefined();
    });

    it('returns an equal value after set', async () => {
      const store = impl.create();
      const key = hexKey();
      await store.set(key, session(1));
      expect(await store.get(key)).toEqual(session(1));
    });

    it('round-trips every kind of JSON value', async () => {
      const store = impl.create();
      const values: unknown[] = ['text', 42, 0, false, null, [1, 'two', null, { three: 3 }], {}, { deep: { deeper: { deepest: [true] } } }];
      const keys = values.map(() => hexKey());
      for (const [i, value] of values.entries()) await store.set(keys[i]!, value);
      for (const [i, value] of values.entries()) expect(await store.get(keys[i]!)).toEqual(value);
    });

    it('replaces the value on a second set', async () => {
      const store = impl.create();
      const key = hexKey();
      await store.set(key, session(1));
      await store.set(key, session(2));
      expect(await store.get(key)).toEqual(session(2));
    });

    it('hands out a copy: mutating what get returned does not change the stored value', async () => {
      const store = impl.create();
      const key = hexKey();
      await store.set(key, session(1));
      const got = (await store.get(key)) as ReturnType<typeof session>;
      got.n = 99;
      got.dialog.snapshot.tags.push('mutated');
      expect(await store.get(key)).toEqual(session(1));
      expect(await store.get(key)).not.toBe(await store.get(key));
    });

    it('keeps a copy: mutating the object after set does not change the stored value', async () => {
      const store = impl.create();
      const key = hexKey();
      const value = session(1);
      await store.set(key, value);
      value.n = 99;
      value.dialog.snapshot.tags.push('mutated');
      expect(await store.get(key)).toEqual(session(1));
    });

    it('deletes one key and leaves the others', async () => {
      const store = impl.create();
      const [a, b] = [hexKey(), hexKey()];
      await store.set(a, session(1));
      await store.set(b, session(2));
      await store.delete(a);
      expect(await store.get(a)).toBeUndefined();
      expect(await store.get(b)).toEqual(session(2));
      await expect(store.delete(a)).resolves.toBeUndefined();
      await expect(store.delete(hexKey())).resolves.toBeUndefined();
    });

    it('sweep deletes exactly the values for which the predicate is true and returns the count', async () => {
      const store = impl.create();
      const keys = Array.from({ length: 30 }, () => hexKey());
      for (const [i, key] of keys.entries()) await store.set(key, session(i));
      await store.set('non-hex key', session(99));
      await store.flush();
      const seen: unknown[] = [];
      const count = await store.sweep((value) => {
        seen.push(value);
        return (value as { n: number }).n % 3 === 0;
      });
      expect(count).toBe(11); // 0, 3, ..., 27 and 99
      // The predicate saw every stored value once.
      expect(seen).toHaveLength(31);
      expect(seen).toEqual(expect.arrayContaining([session(0), session(29), session(99)]));
      for (const [i, key] of keys.entries()) {
        if (i % 3 === 0) expect(await store.get(key)).toBeUndefined();
        else expect(await store.get(key)).toEqual(session(i));
      }
      expect(await store.get('non-hex key')).toBeUndefined();
    });

    it('sweep returns 0 and deletes nothing when the predicate is never true', async () => {
      const store = impl.create();
      expect(await store.sweep(() => true)).toBe(0);
      const key = hexKey();
      await store.set(key, session(1));
      await store.flush();
      expect(await store.sweep(() => false)).toBe(0);
      expect(await store.get(key)).toEqual(session(1));
    });

    it('sweep also sees values set since the last flush', async () => {
      const store = impl.create();
      const keys = Array.from({ length: 5 }, () => hexKey());
      for (const [i, key] of keys.entries()) await store.set(key, session(i));
      expect(await store.sweep(() => true)).toBe(5);
      for (const key of keys) expect(await store.get(key)).toBeUndefined();
    });

    it('works with keys that are not hex', async () => {
      const store = impl.create();
      const keys = ['telegram:254712345678', 'ABCDEF0123456789', 'ñandú 🐢', 'a', '12345g', ''];
      for (const [i, key] of keys.entries()) await store.set(key, session(i));
      for (const [i, key] of keys.entries()) expect(await store.get(key)).toEqual(session(i));
      await store.delete('a');
      expect(await store.get('a')).toBeUndefined();
      expect(await store.get('ñandú 🐢')).toEqual(session(2));
    });

    it('treats keys named like Object.prototype members as ordinary keys', async () => {
      const store = impl.create();
      for (const key of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
        expect(await store.get(key)).toBeUndefined();
        await store.set(key, { key });
        expect(await store.get(key)).toEqual({ key });
      }
      await store.flush();
    });

    it('flush resolves', async () => {
      const store = impl.create();
      await store.set(hexKey(), session(1));
      await expect(store.flush()).resolves.toBeUndefined();
    });
  });
}

describe('LowdbSessionStore on disk', () => {
  it('keeps values, deletions and sweeps across flush and a new store on the same folder', async () => {
    const dir = tempDir();
    const first = lowdb(dir);
    const keys = Array.from({ length: 20 }, () => hexKey());
    for (const [i, key] of keys.entries()) await first.set(key, session(i));
    await first.set('telegram:42', session(42));
    await first.flush();

    const second = lowdb(dir);
    for (const [i, key] of keys.entries()) expect(await second.get(key)).toEqual(session(i));
    expect(await second.get('telegram:42')).toEqual(session(42));

    // A new store sweeps shards it has not opened yet.
    await second.delete(keys[0]!);
    expect(await second.sweep((value) => (value as { n: number }).n === 1)).toBe(1);
    await second.flush();

    const third = lowdb(dir);
    expect(await third.get(keys[0]!)).toBeUndefined();
    expect(await third.get(keys[1]!)).toBeUndefined();
    expect(await third.get(keys[2]!)).toEqual(session(2));
    expect(await third.get('telegram:42')).toEqual(session(42));
  });

  it('spreads hex keys over many shard files (500 keys, 256 shards)', async () => {
    const dir = tempDir();
    const store = lowdb(dir);
    const keys = Array.from({ length: 500 }, () => hexKey());
    for (const key of keys) await store.set(key, { key });
    await store.flush();

    const files = shardFiles(dir);
    expect(files.length).toBeGreaterThan(100);
    expect(files.length).toBeLessThanOrEqual(256);
    const stored = new Map<string, unknown>();
    for (const file of files) {
      const data = readShard(dir, file);
      expect(Object.keys(data).length).toBeLessThan(20);
      for (const [key, value] of Object.entries(data)) stored.set(key, value);
    }
    expect(stored.size).toBe(500);
    for (const key of keys) expect(stored.get(key)).toEqual({ key });
  });

  it('spreads non-hex keys over many shard files too', async () => {
    const dir = tempDir();
    const store = lowdb(dir);
    for (let i = 0; i < 200; i++) await store.set(`whatsapp:2547${String(i).padStart(8, '0')}`, { i });
    await store.flush();
    expect(shardFiles(dir).length).toBeGreaterThan(50);

    const reopened = lowdb(dir);
    for (let i = 0; i < 200; i++) expect(await reopened.get(`whatsapp:2547${String(i).padStart(8, '0')}`)).toEqual({ i });
  });

  it('writes everything to one file with shards: 1', async () => {
    const dir = tempDir();
    const store = lowdb(dir, { shards: 1 });
    for (let i = 0; i < 50; i++) await store.set(hexKey(), { i });
    await store.set('not hex', { i: 50 });
    await store.flush();
    expect(shardFiles(dir)).toEqual(['shard-000.json']);
    expect(Object.keys(readShard(dir, 'shard-000.json'))).toHaveLength(51);
  });

  it('does not write on set: a burst of 1000 sets to one shard is written once, on flush', async () => {
    const dir = tempDir();
    const store = lowdb(dir, { shards: 1, flushDelayMs: 60_000 });
    const keys = Array.from({ length: 50 }, () => hexKey());
    for (let i = 0; i < 1000; i++) await store.set(keys[i % 50]!, { i });
    await sleep(50);
    expect(existsSync(path.join(dir, 'shard-000.json'))).toBe(false);
    expect(readdirSync(dir)).toEqual([]);

    await store.flush();
    const data = readShard(dir, 'shard-000.json');
    expect(Object.keys(data)).toHaveLength(50);
    for (const [k, key] of keys.entries()) expect(data[key]).toEqual({ i: 950 + k });
  });

  it('writes a changed shard by itself after flushDelayMs, with the latest values', async () => {
    const dir = tempDir();
    const store = lowdb(dir, { shards: 1, flushDelayMs: 20 });
    const key = hexKey();
    for (let i = 0; i < 1000; i++) await store.set(key, { i });
    expect(existsSync(path.join(dir, 'shard-000.json'))).toBe(false);
    for (let waited = 0; waited < 2000 && !existsSync(path.join(dir, 'shard-000.json')); waited += 10) await sleep(10);
    await sleep(20);
    expect(readShard(dir, 'shard-000.json')).toEqual({ [key]: { i: 999 } });
  });

  for (const [label, garbage] of [
    ['garbage', '{"0000001": {"locale": "sw"}, not json'],
    ['an empty file', ''],
    ['a JSON array', '[1, 2, 3]'],
    ['JSON null', 'null'],
  ] as const) {
    it(`sets aside a shard file holding ${label} and carries on with that shard empty`, async () => {
      const dir = tempDir();
      // With 4 shards, a hex key goes to shard parseInt(first 6 digits, 16) % 4.
      const key0 = `000000${'a'.repeat(58)}`;
      const key1 = `000001${'b'.repeat(58)}`;
      writeFileSync(path.join(dir, 'shard-000.json'), garbage);
      writeFileSync(path.join(dir, 'shard-001.json'), JSON.stringify({ [key1]: session(1) }));
      const warnings: string[] = [];
      const store = lowdb(dir, { shards: 4, warn: (line) => warnings.push(line) });

      expect(await store.get(key0)).toBeUndefined();
      expect(await store.get(key1)).toEqual(session(1));

      const names = readdirSync(dir);
      const aside = names.filter((f) => /^shard-000\.json\.unreadable-\d+$/.test(f));
      expect(aside).toHaveLength(1);
      expect(readFileSync(path.join(dir, aside[0]!), 'utf8')).toBe(garbage);
      expect(names).not.toContain('shard-000.json');
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain('shard-000.json');
      expect(warnings[0]).toContain(aside[0]!);

      await store.set(key0, session(0));
      await store.flush();
      expect(readShard(dir, 'shard-000.json')).toEqual({ [key0]: session(0) });
      const reopened = lowdb(dir, { shards: 4, warn: (line) => warnings.push(line) });
      expect(await reopened.get(key0)).toEqual(session(0));
      expect(await reopened.get(key1)).toEqual(session(1));
      expect(warnings).toHaveLength(1);
    });
  }

  it('ignores temporary files starting with "." and set-aside files', async () => {
    const dir = tempDir();
    const key = `000000${'c'.repeat(58)}`;
    writeFileSync(path.join(dir, '.shard-000.json.tmp'), '{"half": ');
    writeFileSync(path.join(dir, 'shard-000.json.unreadable-1700000000000'), 'garbage');
    writeFileSync(path.join(dir, 'shard-000.json'), JSON.stringify({ [key]: session(7) }));
    const warnings: string[] = [];
    const store = lowdb(dir, { shards: 4, warn: (line) => warnings.push(line) });
    expect(await store.get(key)).toEqual(session(7));
    expect(await store.sweep(() => true)).toBe(1);
    await store.flush();
    expect(warnings).toEqual([]);
  });
});
