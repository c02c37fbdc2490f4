import { z } from 'zod';

/** Every dialog machine the engine can run. A closed set, so it may appear in monitoring events. */
export const DialogId = z.enum(['onboarding', 'menu', 'lessons', 'quizHost', 'quiz', 'help', 'referral', 'settings', 'language', 'audience', 'forget']);
export type DialogId = z.infer<typeof DialogId>;
