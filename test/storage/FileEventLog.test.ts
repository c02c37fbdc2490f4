import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MonitoringEvent, type MonitoringPayload } from '../../src/events/MonitoringEvent.js';
import { FileEventLog } from '../../src/storage/FileEventLog.js';
import { MemoryEventLog } from '../../src/storage/MemoryEventLog.js';

const tempDirs: string[] = [];
const logs: FileEventLog[] = [];

function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'linda-events-'));
  tempDirs.push(dir);
  return dir;
}

function open(dir: string, warnings: string[] = [], flushDelayMs = 60_000): FileEventLog {
  const log = new FileEventLog(dir, { flushDelayMs, warn: (line) => warnings.push(line) });
  logs.push(log);
  return log;
}

afterEach(async () => {
  for (const log of logs.splice(0)) await log.flush();
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function event(at: string, payload: MonitoringPayload = { type: 'forget_me' }, subject = '0123456789abcdef'): MonitoringEvent {
  return { v: 2, at, subject, payload };
}

async function readAll(log: FileEventLog): Promise<MonitoringEvent[]> {
  const events: MonitoringEvent[] = [];
  for await (const e of log.read()) events.push(e);
  return events;
}

function lines(file: string): string[] {
  return readFileSync(file, 'utf8').split('\n');
}

describe('FileEventLog', () => {
  it('reads a period from only the files that can hold it, and as a report\'s reader creates nothing', async () => {
    const dir = tempDir();
    const log = open(path.join(dir, 'events'));
    await log.append(['2026-09-30T23:00Z', '2026-10-01T00:00Z', '2026-11-15T10:00Z', '2026-12-01T00:00Z'].map((at) => event(at)));
    await log.flush();
    writeFileSync(path.join(dir, 'events', 'events-2026-08.jsonl'), 'not an event\n');
    const warnings: string[] = [];
    const reader = new FileEventLog(path.join(dir, 'events'), { readOnly: true, warn: (line) => warnings.push(line) });
    const period: string[] = [];
    for await (const e of reader.readPeriod(new Date('2026-10-01T00:00Z'), new Date('2026-12-01T00:00Z'))) period.push(e.at);
    expect(period).toEqual(['2026-10-01T00:00Z', '2026-11-15T10:00Z']);
    // The damaged August file is never opened for a later period.
    expect(warnings).toEqual([]);
    const missing = path.join(dir, 'no-such-folder');
    const none: MonitoringEvent[] = [];
    for await (const e of new FileEventLog(missing, { readOnly: true }).readPeriod(new Date(0), new Date())) none.push(e);
    expect(none).toEqual([]);
    expect(existsSync(missing)).toBe(false);
  });

  it('reads back what was appended, in order, also from a new instance', async () => {
    const dir = tempDir();
    const log = open(dir);
    const events = [
      event('2026-11-28T11:00Z', { type: 'session_started', channel: 'telegram', locale: 'sw' }),
      event('2026-11-28T11:00Z', { type: 'audience_set', audience: 'age13_15' }),
      event('2026-11-28T12:00Z', { type: 'help_viewed', option: '116' }),
    ];
    await log.append(events.slice(0, 2));
    await log.append(events.slice(2));
    // read() flushes what is pending first.
    expect(await readAll(log)).toEqual(events);
    expect(await readAll(open(dir))).toEqual(events);
  });

  it('writes after flushDelayMs without an explicit flush', async () => {
    const dir = tempDir();
    const log = open(dir, [], 10);
    await log.append([event('2026-11-28T11:00Z')]);
    expect(readdirSync(dir)).toEqual([]);
    for (let waited = 0; waited < 2000 && readdirSync(dir).length === 0; waited += 10) await sleep(10);
    await sleep(20);
    expect(lines(path.join(dir, 'events-2026-11.jsonl'))).toEqual([JSON.stringify(event('2026-11-28T11:00Z')), '']);
  });

  it('puts events in one file per month, named events-YYYY-MM.jsonl after their `at`, readable only by the owner', async () => {
    const dir = tempDir();
    const log = open(dir);
    const april = event('2026-04-01T00:00Z');
    const march = event('2026-03-31T23:00Z');
    const december = event('2025-12-31T23:00Z', { type: 'media_refused', kind: 'photo' });
    const march2 = event('2026-03-01T00:00Z', { type: 'help_viewed', option: 'dci' });
    await log.append([april, march]);
    await log.append([december, march2]);
    await log.flush();

    expect(readdirSync(dir).sort()).toEqual(['events-2025-12.jsonl', 'events-2026-03.jsonl', 'events-2026-04.jsonl']);
    expect(lines(path.join(dir, 'events-2026-03.jsonl'))).toEqual([JSON.stringify(march), JSON.stringify(march2), '']);
    expect(lines(path.join(dir, 'events-2026-04.jsonl'))).toEqual([JSON.stringify(april), '']);
    expect(lines(path.join(dir, 'events-2025-12.jsonl'))).toEqual([JSON.stringify(december), '']);
    for (const name of readdirSync(dir)) expect(statSync(path.join(dir, name)).mode & 0o777).toBe(0o600);

    // Oldest month first, then in the order appended.
    expect(await readAll(open(dir))).toEqual([december, march, march2, april]);
  });

  const invalid: [string, unknown][] = [
    ['a free-text option', event('2026-11-28T11:00Z', { type: 'help_viewed', option: 'call me at 0712345678' } as never)],
    ['an extra `text` field in the payload', event('2026-11-28T11:00Z', { type: 'forget_me', text: 'my name is Amina' } as never)],
    ['an extra `text` field on the event', { ...event('2026-11-28T11:00Z'), text: 'my name is Amina' }],
    ['an unknown payload type', event('2026-11-28T11:00Z', { type: 'message_received' } as never)],
    ['an `at` with minutes', event('2026-11-28T11:37Z')],
    ['a subject that is a platform id', event('2026-11-28T11:00Z', { type: 'forget_me' }, '254712345678')],
  ];
  for (const [label, bad] of invalid) {
    it(`refuses an event with ${label}, and writes nothing`, async () => {
      const dir = tempDir();
      const log = open(dir);
      await expect(log.append([bad as MonitoringEvent])).rejects.toThrow();
      await log.flush();
      expect(readdirSync(dir)).toEqual([]);
      expect(await readAll(log)).toEqual([]);
    });
  }

  it('MemoryEventLog refuses a batch with one invalid event as a whole', async () => {
    const log = new MemoryEventLog();
    const bad = event('2026-11-28T11:00Z', { type: 'help_viewed', option: 'call me' } as never);
    await expect(log.append([event('2026-11-28T11:00Z'), bad])).rejects.toThrow();
    expect(log.events).toEqual([]);
  });

  it('refuses a batch with one invalid event as a whole, like MemoryEventLog', async () => {
    const dir = tempDir();
    const log = open(dir);
    const bad = event('2026-11-28T11:00Z', { type: 'help_viewed', option: 'call me' } as never);
    await expect(log.append([event('2026-11-28T11:00Z'), bad])).rejects.toThrow();
    await log.flush();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('reads a file with a torn last line without it, and without a warning', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'events-2026-11.jsonl');
    const a = event('2026-11-28T11:00Z');
    const b = event('2026-11-28T12:00Z', { type: 'help_viewed', option: '1195' });
    writeFileSync(file, `${JSON.stringify(a)}\n${JSON.stringify(b)}\n${JSON.stringify(a).slice(0, 30)}`);
    const warnings: string[] = [];
    expect(await readAll(open(dir, warnings))).toEqual([a, b]);
    expect(warnings).toEqual([]);
    // Reading does not change the file.
    expect(readFileSync(file, 'utf8').endsWith(JSON.stringify(a).slice(0, 30))).toBe(true);
  });

  it('skips a broken line in the middle with a warning that names the line but not its content', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'events-2026-11.jsonl');
    const a = event('2026-11-28T11:00Z');
    writeFileSync(file, `${JSON.stringify(a)}\n{"v":1,"secret":"0712345678"}\nnot json\n${JSON.stringify(a)}\n`);
    const warnings: string[] = [];
    expect(await readAll(open(dir, warnings))).toEqual([a, a]);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain('line 2');
    expect(warnings[1]).toContain('line 3');
    expect(warnings.join('\n')).not.toContain('0712345678');
  });

  it('ignores files that are not month files', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'events-2026-11.jsonl.bak'), 'garbage\n');
    writeFileSync(path.join(dir, 'notes.txt'), 'garbage\n');
    const warnings: string[] = [];
    expect(await readAll(open(dir, warnings))).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('cuts a torn last line off before the next append, so every line parses', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'events-2026-11.jsonl');
    const a = event('2026-11-28T11:00Z');
    const b = event('2026-11-29T08:00Z', { type: 'audience_set', audience: 'caregiver' });
    writeFileSync(file, `${JSON.stringify(a)}\n${JSON.stringify(a).slice(0, 40)}`);
    const warnings: string[] = [];
    const log = open(dir, warnings);
    await log.append([b]);
    await log.flush();
    expect(lines(file)).toEqual([JSON.stringify(a), JSON.stringify(b), '']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('events-2026-11.jsonl');

    // Only once per file: a second append in the same process does not cut anything.
    await log.append([a]);
    await log.flush();
    expect(lines(file)).toEqual([JSON.stringify(a), JSON.stringify(b), JSON.stringify(a), '']);
    expect(await readAll(open(dir))).toEqual([a, b, a]);
  });

  it('cuts a file that is only a torn line down to nothing', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'events-2026-11.jsonl');
    writeFileSync(file, '{"v":1,"at":"2026-1');
    const log = open(dir);
    const a = event('2026-11-28T11:00Z');
    await log.append([a]);
    await log.flush();
    expect(lines(file)).toEqual([JSON.stringify(a), '']);
  });

  it('cuts a torn tail longer than 64 KiB', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'events-2026-11.jsonl');
    const a = event('2026-11-28T11:00Z');
    writeFileSync(file, `${JSON.stringify(a)}\n${'\0'.repeat(100_000)}`);
    const log = open(dir);
    await log.append([a]);
    await log.flush();
    expect(lines(file)).toEqual([JSON.stringify(a), JSON.stringify(a), '']);
  });

  it('creates its folder', async () => {
    const dir = path.join(tempDir(), 'nested', 'events');
    open(dir);
    expect(existsSync(dir)).toBe(true);
  });

  it('every line it writes is a valid event', async () => {
    const dir = tempDir();
    const log = open(dir);
    const payloads: MonitoringPayload[] = [
      { type: 'crisis_detected', tier: 'interrupt', situation: 'sexual_abuse', language: 'sheng', state: 'menu' },
      { type: 'lesson_completed', lesson: 'passwords_1', audience: 'age10_12', correct: 2, total: 2 },
      { type: 'referral_lookup', county: '047', need: 'counselling', results: 3 },
      { type: 'quiz_session_ended', audience: 'age10_12', participants: 12, questions: 5, averageScore: 0.75 },
    ];
    await log.append(payloads.map((p) => event('2026-02-10T09:00Z', p)));
    await log.flush();
    for (const line of lines(path.join(dir, 'events-2026-02.jsonl')).slice(0, -1)) {
      expect(() => MonitoringEvent.parse(JSON.parse(line))).not.toThrow();
    }
  });
});
