/**
 * Runs the work of one chat in order and different chats in parallel, so a quick "2" then "help"
 * are answered in that order while another child's chat never waits. A chat's entry is dropped as
 * soon as its work is done, so the map holds only chats with work in progress. It also counts the
 * work in progress, so a graceful stop can wait for replies being sent.
 */
export class ChatQueue {
  private readonly tails = new Map<string, Promise<void>>();
  private running = 0;
  private waiters: (() => void)[] = [];

  /** Queue `work` behind the chat's earlier work; a failure is the caller's to handle and never blocks the chat. */
  run(chatId: string, work: () => Promise<void>): Promise<void> {
    this.running++;
    const previous = this.tails.get(chatId) ?? Promise.resolve();
    const next = previous.then(work).finally(() => {
      if (this.tails.get(chatId) === settled) this.tails.delete(chatId);
      if (--this.running === 0) for (const wake of this.waiters.splice(0)) wake();
    });
    const settled = next.catch(() => undefined);
    this.tails.set(chatId, settled);
    return next;
  }

  get size(): number {
    return this.running;
  }

  /** Resolves true once nothing is in progress, or false after `timeoutMs`. */
  idle(timeoutMs: number): Promise<boolean> {
    if (this.running === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}
