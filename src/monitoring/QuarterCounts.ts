import { z } from 'zod';
import { Channel } from '../domain/Channel.js';

/**
 * Anonymous counts for one quarter: for every channel filter ("all" and each channel), a tally per
 * group ("children_reached.age_band" -> {"age13_15": 12}). No pseudonym, no time finer than a week.
 * `referral_lookups.county_need` ("047_medical") serves the dashboard's county filter.
 * Reports are computed from these; retention keeps only these once raw events are deleted.
 * `quiz_average_score.total` holds the participant-weighted sum of scores, divided when shown.
 */
const Tally = z.record(z.string().regex(/^[a-z0-9_-]{1,40}$/), z.number().min(0));
const Counts = z.record(z.string().regex(/^[a-z_]{1,40}\.[a-z_]{1,40}$/), Tally);

export const QuarterCounts = z.strictObject({
  v: z.literal(1),
  quarter: z.string().regex(/^\d{4}Q[1-4]$/),
  byChannel: z.partialRecord(z.enum(['all', ...Channel.options]), Counts),
});
export type QuarterCounts = z.infer<typeof QuarterCounts>;
export type Counts = z.infer<typeof Counts>;
