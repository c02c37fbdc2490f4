import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectPath } from '../../src/app/projectPath.js';
import { Pseudonymizer } from '../../src/events/Pseudonymizer.js';
import { FileEventLog } from '../../src/storage/FileEventLog.js';
import { LowdbSessionStore } from '../../src/storage/LowdbSessionStore.js';

/*
 * kill -9 while input comes faster than the bot answers (transcript mode, each line a new child):
 * every turn answered more than the stated bound (1 s, plus a margin for a loaded machine) before
 * the kill has its session on disk, and no turn's events are on disk without its session, so a turn
 * redone after the crash is never counted twice.
 */
const secret = 'crash-test-secret-0123456789abcdef0123456789';
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'linda-crash-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const boundMs = 1_000;
const marginMs = 1_000;

describe('a kill -9 under fast input', () => {
  it('loses no session answered more than the bound before it, and counts no turn twice', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', projectPath('src/main.ts'), '--transcript'], {
      cwd: projectPath(''),
      env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, PSEUDONYM_SECRET: secret },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const answeredAt: number[] = [];
    let partial = '';
    child.stdout.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop() ?? '';
      for (let i = 0; i < lines.length; i += 1) answeredAt.push(Date.now());
    });
    child.stdin.on('error', () => undefined);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    // Feed as fast as the pipe takes it: at most 200,000 lines.
    let sent = 0;
    const pump = () => {
      while (sent < 200_000 && !child.stdin.destroyed) {
        if (!child.stdin.write(`{"from":"child${sent++}","text":"hi"}\n`)) return void child.stdin.once('drain', pump);
      }
    };
    pump();
    const start = Date.now();
    while (answeredAt.length === 0 && Date.now() - start < 20_000) await new Promise((resolve) => setTimeout(resolve, 20));
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    const killedAt = Date.now();
    child.kill('SIGKILL');
    await exited;

    const answered = answeredAt.filter((at) => at < killedAt - boundMs - marginMs).length;
    expect(answered, 'turns answered well before the kill').toBeGreaterThan(200);
    const store = new LowdbSessionStore(path.join(dataDir, 'sessions'));
    const pseudonyms = new Pseudonymizer(secret);
    const keyOf = (i: number) => pseudonyms.conversationKey('console', `child${i}`);
    const lost: number[] = [];
    for (let i = 0; i < answered; i += 1) if ((await store.get(keyOf(i))) === undefined) lost.push(i);
    expect(lost.length, `sessions lost out of ${answered} answered more than ${boundMs + marginMs} ms before the kill`).toBe(0);

    // Every first turn's count on disk belongs to a session on disk.
    const stored = new Set<string>();
    for (let i = 0; i < answeredAt.length; i += 1) if ((await store.get(keyOf(i))) !== undefined) stored.add(pseudonyms.quarterSubject(keyOf(i), new Date()));
    const started: string[] = [];
    for await (const event of new FileEventLog(path.join(dataDir, 'events'), { readOnly: true }).read()) {
      if (event.payload.type === 'session_started') started.push(event.subject);
    }
    expect(started.length).toBeGreaterThan(0);
    expect(started.filter((subject) => !stored.has(subject)), 'counts without their session').toEqual([]);
    expect(new Set(started).size, 'a first turn counted twice').toBe(started.length);
  }, 60_000);
});
