import type { Audience } from '../../src/domain/Audience.js';
import type { DialogId } from '../../src/domain/DialogId.js';
import type { LessonProgress } from '../../src/domain/LessonProgress.js';
import type { Locale } from '../../src/domain/Locale.js';
import type { QuizPush } from './QuizPush.js';

/** What the engine passes to every dialog when it starts one. */
export interface DialogInput {
  locale: Locale;
  audience: Audience | null;
  /** True when the user came from another dialog and can go back to it. */
  canResume: boolean;
  /** True when crisis detection opened this dialog. */
  crisis: boolean;
  /** True when the engine opens help to check in on a message it could not place and might be worrying. */
  checkin: boolean;
  /** What the user asked about, as a closed-set id, when a question opened this dialog. */
  topic: string | null;
  /** A county code named in the message that opened this dialog, to show places there. */
  county: string | null;
  /**
   * The language the user had before the engine answered in the language of their message: offered
   * as a one-tap way back.
   */
  offerLocale: Locale | null;
  /** Lessons finished and left open, so the lessons dialog can mark them and resume. */
  lessons: LessonProgress;
  /** What a live quiz said when it opened this dialog (a player who just joined). */
  push: QuizPush | null;
}

/**
 * How a dialog ends: which dialog comes next, or `resume` (back to where the user was),
 * `erase` (forget the user, after they confirmed), `eraseChat` (delete the bot's recent messages
 * in this chat, where the platform allows it), `end` (nothing more to say).
 */
export interface DialogOutput {
  next: DialogId | 'resume' | 'erase' | 'eraseChat' | 'end';
  /** A closed-set id handed to the next dialog as its `topic` (the help page's need, say). */
  topic?: string;
  /** A county code handed on with it (places for a county the user's message named). */
  county?: string;
}
