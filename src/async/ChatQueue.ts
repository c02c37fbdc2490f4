import { InFlight } from './InFlight.js';

/**
 * Runs the work of one chat (or one conversation, or one group) in order and different ones in parallel, so a quick "2" then "help"
 * are answered in that order while another child's chat never waits. A chat's entry is dropped as
 * soon as its work is done, so the map holds only chats with work in progress. It also counts the
 * work in progress, so a graceful stop can wait for replies being sent.
 */
export class ChatQueue {
  private readonly tails = new Map<string, Promise<unknown>>();
  private readonly inFlight = new InFlight();

  /** Queue `work` behind the chat's earlier work; a failure is the caller's to handle and never blocks the chat. */
  run<T>(chatId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(chatId) ?? Promise.resolve();
    const next = this.inFlight.track(() => previous.then(work)).finally(() => {
      if (this.tails.get(chatId) === settled) this.tails.delete(chatId);
    });
    const settled = next.catch(() => undefined);
    this.tails.set(chatId, settled);
    return next;
  }

  get size(): number {
    return this.inFlight.size;
  }

  /** Resolves true once nothing is in progress, or false after `timeoutMs` (without one, it waits as long as it takes). */
  idle(timeoutMs?: number): Promise<boolean> {
    return this.inFlight.idle(timeoutMs);
  }
}
