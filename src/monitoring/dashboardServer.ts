import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { z } from 'zod';
import { projectPath } from '../app/projectPath.js';
import { Channel } from '../domain/Channel.js';
import { CountyCode } from '../domain/CountyCode.js';
import { buildReport, quarterPeriod } from './buildReport.js';
import { dashboardPage } from './dashboardPage.js';
import type { DashboardSettings } from './DashboardSettings.js';
import { Quarter } from '../events/Quarter.js';
import { reportToCsv } from './reportToCsv.js';
import type { Targets } from './Targets.js';
import type { CountSource } from './loadPeriodCounts.js';

export interface DashboardOptions {
  dataDir: string;
  /** Counts from PostgreSQL (DATABASE_URL) instead of the event files. */
  source?: CountSource;
  targets: Targets;
  /** The quarter shown first; the eight quarters up to it can be chosen. */
  now?: () => Date;
  warn?: (line: string) => void;
}

const CountyList = z.object({ counties: z.array(z.object({ code: z.string(), name: z.string() })) });
const chartJs = path.join(path.dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.js');
const digest = (text: string) => createHash('sha256').update(text).digest();
/** What the cookie holds: derived from the token, so a stolen cookie does not give the token away. */
const cookieValue = (token: string) => createHmac('sha256', token).update('dashboard session').digest('hex');
/** Wrong tokens allowed in a minute, from everyone together, before every check waits for the minute to end. */
const maxFailuresPerMinute = 10;

/**
 * The dashboard: the report's figures as charts, from node_modules' Chart.js (works offline). Only GET.
 * With a token, every request must carry it (?token= once, which sets an HttpOnly cookie holding a
 * value derived from it, Secure behind TLS, or "Authorization: Bearer"); more than 10 wrong tokens a
 * minute pause all checks for the minute; without one, only requests addressed to loopback are answered. Responses are never cached and never sent to another origin.
 */
export function dashboardServer(settings: DashboardSettings, options: DashboardOptions): Server {
  const counties = CountyList.parse(JSON.parse(readFileSync(projectPath('seeds/counties.json'), 'utf8'))).counties;
  const chartScript = readFileSync(chartJs);
  const expected = settings.token ? digest(settings.token) : undefined;
  const session = settings.token ? digest(cookieValue(settings.token)) : undefined;
  let failures: number[] = [];

  const send = (res: ServerResponse, status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}) => {
    res.writeHead(status, {
      'Content-Type': type,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'X-Frame-Options': 'DENY',
      'Content-Security-Policy': "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'",
      ...headers,
    });
    res.end(body);
  };

  // Like the webhook: slow or idle clients are cut off, and open connections are capped.
  const server = createServer({ connectionsCheckingInterval: 2_500 }, (req, res) => {
    const url = new URL(req.url ?? '/', 'http://dashboard.invalid');
    const cookieHeaders: Record<string, string> = {};
    // Without a token, answer only requests addressed to loopback, so a web page that rebinds its own
    // name to 127.0.0.1 cannot read the figures through the officer's browser.
    if (!expected && !/^(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?$/.test(req.headers.host ?? '')) {
      return send(res, 421, 'text/plain; charset=utf-8', 'Open the dashboard at its loopback address.\n');
    }
    if (expected && session) {
      const now = Date.now();
      failures = failures.filter((at) => at > now - 60_000);
      // Guessing is slowed for everyone: past the limit, no token is checked until the minute is over.
      if (failures.length >= maxFailuresPerMinute) return send(res, 429, 'text/plain; charset=utf-8', 'Too many wrong tokens: try again in a minute.\n', { 'Retry-After': '60' });
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      const cookie = /(?:^|;\s*)dashboard_session=([0-9a-f]{64})(?:;|$)/.exec(req.headers.cookie ?? '')?.[1];
      const token = url.searchParams.get('token') ?? bearer;
      const valid = token !== undefined ? timingSafeEqual(digest(token), expected) : cookie !== undefined && timingSafeEqual(digest(cookie), session);
      if (!valid) {
        if (token !== undefined || cookie !== undefined) failures.push(now);
        if (failures.length === maxFailuresPerMinute) options.warn?.('many wrong dashboard tokens in a minute: token checks paused for a minute');
        return send(res, 401, 'text/plain; charset=utf-8', 'A valid dashboard token is needed.\n');
      }
      // Secure when the officer reached it over TLS (through a proxy that says so).
      const secure = req.headers['x-forwarded-proto'] === 'https' ? '; Secure' : '';
      if (url.searchParams.has('token')) cookieHeaders['Set-Cookie'] = `dashboard_session=${cookieValue(settings.token!)}; HttpOnly; SameSite=Strict; Path=/${secure}`;
    }
    if (req.method !== 'GET') return send(res, 405, 'text/plain; charset=utf-8', 'Only GET.\n');

    const current = Quarter.of(options.now?.() ?? new Date());
    const quarters = [current];
    while (quarters.length < 8) quarters.push(Quarter.previous(quarters.at(-1)!));
    if (url.pathname === '/') return send(res, 200, 'text/html; charset=utf-8', dashboardPage.html(quarters, counties), cookieHeaders);
    if (url.pathname === '/dashboard.js') return send(res, 200, 'text/javascript; charset=utf-8', dashboardPage.script);
    if (url.pathname === '/chart.umd.js') return send(res, 200, 'text/javascript; charset=utf-8', chartScript);
    if (url.pathname !== '/api/report' && url.pathname !== '/report.csv') return send(res, 404, 'text/plain; charset=utf-8', 'Not found.\n');

    const quarter = Quarter.parse(url.searchParams.get('quarter') ?? current);
    const channel = Channel.optional().safeParse(url.searchParams.get('channel') || undefined);
    const county = CountyCode.optional().safeParse(url.searchParams.get('county') || undefined);
    if (!quarter || !channel.success || !county.success) return send(res, 400, 'text/plain; charset=utf-8', 'quarter, channel or county is not valid.\n');
    buildReport({ dataDir: options.dataDir, ...(options.source ? { source: options.source } : {}), period: quarterPeriod(quarter), targets: options.targets, channel: channel.data, county: county.data, warn: options.warn })
      .then((report) => {
        if (url.pathname === '/api/report') return send(res, 200, 'application/json; charset=utf-8', JSON.stringify(report));
        const name = ['linda-mtoto-indicators', quarter, channel.data, county.data].filter(Boolean).join('-');
        send(res, 200, 'text/csv; charset=utf-8', reportToCsv(report), { 'Content-Disposition': `attachment; filename="${name}.csv"` });
      })
      .catch((error: unknown) => {
        options.warn?.(`dashboard: report failed (${(error as Error).name})`);
        send(res, 500, 'text/plain; charset=utf-8', 'The report could not be made; see the server log.\n');
      });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 15_000;
  server.keepAliveTimeout = 5_000;
  server.timeout = 30_000;
  server.maxConnections = 64;
  return server;
}
