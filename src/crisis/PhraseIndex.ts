/** Where a phrase was found: the value it was stored with, and the words it covers, `start` to `end` (exclusive). */
export interface Found<T> {
  value: T;
  start: number;
  end: number;
}

/** Phrases of this many words or more may have one extra word inside; shorter ones are too easily found by chance. */
const gapFrom = 3;
/** Pattern words this long or longer also match a word one typo away ("hurtin"), but never one with another first letter. */
const fuzzyFrom = 6;

/**
 * Finds every stored phrase in a message, in time that grows with the message and hardly with the
 * number of phrases, because the detector runs on every message and its lists keep growing.
 * Words are compared after normalisation on both sides. A pattern word is matched exactly, or
 * within one typo (a letter wrong, missing, extra, or two swapped) when it has six letters or more
 * and the same first letter: people rarely mistype the first letter, and in Kiswahili it often
 * carries the meaning ("ananiua", he is killing me, but "inaniua", it is killing me, of a game);
 * phrases of three words or more also match with one extra word inside them;
 * `stem*` matches any ending and `*stem` any beginning, neither with typos, so that data authors
 * can keep short Kiswahili forms exact ("kujiua" would otherwise also match "kujua", to know).
 */
export class PhraseIndex<T> {
  private readonly patterns: string[] = [];
  private readonly ids = new Map<string, number>();
  private readonly exact = new Map<string, number[]>();
  private readonly prefixes = new Map<string, number[]>();
  private readonly suffixes = new Map<string, number[]>();
  /** Every fuzzy pattern word with one letter left out, so that a typo is found by lookup, not by comparing with every word. */
  private readonly oneLetterOut = new Map<string, number[]>();
  private readonly byFirstWord = new Map<number, { ids: number[]; value: T }[]>();
  private longestStem = 0;
  private longestFuzzy = 0;

  constructor(phrases: { words: string[]; value: T }[]) {
    for (const { words, value } of phrases) {
      const ids = words.map((w) => this.idOf(w));
      const first = ids[0];
      if (first === undefined) continue;
      const list = this.byFirstWord.get(first) ?? [];
      list.push({ ids, value });
      this.byFirstWord.set(first, list);
    }
  }

  /** Every stored phrase in the normalised words of a message, each as often as it occurs. */
  find(words: string[]): Found<T>[] {
    const seen = new Map<string, number[]>();
    const matched = words.map((word) => {
      let ids = seen.get(word);
      if (!ids) seen.set(word, (ids = this.matchWord(word)));
      return ids;
    });
    const found: Found<T>[] = [];
    matched.forEach((ids, start) => {
      for (const id of ids) {
        for (const phrase of this.byFirstWord.get(id) ?? []) {
          const end = endOf(phrase.ids, matched, start + 1, 1, phrase.ids.length >= gapFrom);
          if (end !== null) found.push({ value: phrase.value, start, end });
        }
      }
    });
    return found;
  }

  private idOf(pattern: string): number {
    const known = this.ids.get(pattern);
    if (known !== undefined) return known;
    const id = this.patterns.push(pattern) - 1;
    this.ids.set(pattern, id);
    const add = (map: Map<string, number[]>, key: string) => map.set(key, [...(map.get(key) ?? []), id]);
    if (pattern.length > 1 && pattern.endsWith('*')) {
      add(this.prefixes, pattern.slice(0, -1));
      this.longestStem = Math.max(this.longestStem, pattern.length - 1);
    } else if (pattern.length > 1 && pattern.startsWith('*')) {
      add(this.suffixes, pattern.slice(1));
      this.longestStem = Math.max(this.longestStem, pattern.length - 1);
    } else {
      add(this.exact, pattern);
      if (pattern.length >= fuzzyFrom) {
        for (const variant of oneLetterOut(pattern)) add(this.oneLetterOut, variant);
        this.longestFuzzy = Math.max(this.longestFuzzy, pattern.length);
      }
    }
    return id;
  }

  /** The ids of every pattern word that `word` matches. */
  private matchWord(word: string): number[] {
    const ids = new Set(this.exact.get(word));
    for (let k = 1; k <= Math.min(word.length, this.longestStem); k++) {
      for (const id of this.prefixes.get(word.slice(0, k)) ?? []) ids.add(id);
      for (const id of this.suffixes.get(word.slice(-k)) ?? []) ids.add(id);
    }
    if (word.length >= fuzzyFrom - 1 && word.length <= this.longestFuzzy + 1) {
      const candidates = [...(this.oneLetterOut.get(word) ?? [])];
      for (const variant of oneLetterOut(word)) {
        candidates.push(...(this.exact.get(variant) ?? []), ...(this.oneLetterOut.get(variant) ?? []));
      }
      for (const id of candidates) {
        const pattern = this.patterns[id] ?? '';
        if (pattern.length >= fuzzyFrom && pattern[0] === word[0] && oneTypoApart(word, pattern)) ids.add(id);
      }
    }
    return [...ids];
  }
}

/**
 * Where a phrase whose first `next` words were found ends, if the rest follows from `at` on; with
 * `gap`, one extra word may stand anywhere inside it ("post all my nudes", "nimechoka na hii maisha").
 */
function endOf(phrase: number[], matched: number[][], at: number, next: number, gap: boolean): number | null {
  if (next === phrase.length) return at;
  const id = phrase[next] ?? -1;
  const direct = matched[at]?.includes(id) ? endOf(phrase, matched, at + 1, next + 1, gap) : null;
  if (direct !== null || !gap) return direct;
  return matched[at + 1]?.includes(id) ? endOf(phrase, matched, at + 2, next + 1, false) : null;
}

function oneLetterOut(word: string): string[] {
  return Array.from(word, (_, i) => word.slice(0, i) + word.slice(i + 1));
}

/** At most one letter wrong, missing or extra, or two neighbours swapped ("hurtnig"). */
function oneTypoApart(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (long.length - short.length > 1) return false;
  let i = 0;
  while (i < short.length && short[i] === long[i]) i++;
  if (short.length < long.length) return short.slice(i) === long.slice(i + 1);
  if (short.slice(i + 1) === long.slice(i + 1)) return true;
  return short[i] === long[i + 1] && short[i + 1] === long[i] && short.slice(i + 2) === long.slice(i + 2);
}
