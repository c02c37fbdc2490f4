import { z } from 'zod';

/** The languages the assistant speaks. Every user-facing string exists in each of them. */
export const Locale = z.enum(['en', 'sw']);
export type Locale = z.infer<typeof Locale>;
