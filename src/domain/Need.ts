import { z } from 'zod';

/** The kinds of help a user can look for near them. A closed set: it appears in monitoring events. */
export const Need = z.enum(['medical', 'counselling', 'police', 'shelter', 'child_protection', 'legal']);
export type Need = z.infer<typeof Need>;
