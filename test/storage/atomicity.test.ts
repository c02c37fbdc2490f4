import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, type TestContext } from 'vitest';
import { MonitoringEvent } from '../../src/events/MonitoringEvent.js';
import { FileEventLog } from '../../src/storage/FileEventLog.js';
import { LowdbSessionStore } from '../../src/storage/LowdbSessionStore.js';
import { writeFileAtomic } from '../../src/storage/writeFileAtomic.js';
import { ATOMIC_FILE, EVENTS_AT, EVENTS_SUBJECT, SESSION_COUNT, sessionKey } from './fixtures/shared.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const writer = path.join(here, 'fixtures', 'writer.ts');
const KILLS = 5;

/** A temporary folder, removed when the current test ends (the kill tests run concurrently). */
function tempDir({ onTestFinished }: Pick<TestContext, 'onTestFinished'>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'linda-atomic-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Start the writer child, wait until its first write is done, let it run, then SIGKILL it. */
async function runAndKill({ onTestFinished, expect }: TestContext, mode: 'sessions' | 'events' | 'atomic', dir: string): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', writer, mode, dir], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  onTestFinished(() => void child.kill('SIGKILL'));
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.once('exit', (code, signal) => resolve([code, signal])),
  );
  await new Promise<void>((resolve, reject) => {
    const timeout = setTimeout(() => reject(new Error(`writer (${mode}) not ready after 15 s: ${stderr}`)), 15_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) {
        clearTimeout(timeout);
        resolve();
      }
    });
    void exited.then(([code, signal]) => {
      clearTimeout(timeout);
      reject(new Error(`writer (${mode}) exited early (${code ?? signal}): ${stderr}`));
    });
  });
  await sleep(150 + Math.random() * 200);
  child.kill('SIGKILL');
  const [code, signal] = await exited;
  // Still running when killed: it did not stop by itself on an error.
  expect({ code, signal, stderr }).toEqual({ code: null, signal: 'SIGKILL', stderr: '' });
}

/** The files a store reads; names starting with "." are its temporary files and are ignored. */
function visible(dir: string): string[] {
  return readdirSync(dir).filter((f) => !f.startsWith('.'));
}

describe.concurrent('a killed process never leaves a file that does not parse', () => {
  it('LowdbSessionStore: every shard file parses after each SIGKILL, and a new store reads it', async (context) => {
    const { expect } = context;
    const dir = tempDir(context);
    for (let kill = 0; kill < KILLS; kill++) {
      await runAndKill(context, 'sessions', dir);
      // Only shard files: nothing was ever found unreadable and set aside.
      expect(visible(dir)).toEqual(['shard-000.json']);
      const data: unknown = JSON.parse(readFileSync(path.join(dir, 'shard-000.json'), 'utf8'));
      expect(data).toBeTypeOf('object');
      expect(data).not.toBeNull();
      expect(Array.isArray(data)).toBe(false);
      // Each write is one whole snapshot: every session, all from the same round.
      const values = Object.values(data as Record<string, { round: number; i: number; pad: string }>);
      expect(values).toHaveLength(SESSION_COUNT);
      expect(new Set(values.map((v) => v.round)).size).toBe(1);
    }

    const warnings: string[] = [];
    const store = new LowdbSessionStore(dir, { shards: 1, warn: (line) => warnings.push(line) });
    expect(await store.get(sessionKey(0))).toMatchObject({ i: 0 });
    expect(await store.get(sessionKey(SESSION_COUNT - 1))).toMatchObject({ i: SESSION_COUNT - 1 });
    expect(await store.get('not there')).toBeUndefined();
    await store.set(sessionKey(0), { i: 0, round: -1 });
    await store.flush();
    expect(warnings).toEqual([]);
  });

  it('FileEventLog: every complete line parses after each SIGKILL, and a torn tail is cut before the next append', async (context) => {
    const { expect } = context;
    const dir = tempDir(context);
    const file = path.join(dir, `events-${EVENTS_AT.slice(0, 7)}.jsonl`);
    for (let kill = 0; kill < KILLS; kill++) {
      await runAndKill(context, 'events', dir);
      expect(visible(dir)).toEqual([path.basename(file)]);
      const lines = readFileSync(file, 'utf8').split('\n');
      const complete = lines.slice(0, -1); // the last piece is '' or a line cut short
      expect(complete.length).toBeGreaterThanOrEqual(200);
      for (const line of complete) MonitoringEvent.parse(JSON.parse(line));

      const warnings: string[] = [];
      const events: MonitoringEvent[] = [];
      for await (const e of new FileEventLog(dir, { warn: (line) => warnings.push(line) }).read()) events.push(e);
      expect(events.length - complete.length).toBeGreaterThanOrEqual(0);
      expect(events.length - complete.length).toBeLessThanOrEqual(1);
      for (const e of events) expect(MonitoringEvent.safeParse(e).success).toBe(true);
      expect(warnings).toEqual([]);
    }

    const log = new FileEventLog(dir);
    const last: MonitoringEvent = { v: 2, at: EVENTS_AT, subject: EVENTS_SUBJECT, payload: { type: 'forget_me' } };
    await log.append([last]);
    await log.flush();
    const text = readFileSync(file, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.slice(0, -1).split('\n');
    for (const line of lines) MonitoringEvent.parse(JSON.parse(line));
    expect(JSON.parse(lines.at(-1)!)).toEqual(last);
  });

  it('writeFileAtomic: the file always parses after SIGKILL', async (context) => {
    const { expect } = context;
    const dir = tempDir(context);
    for (let kill = 0; kill < 3; kill++) {
      await runAndKill(context, 'atomic', dir);
      expect(visible(dir)).toEqual([ATOMIC_FILE]);
      const data = JSON.parse(readFileSync(path.join(dir, ATOMIC_FILE), 'utf8')) as { round: number; items: string[] };
      expect(data.items).toHaveLength(20_000);
    }
  });
});

describe('writeFileAtomic', () => {
  it('writes, then replaces the whole content, leaving no temporary file', (context) => {
    const dir = tempDir(context);
    const file = path.join(dir, 'secret');
    writeFileAtomic(file, 'first content, rather long\n'.repeat(100));
    expect(readFileSync(file, 'utf8')).toBe('first content, rather long\n'.repeat(100));
    writeFileAtomic(file, 'second');
    expect(readFileSync(file, 'utf8')).toBe('second');
    writeFileAtomic(file, '');
    expect(readFileSync(file, 'utf8')).toBe('');
    expect(readdirSync(dir)).toEqual(['secret']);
  });

  it('makes the file private by default, also when it replaces a more open file', (context) => {
    const dir = tempDir(context);
    const file = path.join(dir, 'data.json');
    writeFileSync(file, 'old', { mode: 0o644 });
    expect(statSync(file).mode & 0o777).toBe(0o644);
    writeFileAtomic(file, 'new');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    writeFileAtomic(path.join(dir, 'other.json'), 'x', 0o640);
    writeFileSync(path.join(dir, 'reference.json'), 'x', { mode: 0o640 }); // same umask applies
    expect(statSync(path.join(dir, 'other.json')).mode & 0o777).toBe(statSync(path.join(dir, 'reference.json')).mode & 0o777);
  });

  it('throws, and creates nothing, when the folder does not exist', (context) => {
    const dir = tempDir(context);
    expect(() => writeFileAtomic(path.join(dir, 'missing', 'file'), 'x')).toThrow();
    expect(readdirSync(dir)).toEqual([]);
  });
});
