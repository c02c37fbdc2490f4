import { z } from 'zod';

const lessonId = z.string().regex(/^[a-z][a-z0-9_]{1,39}$/);

/**
 * What lessons a user finished, and where they left the ones they started: a step number and how
 * many check questions they got right so far. Ids and numbers only, so it is safe to keep.
 */
export const LessonProgress = z.strictObject({
  done: z.array(lessonId).max(200),
  open: z.record(lessonId, z.strictObject({ step: z.number().int().min(0), correct: z.number().int().min(0) })),
});
export type LessonProgress = z.infer<typeof LessonProgress>;

/** A user who has not started any lesson. */
export const noLessonProgress = (): LessonProgress => ({ done: [], open: {} });
