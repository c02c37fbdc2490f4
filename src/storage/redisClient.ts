import { createClient, type RedisClientType } from '@redis/client';

/**
 * A client for REDIS_URL, as every part that uses Redis wants it: commands fail at once while Redis
 * cannot be reached (no offline queue: a turn must not wait on a dead server), and it reconnects by
 * itself, waiting 0.2, 0.4 ... up to 5 seconds between tries. Errors are the caller's to listen to.
 */
export function createRedisClient(url: string): RedisClientType {
  return createClient({
    url,
    disableOfflineQueue: true,
    socket: { connectTimeout: 5_000, reconnectStrategy: (retries: number) => Math.min(100 * 2 ** Math.min(retries, 6), 5_000) },
  }) as RedisClientType;
}

/** Connect `client` once, on first use; a failed try is forgotten, so the next use tries again. */
export function lazyConnect(client: RedisClientType): () => Promise<unknown> {
  let connecting: Promise<unknown> | undefined;
  return () => {
    connecting ??= client.connect().catch((error: unknown) => {
      connecting = undefined;
      throw error;
    });
    return connecting;
  };
}
