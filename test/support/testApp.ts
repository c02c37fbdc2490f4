import { createApp, type App } from '../../src/app/createApp.js';
import { loadConfig } from '../../src/config/loadConfig.js';
import { Pseudonymizer } from '../../src/monitoring/Pseudonymizer.js';
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

export interface TestApp extends App {
  logger: RecordingLogger;
  now: { value: Date };
  /** The store key of a console user, as the engine computes it. */
  keyOf(platformId: string): string;
}

/** The real app, with memory storage, a fixed secret and a clock the test can move. */
export function createTestApp(env: Record<string, string> = {}): TestApp {
  const logger = new RecordingLogger();
  const now = { value: new Date('2026-11-28T10:15:00Z') };
  const app = createApp(loadConfig({ PSEUDONYM_SECRET: testSecret, ...env }), {
    logger,
    storage: 'memory',
    clock: () => now.value,
  });
  const pseudonyms = new Pseudonymizer(testSecret);
  return { ...app, logger, now, keyOf: (id) => pseudonyms.conversationKey('console', id) };
}
