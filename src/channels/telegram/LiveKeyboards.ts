import { ExpiringMap } from '../shared/ExpiringMap.js';

const dayMs = 86_400_000;

/**
 * Which message carries the keyboard a user should answer now, per chat and user. A press on any
 * other keyboard is stale: it must not count as a choice,
 * because an old "Yes" may belong to another question. In memory only, bounded, forgotten after
 * two days.
 */
export class LiveKeyboards {
  private readonly byUser: ExpiringMap<string, number | null>;
  private readonly byMessage: ExpiringMap<string, number>;

  constructor(options: { maxEntries?: number; clock?: () => number } = {}) {
    const settings = { maxEntries: options.maxEntries ?? 50_000, ttlMs: 2 * dayMs, ...(options.clock ? { clock: options.clock } : {}) };
    this.byUser = new ExpiringMap(settings);
    this.byMessage = new ExpiringMap(settings);
  }

  /** The user's live keyboard is now on `messageId`, or nowhere (the last reply asked nothing). */
  replace(chatId: number, userId: number, messageId: number | undefined): void {
    const key = `${chatId}:${userId}`;
    const previous = this.byUser.get(key);
    if (typeof previous === 'number') this.byMessage.delete(`${chatId}:${previous}`);
    this.byUser.set(key, messageId ?? null);
    if (messageId !== undefined) this.byMessage.set(`${chatId}:${messageId}`, userId);
  }

  /** Whose live keyboard this message carries, if anyone's. */
  ownerOf(chatId: number, messageId: number): number | undefined {
    return this.byMessage.get(`${chatId}:${messageId}`);
  }

  /**
   * Whether this user's keyboards here are known. After a restart, or on another instance behind
   * the same webhook, they are not, and a press can only be checked by the engine.
   */
  knows(chatId: number, userId: number): boolean {
    return this.byUser.get(`${chatId}:${userId}`) !== undefined;
  }
}
