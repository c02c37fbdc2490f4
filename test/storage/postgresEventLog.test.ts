import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectPath } from '../../src/app/projectPath.js';
import { MonitoringEvent } from '../../src/events/MonitoringEvent.js';
import { Quarter } from '../../src/events/Quarter.js';
import { countEvents } from '../../src/monitoring/countEvents.js';
import { PostgresEventLog } from '../../src/storage/PostgresEventLog.js';
import { PostgresServer } from '../support/postgresServer.js';
import { randomEvents } from '../support/randomEvents.js';

/* The monitoring log in a real, throwaway PostgreSQL: migrations, appends, reading a period,
 * counting in SQL exactly as the file log's reader counts, retention, and a database that dies
 * mid-run (the spool). Each test uses its own database. */

let server: PostgresServer;
let databases = 0;
const dirs: string[] = [];
const logs: PostgresEventLog[] = [];

beforeAll(async () => {
  server = await PostgresServer.start();
}, 60_000);
afterAll(async () => {
  for (const log of logs) await log.close().catch(() => {});
  await server?.destroy();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A new database on the server, and logs on it (as its owner, or as another role) sharing one spool folder. */
async function freshLog(options: { spoolLimitBytes?: number; warn?: (line: string) => void; migrations?: string } = {}) {
  const name = `events_${++databases}`;
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const dir = mkdtempSync(path.join(tmpdir(), 'linda-spool-'));
  dirs.push(dir);
  const url = server.url.replace(/\/postgres$/, `/${name}`);
  const open = (as: { user?: string; warn?: (line: string) => void } = {}) => {
    const log = new PostgresEventLog({
      url: as.user ? url.replace('postgres://postgres@', `postgres://${as.user}@`) : url,
      migrations: options.migrations ?? projectPath('migrations'),
      spoolFile: path.join(dir, 'events-spool.jsonl'),
      flushDelayMs: 5,
      ...(options.spoolLimitBytes ? { spoolLimitBytes: options.spoolLimitBytes } : {}),
      ...(as.warn ?? options.warn ? { warn: as.warn ?? options.warn } : {}),
    });
    logs.push(log);
    return log;
  };
  /** SQL on this database, as its owner. */
  const sql = async <T extends pg.QueryResultRow = Record<string, unknown>>(text: string, values: unknown[] = []): Promise<T[]> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query<T>(text, values)).rows;
    } finally {
      await client.end();
    }
  };
  return { url, dir, open, sql };
}

const q4 = Quarter.bounds('2026Q4');
// The participant-weighted score is a sum of decimals: equal to the cent, not to the last bit.
const round = (c: unknown) => JSON.parse(JSON.stringify(c, (k, v) => (typeof v === 'number' ? Math.round(v * 100) / 100 : v)));
const all = async (iterable: AsyncIterable<MonitoringEvent>) => {
  const out: MonitoringEvent[] = [];
  for await (const e of iterable) out.push(e);
  return out;
};

describe('PostgresEventLog', () => {
  it('runs its migrations once, however many instances start, and records them', async () => {
    const { url, open } = await freshLog();
    const [first, second] = await Promise.all([open().connect(), open().connect()]);
    expect([...first, ...second]).toEqual(['001_monitoring_events.sql', '002_monitoring_rollups.sql']);
    expect(await open().connect()).toEqual([]);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const names = await client.query('SELECT name FROM schema_migrations');
    await client.end();
    expect(names.rows).toEqual([{ name: '001_monitoring_events.sql' }, { name: '002_monitoring_rollups.sql' }]);
  });

  it('reads back a period exactly as appended, oldest first, across pages', async () => {
    const { open } = await freshLog();
    const log = open();
    await log.connect();
    const events = randomEvents(12_000, { people: 300, from: q4.from, to: q4.to });
    for (let i = 0; i < events.length; i += 500) await log.append(events.slice(i, i + 500));
    await log.flush();
    expect(await all(log.read())).toEqual(events);
    const november = { from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-12-01T00:00:00Z') };
    expect(await all(log.readPeriod(november.from, november.to))).toEqual(events.filter((e) => e.at >= '2026-11-01' && e.at < '2026-12-01'));
  });

  it('counts a quarter in SQL to exactly what countEvents makes of the same events', async () => {
    const { open } = await freshLog();
    const log = open();
    await log.connect();
    const events = randomEvents(20_000, { people: 900, from: q4.from, to: q4.to, seed: 11 });
    await log.append(events);
    await log.flush();
    const sql = await log.countPeriod(q4.from, q4.to, '2026Q4');
    const node = countEvents(events, '2026Q4');
    expect(round(sql)).toEqual(round(node));
    // And a part of the quarter.
    const part = { from: new Date('2026-10-15T00:00:00Z'), to: new Date('2026-11-20T00:00:00Z') };
    expect(round(await log.countPeriod(part.from, part.to, '2026Q4'))).toEqual(
      round(countEvents(events.filter((e) => Date.parse(e.at) >= part.from.getTime() && Date.parse(e.at) < part.to.getTime()), '2026Q4')),
    );
  });

  it('keeps a compacted quarter as its counts, in SQL, and deletes its raw events and rollups', async () => {
    const { open, sql } = await freshLog();
    const log = open();
    await log.connect();
    const q1 = Quarter.bounds('2024Q1');
    const old = randomEvents(3_000, { people: 200, from: q1.from, to: q1.to, seed: 3 });
    const recent = randomEvents(500, { people: 50, from: q4.from, to: q4.to, seed: 4 });
    await log.append([...old, ...recent]);
    const before = await log.countPeriod(q1.from, q1.to, '2024Q1');
    const result = await log.compact(new Date('2026-10-01T00:00:00Z'));
    expect(result).toEqual({ quarters: ['2024Q1'], eventsRemoved: 3_000 });
    expect(await log.storedCounts('2024Q1')).toEqual(before);
    expect(await all(log.read())).toEqual(recent);
    // The quarter's rollups went with its events; the next quarter's stay.
    const left = await sql<{ quarter: string; subjects: number; tallies: number }>(
      `SELECT q.quarter, (SELECT count(*)::int FROM monitoring_subjects s WHERE s.quarter = q.quarter) AS subjects,
              (SELECT count(*)::int FROM monitoring_tallies t WHERE t.quarter = q.quarter) AS tallies
       FROM (VALUES ('2024Q1'), ('2026Q4')) q (quarter) ORDER BY 1`,
    );
    expect(left[0]).toEqual({ quarter: '2024Q1', subjects: 0, tallies: 0 });
    expect(left[1]!.subjects).toBe(50);
    expect(left[1]!.tallies).toBeGreaterThan(0);
    expect(round(await log.countPeriod(q4.from, q4.to, '2026Q4'))).toEqual(round(countEvents(recent, '2026Q4')));
  });

  it('never keeps a person waiting on a dead database: events wait in the spool, fsynced, and drain once when it is back', async () => {
    const warnings: string[] = [];
    const { dir, open } = await freshLog({ warn: (line) => warnings.push(line) });
    const log = open();
    await log.connect();
    const events = randomEvents(300, { people: 40, from: q4.from, to: q4.to, seed: 5 });
    await log.append(events.slice(0, 100));
    await log.flush();
    await server.stop();
    try {
      const t0 = performance.now();
      await log.append(events.slice(100, 200));
      expect(performance.now() - t0).toBeLessThan(20);
      await log.flush();
      await log.append(events.slice(200));
      await log.flush();
      const spool = readFileSync(path.join(dir, 'events-spool.jsonl'), 'utf8').trim().split('\n');
      expect(spool).toHaveLength(200);
      // Only the event and its id: closed-set values, as in the table.
      for (const line of spool) expect(MonitoringEvent.safeParse(JSON.parse(line).event).success).toBe(true);
      expect(warnings).toContain('the monitoring database (PostgreSQL) cannot be reached; events wait in the local spool');
    } finally {
      await server.start();
    }
    const deadline = Date.now() + 20_000;
    while (existsSync(path.join(dir, 'events-spool.jsonl')) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    await log.flush();
    expect(existsSync(path.join(dir, 'events-spool.jsonl'))).toBe(false);
    expect(await all(log.read())).toEqual(events);
    expect(warnings).toContain('the monitoring database (PostgreSQL) is reachable again; the spool is drained');
  }, 60_000);

  it('drains a spool left by a crash at start, and one drained twice inserts each event once', async () => {
    const { dir, open } = await freshLog();
    const events = randomEvents(50, { people: 10, from: q4.from, to: q4.to, seed: 6 });
    const lines = events.map((event, i) => JSON.stringify({ id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, event }));
    // A drain that inserted, then crashed before removing its file; and the spool written since.
    writeFileSync(path.join(dir, 'events-spool.jsonl.draining'), `${lines.slice(0, 30).join('\n')}\n`);
    writeFileSync(path.join(dir, 'events-spool.jsonl'), `${lines.slice(30).join('\n')}\n{"id":"cut short`);
    const first = open();
    await first.connect();
    await first.append(events.slice(0, 30));
    await first.flush();
    const deadline = Date.now() + 10_000;
    while ((existsSync(path.join(dir, 'events-spool.jsonl')) || existsSync(path.join(dir, 'events-spool.jsonl.draining'))) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const stored = await all(first.read());
    // The first 30 twice (appended, and in the spool with ids: the spooled copies once), the other 20 once.
    expect(stored).toHaveLength(80);
    writeFileSync(path.join(dir, 'events-spool.jsonl.draining'), `${lines.slice(0, 30).join('\n')}\n`);
    const second = open();
    await second.connect();
    const again = Date.now() + 10_000;
    while (existsSync(path.join(dir, 'events-spool.jsonl.draining')) && Date.now() < again) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await all(second.read())).toHaveLength(80);
  });

  it('bounds the spool, and says how many events it dropped', async () => {
    const warnings: string[] = [];
    const { open } = await freshLog({ spoolLimitBytes: 4_000, warn: (line) => warnings.push(line) });
    const log = open();
    await log.connect();
    await server.stop();
    try {
      await log.append(randomEvents(100, { people: 10, from: q4.from, to: q4.to, seed: 8 }));
      await log.flush();
    } finally {
      await server.start();
    }
    expect(warnings.some((w) => /^the monitoring spool is full \(4000 bytes\): \d+ events dropped now, \d+ since start$/.test(w))).toBe(true);
  }, 60_000);
});

/* The rollups PostgreSQL keeps on insert (migrations/002_monitoring_rollups.sql), which a whole
 * quarter's report reads: always the same counts as countEvents over the same events. */
describe('PostgresEventLog rollups', () => {
  /** Append in batches of `size`, each its own insert, as the log's timer sends them. */
  const send = async (log: PostgresEventLog, events: MonitoringEvent[], size: number) => {
    for (let i = 0; i < events.length; i += size) {
      await log.append(events.slice(i, i + size));
      await log.flush();
    }
  };
  const whole = (log: PostgresEventLog) => log.countPeriod(q4.from, q4.to, '2026Q4');

  it("counts events under their person's channel when the session_started comes later, in another insert", async () => {
    const { open } = await freshLog();
    const log = open();
    await log.connect();
    const events = randomEvents(15_000, { people: 600, from: q4.from, to: q4.to, seed: 21 });
    // A third of the people's session_started wait (as in a spool) and reach the table after all their other events.
    const late = (e: MonitoringEvent) => e.payload.type === 'session_started' && parseInt(e.subject.slice(-4), 16) % 3 === 0;
    const first = events.filter((e) => !late(e));
    const then = events.filter(late);
    expect(then.length).toBeGreaterThan(500);
    await send(log, first, 700);
    expect(round(await whole(log))).toEqual(round(countEvents(first, '2026Q4')));
    await send(log, then, Math.ceil(then.length / 2));
    expect(round(await whole(log))).toEqual(round(countEvents(events, '2026Q4')));
    // Everyone's channel is now known: nothing is left under no channel.
    expect((await whole(log)).byChannel.all?.['conversations_started.total']).toEqual({ total: events.filter((e) => e.payload.type === 'session_started').length });
    const part = { from: new Date('2026-11-02T00:00:00Z'), to: new Date('2026-12-10T00:00:00Z') };
    const inPart = events.filter((e) => Date.parse(e.at) >= part.from.getTime() && Date.parse(e.at) < part.to.getTime());
    expect(round(await log.countPeriod(part.from, part.to, '2026Q4'))).toEqual(round(countEvents(inPart, '2026Q4')));
  });

  it('loses nothing when two instances insert events of the same people at once', async () => {
    const warnings: string[] = [];
    const { open } = await freshLog();
    const a = open({ warn: (line) => warnings.push(line) });
    const b = open({ warn: (line) => warnings.push(line) });
    await Promise.all([a.connect(), b.connect()]);
    const events = randomEvents(12_000, { people: 150, from: q4.from, to: q4.to, seed: 22 });
    // One instance learns each person's channel while the other counts their events.
    const starts = events.filter((e) => e.payload.type === 'session_started');
    const rest = events.filter((e) => e.payload.type !== 'session_started');
    await Promise.all([send(a, starts, 4), send(b, rest, 20)]);
    // Every insert went in (none failed over to the spool).
    expect(warnings).toEqual([]);
    expect(await all(a.read())).toHaveLength(events.length);
    expect(round(await whole(a))).toEqual(round(countEvents(events, '2026Q4')));
  }, 60_000);

  it('builds the rollups of the events already in the table when it migrates, once', async () => {
    const migrations = mkdtempSync(path.join(tmpdir(), 'linda-migrations-'));
    dirs.push(migrations);
    copyFileSync(projectPath('migrations/001_monitoring_events.sql'), path.join(migrations, '001_monitoring_events.sql'));
    const { open, sql } = await freshLog({ migrations });
    const before = open();
    expect(await before.connect()).toEqual(['001_monitoring_events.sql']);
    const q3 = Quarter.bounds('2026Q3');
    const older = randomEvents(2_000, { people: 120, from: q3.from, to: q3.to, seed: 24 });
    const events = randomEvents(8_000, { people: 400, from: q4.from, to: q4.to, seed: 23 });
    await send(before, [...older, ...events.slice(0, 6_000)], 1_000);
    // The next version starts on the same database.
    copyFileSync(projectPath('migrations/002_monitoring_rollups.sql'), path.join(migrations, '002_monitoring_rollups.sql'));
    const after = open();
    expect(await after.connect()).toEqual(['002_monitoring_rollups.sql']);
    expect(round(await whole(after))).toEqual(round(countEvents(events.slice(0, 6_000), '2026Q4')));
    expect(round(await after.countPeriod(q3.from, q3.to, '2026Q3'))).toEqual(round(countEvents(older, '2026Q3')));
    // The trigger carries on from what the migration built.
    await send(after, events.slice(6_000), 300);
    expect(round(await whole(after))).toEqual(round(countEvents(events, '2026Q4')));
    // Run again by hand, the migration builds the same rollups.
    const rollups = async () => ({
      subjects: await sql('SELECT * FROM monitoring_subjects ORDER BY quarter, subject'),
      tallies: await sql('SELECT * FROM monitoring_tallies WHERE n <> 0 ORDER BY quarter, week, type, channel, fields'),
    });
    const built = await rollups();
    expect(built.subjects.length).toBe(520);
    await sql(`BEGIN; ${readFileSync(projectPath('migrations/002_monitoring_rollups.sql'), 'utf8')}; COMMIT`);
    expect(await rollups()).toEqual(built);
  }, 60_000);

  it('reads a whole quarter from the rollups alone, and a part of one from the raw rows', async () => {
    const { open, sql } = await freshLog();
    const log = open();
    await log.connect();
    const events = randomEvents(5_000, { people: 300, from: q4.from, to: q4.to, seed: 25 });
    await send(log, events, 500);
    // A reader that may not read the raw events at all.
    const role = `rollups_only_${databases}`;
    await sql(`CREATE ROLE ${role} LOGIN; GRANT SELECT ON monitoring_subjects, monitoring_tallies TO ${role}`);
    const reader = open({ user: role });
    expect(round(await whole(reader))).toEqual(round(countEvents(events, '2026Q4')));
    const part = { from: new Date('2026-10-15T00:00:00Z'), to: new Date('2026-11-20T00:00:00Z') };
    await expect(reader.countPeriod(part.from, part.to, '2026Q4')).rejects.toThrow(/permission denied for table monitoring_events/);
    // TRUNCATE empties the rollups with the events.
    await sql('TRUNCATE monitoring_events');
    expect(await whole(reader)).toEqual(countEvents([], '2026Q4'));
  });
});
