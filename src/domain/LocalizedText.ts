import { z } from 'zod';

/** A short text from seed data (a place's name, how to get there) in both languages. */
export const LocalizedText = z.strictObject({ en: z.string().min(2), sw: z.string().min(2) });
export type LocalizedText = z.infer<typeof LocalizedText>;
