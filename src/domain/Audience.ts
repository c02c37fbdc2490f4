import { z } from 'zod';

/**
 * Who the user is, asked as a band and never as a birthday (design.md, rule 8).
 * Content is chosen by this band; monitoring counts use it too.
 */
export const Audience = z.enum(['age10_12', 'age13_15', 'age16_17', 'caregiver', 'patron']);
export type Audience = z.infer<typeof Audience>;
