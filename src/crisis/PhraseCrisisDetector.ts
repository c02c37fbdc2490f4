import type { CrisisPhrases } from './CrisisPhrases.js';
import { HelpTopic } from './HelpTopic.js';
import { type Found, PhraseIndex } from './PhraseIndex.js';
import { normalizeText } from '../text/normalizeText.js';

type Language = 'en' | 'sw' | 'sheng';

/** What the phrase lists alone make of a message: a crisis in the language of its words, or a question about a topic. */
export type PhraseSignal = { kind: 'crisis'; language: Language } | { kind: 'topic'; topic: HelpTopic };

/** The phrase lists' evidence, for the classifier to weigh: the score, and whether a strong phrase or play words were found. */
export interface PhraseEvidence {
  score: number;
  strong: boolean;
  lightHearted: boolean;
  question: boolean;
}
type Role =
  | { kind: 'crisis'; language: Language; weight: number }
  | { kind: 'lightHearted' }
  | { kind: 'benign' }
  | { kind: 'frame' }
  | { kind: 'filler' }
  | { kind: 'topic'; topic: HelpTopic };
type Crisis = Found<Extract<Role, { kind: 'crisis' }>>;
type Topic = Found<Extract<Role, { kind: 'topic' }>>;

/**
 * The scoring rule, which prefers recall: a strong phrase counts 4, a weak one 2 and a hint 1; a
 * light-hearted word takes 2 away, and 2 is enough to interrupt. So a strong phrase always
 * interrupts, a weak one or two hints only without play around them, and two weak ones even with
 * it ("lol he beats me, help me").
 */
const weights = { strong: 4, weak: 2, hints: 1 } as const;
const lightHeartedWeight = 2;
const alarmAt = 2;
const hyphenInWord = /\p{L}-\p{L}/u;
const hyphensInWords = /(?<=\p{L})-(?=\p{L})/gu;
/** A definition question asks about a term of at most this many words ("what is child marriage"). */
const longestTerm = 3;

/**
 * Crisis detection by phrase lists (seeds/crisis-phrases.json), scored as above. Before that, a short
 * question about a word ("what is sextortion?", "ukeketaji ni nini") is curiosity: it leads to the
 * help topic for that word, or to nothing when the word is not a known topic. It stays a crisis when
 * the question holds a strong crisis phrase that is not the topic word itself ("what is suicide").
 */
export class PhraseCrisisDetector {
  private readonly index: PhraseIndex<Role>;
  private readonly synonyms: Record<string, string>;

  constructor(phrases: CrisisPhrases) {
    this.synonyms = Object.fromEntries(
      Object.entries(phrases.synonyms).map(([from, to]) => [normalizeText(from).join(' '), normalizeText(to).join(' ')]),
    );
    const entries: { words: string[]; value: Role }[] = [];
    const add = (list: string[], value: Role) =>
      list.forEach((p) => this.spellOut(p).forEach((words) => entries.push({ words, value })));
    for (const language of ['en', 'sw', 'sheng'] as const) {
      for (const tier of ['strong', 'weak', 'hints'] as const) {
        add(phrases.languages[language][tier], { kind: 'crisis', language, weight: weights[tier] });
      }
    }
    add(phrases.lightHearted, { kind: 'lightHearted' });
    add(phrases.benign, { kind: 'benign' });
    add(phrases.definitionQuestions.frames, { kind: 'frame' });
    add(phrases.definitionQuestions.fillers, { kind: 'filler' });
    for (const topic of HelpTopic.options) add(phrases.topics[topic] ?? [], { kind: 'topic', topic });
    this.index = new PhraseIndex(entries);
  }

  /**
   * Sheng glues Kiswahili prefixes to English words with or without a hyphen ("anani-touch",
   * "ananitouch"; "ni-send", "ni send"), so a hyphenated message is also read with its hyphens
   * dropped, and a crisis in either reading counts.
   */
  detect(text: string): PhraseSignal | null {
    return this.examine(text).signal;
  }

  /** The signal, and the evidence behind it (the better of the two readings of a hyphenated message). */
  examine(text: string): { signal: PhraseSignal | null; evidence: PhraseEvidence } {
    const first = this.read(text);
    if (first.signal?.kind === 'crisis' || !hyphenInWord.test(text)) return first;
    const joined = this.read(text.replace(hyphensInWords, ''));
    return joined.signal?.kind === 'crisis' ? joined : first;
  }

  private read(text: string): { signal: PhraseSignal | null; evidence: PhraseEvidence } {
    const words = this.normalize(text);
    const found = this.index.find(words);
    const benign = new Uint8Array(words.length);
    found.filter((f) => f.value.kind === 'benign').forEach((f) => benign.fill(1, f.start, f.end));
    const crisis = found.filter((f): f is Crisis => f.value.kind === 'crisis' && !benign.subarray(f.start, f.end).includes(1));
    const lightHearted = found.some((f) => f.value.kind === 'lightHearted');
    const counted = nonOverlapping(words.length, crisis);
    const score = counted.reduce((sum, c) => sum + c.value.weight, 0) - (lightHearted ? lightHeartedWeight : 0);
    const strong = counted.some((c) => c.value.weight === weights.strong);
    const question = definitionQuestion(words.length, found, crisis);
    const evidence = { score, strong, lightHearted, question: question !== null };
    if (question) return { signal: question.topic ? { kind: 'topic', topic: question.topic } : null, evidence };
    const first = counted[0];
    return { signal: first && score >= alarmAt ? { kind: 'crisis', language: first.value.language } : null, evidence };
  }

  private normalize(text: string): string[] {
    return normalizeText(text, this.synonyms);
  }

  /** Every word sequence a seed phrase stands for: "he|she hurt* me" is "he hurt* me" and "she hurt* me". */
  private spellOut(phrase: string): string[][] {
    return phrase
      .split(/[ -]+/)
      .reduce<string[][]>(
        (heads, word) => heads.flatMap((head) => word.split('|').map((w) => [...head, ...this.normalize(w)])),
        [[]],
      );
  }
}

/**
 * A question frame and at most `longestTerm` other words, besides fillers: a question about a term,
 * answered with the topic found in the term, or with none. Not a question when the term holds a
 * strong crisis phrase outside every topic phrase ("what is suicide", "kujiua ni nini"):
 * recall comes first, and a weak one ("what is sex") is not enough to doubt the question.
 */
function definitionQuestion(wordCount: number, found: Found<Role>[], crisis: Crisis[]): { topic: HelpTopic | null } | null {
  if (!found.some((f) => f.value.kind === 'frame')) return null;
  const around = new Set(found.filter((f) => f.value.kind === 'frame' || f.value.kind === 'filler').flatMap(positions));
  const term = new Set(Array.from({ length: wordCount }, (_, i) => i).filter((i) => !around.has(i)));
  if (term.size === 0 || term.size > longestTerm) return null;
  const topics = found.filter((f): f is Topic => f.value.kind === 'topic' && positions(f).every((i) => term.has(i)));
  const explained = (c: Crisis) =>
    c.value.weight < weights.strong ||
    !positions(c).some((i) => term.has(i)) ||
    topics.some((t) => t.start <= c.start && c.end <= t.end);
  if (!crisis.every(explained)) return null;
  const best = topics.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start)[0];
  return { topic: best?.value.topic ?? null };
}

/** The strongest hits first, then the earliest, leaving out any that share words with one already kept. */
function nonOverlapping(wordCount: number, crisis: Crisis[]): Crisis[] {
  const taken = new Uint8Array(wordCount);
  const kept: Crisis[] = [];
  for (const c of [...crisis].sort((a, b) => b.value.weight - a.value.weight || a.start - b.start)) {
    if (taken.subarray(c.start, c.end).includes(1)) continue;
    taken.fill(1, c.start, c.end);
    kept.push(c);
  }
  return kept;
}

function positions(f: Found<unknown>): number[] {
  return Array.from({ length: f.end - f.start }, (_, k) => f.start + k);
}
