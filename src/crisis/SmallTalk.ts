import { z } from 'zod';
import { normalizeText } from '../text/normalizeText.js';
import type { SmallTalkKind } from './CrisisDetector.js';

const words = z.array(z.string().regex(/^[a-z0-9]+$/, 'one lower-case word')).min(1);

/**
 * seeds/small-talk.json: words that make a message small talk ("hi", "sasa", "niaje", "asante",
 * "ok", "poa"), the emoji that do, and words that may stand beside them without changing that
 * ("sasa msee", "asante sana", "good morning bot").
 */
export const SmallTalkWords = z.strictObject({
  greeting: words,
  thanks: words,
  ok: words,
  fillers: words,
  emoji: z.strictObject({ greeting: z.array(z.string()), thanks: z.array(z.string()), ok: z.array(z.string()) }),
});
export type SmallTalkWords = z.infer<typeof SmallTalkWords>;

const kinds = ['thanks', 'greeting', 'ok'] as const;
const emoji = /\p{Extended_Pictographic}\uFE0F?|[\u{1F3FB}-\u{1F3FF}]/gu;

/**
 * Tells small talk from everything else: a message made only of small-talk words, fillers and
 * friendly emoji, with at least one small-talk word or emoji. Anything more ("hi, my uncle...",
 * "im not ok") is not small talk, so it still goes to crisis detection.
 */
export class SmallTalk {
  private readonly kindOf = new Map<string, SmallTalkKind>();
  private readonly fillers: Set<string>;
  private readonly emojiKind = new Map<string, SmallTalkKind>();

  constructor(seed: SmallTalkWords) {
    for (const kind of [...kinds].reverse()) {
      for (const word of seed[kind]) for (const w of normalizeText(word)) this.kindOf.set(w, kind);
      for (const e of seed.emoji[kind]) this.emojiKind.set(e.replace(/\uFE0F/g, ''), kind);
    }
    this.fillers = new Set(seed.fillers.flatMap((w) => normalizeText(w)));
  }

  match(text: string): SmallTalkKind | null {
    if (text.length > 80) return null;
    const found = new Set<SmallTalkKind>();
    for (const m of text.matchAll(emoji)) {
      const kind = this.emojiKind.get(m[0].replace(/\uFE0F|[\u{1F3FB}-\u{1F3FF}]/gu, ''));
      if (!kind) {
        if (/\p{Extended_Pictographic}/u.test(m[0])) return null;
        continue;
      }
      found.add(kind);
    }
    for (const word of normalizeText(text.replace(emoji, ' '))) {
      const kind = this.kindOf.get(word);
      if (kind) found.add(kind);
      else if (!this.fillers.has(word)) return null;
    }
    return kinds.find((k) => found.has(k)) ?? null;
  }
}
