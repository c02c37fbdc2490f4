import type { Channel } from '../domain/Channel.js';
import type { MonitoringEvent } from '../events/MonitoringEvent.js';
import { Quarter } from '../events/Quarter.js';
import type { Counts, QuarterCounts } from './QuarterCounts.js';

interface Subject {
  audience?: string;
  channel?: Channel;
  /** The language at first contact: the default, before the user chose. */
  startLocale?: string;
  /** The last language the user chose (locale_set), which wins over startLocale. */
  chosenLocale?: string;
}

const childBands = new Set(['age10_12', 'age13_15', 'age16_17']);

/**
 * Count one quarter's events into anonymous tallies. A person is counted once, by the last age band,
 * channel and language their pseudonym recorded in the quarter, so each breakdown sums to the total.
 * The language is the last one chosen (locale_set); session_started's locale is only the default at
 * first contact, so it counts only for a person who never chose (events written before locale_set).
 * Two passes: an event may come before the same subject's session_started in the quarter.
 */
export function countEvents(events: readonly MonitoringEvent[], quarter: string): QuarterCounts {
  const subjects = new Map<string, Subject>();
  for (const { subject, payload } of events) {
    const s = subjects.get(subject) ?? {};
    if (payload.type === 'session_started') Object.assign(s, { channel: payload.channel, startLocale: payload.locale });
    else if (payload.type === 'locale_set') s.chosenLocale = payload.locale;
    else if (payload.type === 'audience_set') s.audience = payload.audience;
    subjects.set(subject, s);
  }

  const byChannel: QuarterCounts['byChannel'] = { all: {} };
  const add = (channel: Channel | undefined, group: string, key: string, amount = 1) => {
    for (const filter of channel ? (['all', channel] as const) : (['all'] as const)) {
      const counts = (byChannel[filter] ??= {});
      const tally = (counts[group] ??= {});
      tally[key] = (tally[key] ?? 0) + amount;
    }
  };
  const addWithTotal = (channel: Channel | undefined, indicator: string, parts: Record<string, string>, amount = 1) => {
    add(channel, `${indicator}.total`, 'total', amount);
    for (const [breakdown, key] of Object.entries(parts)) add(channel, `${indicator}.${breakdown}`, key, amount);
  };

  for (const s of subjects.values()) {
    if (!s.audience) continue;
    const reach = { channel: s.channel ?? 'not_recorded', language: s.chosenLocale ?? s.startLocale ?? 'not_recorded' };
    if (childBands.has(s.audience)) addWithTotal(s.channel, 'children_reached', { age_band: s.audience, ...reach });
    else addWithTotal(s.channel, 'caregivers_reached', { audience: s.audience, ...reach });
  }

  for (const { at, subject, payload } of events) {
    const channel = subjects.get(subject)?.channel;
    const week = Quarter.weekOf(new Date(at));
    switch (payload.type) {
      case 'session_started':
        addWithTotal(channel, 'conversations_started', { channel: payload.channel, week });
        break;
      case 'help_viewed':
        addWithTotal(channel, 'reporting_options_shown', { option: payload.option, week });
        break;
      case 'referral_lookup':
        addWithTotal(channel, 'referral_lookups', { need: payload.need, county: payload.county, week });
        add(channel, 'referral_lookups.county_need', `${payload.county}_${payload.need}`);
        break;
      case 'crisis_detected':
        addWithTotal(channel, payload.tier === 'interrupt' ? 'crisis_interrupts' : 'crisis_checkins', {
          situation: payload.situation,
          language: payload.language,
          week,
        });
        break;
      case 'lesson_started':
        addWithTotal(channel, 'lessons_started', { lesson: payload.lesson, audience: payload.audience });
        break;
      case 'lesson_completed':
        addWithTotal(channel, 'lessons_completed', { lesson: payload.lesson, audience: payload.audience });
        break;
      case 'quiz_session_ended':
        addWithTotal(channel, 'quiz_sessions', { audience: payload.audience });
        addWithTotal(channel, 'quiz_participants', { audience: payload.audience }, payload.participants);
        addWithTotal(channel, 'quiz_average_score', {}, payload.participants * payload.averageScore);
        break;
      default:
        break;
    }
  }
  return { v: 1, quarter, byChannel };
}
