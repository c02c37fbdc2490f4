import { distance } from 'fastest-levenshtein';
import type { CrisisDetector } from './CrisisDetector.js';
import type { CrisisPhrases } from './CrisisPhrases.js';
import { normalizeText } from '../text/normalizeText.js';

type Language = 'en' | 'sw' | 'sheng';
interface Pattern {
  language: Language;
  strong: boolean;
  words: string[];
}

/**
 * Crisis detection by phrase lists (seeds/crisis-phrases.json). It prefers recall: a phrase matches
 * with a typo in any long word, and `word*` matches any ending. Only weak phrases give way to a
 * light-hearted word, and a short "what is ...?" question about a word is not a crisis.
 */
export class PhraseCrisisDetector implements CrisisDetector {
  private readonly patterns: Pattern[] = [];
  private readonly lightHearted: string[][];
  private readonly definitionQuestions: string[][];
  private readonly synonyms: Record<string, string>;

  constructor(phrases: CrisisPhrases) {
    this.synonyms = Object.fromEntries(
      Object.entries(phrases.synonyms).map(([from, to]) => [normalizeText(from).join(' '), normalizeText(to).join(' ')]),
    );
    for (const language of ['en', 'sw', 'sheng'] as const) {
      const lists = phrases.languages[language];
      for (const strong of [true, false]) {
        for (const phrase of strong ? lists.strong : lists.weak) {
          this.patterns.push({ language, strong, words: this.normalize(phrase) });
        }
      }
    }
    this.lightHearted = phrases.lightHearted.map((p) => this.normalize(p));
    this.definitionQuestions = phrases.definitionQuestions.map((p) => this.normalize(p));
  }

  detect(text: string): { language: Language } | null {
    const words = this.normalize(text);
    if (words.length === 0) return null;
    const found = this.patterns.filter((p) => containsPhrase(words, p.words));
    if (found.length === 0) return null;
    if (isDefinitionQuestion(words, this.definitionQuestions)) return null;
    const light = this.lightHearted.some((p) => containsPhrase(words, p));
    const hit = found.find((p) => p.strong) ?? (light ? undefined : found[0]);
    return hit ? { language: hit.language } : null;
  }

  private normalize(text: string): string[] {
    return normalizeText(text, this.synonyms);
  }
}

/** "what is sextortion", "sextortion ni nini": a few words that open with a question about a word. */
function isDefinitionQuestion(words: string[], openings: string[][]): boolean {
  return words.length <= 6 && openings.some((o) => containsPhrase(words.slice(0, o.length + 2), o));
}

function containsPhrase(words: string[], phrase: string[]): boolean {
  for (let start = 0; start + phrase.length <= words.length; start++) {
    if (phrase.every((p, i) => wordMatches(words[start + i] ?? '', p))) return true;
  }
  return false;
}

function wordMatches(word: string, pattern: string): boolean {
  if (pattern.endsWith('*')) return word.startsWith(pattern.slice(0, -1));
  if (word === pattern) return true;
  return pattern.length >= 6 && Math.abs(word.length - pattern.length) <= 1 && distance(word, pattern) <= 1;
}
