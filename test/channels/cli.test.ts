import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/runCli.js';

const dataDir = mkdtempSync(path.join(tmpdir(), 'cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('npm start with a DATA_DIR it cannot use', () => {
  const stops = (run: { code: number | null; stdout: string; stderr: string }, pattern: RegExp) => {
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(pattern);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  };

  it('refuses a path under /proc or /sys at once, in one line', async () => {
    stops(await runCli(['--transcript'], { DATA_DIR: '/proc/x' }, ''), /^Configuration error: DATA_DIR=\/proc\/x is under \/proc, which is not storage: choose a folder on a disk, such as \.\/data\.\n$/);
    stops(await runCli(['--transcript'], { DATA_DIR: '/sys/kernel/x' }, ''), /^Configuration error: DATA_DIR=\/sys\/kernel\/x is under \/sys/);
  });

  it('stops with one line when DATA_DIR is a file, or a folder it cannot write', async () => {
    const file = path.join(dataDir, 'a-file');
    writeFileSync(file, 'x');
    stops(await runCli(['--transcript'], { DATA_DIR: file }, ''), /^Configuration error: DATA_DIR=.*a-file cannot be created: it is a file, not a folder\./);
    stops(await runCli(['--transcript'], { DATA_DIR: path.join(file, 'inside') }, ''), /^Configuration error: DATA_DIR=.*inside cannot be created: part of the path is a file, not a folder\./);
    // A folder this user may not write. Root writes anywhere, so as root this runs as `nobody`, when
    // `nobody` can run this Node (a Node unpacked in root's private temporary folder it cannot).
    const asRoot = process.getuid?.() === 0;
    if (asRoot && spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, '-e', '0']).status !== 0) return;
    const locked = mkdtempSync(path.join(tmpdir(), 'locked-'));
    chmodSync(locked, 0o500);
    try {
      const run = await runCli(['--transcript'], { DATA_DIR: path.join(locked, 'data') }, '', asRoot ? 'nobody' : undefined);
      stops(run, /^Configuration error: DATA_DIR=.*data cannot be created: permission denied\. Expected a folder this user can write, such as \.\/data\.\n$/);
      expect(readdirSync(locked)).toEqual([]);
    } finally {
      chmodSync(locked, 0o700);
      rmSync(locked, { recursive: true, force: true });
    }
  });
});

describe('npm start', () => {
  it('in transcript mode writes exactly one JSON line per input line, and nothing else, to stdout', async () => {
    const input = ['hi', '1', '{"from":"b","text":"msaada"}', '{oops', '2', '', 'ok'].join('\n');
    const run = await runCli(['--transcript'], { DATA_DIR: dataDir }, `${input}\n`);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n').filter(Boolean);
    expect(lines).toHaveLength(7);
    const replies = lines.map((l) => JSON.parse(l));
    expect(replies[0].out.map((m: { key: string }) => m.key)).toEqual(['onboarding:welcome', 'onboarding:language']);
    expect(replies[2].out[0]).toMatchObject({ chat: 'b', key: 'help:now' });
    expect(replies[3].error).toMatch(/^line 4: not valid JSON/);
    expect(replies[4].out[0].key).toBe('privacy:note.teen.short');
    expect(replies[5].out[0].key).toBe('common:notUnderstood');
    expect(replies[6].out[0].key).toBe('menu:title');
    expect(run.stderr).toContain('Generated a pseudonym secret');
  });

  it('keeps the conversation in DATA_DIR between runs, and does not announce the secret twice', async () => {
    const run = await runCli(['--transcript'], { DATA_DIR: dataDir }, '3\n');
    expect(JSON.parse(run.stdout).out[0].key).toBe('settings:title');
    expect(run.stderr).not.toContain('Generated a pseudonym secret');
    expect(readdirSync(path.join(dataDir, 'sessions')).some((f) => /^shard-\d+\.json$/.test(f))).toBe(true);
  });

  it('in the terminal shows numbered choices and answers a number', async () => {
    const run = await runCli([], { DATA_DIR: mkdtempSync(path.join(tmpdir(), 'cli-')) }, '2\n');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('1. English\n2. Kiswahili\n3. Get help now\nReply with a number.');
    expect(run.stdout).toContain('Wewe ni nani?');
    expect(run.stdout).toContain('Jibu kwa kutuma nambari.');
  });

  it('stops with one line naming a bad setting', async () => {
    const run = await runCli(['--transcript'], { DATA_DIR: dataDir, SESSION_DAYS: 'forever' }, '');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('Configuration error: SESSION_DAYS must be a whole number of days from 1 to 730 (it is "forever").\n');
  });
});
