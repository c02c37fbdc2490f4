import { z } from 'zod';
import { Audience } from '../domain/Audience.js';

const id = z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, 'a lower-case id such as secrets_that_feel_bad');
const optionId = z.string().regex(/^[a-z]$/, 'one lower-case letter: a, b, c or d');

/**
 * A multiple-choice question: the options in the order shown, exactly one of them right. Its words
 * (question, each option's label and feedback, a one-line explanation) are in locales/.
 */
export const LessonQuestion = z.strictObject({
  id,
  options: z
    .array(z.strictObject({ id: optionId, correct: z.literal(true).optional() }))
    .min(2, 'a question needs at least two options')
    .max(4, 'at most four options fit a phone screen')
    .refine((options) => new Set(options.map((o) => o.id)).size === options.length, 'two options have the same id')
    .refine((options) => options.filter((o) => o.correct).length === 1, 'exactly one option must be marked "correct": true'),
});
export type LessonQuestion = z.infer<typeof LessonQuestion>;

/**
 * One lesson: the order of its cards, its check questions, the questions it adds to the club quiz,
 * the services its takeaway names (so only verified numbers are shown), the lesson suggested after it,
 * and the sources its facts rest on. All words live in locales/<language>/lessons-<audience>.json.
 */
export const Lesson = z.strictObject({
  id,
  cards: z
    .array(id)
    .min(2, 'a lesson has at least two cards')
    .max(6, 'a lesson has at most six cards: keep it short')
    .refine((cards) => new Set(cards).size === cards.length, 'two cards have the same id'),
  checks: z.array(LessonQuestion).min(1, 'a lesson ends with one or two check questions').max(2, 'at most two check questions'),
  /** Extra questions for club quiz sessions only. */
  quiz: z.array(LessonQuestion).default([]),
  services: z.array(z.string()).min(1, 'every takeaway says whom to tell or call'),
  next: id.optional(),
  sources: z.array(z.string()).min(1, 'every lesson names its sources'),
});
export type Lesson = z.infer<typeof Lesson>;

/** seeds/lessons/<audience>.json: the lessons made for one audience, in the order they are suggested. */
export const LessonFile = z
  .strictObject({ audience: Audience, lessons: z.array(Lesson).min(1) })
  .refine((file) => new Set(file.lessons.map((l) => l.id)).size === file.lessons.length, 'two lessons have the same id');
export type LessonFile = z.infer<typeof LessonFile>;

/** seeds/lesson-sources.json: public sources that lessons cite by id. */
export const LessonSource = z.strictObject({
  id,
  title: z.string().min(5),
  publisher: z.string().min(2),
  url: z.url().optional(),
  lastVerified: z.iso.date(),
});
export type LessonSource = z.infer<typeof LessonSource>;

/** The audiences lessons are written for. Patrons read any of them, to prepare their club. */
export const LessonAudience = Audience.exclude(['patron']);
export type LessonAudience = z.infer<typeof LessonAudience>;

/** Every lesson, by the audience it is written for, and the sources they cite. */
export interface LessonBank {
  sets: Record<LessonAudience, Lesson[]>;
  sources: LessonSource[];
}
