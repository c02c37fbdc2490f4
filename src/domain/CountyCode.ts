import { z } from 'zod';

/** An official county code, 001 (Mombasa) to 047 (Nairobi). */
export const CountyCode = z.string().regex(/^0(0[1-9]|[1-3]\d|4[0-7])$/, 'a county code from 001 to 047');
export type CountyCode = z.infer<typeof CountyCode>;
