import { randomUUID } from 'node:crypto';
import type { RedisClientType } from '@redis/client';
import { createRedisClient } from './redisClient.js';
import type { SessionStore } from './SessionStore.js';

export interface RedisSessionStoreOptions {
  /** REDIS_URL: redis://[user:password@]host:port[/db], or rediss:// for TLS. */
  url: string;
  /** A session expires this long after its last write (SESSION_DAYS), as a Redis TTL. */
  ttlSeconds: number;
  /** Put before every key, so one Redis can hold other things too. */
  prefix?: string;
  /** How long one instance holds a conversation while its turn runs; a crashed holder's lease runs out after this. */
  leaseMs?: number;
  /** How long a turn waits for another instance's turn on the same conversation before it gives up. */
  waitMs?: number;
  /** Told when the connection drops or comes back; never given session data. */
  warn?: (line: string) => void;
}

/** Write a session only while this turn's lease on the conversation is still ours (the fencing check). */
const setIfLeased = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[2], ARGV[2], 'EX', ARGV[3])
return 1`;
const delIfLeased = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[2])
return 1`;
/** Take the lease and read the session in one round trip: false when another holds it. */
const leaseAndGet = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  local value = redis.call('GET', KEYS[2])
  if value then return {1, value} end
  return {1}
end
return {0}`;
const releaseIfOurs = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/** A turn's write was refused: its lease ran out and another instance may have taken the conversation. */
export class LeaseLostError extends Error {
  constructor() {
    super('the lease on a conversation ran out before its turn was saved; the turn is not saved');
  }
}

/**
 * Sessions in Redis (REDIS_URL), shared by every instance: the same JSON values as the other stores,
 * under `prefix` + key, each with a TTL of SESSION_DAYS that every write renews. Commands fail at
 * once while Redis is unreachable (no offline queue: a turn must not wait on a dead server), and the
 * client reconnects by itself, waiting longer each time up to 5 seconds.
 *
 * Turn order across instances: `exclusive(key, work)` takes a lease on the conversation (SET NX PX
 * with a random token), waits for another instance's lease to end, and while it holds the lease
 * every write and delete of that conversation is checked against it in one Lua script, so a turn
 * whose lease ran out (a stalled process) cannot overwrite the turn that came after it.
 */
export class RedisSessionStore implements SessionStore {
  private readonly client: RedisClientType;
  private readonly prefix: string;
  private readonly leaseMs: number;
  private readonly waitMs: number;
  /** Leases this process holds now: conversation key -> token. */
  private readonly held = new Map<string, string>();
  /** The session read with the lease, for the turn's first `get` (null: none stored). */
  private readonly readWithLease = new Map<string, string | null>();
  private connecting: Promise<unknown> | undefined;

  constructor(private readonly options: RedisSessionStoreOptions) {
    this.prefix = options.prefix ?? 'linda:';
    this.leaseMs = options.leaseMs ?? 10_000;
    this.waitMs = options.waitMs ?? 5_000;
    const warn = options.warn ?? (() => {});
    let down = false;
    this.client = createRedisClient(options.url);
    this.client.on('error', () => {
      if (!down) warn('the session store (Redis) cannot be reached; reconnecting');
      down = true;
    });
    this.client.on('ready', () => {
      if (down) warn('the session store (Redis) is reachable again');
      down = false;
    });
  }

  /** Connect once (each command waits for it); start-up calls it first, so a wrong REDIS_URL is said at once. */
  connect(timeoutMs = 5_000): Promise<unknown> {
    this.connecting ??= new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        // The client would go on trying: at start-up, a server that is not there is an error.
        this.client.destroy();
        reject(new Error(`no answer within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      // The first failure is the answer at start-up (a refused connection, a wrong password).
      const refused = (error: Error) => {
        clearTimeout(timer);
        this.client.destroy();
        reject(error);
      };
      this.client.once('error', refused);
      this.client.connect().then(
        (client) => {
          clearTimeout(timer);
          this.client.off('error', refused);
          resolve(client);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
    return this.connecting;
  }

  async get(key: string): Promise<unknown> {
    await this.connect();
    const early = this.readWithLease.get(key);
    this.readWithLease.delete(key);
    const json = early !== undefined ? early : await this.client.get(this.sessionKey(key));
    return json === null ? undefined : JSON.parse(json);
  }

  async set(key: string, value: unknown): Promise<void> {
    await this.connect();
    const json = JSON.stringify(value);
    const token = this.held.get(key);
    if (token === undefined) {
      await this.client.set(this.sessionKey(key), json, { EX: this.options.ttlSeconds });
      return;
    }
    const done = await this.client.eval(setIfLeased, { keys: [this.leaseKey(key), this.sessionKey(key)], arguments: [token, json, String(this.options.ttlSeconds)] });
    if (done !== 1) throw new LeaseLostError();
  }

  async delete(key: string): Promise<void> {
    await this.connect();
    const token = this.held.get(key);
    if (token === undefined) {
      await this.client.del(this.sessionKey(key));
      return;
    }
    const done = await this.client.eval(delIfLeased, { keys: [this.leaseKey(key), this.sessionKey(key)], arguments: [token] });
    if (done !== 1) throw new LeaseLostError();
  }

  /**
   * Redis expires sessions by their TTL; this also applies `expired` to what is stored (a set-aside
   * record, a session from before a shorter SESSION_DAYS), a thousand keys at a time.
   */
  async sweep(expired: (value: unknown) => boolean): Promise<number> {
    await this.connect();
    let count = 0;
    for await (const keys of this.client.scanIterator({ MATCH: `${this.prefix}s:*`, COUNT: 1_000 })) {
      if (keys.length === 0) continue;
      const values = await this.client.mGet(keys);
      const gone = keys.filter((_, i) => values[i] !== null && values[i] !== undefined && expired(JSON.parse(values[i]!)));
      if (gone.length > 0) count += await this.client.del(gone);
    }
    return count;
  }

  async claim(id: string, ttlMs: number): Promise<boolean> {
    await this.connect();
    return (await this.client.set(`${this.prefix}once:${id}`, '1', { NX: true, PX: ttlMs })) === 'OK';
  }

  /** Every write is in Redis when it resolves: nothing waits here. */
  async flush(): Promise<void> {}

  /**
   * Run one turn of a conversation while holding its lease, so no other instance runs a turn of the
   * same conversation at the same time. Waits (polling, with jitter) while another holds it, up to
   * `waitMs`; then it throws, and the turn is not run.
   */
  async exclusive<T>(key: string, work: () => Promise<T>): Promise<T> {
    await this.connect();
    const token = randomUUID();
    const deadline = Date.now() + this.waitMs;
    for (let wait = 5; ; wait = Math.min(wait * 2, 100)) {
      const taken = (await this.client.eval(leaseAndGet, { keys: [this.leaseKey(key), this.sessionKey(key)], arguments: [token, String(this.leaseMs)] })) as [number, string?];
      if (taken[0] === 1) {
        this.readWithLease.set(key, taken[1] ?? null);
        break;
      }
      if (Date.now() > deadline) throw new Error('another instance held this conversation for too long');
      await new Promise((resolve) => setTimeout(resolve, wait * (0.5 + Math.random())));
    }
    this.held.set(key, token);
    try {
      return await work();
    } finally {
      this.held.delete(key);
      this.readWithLease.delete(key);
      // Not awaited: the reply need not wait for it. Commands on this connection run in order, so this
      // process's next turn of the conversation asks for the lease only after this release.
      void this.client.eval(releaseIfOurs, { keys: [this.leaseKey(key)], arguments: [token] }).catch(() => {});
    }
  }

  async close(): Promise<void> {
    if (this.client.isReady) await this.client.close();
    else if (this.client.isOpen) this.client.destroy();
  }

  private sessionKey(key: string): string {
    return `${this.prefix}s:${key}`;
  }

  private leaseKey(key: string): string {
    return `${this.prefix}lease:${key}`;
  }
}
