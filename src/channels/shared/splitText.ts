/** Telegram refuses a text longer than 4096 characters. Ours stay lower, to leave room for "✓ choice". */
export const telegramTextLimit = 4000;

const separators = ['\n\n', '\n', ' '];

/**
 * Split a long text into messages Telegram accepts: at paragraph boundaries first, then at line
 * breaks, then between words, so a list of steps is never cut mid-line. Only a single word longer
 * than the limit is cut, and never inside a surrogate pair (an emoji).
 */
export function splitText(text: string, limit = telegramTextLimit): string[] {
  return pack(text, limit, separators).filter((part) => part.trim() !== '');
}

function pack(text: string, limit: number, [separator, ...finer]: string[]): string[] {
  if (text.length <= limit) return [text];
  if (separator === undefined) return cut(text, limit);
  const parts: string[] = [];
  let current: string | undefined;
  for (const unit of text.split(separator)) {
    if (unit.length > limit) {
      if (current !== undefined) parts.push(current);
      current = undefined;
      parts.push(...pack(unit, limit, finer));
    } else if (current === undefined) {
      current = unit;
    } else if (current.length + separator.length + unit.length <= limit) {
      current += separator + unit;
    } else {
      parts.push(current);
      current = unit;
    }
  }
  if (current !== undefined) parts.push(current);
  return parts;
}

function cut(text: string, limit: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const highSurrogate = /[\uD800-\uDBFF]/.test(rest.charAt(limit - 1));
    const at = highSurrogate ? limit - 1 : limit;
    parts.push(rest.slice(0, at));
    rest = rest.slice(at);
  }
  return [...parts, rest];
}
