import { z } from 'zod';
import { CountyCode } from '../domain/CountyCode.js';

/**
 * One of Kenya's 47 counties: official code, name and headquarters, the other ways people write it
 * (and its big towns), and an approximate location of its headquarters, used only to suggest the
 * nearest county when a user shares a location.
 */
export const County = z.strictObject({
  code: CountyCode,
  name: z.string().min(3),
  headquarters: z.string().min(3),
  aliases: z.array(z.string().min(2)),
  location: z.strictObject({ latitude: z.number().min(-5).max(5.5), longitude: z.number().min(33.5).max(42) }),
});
export type County = z.infer<typeof County>;
