import type { RedisClientType } from '@redis/client';
import { defaultFloodLimit, type FloodLimit, type FloodVerdict, type SharedFlood } from '../runtime/FloodGuard.js';
import { createRedisClient, lazyConnect } from './redisClient.js';

/*
 * The token bucket of FloodGuard, in one script so that every instance takes from the same bucket.
 * Time is Redis's own clock (TIME), so instances whose clocks differ count alike. A bucket left
 * alone until it is full again is the same as none, so it expires then.
 */
const takeScript = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local burst = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local b = redis.call('HMGET', KEYS[1], 'tokens', 'at', 'warned')
local tokens = tonumber(b[1]) or burst
local at = tonumber(b[2]) or now
local warned = b[3] == '1'
tokens = math.min(burst, tokens + math.max(0, now - at) / 1000 * rate)
local verdict = 'ok'
if tokens >= 1 then
  tokens = tokens - 1
  warned = false
elseif warned then
  verdict = 'quiet'
else
  verdict = 'slowDown'
  warned = true
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now), 'warned', warned and '1' or '0')
redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) / rate * 1000) + 1000)
return verdict`;

export interface RedisFloodGuardOptions {
  url: string;
  limit?: FloodLimit;
  prefix?: string;
}

/**
 * Flood limits per conversation counted across every instance (REDIS_URL): with N instances behind
 * a balancer, a flooding chat gets the rate of one, not N times it. Keys are the conversation's
 * pseudonym, never a chat id. When Redis cannot answer, `take` says so (undefined) at once, and the
 * instance's own count stands alone: a child is never kept waiting by the flood limit.
 */
export class RedisFloodGuard implements SharedFlood {
  private readonly client: RedisClientType;
  private readonly connect: () => Promise<unknown>;
  private readonly limit: FloodLimit;
  private readonly prefix: string;

  constructor(options: RedisFloodGuardOptions) {
    this.limit = options.limit ?? defaultFloodLimit;
    this.prefix = options.prefix ?? 'linda:flood:';
    this.client = createRedisClient(options.url);
    // The session store says when Redis is gone and back; this client only must not crash the process.
    this.client.on('error', () => {});
    this.connect = lazyConnect(this.client);
  }

  /** Connect now (start-up), so the first messages are counted too. */
  async open(): Promise<void> {
    await this.connect();
  }

  async take(key: string): Promise<FloodVerdict | undefined> {
    // Never wait on a connection being made: this instance's own count does meanwhile.
    if (!this.client.isReady) {
      this.connect().catch(() => {});
      return undefined;
    }
    try {
      const verdict = await this.client.eval(takeScript, { keys: [`${this.prefix}${key}`], arguments: [String(this.limit.burst), String(this.limit.perSecond)] });
      return verdict === 'ok' || verdict === 'slowDown' || verdict === 'quiet' ? verdict : undefined;
    } catch {
      return undefined;
    }
  }

  async close(): Promise<void> {
    if (this.client.isReady) await this.client.close();
    else if (this.client.isOpen) this.client.destroy();
  }
}
