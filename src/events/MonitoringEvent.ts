import { z } from 'zod';
import { Audience } from '../domain/Audience.js';
import { Channel } from '../domain/Channel.js';
import { CountyCode } from '../domain/CountyCode.js';
import { DialogId } from '../domain/DialogId.js';
import { Locale } from '../domain/Locale.js';
import { Need } from '../domain/Need.js';
import { ReportingOption } from '../domain/ReportingOption.js';
import { MessageLanguage, Situation, Tier } from '../crisis/Situation.js';

/**
 * What a feature may report for monitoring. Every field is a closed set or a number, never free text
 * (design.md, rule 2), and every object is strict so that an unexpected field is refused, not stored.
 */
/** The ages of a club quiz: one band, or "mixed" (10 to 17). */
const QuizAudience = z.union([Audience, z.literal('mixed')]);

const id = z.string().regex(/^[a-z0-9_]{1,40}$/, 'a lower-case id of letters, digits and _');

export const MonitoringPayload = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('session_started'), channel: Channel, locale: Locale }),
  z.strictObject({ type: z.literal('audience_set'), audience: Audience }),
  /** The language a user chose (at the start, or later in settings); session_started has the default. */
  z.strictObject({ type: z.literal('locale_set'), locale: Locale }),
  z.strictObject({ type: z.literal('help_viewed'), option: ReportingOption }),
  z.strictObject({
    type: z.literal('media_refused'),
    kind: z.enum(['photo', 'video', 'audio', 'voice', 'sticker', 'document', 'other']),
  }),
  z.strictObject({ type: z.literal('forget_me') }),
  z.strictObject({
    type: z.literal('crisis_detected'),
    /** Since version 2 of the event; see `upgrade` for the events written before. */
    tier: Tier,
    situation: Situation,
    language: MessageLanguage,
    state: DialogId,
  }),
  z.strictObject({ type: z.literal('lesson_started'), lesson: id, audience: Audience }),
  z.strictObject({
    type: z.literal('lesson_completed'),
    lesson: id,
    audience: Audience,
    correct: z.number().int().min(0),
    total: z.number().int().min(1),
  }),
  z.strictObject({
    type: z.literal('referral_lookup'),
    county: CountyCode,
    need: Need,
    results: z.number().int().min(0),
  }),
  z.strictObject({ type: z.literal('quiz_session_started'), audience: QuizAudience, questions: z.number().int().min(1) }),
  z.strictObject({
    type: z.literal('quiz_session_ended'),
    audience: QuizAudience,
    participants: z.number().int().min(0),
    questions: z.number().int().min(0),
    averageScore: z.number().min(0).max(1),
  }),
]);
export type MonitoringPayload = z.infer<typeof MonitoringPayload>;

const CurrentEvent = z.strictObject({
  /** 2 since crisis_detected records its tier and situation. */
  v: z.literal(2),
  at: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):00Z$/, 'an hour such as 2026-11-28T11:00Z'),
  subject: z.string().regex(/^[0-9a-f]{16}$/, '16 hex digits'),
  payload: MonitoringPayload,
});

/**
 * Events stored before version 2 are read as version 2: a version 1 crisis_detected was always an
 * interrupt, and did not record the situation. Nothing else changed, except that the dialog a
 * crisis was seen in may be named "quiz", now "quizPlayer".
 */
function upgrade(raw: unknown): unknown {
  if (!raw || typeof raw !== 'object') return raw;
  const event = raw as { v?: unknown; payload?: { type?: unknown; state?: unknown } };
  let payload: Record<string, unknown> | undefined = event.payload;
  // The child's quiz dialog was called "quiz" before "quizPlayer".
  if (payload?.type === 'crisis_detected' && payload.state === 'quiz') payload = { ...payload, state: 'quizPlayer' };
  if (event.v !== 1) return payload === event.payload ? raw : { ...event, payload };
  if (payload?.type === 'crisis_detected') payload = { tier: 'interrupt', situation: 'unspecified', ...payload };
  return { ...event, v: 2, payload };
}

/**
 * A stored monitoring event. `at` is coarsened to the hour; `subject` is a pseudonym that changes
 * every quarter, so unique users can be counted within a quarter but not followed across quarters.
 */
export const MonitoringEvent = z.preprocess(upgrade, CurrentEvent);
export type MonitoringEvent = z.infer<typeof CurrentEvent>;
