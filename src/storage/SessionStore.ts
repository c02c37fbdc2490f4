/**
 * Where conversations are kept between turns, by pseudonymous key. Values are plain JSON.
 * Implementations: MemorySessionStore (tests), LowdbSessionStore (the embedded default); a shared
 * store such as Redis implements the same five methods when one machine is not enough.
 */
export interface SessionStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
  /** Delete every value for which `expired` is true; returns how many were deleted. */
  sweep(expired: (value: unknown) => boolean): Promise<number>;
  /** Make everything written so far durable. */
  flush(): Promise<void>;
  /**
   * A store shared by several instances: run one turn of a conversation while no other instance
   * runs one (a lease); without it, one process's own queue keeps a conversation's turns in order.
   */
  exclusive?<T>(key: string, work: () => Promise<T>): Promise<T>;
  /**
   * A store shared by several instances: true the first time `id` is claimed within `ttlMs`, by any
   * instance (a webhook message that Meta delivers twice, perhaps to two instances, is taken once).
   */
  claim?(id: string, ttlMs: number): Promise<boolean>;
  /** Connect before the first turn (a server-backed store), so a wrong address is said at start. */
  connect?(): Promise<unknown>;
  /** Let go of connections, after flush. */
  close?(): Promise<void>;
}
