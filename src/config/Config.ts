import { z } from 'zod';
import { Locale } from '../domain/Locale.js';

/** An unset variable and an empty one mean the same: use the default. */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema);

/**
 * Every setting, from environment variables. Each message says what is expected, because it is
 * shown as is when start-up stops on a bad value.
 */
export const Config = z.object({
  DATA_DIR: optional(z.string().default('./data')),
  PSEUDONYM_SECRET: optional(
    z.string().min(32, { error: 'must be at least 32 characters of random text (for example: openssl rand -hex 32)' }).optional(),
  ),
  DEFAULT_LOCALE: optional(z.enum(Locale.options, { error: 'must be "en" or "sw"' }).default('en')),
  SESSION_DAYS: optional(
    z.coerce
      .number({ error: 'must be a whole number of days from 1 to 730' })
      .int({ error: 'must be a whole number of days from 1 to 730' })
      .min(1, { error: 'must be a whole number of days from 1 to 730' })
      .max(730, { error: 'must be a whole number of days from 1 to 730' })
      .default(90),
  ),
  LOG_LEVEL: optional(
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'silent'], {
      error: 'must be one of fatal, error, warn, info, debug, silent',
    }).default('info'),
  ),
});
export type Config = z.infer<typeof Config>;
