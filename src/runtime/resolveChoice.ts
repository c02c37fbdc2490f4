import { distance } from 'fastest-levenshtein';
import { normalizeText } from '../text/normalizeText.js';

/** A choice as shown, with its label in every language. */
export interface ShownChoice {
  id: string;
  labels: string[];
}

/**
 * Which choice a typed reply means: "2" (numbered as shown), or a label's words in either
 * language, forgiving case, accents, punctuation, the start of a label and small typos.
 * Returns null when nothing fits or when two choices fit equally: better to ask again than to guess.
 */
export function resolveChoice(text: string, choices: ShownChoice[]): string | null {
  const number = /^\s*(\d{1,3})\s*[.)]?\s*$/.exec(text);
  if (number) return choices[Number(number[1]) - 1]?.id ?? null;
  const typed = normalizeText(text).join(' ');
  if (typed.length === 0) return null;
  const labelled = choices.flatMap((c) =>
    c.labels.map((label) => ({ id: c.id, label: normalizeText(label).join(' '), question: label.trim().endsWith('?') })),
  );
  const tiers = [
    labelled.filter((l) => l.label === typed),
    labelled.filter((l) => isStartOf(typed, l.label, l.question)),
    labelled.filter((l) => typed.length >= 4 && distance(l.label, typed) <= (typed.length >= 8 ? 2 : 1)),
  ];
  for (const tier of tiers) {
    const ids = new Set(tier.map((l) => l.id));
    if (ids.size === 1) return [...ids][0] ?? null;
    if (ids.size > 1) return null;
  }
  return null;
}

/**
 * "kiswa" starts "kiswahili", and "back" is the first word of "Back to where I was"; but "what" is
 * not enough to choose "What do you keep about me?". So a start counts when it is at least 40% of
 * the label, or the whole first word of a label that is not itself a question.
 */
function isStartOf(typed: string, label: string, question: boolean): boolean {
  if (!label.startsWith(typed)) return false;
  if (typed.length >= 3 && typed.length >= label.length * 0.4) return true;
  return !question && label.startsWith(`${typed} `);
}
