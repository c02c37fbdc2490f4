import { appendFileSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport, quarterPeriod } from '../../src/monitoring/buildReport.js';
import { compactEvents } from '../../src/monitoring/compactEvents.js';
import { countEvents } from '../../src/monitoring/countEvents.js';
import type { Row } from '../../src/monitoring/indicatorRows.js';
import type { MonitoringEvent } from '../../src/events/MonitoringEvent.js';
import { reportToCsv } from '../../src/monitoring/reportToCsv.js';
import { reportToText } from '../../src/monitoring/reportToText.js';
import { suppress as suppressViews } from '../../src/monitoring/suppress.js';
import type { Targets } from '../../src/monitoring/Targets.js';
import { event, person, writeEventLog } from './eventLogFixture.js';
import { scriptedRun } from './scriptedRun.js';

const targets: Targets = { source: 'test targets', placeholder: false, perQuarter: { children_reached: 100 } };
const dirs: string[] = [];
const log = (events: MonitoringEvent[]) => {
  const dir = writeEventLog(events);
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
const shown = (report: { rows: { indicator: string; breakdown: string; category: string; shown: string }[] }, indicator: string, breakdown = 'total', category = 'total') =>
  report.rows.find((r) => r.indicator === indicator && r.breakdown === breakdown && r.category === category)?.shown;

describe('aggregation', () => {
  it('counts 100k events exactly, in reasonable time', async () => {
    const channels = ['telegram', 'whatsapp', 'console'] as const;
    const bands = ['age10_12', 'age13_15', 'age16_17', 'caregiver', 'patron'] as const;
    const options = ['116', '1195', '999_112', 'dci'] as const;
    const events: MonitoringEvent[] = [];
    const expected = { children: 0, caregivers: 0, telegramChildren: 0, shown116: 0, nairobiLookups: 0, crisis: 0, lessonsStarted: 0, lessonsCompleted: 0 };
    const start = Date.parse('2026-10-01T00:00Z');
    for (let s = 0; events.length < 100_000; s += 1) {
      const at = new Date(start + (s % 2000) * 3600_000).toISOString().slice(0, 14) + '00Z';
      const channel = channels[s % 3]!;
      const audience = bands[s % 5]!;
      events.push(...person(at, s, channel, audience, s % 4 === 0 ? 'sw' : 'en'));
      if (audience.startsWith('age')) {
        expected.children += 1;
        if (channel === 'telegram') expected.telegramChildren += 1;
      } else expected.caregivers += 1;
      const option = options[s % 4]!;
      events.push(event(at, s, { type: 'help_viewed', option }));
      if (option === '116') expected.shown116 += 1;
      if (s % 7 === 0) {
        events.push(event(at, s, { type: 'referral_lookup', county: '047', need: 'medical', results: 3 }));
        expected.nairobiLookups += 1;
      }
      if (s % 11 === 0) {
        events.push(event(at, s, { type: 'crisis_detected', tier: 'interrupt', situation: 'violence', language: 'sw', state: 'menu' }));
        expected.crisis += 1;
      }
      if (s % 3 === 0) {
        events.push(event(at, s, { type: 'lesson_started', lesson: 'teen_sextortion', audience }));
        expected.lessonsStarted += 1;
        if (s % 6 === 0) {
          events.push(event(at, s, { type: 'lesson_completed', lesson: 'teen_sextortion', audience, correct: 2, total: 2 }));
          expected.lessonsCompleted += 1;
        }
      }
    }
    const dataDir = log(events);
    const started = performance.now();
    const report = await buildReport({ dataDir, period: quarterPeriod('2026Q4'), targets });
    const ms = performance.now() - started;
    console.log(`aggregation: ${events.length} events in ${ms.toFixed(0)} ms`);
    expect(ms).toBeLessThan(10_000);
    expect(shown(report, 'children_reached')).toBe(String(expected.children));
    expect(shown(report, 'caregivers_reached')).toBe(String(expected.caregivers));
    expect(shown(report, 'children_reached', 'channel', 'telegram')).toBe(String(expected.telegramChildren));
    expect(shown(report, 'reporting_options_shown', 'option', '116')).toBe(String(expected.shown116));
    expect(shown(report, 'referral_lookups', 'county', '047')).toBe(String(expected.nairobiLookups));
    expect(shown(report, 'crisis_interrupts')).toBe(String(expected.crisis));
    expect(report.rows.find((r) => r.indicator === 'children_reached' && r.breakdown === 'total')?.varianceText).toBe(`+${expected.children - 100}`);
    expect(shown(report, 'lessons_started')).toBe(String(expected.lessonsStarted));
    expect(shown(report, 'lessons_completed')).toBe(String(expected.lessonsCompleted));
    expect(shown(report, 'lessons_started', 'lesson', 'teen_sextortion')).toBe(String(expected.lessonsStarted));
  });

  it('counts interrupts and check-ins apart, by situation, with small cells suppressed, and reads version 1 events', async () => {
    const crisis = (s: number, tier: 'interrupt' | 'checkin', situation: 'self_harm' | 'bullying' | 'distress') =>
      event('2026-10-05T10:00Z', s, { type: 'crisis_detected', tier, situation, language: 'en', state: 'menu' });
    const events = [
      ...[1, 2, 3, 4, 5, 6].map((s) => crisis(s, 'interrupt', 'self_harm')),
      ...[7, 8].map((s) => crisis(s, 'checkin', 'bullying')),
      ...[9, 10, 11, 12, 13, 14, 15].map((s) => crisis(s, 'checkin', 'distress')),
    ];
    const dataDir = log(events);
    // A line written before the tier and situation were recorded.
    const old = { v: 1, at: '2026-10-05T10:00Z', subject: '00000000000000aa', payload: { type: 'crisis_detected', language: 'sw', state: 'menu' } };
    const file = readdirSync(path.join(dataDir, 'events'))[0]!;
    appendFileSync(path.join(dataDir, 'events', file), `${JSON.stringify(old)}\n`);
    const report = await buildReport({ dataDir, period: quarterPeriod('2026Q4'), targets });
    expect(shown(report, 'crisis_interrupts')).toBe('7');
    expect(shown(report, 'crisis_interrupts', 'situation', 'self_harm')).toBe('6');
    expect(shown(report, 'crisis_interrupts', 'situation', 'unspecified')).toBe('<5');
    expect(shown(report, 'crisis_checkins')).toBe('9');
    expect(shown(report, 'crisis_checkins', 'situation', 'bullying')).toBe('<5');
    // The other situations' zeros are hidden as well, so 9 - 7 does not say which of them the 2 are.
    expect(shown(report, 'crisis_checkins', 'situation', 'distress')).toBe('7');
    expect(shown(report, 'crisis_checkins', 'situation', 'self_harm')).toBe('<5');
  });

  it('counts a person once, by the last age band chosen, and a channel filter keeps that channel only', async () => {
    const events = [
      ...[1, 2, 3, 4, 5, 6].flatMap((s) => person('2026-10-02T10:00Z', s, 'telegram', 'age13_15')),
      event('2026-10-03T10:00Z', 1, { type: 'audience_set', audience: 'age16_17' }),
      ...[7, 8, 9, 10, 11].flatMap((s) => person('2026-10-02T10:00Z', s, 'whatsapp', 'age10_12', 'sw')),
    ];
    const dataDir = log(events);
    const all = await buildReport({ dataDir, period: quarterPeriod('2026Q4'), targets });
    expect(shown(all, 'children_reached')).toBe('11');
    expect(shown(all, 'children_reached', 'age band', 'age13_15')).toBe('5');
    const telegram = await buildReport({ dataDir, period: quarterPeriod('2026Q4'), targets, channel: 'telegram' });
    expect(shown(telegram, 'children_reached')).toBe('6');
    expect(shown(telegram, 'children_reached', 'channel', 'whatsapp')).toBe('<5');
  });

  it('uses quarter boundaries in Nairobi time: 21:00 UTC on 30 September is the fourth quarter', async () => {
    const events = [
      ...[1, 2, 3, 4, 5].flatMap((s) => person('2026-09-30T20:00Z', s, 'telegram', 'age13_15')),
      ...[6, 7, 8, 9, 10, 11].flatMap((s) => person('2026-09-30T21:00Z', s, 'telegram', 'age13_15')),
      ...[12, 13, 14, 15, 16, 17, 18].flatMap((s) => person('2026-12-31T21:00Z', s, 'telegram', 'age13_15')),
    ];
    const dataDir = log(events);
    expect(shown(await buildReport({ dataDir, period: quarterPeriod('2026Q3'), targets }), 'children_reached')).toBe('5');
    expect(shown(await buildReport({ dataDir, period: quarterPeriod('2026Q4'), targets }), 'children_reached')).toBe('6');
    expect(shown(await buildReport({ dataDir, period: quarterPeriod('2027Q1'), targets }), 'children_reached')).toBe('7');
  });

  it('skips a torn last line', async () => {
    const dataDir = log([...[1, 2, 3, 4, 5].flatMap((s) => person('2026-10-02T10:00Z', s, 'telegram', 'age13_15'))]);
    appendFileSync(path.join(dataDir, 'events', 'events-2026-10.jsonl'), '{"v":1,"at":"2026-10-02T10:00Z","subj');
    expect(shown(await buildReport({ dataDir, period: quarterPeriod('2026Q4'), targets }), 'children_reached')).toBe('5');
  });
});

describe('suppression', () => {
  const suppress = (rows: Row[]) => suppressViews([{ channel: 'all', county: 'all', rows }])[0]!;
  const row = (breakdown: string, category: string, value: number): Row => ({ indicator: 'children_reached', label: 'Children', short: 'Children', breakdown, category, categoryLabel: category, value });

  it('shows every count below 5, zero included, as <5', () => {
    const out = suppress([row('total', 'total', 4), row('age band', 'a', 0), row('age band', 'b', 4)]);
    expect(out.map((r) => r.shown)).toEqual(['<5', '<5', '<5']);
    expect(out.every((r) => r.value === null)).toBe(true);
  });

  it('hides a second cell so that a small one cannot be recovered by subtracting from the total', () => {
    // 20 = 2 + 7 + 11: showing 7 and 11 with the total would give the 2 away.
    const out = suppress([{ ...row('total', 'total', 20), target: 25 }, row('age band', 'a', 2), row('age band', 'b', 7), row('age band', 'c', 11)]);
    expect(out.map((r) => r.shown)).toEqual(['20', '<5', 'hidden', '11']);
    expect([out[0]!.variance, out[0]!.varianceText]).toEqual([-5, '-5']);
    // Whatever the shown cells, the total minus them never equals a hidden cell alone.
    const visible = out.slice(1).filter((r) => r.value !== null).reduce((sum, r) => sum + r.value!, 0);
    expect(20 - visible).toBe(9);
  });

  it('needs no second cell when two cells are already small, and never shows a variance of a hidden figure', () => {
    const out = suppress([{ ...row('total', 'total', 3), target: 10 }, row('age band', 'a', 1), row('age band', 'b', 2)]);
    expect([out[0]!.variance, out[0]!.varianceStatus, out[0]!.varianceText]).toEqual([null, 'n/a (suppressed)', 'n/a (suppressed)']);
    const two = suppress([row('total', 'total', 13), row('age band', 'a', 1), row('age band', 'b', 2), row('age band', 'c', 10)]);
    expect(two.map((r) => r.shown)).toEqual(['13', '<5', '<5', '10']);
  });

  it('shows an average over 5 or more people as a number, whatever its size, and never as "<5"', () => {
    const quiz = (indicator: string, value: number, group?: number): Row => ({ indicator, label: indicator, short: indicator, breakdown: 'total', category: 'total', categoryLabel: 'total', value, ...(group === undefined ? {} : { group }) });
    const under = suppress([quiz('quiz_participants', 4), quiz('quiz_average_score', 80, 4)]);
    expect(under.map((r) => [r.shown, r.status, r.value])).toEqual([['<5', '<5', null], ['n/a (group <5)', 'group <5', null]]);
    // A score of 3% over 5 people is a percentage, not a count of 3.
    const low = suppress([quiz('quiz_participants', 5), quiz('quiz_average_score', 3, 5)]);
    expect(low.map((r) => [r.shown, r.status, r.value])).toEqual([['5', 'shown', 5], ['3', 'shown', 3]]);
  });
});

describe('averages', () => {
  it('shows a channel\'s average score when its participants are 5 or more, even where their count is hidden', async () => {
    // Quiz participants: 6 on Telegram, 7 on WhatsApp, 3 on the console. The console's 3 is "<5",
    // so Telegram's 6 is hidden to keep it from being worked out; the 6 are still 5 or more people.
    const patron = (s: number, channel: 'telegram' | 'whatsapp' | 'console', participants: number, averageScore: number) => [
      event('2026-10-05T10:00Z', s, { type: 'session_started', channel, locale: 'en' }),
      event('2026-10-05T11:00Z', s, { type: 'quiz_session_ended', audience: 'age13_15', participants, questions: 5, averageScore }),
    ];
    const dataDir = log([...patron(1, 'telegram', 6, 0.5), ...patron(2, 'whatsapp', 7, 0.8), ...patron(3, 'console', 3, 0.2)]);
    const report = (channel?: 'telegram' | 'whatsapp' | 'console') => buildReport({ dataDir, period: quarterPeriod('2026Q4'), targets, channel });
    const figures = async (channel?: 'telegram' | 'whatsapp' | 'console') => {
      const r = await report(channel);
      return [shown(r, 'quiz_participants'), shown(r, 'quiz_average_score')];
    };
    expect(await figures()).toEqual(['16', '58']); // (6 x 50% + 7 x 80% + 3 x 20%) / 16 = 57.5%
    expect(await figures('telegram')).toEqual(['hidden', '50']);
    expect(await figures('whatsapp')).toEqual(['7', '80']);
    expect(await figures('console')).toEqual(['<5', 'n/a (group <5)']);
    expect(reportToText(await report('console'))).toMatch(/^Average quiz score, % \(weighted by participants\) +n\/a \(group <5\)/m);
    const csv = parse(reportToCsv(await report('telegram')), { columns: true }) as Record<string, string>[];
    expect(csv.find((r) => r.indicator === 'quiz_average_score')).toMatchObject({ value: '50', value_status: 'shown' });
  });
});

describe('suppression across filters', () => {
  it('hides a second channel when one channel is small, so views cannot be subtracted from "all channels"', async () => {
    // 16-17 year olds: 6 on Telegram, 2 on WhatsApp, 5 on the console; 13 in all. Showing 6 and 5
    // beside 13 would give the WhatsApp 2 away.
    const dataDir = log([
      ...[1, 2, 3, 4, 5, 6].flatMap((s) => person('2026-10-02T10:00Z', s, 'telegram', 'age16_17')),
      ...[7, 8].flatMap((s) => person('2026-10-02T10:00Z', s, 'whatsapp', 'age16_17')),
      ...[9, 10, 11, 12, 13].flatMap((s) => person('2026-10-02T10:00Z', s, 'console', 'age16_17')),
    ]);
    const view = (channel?: 'telegram' | 'whatsapp' | 'console') => buildReport({ dataDir, period: quarterPeriod('2026Q4'), targets, channel });
    const band = async (channel?: 'telegram' | 'whatsapp' | 'console') => shown(await view(channel), 'children_reached', 'age band', 'age16_17');
    expect([await band(), await band('telegram'), await band('whatsapp'), await band('console')]).toEqual(['13', '6', '<5', 'hidden']);
    // The same figure in two places is shown, or hidden, in both.
    expect(shown(await view(), 'children_reached', 'channel', 'console')).toBe(shown(await view('console'), 'children_reached'));
  });

  it('keeps a small county hidden in every view, and its total the same in the county list and its own view', async () => {
    const lookups = (county: string, need: 'medical' | 'police', n: number, first: number) =>
      Array.from({ length: n }, (_, i) => event('2026-10-02T10:00Z', first + i, { type: 'referral_lookup', county, need, results: 1 }));
    const dataDir = log([...lookups('001', 'medical', 2, 0), ...lookups('001', 'police', 6, 10), ...lookups('047', 'medical', 7, 20), ...lookups('022', 'medical', 9, 30)]);
    const inCounty = async (county: string) => shown(await buildReport({ dataDir, period: quarterPeriod('2026Q4'), targets, county }), 'referral_lookups', 'need', 'medical');
    const all = await buildReport({ dataDir, period: quarterPeriod('2026Q4'), targets });
    expect(shown(all, 'referral_lookups', 'need', 'medical')).toBe('18');
    // Mombasa's 2 medical look-ups are hidden; so are the 44 counties with none, so the 2 cannot be
    // placed by subtracting the shown counties from the 18.
    expect([await inCounty('001'), await inCounty('047'), await inCounty('022'), await inCounty('002')]).toEqual(['<5', '7', '9', '<5']);
    expect(shown(all, 'referral_lookups', 'county', '001')).toBe('8');
    expect(shown(await buildReport({ dataDir, period: quarterPeriod('2026Q4'), targets, county: '001' }), 'referral_lookups')).toBe('8');
  });
});

describe('CSV', () => {
  it('keeps one type per column: numbers or nothing in value, quarterly_target and variance, and why beside each', async () => {
    const dataDir = log([...[1, 2, 3, 4, 5, 6].flatMap((s) => person('2026-10-02T10:00Z', s, 'telegram', 'age13_15'))]);
    const withTargets: Targets = { ...targets, perQuarter: { children_reached: 100, caregivers_reached: 50, conversations_started: null } };
    const report = await buildReport({ dataDir, period: quarterPeriod('2026Q4'), targets: withTargets });
    const text = reportToCsv(report);
    const records = parse(text) as string[][];
    expect(records[0]).toEqual([
      'period', 'channel', 'county_filter', 'indicator', 'label', 'breakdown', 'category', 'category_label',
      'value', 'value_status', 'quarterly_target', 'target_status', 'variance', 'variance_status', 'note',
    ]);
    expect(records).toHaveLength(report.rows.length + 1);
    expect(records.every((r) => r.length === 15)).toBe(true);
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    const number = /^(-?\d+)?$/;
    for (const row of rows) {
      expect([row.value, row.quarterly_target, row.variance].every((cell) => number.test(cell!)), JSON.stringify(row)).toBe(true);
      expect(['shown', '<5', 'hidden', 'group <5']).toContain(row.value_status);
      expect(row.value === '').toBe(row.value_status !== 'shown');
      expect(['', 'set', 'target not set']).toContain(row.target_status);
      expect(row.quarterly_target === '').toBe(row.target_status !== 'set');
      expect(['', 'shown', 'n/a (suppressed)']).toContain(row.variance_status);
    }
    const find = (indicator: string, category = 'total') => rows.find((r) => r.indicator === indicator && r.category === category);
    expect(find('children_reached')).toMatchObject({ value: '6', value_status: 'shown', quarterly_target: '100', target_status: 'set', variance: '-94', variance_status: 'shown' });
    expect(find('children_reached', 'age10_12')).toMatchObject({ category_label: 'Ages 10-12', value: '', value_status: '<5', quarterly_target: '', target_status: '' });
    expect(find('caregivers_reached')).toMatchObject({ value: '', value_status: '<5', quarterly_target: '50', variance: '', variance_status: 'n/a (suppressed)' });
    expect(find('conversations_started')).toMatchObject({ value: '6', quarterly_target: '', target_status: 'target not set', variance: '', variance_status: '' });
    expect(rows.filter((r) => Number(r.value) < 5 && r.value !== '')).toEqual([]);
  });
});

describe('language chosen', () => {
  it('counts a person by the last language chosen, else the language at first contact', () => {
    const at = '2026-10-05T10:00Z';
    const events = [
      ...person(at, 1, 'telegram', 'age13_15'),
      event(at, 1, { type: 'locale_set', locale: 'sw' }), // chose Kiswahili at the start
      ...person(at, 2, 'telegram', 'age13_15'),
      event(at, 2, { type: 'locale_set', locale: 'sw' }),
      event('2026-11-05T10:00Z', 2, { type: 'locale_set', locale: 'en' }), // then English in settings
      ...person(at, 3, 'whatsapp', 'age10_12', 'sw'), // written before locale_set existed
      event(at, 4, { type: 'locale_set', locale: 'sw' }), // a choice logged before the session's start
      ...person(at, 4, 'whatsapp', 'age10_12'),
      event(at, 5, { type: 'audience_set', audience: 'age16_17' }), // started last quarter
    ];
    expect(countEvents(events, '2026Q4').byChannel.all!['children_reached.language']).toEqual({ sw: 3, en: 1, not_recorded: 1 });
  });

  describe('in a scripted run through the engine, where 17 of 40 children chose Kiswahili', () => {
    let plain: MonitoringEvent[] = [];
    let returning: MonitoringEvent[] = [];
    beforeAll(async () => {
      [plain, returning] = await Promise.all([scriptedRun(), scriptedRun({ returning: true })]);
    }, 60_000);
    const report = (events: MonitoringEvent[]) => buildReport({ dataDir: log(events), period: quarterPeriod('2026Q4'), targets });
    const csvRow = (text: string, category: string) =>
      (parse(text, { columns: true }) as Record<string, string>[]).find((r) => r.indicator === 'children_reached' && r.breakdown === 'language chosen' && r.category === category);

    it('counts 17 in Kiswahili and 23 in English, although every conversation started in the default, English', () => {
      expect(plain.filter((e) => e.payload.type === 'session_started').map((e) => e.payload)).toEqual(
        Array.from({ length: 40 }, (_, i) => ({ type: 'session_started', channel: i % 2 === 0 ? 'telegram' : 'whatsapp', locale: 'en' })),
      );
      const counts = countEvents(plain, '2026Q4').byChannel;
      expect(counts.all!['children_reached.total']).toEqual({ total: 40 });
      expect(counts.all!['children_reached.language']).toEqual({ sw: 17, en: 23 });
      expect(counts.telegram!['children_reached.language']).toEqual({ sw: 9, en: 11 });
    });

    it('prints English 23 and Kiswahili 17: "not recorded" is listed only when someone is in it, so no zero forces a figure into hiding', async () => {
      const shownReport = await report(plain);
      const text = reportToText(shownReport);
      expect(text).toMatch(/^Children reached \(.*\) +40 +100 +-60$/m);
      expect(text).toMatch(/^ {4}language chosen: English +23$/m);
      expect(text).toMatch(/^ {4}language chosen: Kiswahili +17$/m);
      expect(text).not.toMatch(/language chosen: not recorded/);
      expect(csvRow(reportToCsv(shownReport), 'sw')).toMatchObject({ category_label: 'Kiswahili', value: '17', value_status: 'shown' });
      expect(csvRow(reportToCsv(shownReport), 'en')).toMatchObject({ category_label: 'English', value: '23', value_status: 'shown' });
      expect(csvRow(reportToCsv(shownReport), 'not_recorded')).toBeUndefined();
    });

    it('counts 5 children back from last quarter by the language they chose then, recorded again in the new quarter', async () => {
      const shownReport = await report(returning);
      const text = reportToText(shownReport);
      expect(text).toMatch(/^Children reached \(.*\) +45 +100 +-55$/m);
      expect(text).toMatch(/^ {4}language chosen: English +28$/m);
      expect(text).toMatch(/^ {4}language chosen: Kiswahili +17$/m);
      expect(text).not.toMatch(/language chosen: not recorded/);
      // Their channel is only recorded when a conversation starts: for them, not in this quarter.
      expect(text).toMatch(/^ {4}channel: not recorded +(hidden|5)$/m);
      expect(csvRow(reportToCsv(shownReport), 'sw')).toMatchObject({ category_label: 'Kiswahili', value: '17', value_status: 'shown' });
    });
  });
});

describe('club quizzes for mixed ages', () => {
  it('count as "Mixed ages (10-17)", a row listed only when there is one', async () => {
    const ended = (subject: number, audience: 'age13_15' | 'mixed') =>
      event('2026-10-06T09:00Z', subject, { type: 'quiz_session_ended', audience, participants: 20, questions: 5, averageScore: 0.5 });
    const withMixed = reportToText(await buildReport({ dataDir: log([1, 2, 3, 4, 5, 6].map((s) => ended(s, s <= 5 ? 'mixed' : 'age13_15'))), period: quarterPeriod('2026Q4'), targets }));
    expect(withMixed).toMatch(/^ {4}age band: Mixed ages \(10-17\) +(5|hidden)$/m);
    const without = reportToText(await buildReport({ dataDir: log([1, 2, 3, 4, 5].map((s) => ended(s, 'age13_15'))), period: quarterPeriod('2026Q4'), targets }));
    expect(without).not.toMatch(/Mixed ages/);
  });
});

describe('retention', () => {
  it('turns quarters older than the window into counts, deletes their events, keeps the rest, and can run twice', async () => {
    const events = [
      ...[1, 2, 3, 4, 5, 6].flatMap((s) => person('2024-07-15T10:00Z', s, 'telegram', 'age13_15')),
      ...[7, 8, 9, 10, 11].flatMap((s) => person('2024-09-30T21:00Z', s, 'whatsapp', 'age10_12')), // 2024Q4 in Nairobi
      ...[12, 13, 14, 15, 16].flatMap((s) => person('2026-10-02T10:00Z', s, 'telegram', 'age16_17')),
    ];
    const dataDir = log(events);
    const before = await buildReport({ dataDir, period: quarterPeriod('2024Q3'), targets });
    const now = new Date('2026-11-28T12:00Z'); // 24 months back is 2024Q4: quarters up to 2024Q3 go
    const result = await compactEvents(dataDir, now, 24);
    expect(result).toEqual({ quarters: ['2024Q3'], eventsRemoved: 12, filesDeleted: 1 });
    expect(readdirSync(path.join(dataDir, 'events')).sort()).toEqual(['events-2024-09.jsonl', 'events-2026-10.jsonl']);
    expect(readFileSync(path.join(dataDir, 'events', 'events-2024-09.jsonl'), 'utf8').trim().split('\n')).toHaveLength(10);
    const aggregate = readFileSync(path.join(dataDir, 'aggregates', 'counts-2024Q3.json'), 'utf8');
    expect(aggregate).not.toMatch(/0{10}/); // no pseudonym
    expect(await buildReport({ dataDir, period: quarterPeriod('2024Q3'), targets })).toEqual({ ...before, notes: ['2024Q3 comes from quarterly counts kept after its raw events were deleted (retention).', ...before.notes] });
    expect(shown(await buildReport({ dataDir, period: quarterPeriod('2024Q4'), targets }), 'children_reached')).toBe('5');
    expect(await compactEvents(dataDir, now, 24)).toEqual({ quarters: [], eventsRemoved: 0, filesDeleted: 0 });
  });
});
