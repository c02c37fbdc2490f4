/** "/start join-K7P3Q" or "/start@bot join-K7P3Q": what Telegram sends for a club quiz's deep link. */
const pattern = /^\/start(?:@(\w+))?\s+join-([A-Za-z0-9]{4,8})\s*$/;

/**
 * The join code in a deep link's /start (t.me/<bot>?start=join-CODE, or ?startgroup=join-CODE in a
 * group), or null. A link for another bot (/start@other_bot) is not ours.
 */
export function deepLinkJoin(text: string, botUsername: string): string | null {
  const match = pattern.exec(text);
  if (!match) return null;
  const [, target, code] = match;
  if (target !== undefined && target.toLowerCase() !== botUsername.toLowerCase()) return null;
  return code!.toUpperCase();
}
