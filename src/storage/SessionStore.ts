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
}
