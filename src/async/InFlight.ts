/**
 * Counts work in progress (turns being handled, messages being sent), so a graceful stop can wait
 * until every reply in progress has been sent (and the engine has saved) before the process exits,
 * with a limit so a stuck call cannot hold the stop forever.
 */
export class InFlight {
  private count = 0;
  private waiters: (() => void)[] = [];

  async track<T>(work: () => Promise<T>): Promise<T> {
    this.count++;
    try {
      return await work();
    } finally {
      if (--this.count === 0) for (const wake of this.waiters.splice(0)) wake();
    }
  }

  get size(): number {
    return this.count;
  }

  /** Resolves true once nothing is in flight, or false after `timeoutMs` (without one, it waits as long as it takes). */
  idle(timeoutMs?: number): Promise<boolean> {
    if (this.count === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = timeoutMs === undefined ? undefined : setTimeout(() => resolve(false), timeoutMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}
