import { ExpiringMap } from './ExpiringMap.js';

/**
 * Telegram lets a bot delete a message for 48 hours after sending it, and WhatsApp a sender for
 * about two days; a margin avoids failed calls.
 */
const deletableMs = 48 * 3_600_000 - 10 * 60_000;

export interface RecentMessagesOptions {
  perChat?: number;
  maxChats?: number;
  clock?: () => number;
}

/**
 * The ids of the bot's own recent messages in each private chat, in memory only, so that "erase
 * this chat" can delete them for a child whose phone others check. Bounded: the last `perChat`
 * (100) per chat, none older than the platform allows deleting, at most `maxChats` chats. Ids only:
 * never what a message said. Chat and message ids are numbers on Telegram, strings on WhatsApp.
 */
export class RecentMessages<Id extends string | number> {
  private readonly chats: ExpiringMap<Id, { id: Id; at: number }[]>;
  private readonly perChat: number;
  private readonly clock: () => number;

  constructor(options: RecentMessagesOptions = {}) {
    this.perChat = options.perChat ?? 100;
    this.clock = options.clock ?? Date.now;
    this.chats = new ExpiringMap({ maxEntries: options.maxChats ?? 50_000, ttlMs: deletableMs, clock: this.clock });
  }

  remember(chatId: Id, messageId: Id): void {
    const now = this.clock();
    const kept = this.fresh(chatId, now);
    kept.push({ id: messageId, at: now });
    this.chats.set(chatId, kept.slice(-this.perChat));
  }

  /** The ids that can still be deleted, except `keep` (the reply being sent); they are forgotten. */
  takeAllExcept(chatId: Id, keep: readonly Id[]): Id[] {
    const fresh = this.fresh(chatId, this.clock());
    const taken = fresh.filter((m) => !keep.includes(m.id));
    const left = fresh.filter((m) => keep.includes(m.id));
    if (left.length > 0) this.chats.set(chatId, left);
    else this.chats.delete(chatId);
    return taken.map((m) => m.id);
  }

  private fresh(chatId: Id, now: number): { id: Id; at: number }[] {
    return (this.chats.get(chatId) ?? []).filter((m) => now - m.at < deletableMs);
  }
}
