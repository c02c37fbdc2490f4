import { z } from 'zod';

/** Where a conversation happens. Part of the pseudonym, so the same person on two channels is two keys. */
export const Channel = z.enum(['console', 'telegram', 'whatsapp']);
export type Channel = z.infer<typeof Channel>;
