import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/runCli.js';

const dataDir = mkdtempSync(path.join(tmpdir(), 'cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

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
