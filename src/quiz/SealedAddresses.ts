import type { AddressCipher } from './AddressCipher.js';

/** One quiz's sealed values this instance has made or opened, both ways, and when it last used them. */
interface Quiz {
  usedAt: number;
  /** sealed text -> the JSON it opened to */
  opened: Map<string, string>;
  /** JSON -> the sealed text made or read for it */
  sealed: Map<string, string>;
}

const maxValuesPerQuiz = 1_000;

export interface SealedAddressesOptions {
  /** How long a quiz's values are kept after this instance last used them: its lifetime. */
  keepMs: number;
  /** At most this many quizzes are kept; the least recently used goes first. */
  maxQuizzes?: number;
  now?: () => number;
}

/**
 * The addresses of the live quizzes this instance serves, as sealed in Redis, so each one is opened
 * and sealed once, not on every turn. Without it, a class of 150 costs 150 decryptions for each
 * child's push and 150 encryptions for each answer. An unchanged address keeps the sealed text
 * it has (the same nonce): that shows only what the look-ups already show, that it did not change.
 * What is kept is bound to its quiz's context as the cipher is, stays in this process's memory only,
 * and is dropped when the quiz ends here or has not been used for its lifetime.
 */
export class SealedAddresses {
  private readonly quizzes = new Map<string, Quiz>();
  private readonly now: () => number;
  private readonly maxQuizzes: number;

  constructor(
    private readonly cipher: AddressCipher,
    private readonly options: SealedAddressesOptions,
  ) {
    this.now = options.now ?? (() => Date.now());
    this.maxQuizzes = options.maxQuizzes ?? 1_000;
  }

  seal(value: unknown, context: string): string {
    const json = JSON.stringify(value);
    const quiz = this.quiz(context);
    const known = quiz.sealed.get(json);
    if (known !== undefined) return known;
    const sealed = this.cipher.seal(value, context);
    quiz.sealed.set(json, sealed);
    quiz.opened.set(sealed, json);
    return sealed;
  }

  /** As the cipher's `open`: throws when the value was changed, or sealed for another context or key. */
  open(sealed: string, context: string): unknown {
    const quiz = this.quiz(context);
    const known = quiz.opened.get(sealed);
    if (known !== undefined) return JSON.parse(known);
    const value = this.cipher.open(sealed, context);
    const json = JSON.stringify(value);
    quiz.opened.set(sealed, json);
    quiz.sealed.set(json, sealed);
    return value;
  }

  /** The quiz ended: nothing of it is kept. */
  forget(context: string): void {
    this.quizzes.delete(context);
  }

  private quiz(context: string): Quiz {
    const now = this.now();
    let quiz = this.quizzes.get(context);
    if (quiz) this.quizzes.delete(context);
    else quiz = { usedAt: now, opened: new Map(), sealed: new Map() };
    // A quiz's values last as long as the quiz; the least recently used is first in the map.
    for (const [other, kept] of this.quizzes) {
      if (kept.usedAt > now - this.options.keepMs && this.quizzes.size < this.maxQuizzes) break;
      this.quizzes.delete(other);
    }
    // A quiz holds at most its players, groups and patron; more means values that changed (a group's language).
    if (quiz.sealed.size > maxValuesPerQuiz) quiz = { usedAt: now, opened: new Map(), sealed: new Map() };
    quiz.usedAt = now;
    this.quizzes.set(context, quiz);
    return quiz;
  }
}
