import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectPath } from '../../src/app/projectPath.js';
import { buildReport, quarterPeriod } from '../../src/monitoring/buildReport.js';
import { loadTargets } from '../../src/monitoring/Targets.js';
import { PostgresEventLog } from '../../src/storage/PostgresEventLog.js';
import { writeEventLog } from '../monitoring/eventLogFixture.js';
import { PostgresServer } from '../support/postgresServer.js';
import { randomEvents } from '../support/randomEvents.js';
import { RedisServer } from '../support/redisServer.js';
import { freePort } from '../support/freePort.js';
import { runScript } from '../support/runCli.js';
import { keys, say } from '../support/say.js';
import { createTestApp } from '../support/testApp.js';

/* The service with sessions in Redis and events in PostgreSQL, as several instances would run it:
 * the report counts the same in SQL as from files; a database that dies mid-run costs nobody a reply. */

let redis: RedisServer;
let postgres: PostgresServer;
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'linda-servers-'));
  dirs.push(dir);
  return dir;
};
beforeAll(async () => {
  [redis, postgres] = await Promise.all([RedisServer.start(), PostgresServer.start()]);
}, 60_000);
afterAll(async () => {
  await Promise.all([redis?.stop(), postgres?.destroy()]);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** `npm run report -- --quarter 2026Q4` in its own process, with this environment. */
const runReport = (env: Record<string, string>) => runScript('src/monitoring/reportCommand.ts', ['--quarter', '2026Q4'], env);

describe('Redis and PostgreSQL together', () => {
  it('gives the same report, suppressed the same way, from PostgreSQL (counted in SQL) as from the event files', async () => {
    const q = quarterPeriod('2026Q4');
    const events = randomEvents(8_000, { people: 600, from: q.from, to: q.to, seed: 21 });
    const dataDir = writeEventLog(events, tempDir());
    const log = new PostgresEventLog({ url: postgres.url, migrations: projectPath('migrations'), spoolFile: path.join(dataDir, 'spool.jsonl') });
    try {
      await log.connect();
      await log.append(events);
      await log.flush();
      const targets = loadTargets(projectPath('seeds/monitoring-targets.json'));
      for (const channel of [undefined, 'telegram', 'whatsapp'] as const) {
        const fromFiles = await buildReport({ dataDir, period: q, targets, ...(channel ? { channel } : {}) });
        const fromSql = await buildReport({ dataDir: tempDir(), source: log, period: q, targets, ...(channel ? { channel } : {}) });
        expect(fromSql).toEqual(fromFiles);
      }
      const county = await buildReport({ dataDir: tempDir(), source: log, period: q, targets, county: '047' });
      expect(county).toEqual(await buildReport({ dataDir, period: q, targets, county: '047' }));
    } finally {
      await log.pool.query('TRUNCATE monitoring_events');
      await log.close();
    }
  });

  it('answers every turn while PostgreSQL is down, keeps the events in the spool, and they reach the database when it is back', async () => {
    const dataDir = tempDir();
    const app = createTestApp({ REDIS_URL: redis.url, DATABASE_URL: postgres.url, DATA_DIR: dataDir });
    await app.ready();
    try {
      await say(app, 'hi', 'English');
      await app.events.flush();
      await postgres.stop();
      const t0 = performance.now();
      const [band, menu] = await say(app, '2', 'ok');
      expect(performance.now() - t0).toBeLessThan(1_000);
      expect(keys(band)).toEqual(['privacy:note.teen.short']);
      expect(keys(menu)).toEqual(['menu:title']);
      await app.events.flush();
      expect(existsSync(path.join(dataDir, 'events-spool.jsonl'))).toBe(true);
      await postgres.start();
      const log = app.events as PostgresEventLog;
      const deadline = Date.now() + 20_000;
      while (existsSync(path.join(dataDir, 'events-spool.jsonl')) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      const types: string[] = [];
      for await (const event of log.read()) types.push(event.payload.type);
      expect(types).toEqual(['session_started', 'locale_set', 'audience_set']);
    } finally {
      await app.close();
    }
  }, 60_000);

  it('npm run report counts from DATABASE_URL, and says plainly when the database cannot be reached', async () => {
    const report = await runReport({ DATABASE_URL: postgres.url, DATA_DIR: tempDir() });
    expect(report.code, report.stderr).toBe(0);
    expect(report.stdout).toContain('2026Q4');
    const port = await freePort();
    const down = await runReport({ DATABASE_URL: `postgres://linda:hunter2secret@127.0.0.1:${port}/linda`, DATA_DIR: tempDir() });
    expect(down.code).toBe(1);
    expect(down.stderr.trim()).toMatch(/^DATABASE_URL: could not reach the monitoring database \(.+\)\.$/);
    expect(down.stderr).not.toContain('hunter2secret');
  });
});
