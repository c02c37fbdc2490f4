import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardServer } from '../../src/monitoring/dashboardServer.js';
import { loadDashboardSettings } from '../../src/monitoring/DashboardSettings.js';
import type { Targets } from '../../src/monitoring/Targets.js';
import { event, person, writeEventLog } from './eventLogFixture.js';

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

async function serve(token?: string) {
  const server = dashboardServer({ host: '127.0.0.1', port: 0, token }, { dataDir, targets, now: () => new Date('2026-11-28T12:00Z') });
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
      expect(first.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict/);
      expect((await fetch(`${base}/api/report`, { headers: { cookie: `dashboard_token=${TOKEN}` } })).status).toBe(200);
      expect((await fetch(`${base}/api/report`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
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

  it('draws the charts with the suppressed figures, filters, and downloads the CSV', async () => {
    const page = await context.newPage();
    const outside: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(served.base)) outside.push(r.url());
    });
    await page.goto(`${served.base}/`);
    await page.waitForSelector('body[data-loaded="2026Q4|all|all"]');
    const data = (id: string) =>
      page.evaluate((canvas) => {
        const chart = (globalThis as unknown as { Chart: { getChart(id: string): { data: { labels: string[]; datasets: { data: (number | null)[] }[] } } } }).Chart.getChart(canvas);
        return { labels: chart.data.labels, values: chart.data.datasets.map((d) => d.data) };
      }, id);

    // 6 aged 10-12 would give the 2 aged 16-17 away (15 - 7 - 6): both are hidden. Likewise the 5
    // caregivers, beside 0 patrons, would give that 0 away from the total of 5.
    expect(await data('audience')).toEqual({ labels: ['age10_12', 'age13_15', 'age16_17', 'caregiver', 'patron'], values: [[null, 7, null, null, null]] });
    expect(await data('county')).toEqual({ labels: ['001 Mombasa', '022 Kiambu', '047 Nairobi'], values: [[null, 8, null]] });
    const weekly = await data('weekly');
    expect(weekly.labels).toEqual(['2026-10-05', '2026-10-12', '2026-11-02']);
    expect(weekly.values[0]).toEqual([7, 6, 7]);
    expect((await data('funnel')).values).toEqual([[7, 5]]);
    expect(await page.textContent('#funnel-note')).toContain('Lessons started: 7; Lessons completed: 5');
    const painted = await page.evaluate(() => {
      const canvas = document.getElementById('audience') as HTMLCanvasElement;
      const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      return pixels.some((value, i) => i % 4 === 3 && value > 0);
    });
    expect(painted).toBe(true);
    expect(await page.textContent('#table')).toContain('Children reached');

    await page.selectOption('select[name=channel]', 'telegram');
    await page.waitForSelector('body[data-loaded="2026Q4|telegram|all"]');
    expect((await data('audience')).values).toEqual([[null, 7, null, null, null]]);

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#csv')]);
    expect(download.suggestedFilename()).toBe('linda-mtoto-indicators-2026Q4-telegram.csv');
    const records = parse(readFileSync((await download.path())!, 'utf8')) as string[][];
    expect(records[0]![0]).toBe('period');
    expect(records.find((r) => r[3] === 'children_reached' && r[5] === 'total')?.slice(7, 10)).toEqual(['9', '20', '-11']);
    expect(outside).toEqual([]);
  }, 30_000);
});
