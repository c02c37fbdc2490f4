import { appendFileSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { buildReport, quarterPeriod } from '../../src/monitoring/buildReport.js';
import { compactEvents } from '../../src/monitoring/compactEvents.js';
import type { Row } from '../../src/monitoring/indicatorRows.js';
import type { MonitoringEvent } from '../../src/monitoring/MonitoringEvent.js';
import { reportToCsv } from '../../src/monitoring/reportToCsv.js';
import { suppress as suppressViews } from '../../src/monitoring/suppress.js';
import type { Targets } from '../../src/monitoring/Targets.js';
import { event, person, writeEventLog } from './eventLogFixture.js';

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
    expect(shown(report, 'referral_lookups', 'county', '047 Nairobi')).toBe(String(expected.nairobiLookups));
    expect(shown(report, 'crisis_interrupts')).toBe(String(expected.crisis));
    expect(report.rows.find((r) => r.indicator === 'children_reached' && r.breakdown === 'total')?.variance).toBe(`+${expected.children - 100}`);
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
  const row = (breakdown: string, category: string, value: number): Row => ({ indicator: 'children_reached', label: 'Children', breakdown, category, categoryLabel: category, value });

  it('shows every count below 5, zero included, as <5', () => {
    const out = suppress([row('total', 'total', 4), row('age band', 'a', 0), row('age band', 'b', 4)]);
    expect(out.map((r) => r.shown)).toEqual(['<5', '<5', '<5']);
    expect(out.every((r) => r.value === null)).toBe(true);
  });

  it('hides a second cell so that a small one cannot be recovered by subtracting from the total', () => {
    // 20 = 2 + 7 + 11: showing 7 and 11 with the total would give the 2 away.
    const out = suppress([{ ...row('total', 'total', 20), target: 25 }, row('age band', 'a', 2), row('age band', 'b', 7), row('age band', 'c', 11)]);
    expect(out.map((r) => r.shown)).toEqual(['20', '<5', 'hidden', '11']);
    expect(out[0]!.variance).toBe('-5');
    // Whatever the shown cells, the total minus them never equals a hidden cell alone.
    const visible = out.slice(1).filter((r) => r.value !== null).reduce((sum, r) => sum + r.value!, 0);
    expect(20 - visible).toBe(9);
  });

  it('needs no second cell when two cells are already small, and never shows a variance of a hidden figure', () => {
    const out = suppress([{ ...row('total', 'total', 3), target: 10 }, row('age band', 'a', 1), row('age band', 'b', 2)]);
    expect(out[0]!.variance).toBe('n/a (suppressed)');
    const two = suppress([row('total', 'total', 13), row('age band', 'a', 1), row('age band', 'b', 2), row('age band', 'c', 10)]);
    expect(two.map((r) => r.shown)).toEqual(['13', '<5', '<5', '10']);
  });

  it('hides an average taken over fewer than 5 participants', () => {
    const quiz = (indicator: string, value: number): Row => ({ indicator, label: indicator, breakdown: 'total', category: 'total', categoryLabel: 'total', value });
    expect(suppress([quiz('quiz_participants', 4), quiz('quiz_average_score', 80)]).map((r) => r.shown)).toEqual(['<5', '<5']);
    expect(suppress([quiz('quiz_participants', 5), quiz('quiz_average_score', 3)]).map((r) => r.shown)).toEqual(['5', '3']);
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
    expect(shown(all, 'referral_lookups', 'county', '001 Mombasa')).toBe('8');
    expect(shown(await buildReport({ dataDir, period: quarterPeriod('2026Q4'), targets, county: '001' }), 'referral_lookups')).toBe('8');
  });
});

describe('CSV', () => {
  it('has one header and one row per figure, with the same suppressed text', async () => {
    const dataDir = log([...[1, 2, 3, 4, 5, 6].flatMap((s) => person('2026-10-02T10:00Z', s, 'telegram', 'age13_15'))]);
    const report = await buildReport({ dataDir, period: quarterPeriod('2026Q4'), targets });
    const records = parse(reportToCsv(report)) as string[][];
    expect(records[0]).toEqual(['period', 'channel', 'county_filter', 'indicator', 'label', 'breakdown', 'category', 'value', 'quarterly_target', 'variance', 'note']);
    expect(records).toHaveLength(report.rows.length + 1);
    expect(records.every((r) => r.length === 11)).toBe(true);
    expect(records[1]).toEqual(['2026Q4', 'all', 'all', 'children_reached', report.rows[0]!.label, 'total', 'total', '6', '100', '-94', '']);
    const values = records.slice(1).map((r) => r[7]!);
    expect(values.filter((v) => /^\d+$/.test(v)).every((v) => Number(v) >= 5)).toBe(true);
    expect(values).toContain('<5');
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
    const result = compactEvents(dataDir, now, 24);
    expect(result).toEqual({ quarters: ['2024Q3'], eventsRemoved: 12, filesDeleted: 1 });
    expect(readdirSync(path.join(dataDir, 'events')).sort()).toEqual(['events-2024-09.jsonl', 'events-2026-10.jsonl']);
    expect(readFileSync(path.join(dataDir, 'events', 'events-2024-09.jsonl'), 'utf8').trim().split('\n')).toHaveLength(10);
    const aggregate = readFileSync(path.join(dataDir, 'aggregates', 'counts-2024Q3.json'), 'utf8');
    expect(aggregate).not.toMatch(/0{10}/); // no pseudonym
    expect(await buildReport({ dataDir, period: quarterPeriod('2024Q3'), targets })).toEqual({ ...before, notes: ['2024Q3 comes from quarterly counts kept after its raw events were deleted (retention).', ...before.notes] });
    expect(shown(await buildReport({ dataDir, period: quarterPeriod('2024Q4'), targets }), 'children_reached')).toBe('5');
    expect(compactEvents(dataDir, now, 24)).toEqual({ quarters: [], eventsRemoved: 0, filesDeleted: 0 });
  });
});
