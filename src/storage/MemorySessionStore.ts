import type { SessionStore } from './SessionStore.js';

/** Sessions in memory, for tests and benchmarks. Values are copied in and out, as a real store would. */
export class MemorySessionStore implements SessionStore {
  private readonly values = new Map<string, string>();

  async get(key: string): Promise<unknown> {
    const json = this.values.get(key);
    return json === undefined ? undefined : JSON.parse(json);
  }

  async set(key: string, value: unknown): Promise<void> {
    this.values.set(key, JSON.stringify(value));
  }

  async delete(key: string): Promise<void> {
    this.values.delete(key);
  }

  async sweep(expired: (value: unknown) => boolean): Promise<number> {
    let count = 0;
    for (const [key, json] of this.values) {
      if (expired(JSON.parse(json))) {
        this.values.delete(key);
        count++;
      }
    }
    return count;
  }

  async flush(): Promise<void> {}

  get size(): number {
    return this.values.size;
  }
}
