import { z } from 'zod';
import type { QuizPush } from '../../dialogs/shared/QuizPush.js';

/** The commands that work from every state of every dialog (design.md, rule 3 and 7). */
export const Command = z.enum(['start', 'menu', 'help', 'stop', 'exit', 'forget', 'language', 'leave']);
export type Command = z.infer<typeof Command>;

/** Kinds of media a user may send. They are never downloaded (design.md, rule 6): only the kind is known. */
export const MediaKind = z.enum(['photo', 'video', 'audio', 'voice', 'sticker', 'document', 'other']);
export type MediaKind = z.infer<typeof MediaKind>;

/** One thing a user did, as every channel reports it to the engine. */
export type Inbound =
  | { type: 'text'; text: string }
  /**
   * A button or a resolved numbered reply. `version` is the version of the question the button
   * belonged to (TurnResult.version), when the channel carries it: a press on an old keyboard.
   */
  | { type: 'choice'; id: string; version?: string }
  | { type: 'location'; latitude: number; longitude: number }
  /** A caption is only looked at by crisis detection, then forgotten: the media itself never arrives. */
  | { type: 'media'; kind: MediaKind; caption?: string }
  | { type: 'command'; command: Command }
  /** A club quiz's join code from a deep link (Telegram's t.me/<bot>?start=join-CODE): a new user sets up first. */
  | { type: 'join'; code: string }
  /** Not from the user: a live quiz they are in moved on (sent by the quiz hub through the engine). */
  | { type: 'quiz'; push: QuizPush };
