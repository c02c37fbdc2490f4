/**
 * Benchmark of turns and of persisting sessions: `npm run bench` (under two minutes on 2 cores), or
 * `npm run bench -- --quick` for a smoke run with small sizes (too small for the targets to mean much).
 *
 * Why these figures matter: lowdb rewrites its whole file on every write, and with every session in
 * one file that was measured at about 278 ms per write at 100,000 sessions (30 MB): a few turns a
 * second for the whole bot. The target is that persisting one turn costs well under 1 ms at 100,000
 * stored sessions, which the sharded, write-behind LowdbSessionStore is meant to deliver. This script
 * measures it against that naive single-file baseline in the same process, together with the whole
 * engine's throughput and latency on the in-memory store and on the file store.
 *
 * The store's part of a turn is given three ways: `set` alone (the store only marks a shard to be
 * written later), `set_and_flush` (one shard rewritten at once, the cost when turns are spread out)
 * and `burst` (many turns, then one flush: the cost when writes are coalesced). The engine runs also
 * count whole-shard writes per turn and the time spent between turns, where delayed writes run.
 *
 * The Telegram figures (scripts/benchTelegram.ts) compare one update handled by our bot, built by
 * createTelegramBot, with a plain grammY bot and with the @grammyjs/conversations plugin, at the
 * first step of a conversation and after 400 turns, with a transport that answers at once. The
 * resident memory at 100,000 sessions is measured in a process of its own (scripts/benchRss.ts).
 * Each target is printed as a figure too (`target_...: pass` or `fail`), with the ratio it is on.
 *
 * Nothing here uses the network (scripts/offline.ts refuses any connection that leaves the machine).
 * Output: a `# bench:` header, then one `name: value` figure per line, units in the name. Everything
 * is written under a temporary folder in os.tmpdir(), removed at the end.
 */
import './offline.js';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { createApp, type App } from '../src/app/createApp.js';
import { loadConfig } from '../src/config/loadConfig.js';
import { Pseudonymizer } from '../src/events/Pseudonymizer.js';
import type { Logger } from '../src/runtime/Logger.js';
import { SessionRecord } from '../src/runtime/SessionRecord.js';
import type { SessionStore } from '../src/storage/SessionStore.js';
import { heapUsedMb } from './heapUsedMb.js';
import { benchTelegram } from './benchTelegram.js';

const quick = process.argv.includes('--quick');
const size = quick
  ? { sessions: 10_000, users: 200, warmUsers: 20, setSamples: 2_000, flushSamples: 50, batch: 500, naiveWrites: 5 }
  : { sessions: 100_000, users: 2_000, warmUsers: 100, setSamples: 20_000, flushSamples: 200, batch: 2_000, naiveWrites: 10 };
/** Per-update Telegram runs; the plugin's deep chats are the costly part (each update replays all before it). */
const telegramSize = quick
  ? { plainUpdates: 200, step1Chats: 20, depth: 40, oursDeepChats: 3, conversationsDeepChats: 3 }
  : { plainUpdates: 2_000, step1Chats: 200, depth: 400, oursDeepChats: 31, conversationsDeepChats: 15 };
/** The stored sessions, as figure names give them: `100k` (`10k` in a quick run). */
const atSessions = `${size.sessions / 1000}k`;
const shardCount = 256; // LowdbSessionStore's default
const channel = 'console' as const;
const secret = 'b'.repeat(64);

/**
 * One user's conversation, as typed in the console, with the message each turn should end on, so a
 * dialog that stopped working cannot pass for a fast one.
 */
const conversation: readonly { text: string; expect: string }[] = [
  { text: 'hi', expect: 'onboarding:language' }, // first contact: welcome, pick a language
  { text: '1', expect: 'onboarding:audience' }, // English
  { text: '2', expect: 'privacy:note.teen.short' }, // age 13-15
  { text: '1', expect: 'menu:title' }, // OK, to the menu
  { text: '3', expect: 'settings:title' }, // privacy and settings
  { text: '9', expect: 'common:notUnderstood' }, // a keypad slip, not a choice: asked again
  { text: 'menu', expect: 'menu:title' }, // command
  { text: 'help', expect: 'help:now' }, // command, interrupts the menu
  { text: 'back', expect: 'menu:title' }, // back to where the user was
  { text: '1', expect: 'lessons:list' }, // learn
  { text: '1', expect: 'lessons:card' }, // the first lesson, first card
  { text: 'next', expect: 'lessons:card' }, // its second card (progress kept)
  { text: 'menu', expect: 'menu:title' },
  { text: '2', expect: 'referral:need' }, // places near me that can help
  { text: '1', expect: 'referral:where' }, // medical care
  { text: 'Kisumu', expect: 'referral:results' }, // a county typed by name
  { text: 'menu', expect: 'menu:title' },
];

const silentLogger: Logger = { info() {}, warn() {}, error() {} };

function line(name: string, value: number | string): void {
  const shown =
    typeof value !== 'number'
      ? value
      : Number.isInteger(value)
        ? String(value)
        : Math.abs(value) < 0.1
          ? value.toPrecision(3) // a few microseconds keep their digits
          : value.toFixed(value < 10 ? 3 : 1);
  console.log(`${name}: ${shown}`);
}

const ms = (from: bigint, to: bigint) => Number(to - from) / 1e6;

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? NaN;
}

function stats(samples: number[]): { median: number; p99: number; max: number } {
  const sorted = Float64Array.from(samples).sort();
  return { median: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: percentile(sorted, 1) };
}


/** The next turn of the event loop, so timers (the stores' delayed writes) run between turns as in production. */
const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Deterministic 64-hex keys shaped like conversation keys (HMAC-SHA256 hex). */
const storedKey = (prefix: string, i: number) => createHash('sha256').update(`${prefix}:${i}`).digest('hex');

/** The shard a key lives in: LowdbSessionStore's shardIndex for hex keys. */
const shardOf = (key: string) => parseInt(key.slice(0, 6), 16) % shardCount;

/** A key that falls into shard `index`, to open every shard without adding a session. */
const keyInShard = (index: number) => index.toString(16).padStart(6, '0') + 'f'.repeat(58);

const today = () => new Date().toISOString().slice(0, 10);

/**
 * What a turn persists: the session of a user at the main menu, dialog snapshot included, as the
 * engine leaves it after the conversation above (taken from the engine so it follows the schema).
 */
async function sampleSession(): Promise<SessionRecord> {
  const app = createApp(loadConfig({ PSEUDONYM_SECRET: secret }), { logger: silentLogger, storage: 'memory' });
  for (const step of conversation) await app.engine.handle(channel, 'sample', { type: 'text', text: step.text });
  await app.close();
  return SessionRecord.parse(await app.store.get(new Pseudonymizer(secret).conversationKey(channel, 'sample')));
}

/**
 * A stored session at rest, used today. A session keeps the dialog it was left in, so it is the
 * sample as it is: the menu's snapshot and the lesson progress included.
 */
function storedSession(sample: SessionRecord): SessionRecord {
  return SessionRecord.parse({ ...sample, day: today() });
}

/** `count` stored sessions spread over the shard objects, as the store keeps them. */
function sessionShards(count: number, session: SessionRecord): Record<string, unknown>[] {
  const shards = Array.from({ length: shardCount }, () => ({}) as Record<string, unknown>);
  for (let i = 0; i < count; i++) {
    const key = storedKey('stored', i);
    shards[shardOf(key)]![key] = structuredClone(session);
  }
  return shards;
}

function dirMb(dir: string): number {
  return readdirSync(dir).reduce((sum, f) => sum + statSync(path.join(dir, f)).size, 0) / 2 ** 20;
}

interface RunResult {
  turns: number;
  wallMs: number;
  perTurn: number[];
}

/**
 * Every user holds the same conversation; users take turns round-robin (each user's next turn only
 * after every other user's), each `engine.handle` awaited and timed on its own.
 */
async function converse(app: App, users: string[]): Promise<RunResult> {
  const perTurn: number[] = [];
  const start = process.hrtime.bigint();
  for (const step of conversation) {
    for (const user of users) {
      const t0 = process.hrtime.bigint();
      const result = await app.engine.handle(channel, user, { type: 'text', text: step.text });
      const t1 = process.hrtime.bigint();
      perTurn.push(ms(t0, t1));
      const last = result.messages.at(-1)?.key;
      if (last !== step.expect) throw new Error(`turn "${step.text}" ended on ${String(last)}, expected ${step.expect}`);
      await nextTick();
    }
  }
  return { turns: perTurn.length, wallMs: ms(start, process.hrtime.bigint()), perTurn };
}

/** Prints a run's figures; throughput and p99 under the names given. Returns them. */
function report(prefix: string, run: RunResult, names: { perS: string; p99?: string }): { perS: number; p99: number } {
  const s = stats(run.perTurn);
  const inTurns = run.perTurn.reduce((sum, t) => sum + t, 0);
  const perS = Math.round(run.turns / (run.wallMs / 1000));
  line(`${prefix}_turns`, run.turns);
  // Turns a second, one engine turn after another, wall time (the time between turns included).
  line(names.perS, perS);
  line(`${prefix}_turn_median_ms`, s.median);
  line(names.p99 ?? `${prefix}_turn_p99_ms`, s.p99);
  line(`${prefix}_turn_max_ms`, s.max);
  line(`${prefix}_turn_mean_ms`, inTurns / run.turns);
  // Wall time outside handle(): the yield to the event loop and whatever timers ran there (delayed writes).
  line(`${prefix}_between_turns_ms_per_turn`, (run.wallMs - inTurns) / run.turns);
  return { perS, p99: s.p99 };
}

/** Counts lowdb writes (each a whole file rewritten) while `counting` is set; the naive store's are not counted. */
const lowdbWrites = { counting: false, count: 0 };
const lowdbWrite = Low.prototype.write;
Low.prototype.write = function (this: Low<unknown>): Promise<void> {
  if (lowdbWrites.counting) lowdbWrites.count++;
  return lowdbWrite.call(this);
};

const userIds = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}-${i}`);

/** Engine turns a second on the in-memory store: an "update" here is one engine turn. */
async function benchMemory(): Promise<number> {
  const app = createApp(loadConfig({}), { logger: silentLogger, storage: 'memory' });
  await converse(app, userIds('warm', size.warmUsers));
  const { perS } = report('engine_memory', await converse(app, userIds('user', size.users)), { perS: 'memory_updates_per_s' });
  await app.close();
  return perS;
}

interface PersistCosts {
  set: number;
  writeThrough: number;
  amortized: number;
}

interface FilesFigures {
  persist: PersistCosts;
  perS: number;
  p99: number;
  bytesPerSession: number;
  rssMb: number;
}

/**
 * The bot's resident memory with every stored session loaded, in a process of its own
 * (scripts/benchRss.ts) on a copy of the data folder, so the benchmark's own memory is not counted.
 */
function measureRss(root: string, sessionsDir: string): number {
  const dataDir = path.join(root, 'rss');
  cpSync(sessionsDir, path.join(dataDir, 'sessions'), { recursive: true });
  const script = path.join(import.meta.dirname, 'benchRss.ts');
  const child = spawnSync(process.execPath, [...process.execArgv, '--expose-gc', script, dataDir, secret], { encoding: 'utf8', timeout: 120_000 });
  if (child.status !== 0) throw new Error(`the memory run failed: ${child.stderr || child.error?.message}`);
  const result = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '') as { rssMb: number; heapUsedMb: number; shards: number };
  if (result.shards !== shardCount) throw new Error(`the memory run opened ${result.shards} shards`);
  line(`rss_heap_used_mb_${atSessions}`, result.heapUsedMb);
  rmSync(dataDir, { recursive: true, force: true });
  return result.rssMb;
}

/** Returns the sharded store's figures, and its per-turn persist costs for the comparison with the naive store. */
async function benchFiles(root: string, record: SessionRecord): Promise<FilesFigures> {
  const dataDir = path.join(root, 'files');
  const sessionsDir = path.join(dataDir, 'sessions');
  mkdirSync(sessionsDir, { recursive: true });
  let t0 = process.hrtime.bigint();
  sessionShards(size.sessions, storedSession(record)).forEach((shard, i) =>
    writeFileSync(path.join(sessionsDir, `shard-${String(i).padStart(3, '0')}.json`), JSON.stringify(shard)),
  );
  line('files_prefill_ms', ms(t0, process.hrtime.bigint()));
  line('files_shards_total_mb', dirMb(sessionsDir));
  line(`disk_bytes_per_session_${atSessions}`, Math.round((dirMb(sessionsDir) * 2 ** 20) / size.sessions));
  const rssMb = measureRss(root, sessionsDir);
  line(`rss_mb_${atSessions}`, rssMb);

  const app = createApp(loadConfig({ DATA_DIR: dataDir, PSEUDONYM_SECRET: secret }), { logger: silentLogger, storage: 'files' });
  const heapBefore = heapUsedMb();
  t0 = process.hrtime.bigint();
  for (let i = 0; i < shardCount; i++) await app.store.get(keyInShard(i));
  line('files_load_all_shards_ms', ms(t0, process.hrtime.bigint()));
  const heapAfter = heapUsedMb();
  line('files_heap_used_mb_after_load', heapAfter);
  // The heap the loaded sessions take, per session: what a stored session costs in memory.
  const bytesPerSession = Math.round(((heapAfter - heapBefore) * 2 ** 20) / size.sessions);
  line('bytes_per_session', bytesPerSession);

  await converse(app, userIds('warm', size.warmUsers));
  await app.close();
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  lowdbWrites.counting = true;
  const run = await converse(app, userIds('user', size.users));
  loop.disable();
  const files = report('engine_files', run, { perS: `persisted_updates_per_s_${atSessions}`, p99: `persisted_p99_ms_${atSessions}` });
  line('engine_files_event_loop_delay_p99_ms', loop.percentile(99) / 1e6);
  line('engine_files_event_loop_delay_max_ms', loop.max / 1e6);
  const writesInRun = lowdbWrites.count;
  t0 = process.hrtime.bigint();
  await app.close();
  line('engine_files_close_ms', ms(t0, process.hrtime.bigint()));
  lowdbWrites.counting = false;
  line('engine_files_close_shard_writes', lowdbWrites.count - writesInRun);
  line('engine_files_shard_writes', lowdbWrites.count);
  line('engine_files_shard_writes_per_turn', lowdbWrites.count / run.turns);

  const pseudonyms = new Pseudonymizer(secret);
  const persist = await persistCosts(app.store, record);
  await app.close();

  // Everything that was said is on disk, in the shards a fresh store would open.
  let onDisk = 0;
  let found = 0;
  const wanted = new Set(userIds('user', size.users).map((u) => pseudonyms.conversationKey(channel, u)));
  for (const file of readdirSync(sessionsDir).filter((f) => /^shard-\d{3}\.json$/.test(f))) {
    const shard = JSON.parse(readFileSync(path.join(sessionsDir, file), 'utf8')) as Record<string, unknown>;
    for (const [key, session] of Object.entries(shard)) {
      onDisk++;
      if (wanted.has(key) && SessionRecord.parse(session).dialog?.id === 'menu') found++;
    }
  }
  line('files_sessions_on_disk', onDisk);
  if (found !== size.users) throw new Error(`only ${found} of ${size.users} conversations were on disk at the menu`);
  line('files_shards_total_mb_after', dirMb(sessionsDir));
  return { persist, perS: files.perS, p99: files.p99, bytesPerSession, rssMb };
}

/** The store's part of a turn alone: set() (write-behind), set() then flush() (one shard written), and a burst. */
async function persistCosts(store: SessionStore, record: SessionRecord): Promise<PersistCosts> {
  const sets: number[] = [];
  for (let i = 0; i < size.setSamples; i++) {
    const key = storedKey('set', i);
    const t0 = process.hrtime.bigint();
    await store.set(key, record);
    sets.push(ms(t0, process.hrtime.bigint()));
  }
  await store.flush();
  const set = stats(sets);
  line('files_store_set_median_ms', set.median);
  line('files_store_set_p99_ms', set.p99);

  const writes: number[] = [];
  for (let i = 0; i < size.flushSamples; i++) {
    const key = storedKey('through', i);
    const t0 = process.hrtime.bigint();
    await store.set(key, record);
    await store.flush();
    writes.push(ms(t0, process.hrtime.bigint()));
  }
  const through = stats(writes);
  line('files_store_set_and_flush_median_ms', through.median);
  line('files_store_set_and_flush_p99_ms', through.p99);

  const t0 = process.hrtime.bigint();
  for (let i = 0; i < size.batch; i++) await store.set(storedKey('burst', i), record);
  await store.flush();
  const amortized = ms(t0, process.hrtime.bigint()) / size.batch;
  line('files_store_burst_sets', size.batch);
  line('files_store_burst_ms_per_set', amortized);
  return { set: set.median, writeThrough: through.median, amortized };
}

/** The baseline: every session in one lowdb JSONFile, written in full on every persisted turn (same record as above). */
async function benchNaive(root: string, record: SessionRecord): Promise<number> {
  const file = path.join(root, 'naive', 'db.json');
  mkdirSync(path.dirname(file), { recursive: true });
  const sessions = Object.fromEntries(sessionShards(size.sessions, storedSession(record)).flatMap((shard) => Object.entries(shard)));
  writeFileSync(file, JSON.stringify(sessions, null, 2)); // indented, as JSONFile writes it
  line('naive_file_mb', statSync(file).size / 2 ** 20);
  const db = new Low<Record<string, unknown>>(new JSONFile(file), {});
  let t0 = process.hrtime.bigint();
  await db.read();
  line('naive_load_ms', ms(t0, process.hrtime.bigint()));
  const writes: number[] = [];
  for (let i = 0; i < size.naiveWrites; i++) {
    t0 = process.hrtime.bigint();
    db.data[storedKey('naive', i)] = structuredClone(record);
    await db.write();
    writes.push(ms(t0, process.hrtime.bigint()));
  }
  const s = stats(writes);
  line('naive_writes', writes.length);
  line(`naive_lowdb_ms_per_write_${atSessions}`, s.median);
  line('naive_write_max_ms', s.max);
  line('naive_turns_per_s', 1000 / s.median);
  return s.median;
}

interface Target {
  name: string;
  value: number;
  atMost?: number;
  atLeast?: number;
}

/** Each target as a figure, `pass` or `fail`, then how many passed. */
function checkTargets(targets: Target[]): void {
  let passed = 0;
  for (const target of targets) {
    const ok = (target.atMost === undefined || target.value <= target.atMost) && (target.atLeast === undefined || target.value >= target.atLeast);
    if (ok) passed++;
    line(`target_${target.name}`, ok ? 'pass' : 'fail');
  }
  line('targets_passed', `${passed} of ${targets.length}`);
}

async function main(): Promise<void> {
  const started = process.hrtime.bigint();
  console.log(`# bench: ${new Date().toISOString()}, node ${process.version}${quick ? ', --quick' : ''}`);
  line('cpus', os.availableParallelism());
  line('stored_sessions', size.sessions);
  line('users', size.users);
  line('turns_per_user', conversation.length);
  const root = mkdtempSync(path.join(os.tmpdir(), 'linda-bench-'));
  try {
    // First, while the heap is small: per-update times are the most sensitive to other work.
    const depth = telegramSize.depth;
    const telegram = await benchTelegram(telegramSize, silentLogger);
    line('plain_grammy_ms', telegram.plainMs);
    line('ours_step1_ms', telegram.oursStep1Ms);
    line(`ours_step${depth}_ms`, telegram.oursDeepMs);
    line('conversations_step1_ms', telegram.conversationsStep1Ms);
    line(`conversations_step${depth}_ms`, telegram.conversationsDeepMs);
    line('telegram_api_calls_answered', telegram.apiCalls);
    line(`session_json_bytes_by_step${depth}`, telegram.deepSessionBytes);

    const memoryPerS = await benchMemory();
    const record = await sampleSession();
    line('session_record_bytes', JSON.stringify(record).length);
    const files = await benchFiles(root, record);
    const naive = await benchNaive(root, record);
    line('persist_speedup_set_vs_naive_x', naive / files.persist.set);
    line('persist_speedup_set_and_flush_vs_naive_x', naive / files.persist.writeThrough);
    line('persist_speedup_burst_vs_naive_x', naive / files.persist.amortized);

    const ratios = {
      [`ours_step${depth}_vs_step1`]: telegram.oursDeepMs / telegram.oursStep1Ms,
      [`ours_step${depth}_vs_plain_grammy`]: telegram.oursDeepMs / telegram.plainMs,
      [`conversations_step${depth}_vs_ours`]: telegram.conversationsDeepMs / telegram.oursDeepMs,
      [`persisted_vs_memory_updates_per_s_${atSessions}`]: files.perS / memoryPerS,
    };
    for (const [name, value] of Object.entries(ratios)) line(name, value);
    const [stepVsStep1, stepVsPlain, pluginVsOurs, persistedVsMemory] = Object.entries(ratios).map(([name, value]) => ({ name, value }));
    checkTargets([
      { ...stepVsStep1!, atMost: 1.1 },
      { ...stepVsPlain!, atMost: 2 },
      { ...pluginVsOurs!, atLeast: 10 },
      { ...persistedVsMemory!, atLeast: 0.5 },
      { name: `persisted_p99_ms_${atSessions}`, value: files.p99, atMost: 10 },
      { name: 'bytes_per_session', value: files.bytesPerSession, atMost: 2048 },
      { name: `rss_mb_${atSessions}`, value: files.rssMb, atMost: 300 },
    ]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  line('bench_total_s', ms(started, process.hrtime.bigint()) / 1000);
}

await main();
