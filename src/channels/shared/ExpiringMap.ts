/**
 * A map that forgets: an entry untouched for `ttlMs` is gone, and past `maxEntries` the least
 * recently touched goes first. The channel keeps chat and message ids only in memory, only as long
 * as they are useful, and never without a bound, whatever the number of users.
 */
export class ExpiringMap<K, V> {
  private readonly entries = new Map<K, { value: V; touched: number }>();
  private readonly clock: () => number;

  constructor(private readonly options: { maxEntries: number; ttlMs: number; clock?: () => number }) {
    this.clock = options.clock ?? Date.now;
  }

  get(key: K): V | undefined {
    this.sweep();
    return this.entries.get(key)?.value;
  }

  /** Set and touch: the entry moves to the back of the eviction order. */
  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, { value, touched: this.clock() });
    this.sweep();
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  get size(): number {
    this.sweep();
    return this.entries.size;
  }

  /** Entries are in touch order, so the expired ones and the ones over the bound are at the front. */
  private sweep(): void {
    const oldest = this.clock() - this.options.ttlMs;
    for (const [key, entry] of this.entries) {
      if (entry.touched > oldest && this.entries.size <= this.options.maxEntries) break;
      this.entries.delete(key);
    }
  }
}
