/**
 * `npm run bench:scale`: the service on one machine and on shared servers, in one run, on this machine.
 *
 * - Turns through the Telegram webhook (HTTP, as Telegram posts them) with 500 people at once and
 *   100,000 stored sessions, for: one instance on the embedded default (files), one instance on
 *   Redis + PostgreSQL, and two instances on Redis + PostgreSQL behind one address (each update to
 *   one of them in turn). A turn's time runs from the webhook post to the bot's first sendMessage
 *   for that chat. Sends are answered at once in memory (as `npm run bench` does), so Telegram's
 *   own pacing (30 messages a second in all) does not hide the service's work. Both instances of
 *   the two-instance run are in this one process (one CPU thread between them): it measures what the
 *   shared lease and store cost, not what a second machine adds.
 * - Redis memory per stored session.
 * - The quarterly report over 10 million generated events in PostgreSQL (read from the rollups its
 *   triggers keep on insert), beside the file log with 1 million (read and counted in Node); and what
 *   the rollups cost an insert: the same generation, and the log's own batched insert, into a
 *   database without them.
 * Throwaway redis-server and PostgreSQL on loopback, started and stopped here; nothing else is
 * reached. Sizes can be made smaller for a quick look: BENCH_TURNS, BENCH_SESSIONS, BENCH_PG_EVENTS,
 * BENCH_FILE_EVENTS.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient } from '@redis/client';
import type { Transformer } from 'grammy';
import type { Update } from 'grammy/types';
import pg from 'pg';
import { createApp, type App } from '../src/app/createApp.js';
import { createTelegramBot } from '../src/channels/telegram/createTelegramBot.js';
import { startWebhookServer } from '../src/channels/telegram/startWebhookServer.js';
import { loadConfig } from '../src/config/loadConfig.js';
import { Quarter } from '../src/events/Quarter.js';
import { buildReport, quarterPeriod } from '../src/monitoring/buildReport.js';
import { loadTargets } from '../src/monitoring/Targets.js';
import { projectPath } from '../src/app/projectPath.js';
import type { Logger } from '../src/runtime/Logger.js';
import { PostgresEventLog } from '../src/storage/PostgresEventLog.js';
import { botUser } from '../test/channels/telegram/BotApiEmulator.js';
import { writeEventLog } from '../test/monitoring/eventLogFixture.js';
import { freePort } from '../test/support/freePort.js';
import { PostgresServer } from '../test/support/postgresServer.js';
import { randomEvents } from '../test/support/randomEvents.js';
import { RedisServer } from '../test/support/redisServer.js';

const people = 500;
const turns = Number(process.env.BENCH_TURNS ?? 10_000);
const storedSessions = Number(process.env.BENCH_SESSIONS ?? 100_000);
const pgEvents = Number(process.env.BENCH_PG_EVENTS ?? 10_000_000);
const fileEvents = Number(process.env.BENCH_FILE_EVENTS ?? 1_000_000);
const token = '7000003:bench-token-only-for-this-machine';
const secret = 'bench-secret-0123456789abcdef0123456789abcdef';
const webhookSecret = 'bench-webhook-secret';
const quiet: Logger = { info: () => {}, warn: () => {}, error: () => {} };
const botInfo = { ...botUser, id: 7_000_003, username: 'linda_scale_bot' };
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'linda-scale-'));
  dirs.push(dir);
  return dir;
};
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))] ?? Number.NaN;
const fixed = (n: number, digits = 1) => n.toFixed(digits);

/** The first sendMessage to each chat after a wait: answered at once, in memory. */
class Replies {
  private readonly waiting = new Map<number, () => void>();
  readonly transformer: Transformer = async (_prev, method, payload) => {
    if (method === 'sendMessage') {
      const chat = Number((payload as { chat_id: number }).chat_id);
      const wake = this.waiting.get(chat);
      this.waiting.delete(chat);
      wake?.();
      return { ok: true, result: { message_id: 1, date: 0, chat: { id: chat, type: 'private', first_name: 'A' }, text: '' } as never };
    }
    return { ok: true, result: true as never };
  };
  /** The next reply to `chat`; a turn unanswered for 30 s stops the bench with what was sent. */
  next(chat: number, sent: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no reply to chat ${chat} within 30 s after "${sent}"`)), 30_000);
      this.waiting.set(chat, () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

/** One instance: the app with these settings and its Telegram bot behind a webhook server. */
async function instance(env: Record<string, string>, replies: Replies): Promise<{ app: App; port: number; close(): Promise<void> }> {
  const config = loadConfig({ PSEUDONYM_SECRET: secret, ...env });
  const app = createApp(config, { logger: quiet, storage: 'files' });
  await app.ready();
  const { bot } = createTelegramBot({ token, botInfo, apiRoot: 'http://127.0.0.1:9', engine: app.engine, logger: quiet, groupNotice: () => 'private chats only' });
  bot.api.config.use(replies.transformer);
  const port = await freePort();
  // 500 people at once are 500 connections here; a TLS proxy in front would pool them.
  const server = await startWebhookServer({ bot, path: '/telegram', secretToken: webhookSecret, host: '127.0.0.1', port, logger: quiet, limits: { maxConnections: 2_048 } });
  return {
    app,
    port,
    close: async () => {
      await server.close();
      await app.close();
    },
  };
}

let updateId = 1;
function text(chat: number, body: string): Update {
  return {
    update_id: updateId++,
    message: { message_id: updateId, date: Math.floor(Date.now() / 1000), chat: { id: chat, type: 'private', first_name: 'Amani' }, from: { id: chat, is_bot: false, first_name: 'Amani' }, text: body },
  };
}

/** A stored session like a person's at the menu, under 100,000 pseudonyms nobody is using. */
async function fillSessions(app: App): Promise<void> {
  const key = app.pseudonymOf('telegram', '1');
  for (const body of ['hi', 'English', '2', 'ok']) await app.engine.handle('telegram', '1', { type: 'text', text: body });
  const session = await app.store.get(key);
  for (let i = 0; i < storedSessions; i += 1_000) {
    await Promise.all(Array.from({ length: Math.min(1_000, storedSessions - i) }, (_, j) => app.store.set(app.pseudonymOf('telegram', `stored-${i + j}`), session)));
  }
  await app.store.flush();
}

/**
 * 500 people at once, taking turns through the instances' webhooks (each update to the next
 * instance). Throughput: each person sends the next message as soon as the last is answered, until
 * `turns` turns are done. Latency: each person sends a message every `gapMs` (about 200 turns a
 * second from all 500, inside what one instance does), so the figure is a turn's own time, not
 * time queued behind a saturated machine.
 */
async function load(ports: number[], replies: Replies, paced: boolean): Promise<{ perSecond: number; p50: number; p99: number }> {
  const script = ['hi', 'English', '2', 'ok', '3', 'menu', 'help', 'back', '2', '1', 'Kisumu', 'menu'];
  const gapMs = 2_500;
  const times: number[] = [];
  let next = 0;
  const post = async (update: Update) => {
    const port = ports[next++ % ports.length]!;
    const response = await fetch(`http://127.0.0.1:${port}/telegram`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': webhookSecret },
      body: JSON.stringify(update),
    });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`the webhook answered ${response.status}`);
  };
  const base = chatBase;
  chatBase += people;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: people }, async (_, person) => {
      const chat = base + person;
      if (paced) await new Promise((resolve) => setTimeout(resolve, (person / people) * gapMs));
      // Each person takes the same number of turns, under the flood limit's burst of 30, as people do.
      for (let step = 0; step < Math.ceil(turns / people); step++) {
        const said = script[step % script.length]!;
        const reply = replies.next(chat, `${said}" (step ${step}`);
        const t = performance.now();
        await post(text(chat, said));
        await reply;
        const took = performance.now() - t;
        times.push(took);
        if (paced) await new Promise((resolve) => setTimeout(resolve, Math.max(0, gapMs - took)));
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  return { perSecond: times.length / seconds, p50: percentile(times, 50), p99: percentile(times, 99) };
}

/** Each run's people are new chats (a fresh start), so no run continues another's conversations. */
let chatBase = 900_000_000;

/** Saturated throughput, then paced latency, on these instances. */
async function measure(name: string, ports: number[], replies: Replies, baseline?: number): Promise<number> {
  progress(`${name}: heap ${fixed(process.memoryUsage().heapUsed / 2 ** 20, 0)} MB`);
  const saturated = await load(ports, replies, false);
  const paced = await load(ports, replies, true);
  const share = baseline ? ` (${fixed((saturated.perSecond / baseline) * 100, 0)}% of the embedded default; target 50%)` : '';
  console.log(`${name}_turns_per_s: ${fixed(saturated.perSecond)}${share}`);
  console.log(`${name}_turn_p50_ms: ${fixed(paced.p50, 2)}`);
  console.log(`${name}_turn_p99_ms: ${fixed(paced.p99, 2)} (target 15)`);
  console.log(`${name}_turn_p99_saturated_ms: ${fixed(saturated.p99, 1)}`);
  return saturated.perSecond;
}

const progress = (line: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);

const [redis, postgres] = await Promise.all([RedisServer.start(), PostgresServer.start()]);
try {
  const servers = { REDIS_URL: redis.url, DATABASE_URL: postgres.url };
  const redisClient = createClient({ url: redis.url });
  await redisClient.connect();
  const usedMemory = async () => Number(/used_memory:(\d+)/.exec(await redisClient.info('memory'))?.[1]);

  const parts = (process.env.BENCH_PARTS ?? 'turns,reports').split(',');
  if (parts.includes('turns')) {
    // One instance, embedded default.
    const replies = new Replies();
    progress('filling the embedded store');
    let embedded: Awaited<ReturnType<typeof instance>> | undefined = await instance({ DATA_DIR: tempDir() }, replies);
    await fillSessions(embedded.app);
    progress('embedded: one instance (after a warm-up run, so neither side pays for a cold start)');
    await load([embedded.port], replies, false);
    const baseline = await measure('embedded_1_instance', [embedded.port], replies);
    await embedded.close();
    // Let its 100,000 sessions go before the next runs, so they do not pay for collecting them.
    embedded = undefined;
    // Collected now (npm run bench:scale exposes gc), so the next runs do not pay for 100,000 sessions
    // they never held, as a separate machine would not.
    for (let i = 0; i < 3; i++) (globalThis as { gc?: () => void }).gc?.();

    // One instance, Redis + PostgreSQL.
    const before = await usedMemory();
    progress('filling Redis');
    const shared = await instance({ DATA_DIR: tempDir(), ...servers }, replies);
    await fillSessions(shared.app);
    const perSession = ((await usedMemory()) - before) / storedSessions;
    progress('Redis + PostgreSQL: one instance (after the same warm-up run)');
    await load([shared.port], replies, false);
    await measure('redis_pg_1_instance', [shared.port], replies, baseline);

    // Two instances, Redis + PostgreSQL, one address.
    const second = await instance({ DATA_DIR: tempDir(), ...servers }, replies);
    progress('Redis + PostgreSQL: two instances');
    await measure('redis_pg_2_instances', [shared.port, second.port], replies, baseline);
    await Promise.all([shared.close(), second.close()]);
    console.log(`redis_bytes_per_session: ${fixed(perSession, 0)}`);
    await redisClient.close();
  }
  progress('reports');
  if (parts.includes('reports')) {

    // Reports: 1 million events in files, 10 million in PostgreSQL.
    const q = quarterPeriod('2026Q4');
    const targets = loadTargets(projectPath('seeds/monitoring-targets.json'));
    const dataDir = writeEventLog(randomEvents(fileEvents, { people: 50_000, from: q.from, to: q.to, seed: 31 }), tempDir());
    let t = performance.now();
    await buildReport({ dataDir, period: q, targets });
    console.log(`report_file_log_${fileEvents}_events_s: ${fixed((performance.now() - t) / 1000, 2)}`);

    const admin = new pg.Client({ connectionString: postgres.url });
    admin.on('error', () => {});
    await admin.connect();
    await admin.query('CREATE DATABASE without_rollups');
    const plainUrl = postgres.url.replace(/\/postgres$/, '/without_rollups');
    const plainAdmin = new pg.Client({ connectionString: plainUrl });
    plainAdmin.on('error', () => {});
    await plainAdmin.connect();
    const log = new PostgresEventLog({ url: postgres.url, migrations: projectPath('migrations'), spoolFile: path.join(tempDir(), 'spool.jsonl') });
    const plainLog = new PostgresEventLog({ url: plainUrl, migrations: projectPath('migrations'), spoolFile: path.join(tempDir(), 'spool.jsonl') });
    await Promise.all([log.connect(), plainLog.connect()]);
    // The second database stands for the table as it was before the rollups: no triggers, no index
    // by subject. It shows what keeping the rollups costs an insert.
    await plainAdmin.query(`DROP TRIGGER monitoring_rollup_insert ON monitoring_events;
      DROP TRIGGER monitoring_rollup_truncate ON monitoring_events;
      DROP INDEX monitoring_events_quarter_subject`);
    await admin.query('TRUNCATE monitoring_events');
    // Generated in the database itself: the same kinds of event, subjects and hours as randomEvents,
    // 1 million rows a statement (each statement's rows go through the rollup trigger at once).
    const generate = async (client: pg.Client) => {
      const t0 = performance.now();
      for (let done = 0; done < pgEvents; done += 1_000_000) {
        await client.query(
          `INSERT INTO monitoring_events (at, quarter, subject, payload)
           SELECT date_trunc('hour', $1::timestamptz + random() * ($2::timestamptz - $1::timestamptz)), '2026Q4',
                  lpad(to_hex((random() * 500000)::int), 16, '0'),
                  CASE (random() * 9)::int
                    WHEN 0 THEN jsonb_build_object('type', 'session_started', 'channel', (ARRAY['telegram','whatsapp','console'])[1 + (random() * 2)::int], 'locale', (ARRAY['en','sw'])[1 + (random())::int])
                    WHEN 1 THEN jsonb_build_object('type', 'audience_set', 'audience', (ARRAY['age10_12','age13_15','age16_17','caregiver','patron'])[1 + (random() * 4)::int])
                    WHEN 2 THEN jsonb_build_object('type', 'locale_set', 'locale', (ARRAY['en','sw'])[1 + (random())::int])
                    WHEN 3 THEN jsonb_build_object('type', 'help_viewed', 'option', (ARRAY['116','1195','999_112','dci'])[1 + (random() * 3)::int])
                    WHEN 4 THEN jsonb_build_object('type', 'crisis_detected', 'tier', (ARRAY['interrupt','checkin'])[1 + (random())::int], 'situation', (ARRAY['self_harm','bullying','distress','unspecified'])[1 + (random() * 3)::int], 'language', 'en', 'state', 'menu')
                    WHEN 5 THEN jsonb_build_object('type', 'lesson_started', 'lesson', 'teen_nudes', 'audience', 'age13_15')
                    WHEN 6 THEN jsonb_build_object('type', 'lesson_completed', 'lesson', 'teen_nudes', 'audience', 'age13_15', 'correct', 1, 'total', 2)
                    WHEN 7 THEN jsonb_build_object('type', 'referral_lookup', 'county', lpad((1 + (random() * 46)::int)::text, 3, '0'), 'need', (ARRAY['medical','counselling','police','shelter','child_protection','legal'])[1 + (random() * 5)::int], 'results', 2)
                    ELSE jsonb_build_object('type', 'media_refused', 'kind', 'photo')
                  END
           FROM generate_series(1, $3::int)`,
          [q.from, q.to, Math.min(1_000_000, pgEvents - done)],
        );
      }
      await client.query('ANALYZE monitoring_events');
      return (performance.now() - t0) / 1000;
    };
    progress('generating events in PostgreSQL without rollups');
    console.log(`pg_generate_${pgEvents}_events_without_rollups_s: ${fixed(await generate(plainAdmin), 1)}`);
    progress('generating events in PostgreSQL with rollups');
    console.log(`pg_generate_${pgEvents}_events_s: ${fixed(await generate(admin), 1)}`);
    t = performance.now();
    await buildReport({ dataDir: tempDir(), source: log, period: q, targets });
    console.log(`report_postgres_${pgEvents}_events_s: ${fixed((performance.now() - t) / 1000, 2)} (target 2)`);

    // The service's own batched insert, on top of those events: 100 events a statement (what the
    // log's 25 ms timer gathers at 4,000 events a second), into the next quarter, new people.
    const next = Quarter.bounds('2027Q1');
    const appended = randomEvents(100_000, { people: 20_000, from: next.from, to: next.to, seed: 41 });
    for (const [name, target] of [['without_rollups', plainLog], ['with_rollups', log]] as const) {
      progress(`the log's batched insert, ${name.replace('_', ' ')}`);
      const t0 = performance.now();
      for (let i = 0; i < appended.length; i += 100) {
        await target.append(appended.slice(i, i + 100));
        await target.flush();
      }
      console.log(`pg_append_events_per_s_${name}: ${fixed(appended.length / ((performance.now() - t0) / 1000), 0)}`);
    }
    await Promise.all([log.close(), plainLog.close()]);
    await Promise.all([admin.end(), plainAdmin.end()]);
  }
} finally {
  await Promise.all([redis.stop(), postgres.destroy()]);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
