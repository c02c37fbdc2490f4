/**
 * Benchmark of club quizzes: `npm run bench:quiz`. The target: a patron with a class of 40 moves a
 * 10-question quiz on without waiting for the bot, so "Next" must reach all 40 phones in well under a
 * second of the bot's own time (Telegram's and WhatsApp's sending pace comes on top, and is the
 * channels' business). Each push is a full engine turn for that child (restore, send, persist), so
 * the baseline, measured in the same process, is an ordinary turn: a user asking for the menu.
 * Memory: the live sessions are kept in memory only, so their cost per session is printed too.
 *
 * The same quiz is then run with live quizzes shared through Redis (REDIS_URL, a throwaway
 * redis-server on loopback started here): with one instance, and with two instances in this process
 * (the patron on one, the children alternating between them). Every answer then reads, locks and
 * writes the quiz in Redis, and every push is a turn that reads it.
 */
import { createApp, type App } from '../src/app/createApp.js';
import { loadConfig } from '../src/config/loadConfig.js';
import type { Logger } from '../src/runtime/Logger.js';
import { RedisServer } from '../test/support/redisServer.js';
import { heapUsedMb } from './heapUsedMb.js';

const patronCode = 'BENCH-CODE-0001';
// BENCH_CLASS: another class size (at most the quiz's player limit), to see how the shared quiz grows with it.
const classSize = Number(process.env.BENCH_CLASS ?? 40);
const questions = 10;
const sessionsForMemory = 50;
const silentLogger: Logger = { info() {}, warn() {}, error() {} };

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

function newApp(env: Record<string, string> = {}): App {
  let seed = 7;
  const app = createApp(loadConfig({ PSEUDONYM_SECRET: 'bench-secret-0123456789abcdef0123456789abcdef', PATRON_CODES: patronCode, ...env }), {
    logger: silentLogger,
    storage: 'memory',
    random: () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32),
  });
  app.outbox.register('console', async () => undefined);
  return app;
}

/** Apps that serve one club together (one, or two sharing Redis): each waits for all of them to settle. */
let together: App[] = [];

async function say(app: App, who: string, text: string) {
  const result = await app.engine.handle('console', who, { type: 'text', text });
  for (let i = 0; i < 2; i++) for (const one of together.includes(app) ? together : [app]) await one.quiz.settled();
  return result;
}

/** A patron in the lobby of a 10-question quiz for 13-15 year olds, with `size` children joined (through `apps` in turn). */
async function classroom(app: App, patron: string, size: number, apps: App[] = [app]): Promise<string[]> {
  let lobby = '';
  for (const text of ['hi', 'English', '5', 'ok', 'Run a club quiz', patronCode, '2', 'mixed', '2', '1']) {
    lobby = (await say(app, patron, text)).messages.at(-1)?.text ?? '';
  }
  const code = /join code is (\w+)/.exec(lobby)?.[1];
  if (!code) throw new Error('no join code in the lobby');
  const children = Array.from({ length: size }, (_, i) => `${patron}-child-${i}`);
  for (const [i, child] of children.entries()) await say(apps[i % apps.length]!, child, `join ${code}`);
  return children;
}

/** A whole quiz: the patron's "Next" to every child, and each child's answer, through `apps` in turn. */
async function play(apps: App[], patron: string) {
  together = apps;
  const children = await classroom(apps[0]!, patron, classSize, apps);
  const broadcast: number[] = [];
  const answer: number[] = [];
  const started = performance.now();
  for (let q = 0; q < questions; q++) {
    let start = performance.now();
    await say(apps[q % apps.length]!, patron, q === 0 ? 'Start the quiz' : 'Next question');
    broadcast.push(performance.now() - start);
    for (const [i, child] of children.entries()) {
      start = performance.now();
      await say(apps[i % apps.length]!, child, String(1 + (q % 3)));
      answer.push(performance.now() - start);
    }
  }
  await say(apps[0]!, patron, 'See the results');
  return { broadcast, answer, whole: performance.now() - started };
}

const app = newApp();
// Baseline: an ordinary turn, with the same engine and store.
await say(app, 'baseline', 'hi');
await say(app, 'baseline', 'English');
await say(app, 'baseline', '2');
await say(app, 'baseline', 'ok');
const baseline: number[] = [];
for (let i = 0; i < 500; i++) {
  const start = performance.now();
  await say(app, 'baseline', 'menu');
  baseline.push(performance.now() - start);
}

const { broadcast, answer, whole } = await play([app], 'patron');

const before = heapUsedMb();
const memoryApp = newApp();
for (let s = 0; s < sessionsForMemory; s++) await classroom(memoryApp, `patron${s}`, classSize);
const after = heapUsedMb();

console.log(`baseline turn (menu), median: ${median(baseline).toFixed(3)} ms`);
console.log(`question to ${classSize} children (patron's "Next" until every push is delivered), median: ${median(broadcast).toFixed(1)} ms; worst ${Math.max(...broadcast).toFixed(1)} ms`);
console.log(`  that is ${(median(broadcast) / classSize).toFixed(3)} ms per child, ${(median(broadcast) / classSize / median(baseline)).toFixed(2)}x a baseline turn`);
console.log(`a child's answer (the last one also reveals to everyone), median: ${median(answer).toFixed(3)} ms; worst ${Math.max(...answer).toFixed(1)} ms`);
console.log(`whole ${questions}-question quiz with ${classSize} children, bot time only: ${(whole / 1000).toFixed(2)} s`);
console.log(`memory: ${sessionsForMemory} live sessions of ${classSize} children (with their conversations): ${(after - before).toFixed(1)} MB, ${(((after - before) * 1024) / sessionsForMemory).toFixed(0)} KB per session`);
await app.close();
await memoryApp.close();

// Shared through Redis: one instance, then two.
const redis = await RedisServer.start();
try {
  const shared = [newApp({ REDIS_URL: redis.url }), newApp({ REDIS_URL: redis.url })];
  for (const one of shared) await one.ready();
  for (const [label, apps] of [
    ['redis_1_instance', [shared[0]!]],
    ['redis_2_instances', shared],
  ] as const) {
    const run = await play([...apps], `patron-${label}`);
    console.log(`${label} question to ${classSize} children, median: ${median(run.broadcast).toFixed(1)} ms (in memory: ${median(broadcast).toFixed(1)} ms); worst ${Math.max(...run.broadcast).toFixed(1)} ms`);
    console.log(`${label} a child's answer, median: ${median(run.answer).toFixed(3)} ms (in memory: ${median(answer).toFixed(3)} ms); worst ${Math.max(...run.answer).toFixed(1)} ms`);
    console.log(`${label} whole ${questions}-question quiz with ${classSize} children: ${(run.whole / 1000).toFixed(2)} s (in memory: ${(whole / 1000).toFixed(2)} s)`);
  }
  for (const one of shared) await one.close();
} finally {
  await redis.stop();
}
