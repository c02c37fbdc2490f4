import { z } from 'zod';
import { CountyCode } from '../domain/CountyCode.js';
import { LocalizedText } from '../domain/LocalizedText.js';
import { Need } from '../domain/Need.js';

/**
 * A place to get help in a county (seeds/referral-services.json). No phone number is ever typed
 * without a source: where none is verified, `phones` is empty and users are told to call 116 for
 * directions. Entries with `verified: false` are kept for operators and never shown to users.
 */
export const ReferralService = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9_]{3,60}$/, 'a lower-case id such as hospital_047'),
    county: CountyCode,
    needs: z.array(Need).min(1),
    kind: z.enum(['hospital', 'recovery_centre', 'police', 'childrens_office', 'child_protection_centre', 'one_stop_centre']),
    name: LocalizedText,
    where: LocalizedText,
    phones: z.array(z.string().regex(/^\d[\d ]{1,14}\d$/, 'a phone number of digits and spaces, such as 0800 722 203')),
    hours: z.enum(['24h', 'office', 'unknown']),
    cost: z.enum(['free', 'paid', 'unknown']),
    source: z.string().min(5, 'where this was found, so an operator can check it again'),
    verified: z.boolean(),
    lastVerified: z.iso.date('a date such as 2026-11-28').nullable(),
    location: z.strictObject({ latitude: z.number(), longitude: z.number() }).optional(),
  })
  .refine((s) => !s.verified || s.lastVerified !== null, {
    message: 'a verified entry needs the date it was last verified',
    path: ['lastVerified'],
  });
export type ReferralService = z.infer<typeof ReferralService>;
