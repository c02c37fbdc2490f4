import type { Channel } from '../domain/Channel.js';
import type { MonitoringEvent } from '../events/MonitoringEvent.js';
import { Quarter } from '../events/Quarter.js';
import type { QuarterCounts } from './QuarterCounts.js';

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

  const tallies = new Tallies();
  for (const s of subjects.values()) {
    if (s.audience) tallies.person(s.audience, s.channel, s.chosenLocale ?? s.startLocale);
  }
  for (const { at, subject, payload } of events) {
    const amount =
      payload.type === 'quiz_session_ended' ? { events: 1, participants: payload.participants, score: payload.participants * payload.averageScore } : undefined;
    tallies.event(payload, subjects.get(subject)?.channel, Quarter.weekOf(new Date(at)), amount);
  }
  return { v: 1, quarter, byChannel: tallies.byChannel };
}

/** How much one counted row stands for: one event, or many of the same (a database's GROUP BY). */
export interface Amount {
  events: number;
  /** quiz_session_ended: the sum of its participants. */
  participants: number;
  /** quiz_session_ended: the sum of participants x average score. */
  score: number;
}

/** The fields of an event that the counts read; a grouped row from a database has the same. */
export type CountedPayload = { type: string } & Partial<Record<'channel' | 'option' | 'need' | 'county' | 'tier' | 'situation' | 'language' | 'lesson' | 'audience', string>>;

/**
 * The tallies of one quarter, filled person by person and event by event (or group by group): the one
 * place that decides which indicator an event counts towards, for every event log.
 */
export class Tallies {
  readonly byChannel: QuarterCounts['byChannel'] = { all: {} };

  /** A person, by the last age band, channel and language their pseudonym recorded in the quarter. */
  person(audience: string, channel: string | undefined, language: string | undefined, amount = 1): void {
    const reach = { channel: channel ?? 'not_recorded', language: language ?? 'not_recorded' };
    const known = channel as Channel | undefined;
    if (childBands.has(audience)) this.withTotal(known, 'children_reached', { age_band: audience, ...reach }, amount);
    else this.withTotal(known, 'caregivers_reached', { audience, ...reach }, amount);
  }

  /** An event (or a group of the same), under the channel of the person who caused it. */
  event(payload: CountedPayload, channel: string | undefined, week: string, amount: Amount = { events: 1, participants: 0, score: 0 }): void {
    const at = channel as Channel | undefined;
    const n = amount.events;
    const p = payload as Record<string, string>;
    switch (payload.type) {
      case 'session_started':
        return this.withTotal(at, 'conversations_started', { channel: p.channel!, week }, n);
      case 'help_viewed':
        return this.withTotal(at, 'reporting_options_shown', { option: p.option!, week }, n);
      case 'referral_lookup':
        this.withTotal(at, 'referral_lookups', { need: p.need!, county: p.county!, week }, n);
        return this.add(at, 'referral_lookups.county_need', `${p.county}_${p.need}`, n);
      case 'crisis_detected':
        return this.withTotal(at, p.tier === 'interrupt' ? 'crisis_interrupts' : 'crisis_checkins', { situation: p.situation!, language: p.language!, week }, n);
      case 'lesson_started':
        return this.withTotal(at, 'lessons_started', { lesson: p.lesson!, audience: p.audience! }, n);
      case 'lesson_completed':
        return this.withTotal(at, 'lessons_completed', { lesson: p.lesson!, audience: p.audience! }, n);
      case 'quiz_session_ended':
        this.withTotal(at, 'quiz_sessions', { audience: p.audience! }, n);
        this.withTotal(at, 'quiz_participants', { audience: p.audience! }, amount.participants);
        return this.withTotal(at, 'quiz_average_score', {}, amount.score);
      default:
        return;
    }
  }

  private add(channel: Channel | undefined, group: string, key: string, amount: number): void {
    for (const filter of channel ? (['all', channel] as const) : (['all'] as const)) {
      const counts = (this.byChannel[filter] ??= {});
      const tally = (counts[group] ??= {});
      tally[key] = (tally[key] ?? 0) + amount;
    }
  }

  private withTotal(channel: Channel | undefined, indicator: string, parts: Record<string, string>, amount: number): void {
    this.add(channel, `${indicator}.total`, 'total', amount);
    for (const [breakdown, key] of Object.entries(parts)) this.add(channel, `${indicator}.${breakdown}`, key, amount);
  }
}
