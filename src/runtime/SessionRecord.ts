import { z } from 'zod';
import { Audience } from '../domain/Audience.js';
import { DialogId } from '../domain/DialogId.js';
import { LessonProgress } from '../domain/LessonProgress.js';
import { Locale } from '../domain/Locale.js';

/**
 * A dialog in progress: which machine, the version of that machine the snapshot was taken from
 * (absent in sessions stored before versions: version 1), and its persisted XState snapshot
 * (closed-set values only).
 */
export const DialogState = z.strictObject({
  // The child's quiz dialog was called "quiz" before "quizPlayer": a session stored then still loads.
  id: z.preprocess((id) => (id === 'quiz' ? 'quizPlayer' : id), DialogId),
  version: z.number().int().min(1).optional(),
  snapshot: z.record(z.string(), z.unknown()),
});
export type DialogState = z.infer<typeof DialogState>;

/**
 * Everything kept about one conversation, under its pseudonymous key: preferences, the dialog in
 * progress, lesson progress, the dialogs to go back to after an interruption (help, language, forget me; the last
 * is on top), and the day it was last used (for expiry). Nothing here can hold what the user typed.
 */
export const SessionRecord = z.strictObject({
  v: z.literal(1),
  locale: Locale,
  audience: Audience.nullable(),
  dialog: DialogState.nullable(),
  resume: z.array(DialogState).max(3),
  day: z.iso.date(),
  /** Absent until the user opens a lesson. */
  lessons: LessonProgress.optional(),
  /**
   * On WhatsApp only: the hour (rounded down) the person last wrote, because the platform lets the
   * bot send only within 24 hours of that (a quiz question pushed later would be refused).
   */
  heard: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:00Z$/).optional(),
});
export type SessionRecord = z.infer<typeof SessionRecord>;
