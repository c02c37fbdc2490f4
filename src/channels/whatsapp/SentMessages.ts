import { ExpiringMap } from '../telegram/ExpiringMap.js';

/** WhatsApp lets a sender delete a message for everyone for about two days; a margin avoids failed calls. */
const deletableMs = 48 * 3_600_000 - 10 * 60_000;

export interface SentMessagesOptions {
  perChat?: number;
  maxChats?: number;
  clock?: () => number;
}

/**
 * The ids of the bot's own recent messages in each private chat, in memory only, so that "erase
 * this chat" can delete them for a child whose phone others check. Bounded: the last `perChat`
 * (100) per chat, none older than 48 hours, at most `maxChats` chats. Ids only, never what a
 * message said.
 */
export class SentMessages {
  private readonly chats: ExpiringMap<string, { id: string; at: number }[]>;
  private readonly perChat: number;
  private readonly clock: () => number;

  constructor(options: SentMessagesOptions = {}) {
    this.perChat = options.perChat ?? 100;
    this.clock = options.clock ?? Date.now;
    this.chats = new ExpiringMap({ maxEntries: options.maxChats ?? 50_000, ttlMs: deletableMs, clock: this.clock });
  }

  remember(chatId: string, messageId: string): void {
    const now = this.clock();
    const kept = this.fresh(chatId, now);
    kept.push({ id: messageId, at: now });
    this.chats.set(chatId, kept.slice(-this.perChat));
  }

  /** The ids that can still be deleted, except `keep` (the reply being sent); they are forgotten. */
  takeAllExcept(chatId: string, keep: readonly string[]): string[] {
    const fresh = this.fresh(chatId, this.clock());
    const taken = fresh.filter((m) => !keep.includes(m.id));
    const left = fresh.filter((m) => keep.includes(m.id));
    if (left.length > 0) this.chats.set(chatId, left);
    else this.chats.delete(chatId);
    return taken.map((m) => m.id);
  }

  private fresh(chatId: string, now: number): { id: string; at: number }[] {
    return (this.chats.get(chatId) ?? []).filter((m) => now - m.at < deletableMs);
  }
}
