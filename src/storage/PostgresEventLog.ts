import { randomUUID } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import pg from 'pg';
import { MonitoringEvent } from '../events/MonitoringEvent.js';
import { Quarter } from '../events/Quarter.js';
import { Tallies, type CountedPayload } from '../monitoring/countEvents.js';
import { addCounts, type CountSource } from '../monitoring/loadPeriodCounts.js';
import { QuarterCounts } from '../monitoring/QuarterCounts.js';
import type { EventLog } from './EventLog.js';
import { migrate } from './migrate.js';

export interface PostgresEventLogOptions {
  /** DATABASE_URL: postgres://user:password@host:port/database. */
  url: string;
  /** The SQL migrations (the repository's migrations/ folder). */
  migrations: string;
  /** The local spool (DATA_DIR/events-spool.jsonl): events wait here while PostgreSQL is down. */
  spoolFile: string;
  /** The spool's bound; events past it are dropped, and the log says how many. */
  spoolLimitBytes?: number;
  /** How long appended events wait to go as one insert. */
  flushDelayMs?: number;
  /** Told when the database goes away or comes back, and of dropped events; never given event data. */
  warn?: (line: string) => void;
}

/** One spooled line: an id (so a drain done twice inserts once) and the event, closed-set values only. */
interface Spooled {
  id: string;
  event: MonitoringEvent;
}

const spoolDrainMinMs = 1_000;
const spoolDrainMaxMs = 30_000;

/**
 * Monitoring events in PostgreSQL (DATABASE_URL), shared by every instance: an append-only table,
 * indexed by quarter, its schema made by the migrations at start. Appends are batched and never
 * keep a person waiting: they go in a short timer's insert. While PostgreSQL cannot be reached,
 * they go to a local append-only spool instead (fsynced, closed-set values only, bounded), which is
 * drained into the table when it is back; a drain redone after a crash inserts nothing twice.
 * Reports count in SQL, not by reading the events into Node: a whole quarter from rollups that
 * triggers keep on every insert (migrations/002_monitoring_rollups.sql), a part of one with GROUP BY
 * over the raw rows.
 */
export class PostgresEventLog implements EventLog, CountSource {
  readonly pool: pg.Pool;
  private pending: MonitoringEvent[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private healthy = true;
  private drainTimer: NodeJS.Timeout | undefined;
  private drainDelay = spoolDrainMinMs;
  private dropped = 0;
  private readonly warn: (line: string) => void;

  constructor(private readonly options: PostgresEventLogOptions) {
    this.warn = options.warn ?? (() => {});
    // A dead server fails a query at once (a refused or broken connection); the query timeout is only
    // for a server that hangs, and is long because a report over a whole quarter can take a while.
    this.pool = new pg.Pool({ connectionString: options.url, max: 10, connectionTimeoutMillis: 3_000, query_timeout: 300_000, idleTimeoutMillis: 30_000 });
    // An idle connection that breaks is the pool's to replace; the next query says so if it matters.
    this.pool.on('error', () => {});
  }

  /** Connect and run the migrations: at start, so a wrong DATABASE_URL is said at once. Then drain a spool left from before. */
  async connect(): Promise<string[]> {
    const applied = await migrate(this.pool, this.options.migrations);
    if (this.hasSpool()) this.scheduleDrain(0);
    return applied;
  }

  async append(events: MonitoringEvent[]): Promise<void> {
    // All or nothing: a batch with one bad event is refused whole, before anything is queued.
    const valid = events.map((event) => MonitoringEvent.parse(event));
    if (valid.length === 0) return;
    this.pending.push(...valid);
    this.timer ??= setTimeout(() => void this.flush(), this.options.flushDelayMs ?? 25);
  }

  /** Everything appended so far is in the table, or in the spool while the database is down. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    this.writing = this.writing.then(() => this.write(batch));
    await this.writing;
  }

  async *read(): AsyncIterable<MonitoringEvent> {
    // PostgreSQL's timestamps run from 4713 BC; these bounds hold every event there can be.
    yield* this.readPeriod(new Date('0001-01-01T00:00:00Z'), new Date('9999-12-31T00:00:00Z'));
  }

  /** The stored events with `from <= at < to`, oldest first, a page at a time. */
  async *readPeriod(from: Date, to: Date): AsyncIterable<MonitoringEvent> {
    await this.flush();
    let after = { at: from, id: '0' };
    for (;;) {
      const page = await this.pool.query<{ id: string; at: Date; subject: string; payload: MonitoringEvent['payload'] }>(
        'SELECT id, at, subject, payload FROM monitoring_events WHERE at >= $1 AND at < $2 AND (at, id) > ($3, $4) ORDER BY at, id LIMIT 5000',
        [from, to, after.at, after.id],
      );
      for (const row of page.rows) yield { v: 2, at: hourOf(row.at), subject: row.subject, payload: row.payload };
      if (page.rows.length < 5000) return;
      const last = page.rows.at(-1)!;
      after = { at: last.at, id: last.id };
    }
  }

  /**
   * The counts of one quarter's events with `from <= at < to`, computed in SQL: each person's last
   * age band, channel and language, then every counted event grouped by what it counts towards and
   * its week. The same tallies as countEvents, from a few thousand grouped rows at most. A whole
   * quarter reads the rollups the database keeps on insert (migrations/002_monitoring_rollups.sql);
   * a part of a quarter is counted from the raw rows, because the rollups hold each person's last
   * values over the whole quarter, not over a part of it.
   */
  async countPeriod(from: Date, to: Date, quarter: string): Promise<QuarterCounts> {
    await this.flush();
    const bounds = Quarter.bounds(quarter);
    const whole = from <= bounds.from && to >= bounds.to;
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const counts = whole ? await countQuarter(client, quarter) : await countRawRows(client, from, to, quarter);
      await client.query('COMMIT');
      return counts;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  count(from: Date, to: Date, quarter: string): Promise<QuarterCounts> {
    return this.countPeriod(from, to, quarter);
  }

  stored(quarter: string): Promise<QuarterCounts | undefined> {
    return this.storedCounts(quarter);
  }

  /** A quarter's counts kept after its raw events were deleted (retention), if any. */
  async storedCounts(quarter: string): Promise<QuarterCounts | undefined> {
    const result = await this.pool.query<{ counts: unknown }>('SELECT counts FROM quarter_counts WHERE quarter = $1', [quarter]);
    return result.rows[0] ? QuarterCounts.parse(result.rows[0].counts) : undefined;
  }

  /**
   * Retention: every quarter that ended before `keepFrom` becomes its counts (kept in quarter_counts)
   * and its raw events and rollups are deleted, one quarter per transaction, all in SQL. Inserts wait
   * meanwhile, so an event that arrives late (from a spool) is either counted or kept, never lost.
   */
  async compact(keepFrom: Date): Promise<{ quarters: string[]; eventsRemoved: number }> {
    await this.flush();
    const old = await this.pool.query<{ quarter: string }>('SELECT DISTINCT quarter FROM monitoring_events WHERE quarter < $1 ORDER BY quarter', [Quarter.of(keepFrom)]);
    const quarters: string[] = [];
    let eventsRemoved = 0;
    for (const { quarter } of old.rows) {
      const bounds = Quarter.bounds(quarter);
      if (bounds.to > keepFrom) continue;
      const client = await this.pool.connect();
      try {
        await client.query('BEGIN');
        await client.query('LOCK TABLE monitoring_events IN SHARE ROW EXCLUSIVE MODE');
        const counts = await countQuarter(client, quarter);
        const previous = await client.query<{ counts: unknown }>('SELECT counts FROM quarter_counts WHERE quarter = $1 FOR UPDATE', [quarter]);
        const merged = previous.rows[0] ? mergeCounts(QuarterCounts.parse(previous.rows[0].counts), counts) : counts;
        await client.query('INSERT INTO quarter_counts (quarter, counts) VALUES ($1, $2) ON CONFLICT (quarter) DO UPDATE SET counts = EXCLUDED.counts', [quarter, merged]);
        const deleted = await client.query('DELETE FROM monitoring_events WHERE quarter = $1', [quarter]);
        await client.query('DELETE FROM monitoring_tallies WHERE quarter = $1', [quarter]);
        await client.query('DELETE FROM monitoring_subjects WHERE quarter = $1', [quarter]);
        await client.query('COMMIT');
        quarters.push(quarter);
        eventsRemoved += deleted.rowCount ?? 0;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    }
    return { quarters, eventsRemoved };
  }

  async close(): Promise<void> {
    await this.flush();
    if (this.drainTimer) clearTimeout(this.drainTimer);
    this.drainTimer = undefined;
    await this.pool.end();
  }

  private async write(batch: MonitoringEvent[]): Promise<void> {
    if (batch.length === 0) return;
    if (this.healthy) {
      try {
        await this.insert(batch.map((event) => ({ id: null, event })));
        return;
      } catch {
        this.healthy = false;
        this.warn('the monitoring database (PostgreSQL) cannot be reached; events wait in the local spool');
      }
    }
    this.spool(batch);
    this.scheduleDrain(this.drainDelay);
  }

  private async insert(rows: { id: string | null; event: MonitoringEvent }[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 1_000) {
      const chunk = rows.slice(i, i + 1_000);
      await this.pool.query(
        `INSERT INTO monitoring_events (at, quarter, subject, payload, spool_id)
         SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::jsonb[], $5::uuid[])
         ON CONFLICT (spool_id) DO NOTHING`,
        [
          chunk.map((r) => r.event.at),
          chunk.map((r) => Quarter.of(new Date(r.event.at))),
          chunk.map((r) => r.event.subject),
          chunk.map((r) => JSON.stringify(r.event.payload)),
          chunk.map((r) => r.id),
        ],
      );
    }
  }

  private spoolSize(): number {
    try {
      return statSync(this.options.spoolFile).size;
    } catch {
      return 0;
    }
  }

  private hasSpool(): boolean {
    return existsSync(this.options.spoolFile) || existsSync(this.drainingFile());
  }

  /** Append to the spool and sync it to disk; past the bound, drop and say how many. */
  private spool(batch: MonitoringEvent[]): void {
    const limit = this.options.spoolLimitBytes ?? 64 * 1024 * 1024;
    let text = '';
    let size = this.spoolSize();
    let dropped = 0;
    for (const event of batch) {
      const line = `${JSON.stringify({ id: randomUUID(), event } satisfies Spooled)}\n`;
      if (size + text.length + line.length > limit) dropped++;
      else text += line;
    }
    if (text) {
      const fd = openSync(this.options.spoolFile, 'a', 0o600);
      try {
        writeSync(fd, text);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      size += text.length;
    }
    if (dropped > 0) {
      this.dropped += dropped;
      this.warn(`the monitoring spool is full (${limit} bytes): ${dropped} events dropped now, ${this.dropped} since start`);
    }
  }

  private drainingFile(): string {
    return `${this.options.spoolFile}.draining`;
  }

  private scheduleDrain(ms: number): void {
    if (this.drainTimer) return;
    this.drainTimer = setTimeout(() => {
      this.drainTimer = undefined;
      this.writing = this.writing.then(() => this.drain());
    }, ms);
    this.drainTimer.unref();
  }

  /**
   * Move the spool into the table: the spool is renamed first (new events start a new one), its
   * events inserted with their ids, and only then removed. A failure leaves it to try again later,
   * waiting longer each time.
   */
  private async drain(): Promise<void> {
    const draining = this.drainingFile();
    try {
      if (!existsSync(draining)) {
        if (!existsSync(this.options.spoolFile)) return;
        renameSync(this.options.spoolFile, draining);
      }
      const rows = readFileSync(draining, 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .flatMap((line) => {
          try {
            const spooled = JSON.parse(line) as Spooled;
            return [{ id: spooled.id, event: MonitoringEvent.parse(spooled.event) }];
          } catch {
            return []; // A last line cut short by a crash.
          }
        });
      await this.insert(rows);
      unlinkSync(draining);
      if (existsSync(this.options.spoolFile)) return this.scheduleDrain(0);
      this.drainDelay = spoolDrainMinMs;
      if (!this.healthy) this.warn('the monitoring database (PostgreSQL) is reachable again; the spool is drained');
      this.healthy = true;
    } catch {
      this.drainDelay = Math.min(this.drainDelay * 2, spoolDrainMaxMs);
      this.scheduleDrain(this.drainDelay);
    }
  }
}

const countedFields = ['channel', 'option', 'need', 'county', 'tier', 'situation', 'language', 'lesson', 'audience'] as const;

/**
 * A whole quarter from its rollups: the people from the per-person rows, the events from the tally
 * rows (a row whose events all moved to another channel has n = 0, and counts nothing).
 */
async function countQuarter(client: pg.PoolClient, quarter: string): Promise<QuarterCounts> {
  const people = await client.query<{ audience: string; channel: string | null; language: string | null; n: number }>(
    `SELECT audience, channel, COALESCE(chosen_locale, start_locale) AS language, count(*)::int AS n
     FROM monitoring_subjects WHERE quarter = $1 AND audience IS NOT NULL
     GROUP BY 1, 2, 3`,
    [quarter],
  );
  const groups = await client.query<{ type: string; channel: string; fields: CountedPayload; week: string; n: string; participants: string; score: string }>(
    `SELECT type, channel, fields, to_char(week, 'YYYY-MM-DD') AS week, n, participants, score
     FROM monitoring_tallies WHERE quarter = $1 AND n <> 0`,
    [quarter],
  );
  const tallies = new Tallies();
  for (const row of people.rows) tallies.person(row.audience, row.channel ?? undefined, row.language ?? undefined, row.n);
  for (const row of groups.rows) {
    const amount = { events: Number(row.n), participants: Number(row.participants), score: Number(row.score) };
    tallies.event({ ...row.fields, type: row.type }, row.channel || undefined, row.week, amount);
  }
  return QuarterCounts.parse({ v: 1, quarter, byChannel: tallies.byChannel });
}

/**
 * Part of a quarter, from the raw rows with `from <= at < to`: each person's last values in that part.
 * The week and which types are counted come from the same SQL functions the rollups use.
 */
async function countRawRows(client: pg.PoolClient, from: Date, to: Date, quarter: string): Promise<QuarterCounts> {
  // Each step reads much of a quarter. With statistics that lag behind the inserts, PostgreSQL can
  // take a step for a few rows and join it in a nested loop, comparing every event with every person
  // (minutes, not seconds); hash joins are right at every size here. Undone at the end of the transaction.
  await client.query('SET LOCAL enable_nestloop = off');
  const subjects = `
    ev AS (SELECT id, at, subject, payload FROM monitoring_events WHERE quarter = $3 AND at >= $1 AND at < $2),
    started AS (SELECT DISTINCT ON (subject) subject, payload->>'channel' AS channel, payload->>'locale' AS start_locale
                FROM ev WHERE payload->>'type' = 'session_started' ORDER BY subject, at DESC, id DESC),
    chosen AS (SELECT DISTINCT ON (subject) subject, payload->>'locale' AS locale
               FROM ev WHERE payload->>'type' = 'locale_set' ORDER BY subject, at DESC, id DESC),
    aud AS (SELECT DISTINCT ON (subject) subject, payload->>'audience' AS audience
            FROM ev WHERE payload->>'type' = 'audience_set' ORDER BY subject, at DESC, id DESC)`;
  const people = await client.query<{ audience: string; channel: string | null; language: string | null; n: number }>(
    `WITH ${subjects}
     SELECT a.audience, s.channel, COALESCE(c.locale, s.start_locale) AS language, count(*)::int AS n
     FROM aud a LEFT JOIN started s USING (subject) LEFT JOIN chosen c USING (subject)
     GROUP BY 1, 2, 3`,
    [from, to, quarter],
  );
  const groups = await client.query<Record<(typeof countedFields)[number] | 'type' | 'by_channel' | 'week', string | null> & { n: number; participants: string | null; score: string | null }>(
    `WITH ${subjects}
     SELECT e.payload->>'type' AS type, s.channel AS by_channel,
            ${countedFields.map((f) => `e.payload->>'${f}' AS ${f}`).join(', ')},
            to_char(monitoring_week(e.at), 'YYYY-MM-DD') AS week,
            count(*)::int AS n,
            sum((e.payload->>'participants')::numeric) AS participants,
            sum((e.payload->>'participants')::numeric * (e.payload->>'averageScore')::numeric) AS score
     FROM ev e LEFT JOIN started s USING (subject)
     WHERE monitoring_counted(e.payload->>'type')
     GROUP BY ${Array.from({ length: countedFields.length + 3 }, (_, i) => i + 1).join(', ')}`,
    [from, to, quarter],
  );
  const tallies = new Tallies();
  for (const row of people.rows) tallies.person(row.audience, row.channel ?? undefined, row.language ?? undefined, row.n);
  for (const row of groups.rows) {
    const payload: CountedPayload = { type: row.type! };
    for (const field of countedFields) if (row[field] !== null) payload[field] = row[field]!;
    tallies.event(payload, row.by_channel ?? undefined, row.week!, { events: row.n, participants: Number(row.participants ?? 0), score: Number(row.score ?? 0) });
  }
  return QuarterCounts.parse({ v: 1, quarter, byChannel: tallies.byChannel });
}

/** "2026-11-28T11:00Z", as events are written. */
function hourOf(at: Date): string {
  return `${at.toISOString().slice(0, 13)}:00Z`;
}

function mergeCounts(a: QuarterCounts, b: QuarterCounts): QuarterCounts {
  const byChannel = structuredClone(a.byChannel);
  addCounts(byChannel, b.byChannel);
  return { ...a, byChannel };
}
