import type { Message } from './Message.js';

/** One question of a live quiz, as everyone sees it: its number, and its text and options in locales/. */
export interface QuizQuestionView {
  n: number;
  total: number;
  /** The question message; its choices are the options (ids a-d). */
  question: Message;
  /** A time limit in seconds, when the patron set one. */
  seconds: number | null;
}

/**
 * What a live quiz session tells one person's dialog: the player's view (joined, a question, the
 * answer, the end) and the patron's (a code verdict, the session made, how a question went, the
 * summary). Made by the session and the quiz hub, handled by the quiz dialogs; closed-set values,
 * counts and locale keys only, never anybody's words or ids.
 */
export type QuizPush =
  /**
   * About patron codes: `ask` for one, or `unset` (this service has none, so no quiz can run here),
   * when the patron opens "Run a club quiz"; then the verdict on a typed code, `ok`, or `wrong` or
   * `wait` with the seconds before the next try may be made (0: at once).
   */
  | { type: 'code'; verdict: 'ask' | 'unset' | 'ok' }
  | { type: 'code'; verdict: 'wrong' | 'wait'; seconds: number }
  /** The session is made: its join code, and the bot's WhatsApp number for the join text, if configured. */
  | { type: 'created'; code: string; questions: number; whatsapp: string | null }
  | { type: 'unavailable' }
  | { type: 'status'; joined: number; groups: number }
  | { type: 'joined'; adjective: string; animal: string; started: boolean }
  | { type: 'question'; view: QuizQuestionView }
  | { type: 'answered' }
  | {
      type: 'reveal';
      n: number;
      /** No question follows: it was the last one, or the patron ended the quiz. */
      last: boolean;
      correct: boolean | null;
      answer: Message;
      explain: Message;
      right: number;
      answeredBy: number;
      players: number;
    }
  | { type: 'finished'; score: number; total: number; top: Message[]; summary: Message | null; stats: QuizStats | null }
  | { type: 'closed'; reason: 'expired' | 'ended' | 'left'; stats?: QuizStats | null };

/** For the patron's monitoring event: everyone who joined, the questions asked, the average share right. */
export interface QuizStats {
  players: number;
  questions: number;
  average: number;
}
