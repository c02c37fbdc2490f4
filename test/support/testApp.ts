import { createApp, type App } from '../../src/app/createApp.js';
import { loadConfig } from '../../src/config/loadConfig.js';
import { Pseudonymizer } from '../../src/events/Pseudonymizer.js';
import type { Logger } from '../../src/runtime/Logger.js';

export const testSecret = 'test-secret-0123456789abcdef0123456789abcdef';

/** A logger that keeps what it was told, so tests can check that failures were logged, and how. */
export class RecordingLogger implements Logger {
  readonly lines: { level: string; fields: Record<string, unknown>; message: string }[] = [];
  info(fields: Record<string, unknown>, message: string) {
    this.lines.push({ level: 'info', fields, message });
  }
  warn(fields: Record<string, unknown>, message: string) {
    this.lines.push({ level: 'warn', fields, message });
  }
  error(fields: Record<string, unknown>, message: string) {
    this.lines.push({ level: 'error', fields, message });
  }
}

/** Timers the test fires by moving the clock on: a quiz's time limits and expiry. */
export class ManualTimers {
  private timers: { at: number; run: () => void }[] = [];
  constructor(private readonly now: { value: Date }) {}
  schedule = (ms: number, run: () => void) => {
    const timer = { at: this.now.value.getTime() + ms, run };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  };
  /** Move the clock on by `ms` and run every timer that falls due, in order. */
  advance(ms: number): void {
    const until = this.now.value.getTime() + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.now.value = new Date(due.at);
      due.run();
    }
    this.now.value = new Date(until);
  }
}

/** A seeded random, so join codes and nicknames are the same in every run. */
export function seededRandom(seed = 42): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** The patron access code every test app accepts. */
export const testPatronCode = 'CLUB-TEST-0001';

export interface TestApp extends App {
  logger: RecordingLogger;
  now: { value: Date };
  timers: ManualTimers;
  /** The store key of a console user, as the engine computes it. */
  keyOf(platformId: string): string;
}

/** The real app, with memory storage, a fixed secret, a patron code, seeded codes, and a clock and timers the test can move. */
export function createTestApp(env: Record<string, string> = {}, shared: { now?: { value: Date } } = {}): TestApp {
  const logger = new RecordingLogger();
  // Two instances in one test may share one clock, as two machines share the time.
  const now = shared.now ?? { value: new Date('2026-11-28T10:15:00Z') };
  const timers = new ManualTimers(now);
  const app = createApp(loadConfig({ PSEUDONYM_SECRET: testSecret, PATRON_CODES: testPatronCode, ...env }), {
    logger,
    storage: 'memory',
    clock: () => now.value,
    schedule: timers.schedule,
    random: seededRandom(),
  });
  const pseudonyms = new Pseudonymizer(testSecret);
  return { ...app, logger, now, timers, keyOf: (id) => pseudonyms.conversationKey('console', id) };
}
