import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/createApp.js';
import { loadConfig } from '../../src/config/loadConfig.js';
import { runCli } from '../support/runCli.js';
import { seededRandom } from '../support/testApp.js';

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

  it('after a lesson and a club quiz with file storage, no id, nickname, code or typed word is on disk', async () => {
    const quizDir = mkdtempSync(path.join(tmpdir(), 'privacy-quiz-'));
    const app = createApp(loadConfig({ DATA_DIR: quizDir, PATRON_CODES: 'CLUB-SECRET-4242' }), {
      logger: { info() {}, warn() {}, error() {} },
      storage: 'files',
      notice: () => undefined,
      random: seededRandom(),
    });
    app.outbox.register('console', async () => undefined);
    const say = async (who: string, text: string) => {
      const result = await app.engine.handle('console', who, { type: 'text', text });
      await app.quiz.settled();
      return result;
    };
    for (const text of ['hi', 'English', '2', 'ok', '1', '1', 'next']) await say('254711111111', text);
    let lobby = '';
    for (const text of ['hi', 'English', '5', 'ok', 'Run a club quiz', 'CLUB-SECRET-4242', '1', 'mixed', '1', '1']) {
      lobby = (await say('254722222222', text)).messages.at(-1)!.text;
    }
    const code = /join code is (\w+)/.exec(lobby)![1]!;
    await say('254733333333', `join ${code}`);
    await say('254744444444', `jiunge ${code}`);
    await say('254722222222', 'Start the quiz');
    await say('254733333333', 'my name is Wanjiku and I am in class 6');
    await say('254733333333', '1');
    await say('254744444444', '2');
    await say('254722222222', 'End the quiz');
    await app.close();

    const stored = filesUnder(quizDir).map((f) => readFileSync(f, 'utf8')).join('\n');
    for (const value of ['254711111111', '254722222222', '254733333333', '254744444444', 'CLUB-SECRET-4242', code, 'Wanjiku', 'class 6']) {
      expect(stored, `"${value}" was written`).not.toContain(value);
    }
    expect(stored).not.toMatch(/adjective|giraffe|Giraffe|Twiga/);
    expect(stored).toContain('"quiz_session_ended"');
    expect(stored).toContain('"lesson_started"');
    rmSync(quizDir, { recursive: true, force: true });
  });

  it('keeps the data folder and its files private to the service account', () => {
    expect(statSync(dataDir).mode & 0o077).toBe(0);
    for (const file of filesUnder(dataDir)) expect(statSync(file).mode & 0o077, file).toBe(0);
  });
});
