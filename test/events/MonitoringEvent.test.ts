import { describe, expect, it } from 'vitest';
import { MonitoringEvent, MonitoringPayload } from '../../src/events/MonitoringEvent.js';

type PayloadType = MonitoringPayload['type'];

/** One valid payload per type. The record type makes tsc require an example for every type. */
const examples: { [T in PayloadType]: Extract<MonitoringPayload, { type: T }> } = {
  session_started: { type: 'session_started', channel: 'whatsapp', locale: 'sw' },
  audience_set: { type: 'audience_set', audience: 'age10_12' },
  locale_set: { type: 'locale_set', locale: 'sw' },
  help_viewed: { type: 'help_viewed', option: '116' },
  media_refused: { type: 'media_refused', kind: 'voice' },
  forget_me: { type: 'forget_me' },
  crisis_detected: { type: 'crisis_detected', tier: 'interrupt', situation: 'sexual_abuse', language: 'sheng', state: 'menu' },
  lesson_started: { type: 'lesson_started', lesson: 'privacy_settings_2', audience: 'caregiver' },
  lesson_completed: { type: 'lesson_completed', lesson: 'privacy_settings_2', audience: 'caregiver', correct: 1, total: 2 },
  referral_lookup: { type: 'referral_lookup', county: '047', need: 'counselling', results: 3 },
  quiz_session_started: { type: 'quiz_session_started', audience: 'age13_15', questions: 10 },
  quiz_session_ended: { type: 'quiz_session_ended', audience: 'age13_15', participants: 23, questions: 10, averageScore: 0.62 },
};

/** Wrong values, field by field: free text or out of the closed set. */
const wrong: [PayloadType, Record<string, unknown>][] = [
  ['session_started', { channel: 'sms' }],
  ['session_started', { locale: 'fr' }],
  ['audience_set', { audience: 'age9' }],
  ['audience_set', { audience: 'I am 12 years old' }],
  ['help_viewed', { option: 'call me at 0712345678' }],
  ['help_viewed', { option: 116 }],
  ['media_refused', { kind: 'gif' }],
  ['crisis_detected', { language: 'fr' }],
  ['crisis_detected', { state: 'my uncle hurts me' }],
  ['crisis_detected', { tier: 'panic' }],
  ['crisis_detected', { situation: 'he does bad things to me' }],
  ['lesson_completed', { lesson: 'Lesson One' }],
  ['lesson_completed', { lesson: '' }],
  ['lesson_completed', { lesson: 'a'.repeat(41) }],
  ['lesson_completed', { correct: -1 }],
  ['lesson_completed', { total: 0 }],
  ['lesson_started', { lesson: 'My Lesson' }],
  ['referral_lookup', { county: '000' }],
  ['referral_lookup', { county: '048' }],
  ['referral_lookup', { county: '47' }],
  ['referral_lookup', { county: 'Nairobi' }],
  ['referral_lookup', { need: 'help with my phone 0712345678' }],
  ['quiz_session_ended', { participants: -1 }],
  ['quiz_session_ended', { participants: 1.5 }],
  ['quiz_session_ended', { questions: '10' }],
  ['quiz_session_ended', { averageScore: 1.01 }],
  ['quiz_session_ended', { averageScore: -0.1 }],
];

const event = (overrides: Record<string, unknown> = {}) => ({
  v: 2,
  at: '2026-11-28T11:00Z',
  subject: '0123456789abcdef',
  payload: examples.help_viewed,
  ...overrides,
});

describe('MonitoringPayload', () => {
  it('has an example here for every payload type', () => {
    const types = MonitoringPayload.options.map((option) => [...option.shape.type.values][0]);
    expect(types.sort()).toEqual(Object.keys(examples).sort());
  });

  for (const [type, example] of Object.entries(examples)) {
    describe(type, () => {
      it('accepts a valid example, alone and inside an event', () => {
        expect(MonitoringPayload.parse(example)).toEqual(example);
        expect(MonitoringEvent.parse(event({ payload: example }))).toEqual(event({ payload: example }));
      });

      it('rejects an extra field', () => {
        expect(MonitoringPayload.safeParse({ ...example, text: 'my name is Amina' }).success).toBe(false);
        expect(MonitoringPayload.safeParse({ ...example, note: 1 }).success).toBe(false);
        expect(MonitoringEvent.safeParse(event({ payload: { ...example, text: 'hi' } })).success).toBe(false);
      });

      it('rejects a missing field', () => {
        for (const field of Object.keys(example).filter((f) => f !== 'type')) {
          const { [field]: _dropped, ...rest } = example as Record<string, unknown>;
          expect(MonitoringPayload.safeParse(rest).success, `without ${field}`).toBe(false);
        }
      });
    });
  }

  it.each(wrong)('rejects a %s payload with %o', (type, fields) => {
    expect(MonitoringPayload.safeParse({ ...examples[type], ...fields }).success).toBe(false);
  });

  it('accepts the edges of the ranges', () => {
    for (const county of ['001', '009', '010', '039', '040', '047']) {
      expect(MonitoringPayload.safeParse({ ...examples.referral_lookup, county }).success, county).toBe(true);
    }
    for (const averageScore of [0, 1]) {
      expect(MonitoringPayload.safeParse({ ...examples.quiz_session_ended, averageScore }).success).toBe(true);
    }
    expect(MonitoringPayload.safeParse({ ...examples.quiz_session_ended, participants: 0, questions: 0 }).success).toBe(true);
    expect(MonitoringPayload.safeParse({ ...examples.lesson_completed, lesson: 'a'.repeat(40) }).success).toBe(true);
  });

  it('rejects an unknown type', () => {
    expect(MonitoringPayload.safeParse({ type: 'message_received' }).success).toBe(false);
    expect(MonitoringPayload.safeParse({}).success).toBe(false);
  });
});

describe('MonitoringEvent', () => {
  it('accepts a valid event', () => {
    expect(MonitoringEvent.safeParse(event()).success).toBe(true);
  });

  it('requires `at` to be on the hour, written as YYYY-MM-DDTHH:00Z', () => {
    for (const at of ['2026-11-28T00:00Z', '2026-11-28T23:00Z', '2026-01-01T12:00Z']) {
      expect(MonitoringEvent.safeParse(event({ at })).success, at).toBe(true);
    }
    for (const at of [
      '2026-11-28T11:30Z',
      '2026-11-28T11:01Z',
      '2026-11-28T11:00:00Z',
      '2026-11-28T11:00:00.000Z', // Date.toISOString(): the seconds must be cut
      '2026-11-28T11:00',
      '2026-11-28T11:00+03:00',
      '2026-11-28 11:00Z',
      '2026-11-28',
      '',
    ]) {
      expect(MonitoringEvent.safeParse(event({ at })).success, at).toBe(false);
    }
    expect(MonitoringEvent.safeParse(event({ at: Date.UTC(2026, 10, 28, 11) })).success).toBe(false);
  });

  it('requires `subject` to be 16 lower-case hex digits', () => {
    expect(MonitoringEvent.safeParse(event({ subject: 'ffffffffffffffff' })).success).toBe(true);
    for (const subject of ['0123456789ABCDEF', '0123456789abcde', '0123456789abcdef0', '0123456789abcdeg', '254712345678', '']) {
      expect(MonitoringEvent.safeParse(event({ subject })).success, subject).toBe(false);
    }
    expect(MonitoringEvent.safeParse(event({ subject: 'a'.repeat(64) })).success).toBe(false);
  });

  it('requires version 2, and reads a version 1 event as version 2', () => {
    expect(MonitoringEvent.safeParse(event({ v: 3 })).success).toBe(false);
    expect(MonitoringEvent.safeParse(event({ v: '2' })).success).toBe(false);
    expect(MonitoringEvent.parse(event({ v: 1 }))).toEqual(event());
    const old = { type: 'crisis_detected', language: 'sw', state: 'menu' };
    expect(MonitoringEvent.parse(event({ v: 1, payload: old })).payload).toEqual({ ...old, tier: 'interrupt', situation: 'unspecified' });
    // Only version 1 may leave them out.
    expect(MonitoringEvent.safeParse(event({ payload: old })).success).toBe(false);
  });

  it('reads a crisis seen in the dialog once called "quiz" as seen in "quizPlayer", in either version', () => {
    const seen = { type: 'crisis_detected', tier: 'checkin', situation: 'distress', language: 'en', state: 'quiz' };
    expect(MonitoringEvent.parse(event({ payload: seen })).payload).toEqual({ ...seen, state: 'quizPlayer' });
    const { tier: _t, situation: _s, ...v1 } = seen;
    expect(MonitoringEvent.parse(event({ v: 1, payload: v1 })).payload).toEqual({ ...v1, tier: 'interrupt', situation: 'unspecified', state: 'quizPlayer' });
  });

  it('rejects an extra field and a missing one', () => {
    expect(MonitoringEvent.safeParse(event({ text: 'my name is Amina' })).success).toBe(false);
    expect(MonitoringEvent.safeParse(event({ platformId: '254712345678' })).success).toBe(false);
    const { payload: _payload, ...withoutPayload } = event();
    expect(MonitoringEvent.safeParse(withoutPayload).success).toBe(false);
  });
});
