import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/runCli.js';

const dataDir = mkdtempSync(path.join(tmpdir(), 'privacy-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

/** Things a child might type or a platform might send that must never reach the disk or the logs. */
const personal = ['254712345678', 'wanjiku.kamau', 'Wanjiku', '0712345678', 'Kibera', 'Olympic Primary', '-1.3133', '36.7876'];

describe('no personal data at rest', () => {
  it('after a scripted session, nothing anyone typed, no id, name, number or place is in DATA_DIR or the logs', async () => {
    const lines = [
      { from: '254712345678', text: 'hi my name is Wanjiku' },
      { from: '254712345678', text: '1' },
      { from: '254712345678', text: 'I live in Kibera and go to Olympic Primary, call me on 0712345678' },
      { from: '254712345678', text: '2' },
      { from: '254712345678', location: { latitude: -1.3133, longitude: 36.7876 } },
      { from: '254712345678', media: 'photo' },
      { from: '254712345678', text: 'someone is hurting me, his name is Wanjiku too' },
      { from: 'wanjiku.kamau', chat: 'wanjiku.kamau', text: 'Wanjiku here' },
      { from: 'wanjiku.kamau', text: 'forget me' },
      { from: 'wanjiku.kamau', text: 'yes' },
    ];
    const run = await runCli(
      ['--transcript'],
      { DATA_DIR: dataDir, LOG_LEVEL: 'debug' },
      `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`,
    );
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').filter(Boolean)).toHaveLength(lines.length);

    const files = filesUnder(dataDir);
    expect(files.map((f) => path.relative(dataDir, f)).sort()).toEqual(
      expect.arrayContaining(['pseudonym-secret', expect.stringMatching(/^sessions\/shard-\d+\.json$/), 'events/events-' + new Date().toISOString().slice(0, 7) + '.jsonl']),
    );
    const stored = files.map((f) => readFileSync(f, 'utf8')).join('\n') + run.stderr;
    for (const value of personal) expect(stored, `"${value}" was written`).not.toContain(value);
    expect(stored).not.toMatch(/hurting|my name/i);
  });

  it('keeps the data folder and its files private to the service account', () => {
    expect(statSync(dataDir).mode & 0o077).toBe(0);
    for (const file of filesUnder(dataDir)) expect(statSync(file).mode & 0o077, file).toBe(0);
  });
});
