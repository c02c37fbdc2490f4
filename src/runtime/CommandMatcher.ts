import { distance } from 'fastest-levenshtein';
import type { Translator } from '../i18n/Translator.js';
import { normalizeText } from '../text/normalizeText.js';
import { Locale } from '../domain/Locale.js';
import { Command } from './Inbound.js';

/** Words around "call me" that add nothing to it ("please call me now", "naomba unipigie sasa"). */
const politeWords = new Set(['please', 'pls', 'plz', 'tafadhali', 'naomba', 'now', 'sasa', 'hi', 'hello', 'bot', 'can', 'you', 'u', 'asap', 'haraka', 'hapo', 'tu', 'me', 'back']);

/**
 * Recognises a whole message that is a command word in either language ("help", "msaada", "/stop",
 * "forget me", "nisahau"). One typo is forgiven in words of five letters or more, two in words of
 * eight or more, and none in short words, so "hello" is not "help". Words live in
 * locales/<language>/commands.json so operators can add the ones people really use.
 */
export class CommandMatcher {
  private readonly words: { command: Command; word: string }[];
  private readonly joinWords: { locale: Locale; word: string }[];
  private readonly backWords: Set<string>;
  private readonly callWords: string[];

  constructor(translator: Translator) {
    this.joinWords = Locale.options.flatMap((locale) =>
      translator.wordsIn(locale, 'commands:join').map((w) => ({ locale, word: w.replace(/^\//, '').toLowerCase() })),
    );
    // Longest first, so "nipigie simu" goes whole, not as "nipigie" leaving "simu".
    this.callWords = translator
      .words('commands:callMe')
      .map((w) => ` ${normalizeText(w).join(' ')} `)
      .sort((a, b) => b.length - a.length);
    this.backWords = new Set(translator.words('commands:back').map((w) => normalizeText(w.replace(/^\//, '')).join(' ')));
    this.words = Command.options.flatMap((command) =>
      translator.words(`commands:${command}`).map((w) => ({ command, word: normalizeText(w.replace(/^\//, '')).join(' ') })),
    );
  }

  /** "join K7P3Q" or "/jiunge K7P3Q": a club quiz's code, and the language of the word used. */
  matchJoin(text: string): { code: string; locale: Locale | null } | null {
    const found = /^\s*\/?([\p{L}]+)(?:@\w+)?\s+([A-Za-z0-9]{4,8})\s*$/u.exec(text);
    if (!found) return null;
    const word = found[1]!.toLowerCase();
    const locale = this.joinWords.find((w) => w.word === word)?.locale;
    return locale === undefined ? null : { code: found[2]!.toUpperCase(), locale };
  }

  /** "back", "rudi": the way back, wherever a Back choice is shown (the engine checks that it is). */
  isBack(text: string): boolean {
    return this.backWords.has(normalizeText(text.trim().replace(/^\//, '')).join(' '));
  }

  /**
   * "please call me", "nipigie", or a phone number: someone asking the bot to call or text them,
   * which it cannot do. Words anywhere in the message; a number of 9 or more digits (a Kenyan
   * mobile "0712 345 678" or "+254 712 345678").
   */
  asksForACall(text: string): 'words' | 'number' | null {
    const words = ` ${normalizeText(text).join(' ')} `;
    if (this.callWords.some((w) => words.includes(w))) return 'words';
    return /(?:\+?\d[\s-]?){9,}/.test(text) ? 'number' : null;
  }

  /** The message without its call words and phone numbers: what else it says. */
  withoutCallWords(text: string): string {
    let words = ` ${normalizeText(text.replace(/(?:\+?\d[\s-]?){9,}/g, ' ')).join(' ')} `;
    for (const w of this.callWords) words = words.split(w).join(' ');
    return words
      .trim()
      .split(' ')
      .filter((w) => !politeWords.has(w))
      .join(' ');
  }

  match(text: string): Command | null {
    const typed = normalizeText(text.trim().replace(/^\/(\w+)(@\w+)?/, '$1')).join(' ');
    if (!typed) return null;
    const exact = this.words.find((w) => w.word === typed);
    if (exact) return exact.command;
    // A quick exit erases the chat with no question: only its exact words count ("fungua", to open, is one letter from "funga").
    const near = this.words.filter(
      (w) => w.command !== 'exit' && w.word.length >= 5 && distance(w.word, typed) <= (w.word.length >= 8 ? 2 : 1),
    );
    const commands = new Set(near.map((w) => w.command));
    return commands.size === 1 ? (near[0]?.command ?? null) : null;
  }
}
