import { z } from 'zod';

const id = z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, 'a lower-case id such as privacy');

/**
 * seeds/quiz.json: the topics a patron can pick for a club quiz, each a group of lessons (from any
 * age band: a quiz uses the ones of the club's band), and the words nicknames are made of. Their
 * text is in locales/<language>/quiz.json.
 */
export const QuizSeed = z.strictObject({
  topics: z
    .array(z.strictObject({ id, lessons: z.array(id).min(1) }))
    .min(1)
    .refine((topics) => new Set(topics.map((t) => t.id)).size === topics.length, 'two topics have the same id')
    .refine((topics) => !topics.some((t) => t.id === 'mixed'), '"mixed" is every topic at once; it is not a topic of its own'),
  nicknames: z.strictObject({
    adjectives: z.array(id).min(5),
    animals: z.array(id).min(8),
  }),
});
export type QuizSeed = z.infer<typeof QuizSeed>;
