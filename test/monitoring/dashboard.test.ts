import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardServer } from '../../src/monitoring/dashboardServer.js';
import { loadDashboardSettings } from '../../src/monitoring/DashboardSettings.js';
import type { Targets } from '../../src/monitoring/Targets.js';
import { event, person, writeEventLog } from './eventLogFixture.js';
import { scriptedRun } from './scriptedRun.js';

const targets: Targets = { source: 'test targets', placeholder: false, perQuarter: { children_reached: 20 } };
const CHROMIUM = '/usr/bin/chromium';
const TOKEN = 'x'.repeat(32);

const dataDir = writeEventLog([
  ...[1, 2, 3, 4, 5, 6, 7].flatMap((s) => person('2026-10-05T09:00Z', s, 'telegram', 'age13_15')),
  ...[8, 9, 10, 11, 12, 13].flatMap((s) => person('2026-10-12T09:00Z', s, 'whatsapp', 'age10_12', 'sw')),
  ...[14, 15].flatMap((s) => person('2026-11-02T09:00Z', s, 'telegram', 'age16_17')),
  ...[16, 17, 18, 19, 20].flatMap((s) => person('2026-11-02T09:00Z', s, 'telegram', 'caregiver')),
  ...[1, 2].map((s) => event('2026-11-03T09:00Z', s, { type: 'referral_lookup', county: '001', need: 'medical', results: 2 })),
  ...[3, 4, 5, 6, 7, 8].map((s) => event('2026-11-03T09:00Z', s, { type: 'referral_lookup', county: '047', need: 'medical', results: 2 })),
  ...[9, 10, 11, 12, 13, 14, 15, 16].map((s) => event('2026-11-03T09:00Z', s, { type: 'referral_lookup', county: '022', need: 'police', results: 1 })),
  ...[3, 4, 5, 6, 7, 8, 9].map((s) => event('2026-11-04T09:00Z', s, { type: 'lesson_started', lesson: 'teen_sextortion', audience: 'age13_15' })),
  ...[3, 4, 5, 6, 7].map((s) => event('2026-11-04T10:00Z', s, { type: 'lesson_completed', lesson: 'teen_sextortion', audience: 'age13_15', correct: 1, total: 2 })),
]);
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function serve(token?: string, from = dataDir) {
  const server = dashboardServer({ host: '127.0.0.1', port: 0, token }, { dataDir: from, targets, now: () => new Date('2026-11-28T12:00Z') });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('dashboard settings', () => {
  it('defaults to 127.0.0.1:8090 without a token', () => {
    expect(loadDashboardSettings({})).toEqual({ host: '127.0.0.1', port: 8090, token: undefined });
  });

  it('needs a token for any address other than loopback, and names the variable in one line', () => {
    expect(() => loadDashboardSettings({ DASHBOARD_HOST: '0.0.0.0' })).toThrow(/^DASHBOARD_TOKEN is required when DASHBOARD_HOST \(0\.0\.0\.0\) is not a loopback address\.$/);
    expect(loadDashboardSettings({ DASHBOARD_HOST: '0.0.0.0', DASHBOARD_TOKEN: TOKEN }).token).toBe(TOKEN);
    expect(() => loadDashboardSettings({ DASHBOARD_PORT: '99999' })).toThrow(/^DASHBOARD_PORT must be a port number from 1 to 65535\.$/);
    expect(() => loadDashboardSettings({ DASHBOARD_PORT: 'eighty' })).toThrow(/^DASHBOARD_PORT /);
    expect(() => loadDashboardSettings({ DASHBOARD_TOKEN: 'short' })).toThrow(/^DASHBOARD_TOKEN must be at least 24 characters/);
    try {
      loadDashboardSettings({ DASHBOARD_TOKEN: 'short-secret' });
    } catch (error) {
      expect((error as Error).message).not.toContain('short-secret');
    }
  });
});

describe('dashboard server', () => {
  it('checks the token on every request, and sets it as an HttpOnly cookie', async () => {
    const { server, base } = await serve(TOKEN);
    try {
      for (const route of ['/', '/chart.umd.js', '/dashboard.js', '/api/report', '/report.csv']) expect((await fetch(base + route)).status, route).toBe(401);
      expect((await fetch(`${base}/api/report?token=wrong`)).status).toBe(401);
      const first = await fetch(`${base}/?token=${TOKEN}`);
      expect(first.status).toBe(200);
      const setCookie = first.headers.get('set-cookie')!;
      expect(setCookie).toMatch(/^dashboard_session=[0-9a-f]{64}; HttpOnly; SameSite=Strict; Path=\/$/);
      // The cookie holds a value derived from the token, never the token itself.
      expect(setCookie).not.toContain(TOKEN);
      const cookie = setCookie.split(';')[0]!;
      expect((await fetch(`${base}/api/report`, { headers: { cookie } })).status).toBe(200);
      expect((await fetch(`${base}/api/report`, { headers: { cookie: `dashboard_session=${TOKEN}` } })).status).toBe(401);
      expect((await fetch(`${base}/api/report`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
      // Behind a TLS proxy the cookie is Secure.
      const overTls = await fetch(`${base}/?token=${TOKEN}`, { headers: { 'x-forwarded-proto': 'https' } });
      expect(overTls.headers.get('set-cookie')).toMatch(/; Secure$/);
    } finally {
      server.close();
    }
  });

  it('caps its open connections and cuts off slow clients, like the webhook', async () => {
    const server = dashboardServer({ host: '127.0.0.1', port: 0, token: undefined }, { dataDir, targets });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    expect([server.headersTimeout, server.requestTimeout, server.keepAliveTimeout, server.timeout]).toEqual([10_000, 15_000, 5_000, 30_000]);
    const sockets = Array.from({ length: 70 }, () => connect(port, '127.0.0.1'));
    try {
      const closed = await Promise.all(
        sockets.map((socket) => new Promise<boolean>((resolve) => {
          socket.on('error', () => undefined);
          socket.once('close', () => resolve(true));
          setTimeout(() => resolve(false), 1_500);
        })),
      );
      expect(closed.filter(Boolean)).toHaveLength(6);
    } finally {
      for (const socket of sockets) socket.destroy();
      server.close();
    }
  });

  it('pauses every token check for a minute after 10 wrong tokens in a minute, from anyone', async () => {
    const warnings: string[] = [];
    const server = dashboardServer({ host: '127.0.0.1', port: 0, token: TOKEN }, { dataDir, targets, warn: (line) => warnings.push(line) });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 1_000; i += 1) statuses.push((await fetch(`${base}/api/report?token=guess${i}`)).status);
      expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
      expect(new Set(statuses.slice(10))).toEqual(new Set([429]));
      // The right token waits too: guessing it among the others is what is being slowed.
      expect((await fetch(`${base}/api/report?token=${TOKEN}`)).status).toBe(429);
      expect(warnings).toEqual(['many wrong dashboard tokens in a minute: token checks paused for a minute']);
    } finally {
      server.close();
    }
  });

  it('without a token answers only requests addressed to loopback, and refuses bad filters', async () => {
    const { server, base } = await serve();
    try {
      const { port } = server.address() as AddressInfo;
      const { request } = await import('node:http');
      const status = await new Promise<number>((resolve) => request({ host: '127.0.0.1', port, path: '/', headers: { host: 'attacker.example' } }, (res) => resolve(res.statusCode ?? 0)).end());
      expect(status).toBe(421);
      expect((await fetch(`${base}/api/report?quarter=2026Q5`)).status).toBe(400);
      expect((await fetch(`${base}/api/report?county=048`)).status).toBe(400);
      const headers = (await fetch(`${base}/`)).headers;
      expect(headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(headers.get('cache-control')).toBe('no-store');
    } finally {
      server.close();
    }
  });
});

const reason = existsSync(CHROMIUM) ? undefined : `${CHROMIUM} is missing (.ci/run installs it); the browser test is skipped`;
if (reason) console.warn(reason);

type ChartData = { labels: (string | string[])[]; values: (number | null)[][]; legend: string[] };

describe.skipIf(reason !== undefined)('dashboard in a headless browser', () => {
  let context: BrowserContext;
  let profile: string;
  let served: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    served = await serve();
    profile = mkdtempSync(path.join(os.tmpdir(), 'linda-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      acceptDownloads: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 30_000);
  afterAll(async () => {
    await context?.close();
    served?.server.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  /** Open the dashboard of a server and wait for its figures; every request must stay on that server. */
  async function open(base: string) {
    const page = await context.newPage();
    const outside: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(base)) outside.push(r.url());
    });
    await page.goto(`${base}/`);
    await page.waitForSelector('body[data-loaded="2026Q4|all|all"]');
    const data = (id: string) =>
      page.evaluate((canvas): ChartData | null => {
        type Drawn = { data: { labels: (string | string[])[]; datasets: { label: string; data: (number | null)[] }[] } };
        const chart = (globalThis as unknown as { Chart: { getChart(id: string): Drawn | undefined } }).Chart.getChart(canvas);
        return chart ? { labels: chart.data.labels, values: chart.data.datasets.map((d) => d.data), legend: chart.data.datasets.map((d) => d.label) } : null;
      }, id);
    /** A table row as an officer reads it: indicator (on totals), breakdown, category, value, target, variance. */
    const row = (indicator: string, category: string) =>
      page.$$eval(`#table tr[data-indicator="${indicator}"][data-category="${category}"] td`, (cells) => cells.map((c) => c.textContent ?? ''));
    const visible = (selector: string) => page.isVisible(selector);
    return { page, outside, data, row, visible };
  }

  it('draws the charts with the suppressed figures in words, filters, and downloads the CSV', async () => {
    const { page, outside, data, row, visible } = await open(served.base);

    // 6 aged 10-12 would give the 2 aged 16-17 away (15 - 7 - 6): both are hidden. Likewise the 5
    // caregivers, beside 0 patrons, would give that 0 away from the total of 5. A figure not drawn
    // says why under its label.
    expect(await data('audience')).toMatchObject({
      labels: [['Ages 10-12', 'hidden'], 'Ages 13-15', ['Ages 16-17', '<5'], ['Caregivers', 'hidden'], ['Club patrons', '<5']],
      values: [[null, 7, null, null, null]],
    });
    expect(await data('county')).toMatchObject({ labels: [['001 Mombasa', '<5'], '022 Kiambu', ['047 Nairobi', 'hidden']], values: [[null, 8, null]] });
    // Everyone's language is known, so "not recorded" is not listed, and its zero hides nothing: the
    // children's 9 and 6 are both shown. The 5 adults' split (5 and 0) would give a count under 5 away.
    expect(await data('language')).toMatchObject({
      labels: [['English', 'adults: hidden'], ['Kiswahili', 'adults: <5']],
      values: [[9, 6], [null, null]],
      legend: ['Children reached', 'Caregivers and patrons reached (not enough data yet)'],
    });
    const weekly = (await data('weekly'))!;
    expect(weekly.labels).toEqual(['2026-10-05', '2026-10-12', '2026-11-02']);
    expect(weekly.values[0]).toEqual([7, 6, 7]);
    // Short names in the legend; a series with nothing to draw says so rather than vanishing.
    expect(weekly.legend).toEqual(['Conversations started', 'Reporting options shown (not enough data yet)', 'Referral look-ups', 'Crisis interrupts (not enough data yet)']);
    // A week without look-ups is a gap, as any count below 5 is, not a zero.
    expect(weekly.values[2]).toEqual([null, null, 16]);
    expect((await data('funnel'))!.values).toEqual([[7, 5]]);
    expect(await page.textContent('#funnel-note')).toContain('Lessons started: 7; Lessons completed: 5');
    const painted = await page.evaluate(() => {
      const canvas = document.getElementById('audience') as HTMLCanvasElement;
      const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      return pixels.some((value, i) => i % 4 === 3 && value > 0);
    });
    expect(painted).toBe(true);
    for (const chart of ['weekly', 'audience', 'language', 'county', 'funnel']) expect(await visible(`#${chart}-empty`), chart).toBe(false);

    // The table: short names with the full name on hover, categories in words, no ids.
    expect(await row('children_reached', 'total')).toEqual(['Children reached', '', 'total', '15', '20', '-5']);
    expect(await page.getAttribute('#table tr[data-indicator="children_reached"][data-category="total"] abbr', 'title')).toBe('Children reached (unique within the quarter, chose an age band 10-17)');
    expect(await row('children_reached', 'age13_15')).toEqual(['', 'age band', 'Ages 13-15', '7', '', '']);
    // Every child's channel and language is on record: no "not recorded" row.
    expect(await row('children_reached', 'not_recorded')).toEqual([]);
    expect(await row('caregivers_reached', 'total')).toEqual(['Caregivers and patrons reached', '', 'total', '5', 'target not set', '']);
    expect(await row('quiz_average_score', 'total')).toEqual(['Average quiz score, %', '', 'total', 'n/a (group <5)', 'target not set', '']);
    expect(await row('lessons_started', 'teen_sextortion')).toEqual(['', 'lesson', 'Threats over photos (Ages 13-15)', '7', '', '']);
    const table = (await page.textContent('#table'))!;
    for (const id of ['age10_12', 'age13_15', 'not_recorded', 'caregiver', 'self_harm', 'teen_sextortion', '999_112']) expect(table, id).not.toContain(id);

    await page.selectOption('select[name=channel]', 'telegram');
    await page.waitForSelector('body[data-loaded="2026Q4|telegram|all"]');
    expect((await data('audience'))!.values).toEqual([[null, 7, null, null, null]]);

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#csv')]);
    expect(download.suggestedFilename()).toBe('linda-mtoto-indicators-2026Q4-telegram.csv');
    const records = parse(readFileSync((await download.path())!, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(records.find((r) => r.indicator === 'children_reached' && r.category === 'total')).toMatchObject({ value: '9', value_status: 'shown', quarterly_target: '20', variance: '-11' });
    expect(records.find((r) => r.indicator === 'children_reached' && r.category === 'age10_12')).toMatchObject({ category_label: 'Ages 10-12', value: '', value_status: '<5' });
    expect(outside).toEqual([]);
  }, 30_000);

  it('says "not enough data yet" instead of drawing a blank chart, and still lists every figure as "<5"', async () => {
    const empty = writeEventLog([]);
    const server = await serve(undefined, empty);
    try {
      const { page, outside, data, row, visible } = await open(server.base);
      for (const chart of ['weekly', 'audience', 'language', 'county', 'funnel']) {
        expect(await visible(`#${chart}-empty`), chart).toBe(true);
        expect(await page.textContent(`#${chart}-empty`)).toMatch(/^Not enough data yet/);
        expect(await visible(`#${chart}`), chart).toBe(false);
        expect(await data(chart), chart).toBeNull();
      }
      expect(await row('children_reached', 'total')).toEqual(['Children reached', '', 'total', '<5', '20', 'n/a (suppressed)']);
      expect(outside).toEqual([]);
    } finally {
      server.server.close();
      rmSync(empty, { recursive: true, force: true });
    }
  }, 30_000);

  it('shows the language each child chose: 17 of 40 in Kiswahili in a scripted run through the engine', async () => {
    const scripted = writeEventLog(await scriptedRun({ returning: true }));
    const server = await serve(undefined, scripted);
    try {
      const { data, row } = await open(server.base);
      expect(await row('children_reached', 'sw')).toEqual(['', 'language chosen', 'Kiswahili', '17', '', '']);
      // The 5 back from last quarter count by the language they chose then, recorded again in this one.
      expect(await row('children_reached', 'en')).toEqual(['', 'language chosen', 'English', '28', '', '']);
      expect((await data('language'))!.values[0]).toEqual([28, 17]);
    } finally {
      server.server.close();
      rmSync(scripted, { recursive: true, force: true });
    }
  }, 60_000);
});
