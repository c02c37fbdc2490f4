import type { QuizPush } from './QuizPush.js';

/**
 * What a dialog machine receives. The engine has already handled commands (help, menu, stop...),
 * media, crisis detection, and turned numbered or label replies into CHOICE.
 * TEXT carries what the user typed: a machine may look at it but must never keep it in context.
 */
export type DialogEvent =
  | { type: 'CHOICE'; id: string }
  | { type: 'TEXT'; text: string }
  | { type: 'LOCATION'; latitude: number; longitude: number }
  /** What a live quiz tells the quiz dialogs: sent by the engine, never typed by a user. */
  | { type: 'QUIZ'; push: QuizPush };
