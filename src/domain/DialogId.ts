import { z } from 'zod';

/**
 * Every dialog machine the engine can run. A closed set, so it may appear in monitoring events.
 * `quizPlayer` was called `quiz` before: stored sessions and events with the old name are read as it.
 */
export const DialogId = z.enum(['onboarding', 'menu', 'lessons', 'quizHost', 'quizPlayer', 'help', 'referral', 'settings', 'language', 'audience', 'forget']);
export type DialogId = z.infer<typeof DialogId>;
