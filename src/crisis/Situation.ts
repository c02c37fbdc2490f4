import { z } from 'zod';

/**
 * What a worrying message is about, as the detector reads it. A closed set: it is stored in
 * monitoring events and it picks the help page. `harmful_practice` (child marriage, FGM) has its own
 * page in the Plan and here; `unspecified` is worrying but says nothing of what happened.
 */
export const Situation = z.enum([
  'self_harm',
  'sexual_abuse',
  'sextortion',
  'grooming',
  'exploitation_trafficking',
  'harmful_practice',
  'danger_now',
  'violence',
  'bullying',
  'distress',
  'unspecified',
]);
export type Situation = z.infer<typeof Situation>;

/** How the bot must answer: stop everything with emergency guidance, or ask gently what happened. */
export const Tier = z.enum(['interrupt', 'checkin']);
export type Tier = z.infer<typeof Tier>;

/** Who a message is about: the writer, or another child (a caregiver's child, a friend). */
export const Who = z.enum(['self', 'a_child']);
export type Who = z.infer<typeof Who>;

/** The language a message is written in; Sheng is answered in Kiswahili. */
export const MessageLanguage = z.enum(['en', 'sw', 'sheng']);
export type MessageLanguage = z.infer<typeof MessageLanguage>;
