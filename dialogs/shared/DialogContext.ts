import type { Audience } from '../../src/domain/Audience.js';
import type { LessonProgress } from '../../src/domain/LessonProgress.js';
import type { Locale } from '../../src/domain/Locale.js';
import type { Message } from './Message.js';

/**
 * The context every dialog keeps. `prompt` is the question now waiting for an answer: the engine
 * repeats it after an unexpected reply and reads its choices to resolve "2" or a typed label.
 */
export interface DialogContext {
  prompt: Message | null;
  audience: Audience | null;
  canResume: boolean;
  crisis: boolean;
  checkin: boolean;
  /** The other language, offered once under the first answer (see DialogInput). */
  offerLocale: Locale | null;
  /** A closed-set id of what the user asked about ("what is sextortion?" gives threatens_pictures). */
  topic: string | null;
  /** Small closed-set values a dialog keeps between turns: ids, codes, page numbers. Never typed text. */
  slots: Record<string, string | number | null>;
  /**
   * The user's lesson progress. Only the lessons dialog fills it (from its input) and changes it;
   * other dialogs keep it empty, so their snapshots do not carry a copy.
   */
  lessons: LessonProgress;
}
