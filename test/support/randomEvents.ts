import { MessageLanguage, Situation, Tier } from '../../src/crisis/Situation.js';
import { Audience } from '../../src/domain/Audience.js';
import { Channel } from '../../src/domain/Channel.js';
import { DialogId } from '../../src/domain/DialogId.js';
import { Locale } from '../../src/domain/Locale.js';
import { Need } from '../../src/domain/Need.js';
import { ReportingOption } from '../../src/domain/ReportingOption.js';
import { MonitoringEvent, type MonitoringPayload } from '../../src/events/MonitoringEvent.js';
import { seededRandom } from './testApp.js';

/**
 * Valid monitoring events as a service writes them, made up from a seed: `people` pseudonyms over the
 * hours from `from` to `to`, each starting a conversation and then doing a few of everything the
 * events record, in time order. For the database log's tests and the scale bench.
 */
export function randomEvents(count: number, options: { people: number; from: Date; to: Date; seed?: number }): MonitoringEvent[] {
  const random = seededRandom(options.seed ?? 7);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const span = options.to.getTime() - options.from.getTime();
  const times = Array.from({ length: count }, () => options.from.getTime() + Math.floor(random() * span)).sort((a, b) => a - b);
  const subjects = Array.from({ length: options.people }, (_, i) => (0x1000 + i * 7919).toString(16).padStart(16, '0'));
  const payload = (): MonitoringPayload => {
    const r = random();
    if (r < 0.14) return { type: 'session_started', channel: pick(Channel.options), locale: pick(Locale.options) };
    if (r < 0.26) return { type: 'audience_set', audience: pick(Audience.options) };
    if (r < 0.34) return { type: 'locale_set', locale: pick(Locale.options) };
    if (r < 0.46) return { type: 'help_viewed', option: pick(ReportingOption.options) };
    if (r < 0.5) return { type: 'media_refused', kind: pick(['photo', 'video', 'voice', 'sticker'] as const) };
    if (r < 0.52) return { type: 'forget_me' };
    if (r < 0.62) return { type: 'crisis_detected', tier: pick(Tier.options), situation: pick(Situation.options), language: pick(MessageLanguage.options), state: pick(DialogId.options) };
    if (r < 0.72) return { type: 'lesson_started', lesson: pick(['kids_photos', 'teen_nudes', 'older_sextortion', 'parent_grooming_signs']), audience: pick(Audience.options) };
    if (r < 0.8) return { type: 'lesson_completed', lesson: pick(['kids_photos', 'teen_nudes']), audience: pick(Audience.options), correct: 1, total: 2 };
    if (r < 0.94) return { type: 'referral_lookup', county: String(1 + Math.floor(random() * 47)).padStart(3, '0'), need: pick(Need.options), results: Math.floor(random() * 5) };
    if (r < 0.97) return { type: 'quiz_session_started', audience: pick(['age10_12', 'age13_15', 'mixed'] as const), questions: 5 };
    return { type: 'quiz_session_ended', audience: pick(['age13_15', 'mixed'] as const), participants: Math.floor(random() * 30), questions: 5, averageScore: Math.round(random() * 100) / 100 };
  };
  return times.map((t) =>
    MonitoringEvent.parse({ v: 2, at: `${new Date(t).toISOString().slice(0, 13)}:00Z`, subject: pick(subjects), payload: payload() }),
  );
}
