import { z } from 'zod';
import { Need } from '../domain/Need.js';
import { ReportingOption } from '../domain/ReportingOption.js';

/**
 * A national service from seeds/national-services.json. Its phone numbers reach users only through
 * locale variables named after `id` (see directoryVariables), and only when `verified` is true.
 */
export const NationalService = z
  .strictObject({
    id: z.string().regex(/^[a-z][A-Za-z0-9]{1,39}$/, 'a camelCase id such as childHelpline'),
    name: z.strictObject({ en: z.string().min(2), sw: z.string().min(2) }),
    phones: z
      .array(z.string().regex(/^\d[\d ]{1,14}\d$/, 'a phone number of digits and spaces, such as 0800 722 203'))
      .min(1),
    /** The kinds of help this line gives or refers to, so "find services" can list it. */
    needs: z.array(Need).min(1),
    /** Which counted reporting option showing this service is, if any. */
    reportingOption: ReportingOption.optional(),
    hours: z.enum(['24h', 'office', 'unknown']),
    cost: z.enum(['free', 'paid', 'unknown']),
    source: z.string().min(5, 'where this was found, so an operator can check it again'),
    verified: z.boolean(),
    lastVerified: z.iso.date('a date such as 2026-11-28').nullable(),
  })
  .refine((s) => !s.verified || s.lastVerified !== null, {
    message: 'a verified entry needs the date it was last verified',
    path: ['lastVerified'],
  });
export type NationalService = z.infer<typeof NationalService>;
