import { distance } from 'fastest-levenshtein';
import type { Translator } from '../i18n/Translator.js';
import { normalizeText } from '../text/normalizeText.js';
import { Command } from './Inbound.js';

/**
 * Recognises a whole message that is a command word in either language ("help", "msaada", "/stop",
 * "forget me", "nisahau"). One typo is forgiven in words of five letters or more, two in words of
 * eight or more, and none in short words, so "hello" is not "help". Words live in
 * locales/<language>/commands.json so operators can add the ones people really use.
 */
export class CommandMatcher {
  private readonly words: { command: Command; word: string }[];

  constructor(translator: Translator) {
    this.words = Command.options.flatMap((command) =>
      translator.words(`commands:${command}`).map((w) => ({ command, word: normalizeText(w.replace(/^\//, '')).join(' ') })),
    );
  }

  match(text: string): Command | null {
    const typed = normalizeText(text.trim().replace(/^\/(\w+)(@\w+)?/, '$1')).join(' ');
    if (!typed) return null;
    const exact = this.words.find((w) => w.word === typed);
    if (exact) return exact.command;
    const near = this.words.filter((w) => w.word.length >= 5 && distance(w.word, typed) <= (w.word.length >= 8 ? 2 : 1));
    const commands = new Set(near.map((w) => w.command));
    return commands.size === 1 ? (near[0]?.command ?? null) : null;
  }
}
