import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotApiEmulator } from '../channels/telegram/BotApiEmulator.js';
import { BotProcess } from '../channels/telegram/BotProcess.js';
import { FakeUser } from '../channels/telegram/FakeUser.js';
import { freePort } from '../support/freePort.js';
import { PostgresServer } from '../support/postgresServer.js';
import { RedisServer } from '../support/redisServer.js';
import type { StoredMessage } from '../channels/telegram/BotApiEmulator.js';
import { createTestApp, testPatronCode } from '../support/testApp.js';

/* Two instances of the bot, as `npm start` runs them, behind one Telegram webhook address: the
 * "load balancer" here sends each update to one of them in turn, so every conversation's turns
 * alternate between the two processes. Sessions are in one Redis, events in one PostgreSQL. */

const token = '123456789:not-a-real-token_only-for-tests-0123';
const secret = 'webhook-secret_0123456789';
const { translator } = createTestApp();
const en = (key: string) => translator.t('en', key);
/** The start of a message's English text, before its first variable. */
const opening = (key: string) => en(key).split('{{')[0]!.slice(0, 30);

/** Read the bot's messages in this chat until one opens like `key`'s text (at most 12): that one. */
async function until(user: FakeUser, key: string): Promise<StoredMessage> {
  for (let i = 0; i < 12; i++) {
    const [message] = await user.replies(1, 30_000);
    if ((message!.text ?? '').startsWith(opening(key))) return message!;
  }
  throw new Error(`${user.from.first_name} never got ${key}`);
}

/** Read the bot's messages until every one of `keys` has come, in any order (at most 12). */
async function all(user: FakeUser, keys: string[]): Promise<void> {
  const missing = new Set(keys);
  for (let i = 0; i < 12 && missing.size > 0; i++) {
    const [message] = await user.replies(1, 30_000);
    for (const key of missing) if ((message!.text ?? '').startsWith(opening(key))) missing.delete(key);
  }
  if (missing.size > 0) throw new Error(`${user.from.first_name} never got ${[...missing].join(', ')}`);
}
let redis: RedisServer;
let postgres: PostgresServer;
let emulator: BotApiEmulator;
const bots: BotProcess[] = [];
const dirs: string[] = [];

beforeAll(async () => {
  [redis, postgres, emulator] = await Promise.all([RedisServer.start(), PostgresServer.start(), BotApiEmulator.start(token)]);
  const ports = await Promise.all([freePort(), freePort()]);
  for (const port of ports) {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'linda-instance-'));
    dirs.push(dataDir);
    bots.push(
      BotProcess.start({
        TELEGRAM_BOT_TOKEN: token,
        TELEGRAM_API_ROOT: emulator.apiRoot,
        TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/telegram/hook',
        TELEGRAM_WEBHOOK_SECRET: secret,
        TELEGRAM_WEBHOOK_HOST: '127.0.0.1',
        TELEGRAM_WEBHOOK_PORT: String(port),
        REDIS_URL: redis.url,
        DATABASE_URL: postgres.url,
        PSEUDONYM_SECRET: 'the-same-secret-on-every-instance-0123456789',
        PATRON_CODES: testPatronCode,
        DATA_DIR: dataDir,
      }),
    );
  }
  await Promise.all(bots.map((bot) => bot.waitForLog(/the Telegram bot is running/, 40_000)));
  let next = 0;
  emulator.sink = async (update) => {
    const port = ports[next++ % ports.length]!;
    const response = await fetch(`http://127.0.0.1:${port}/telegram/hook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
      body: JSON.stringify(update),
    });
    expect(response.status).toBe(200);
  };
}, 90_000);

afterAll(async () => {
  await Promise.all(bots.map((bot) => bot.stop('SIGKILL')));
  await emulator?.close();
  await Promise.all([redis?.stop(), postgres?.destroy()]);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('two instances behind one webhook address', () => {
  it('serve the same people, turn after turn alternating between them, and lose no turn', async () => {
    const people = Array.from({ length: 12 }, (_, i) => new FakeUser(emulator, 482_730_000 + i, `Person${i}`));
    await Promise.all(
      people.map(async (user) => {
        await user.say('hi');
        await user.replies(2, 30_000);
        for (const [text, key] of [
          ['English', 'onboarding:audience'],
          ['2', 'privacy:note.teen.short'],
          ['ok', 'menu:title'],
          ['3', 'settings:title'],
          ['menu', 'menu:title'],
        ] as const) {
          await user.say(text);
          const [reply] = await user.replies(1, 30_000);
          // Each answer follows from the turn before, whichever instance had it.
          const said = reply!.text ?? '';
          expect(said.startsWith(en(key).slice(0, 20)), `${user.from.first_name} after "${text}": ${said.slice(0, 60)}`).toBe(true);
        }
      }),
    );
    // The updates went to each instance in turn; neither failed a turn or lost its store.
    for (const bot of bots) expect(bot.stderr).not.toMatch(/a turn failed|session store failed/);
  }, 120_000);

  it('serve one club quiz: a patron and five children, every update to the other instance, with no address in clear in Redis', async () => {
    const patron = new FakeUser(emulator, 482_740_001, 'Patron');
    const kids = Array.from({ length: 5 }, (_, i) => new FakeUser(emulator, 482_750_000 + i, `Kid${i}`));
    // One step at a time: two updates of one chat sent together may reach the two instances in either order.
    const step = async (user: FakeUser, text: string, key: string) => {
      await user.say(text);
      return until(user, key);
    };
    for (const [text, key] of [
      ['hi', 'onboarding:language'],
      ['English', 'onboarding:audience'],
      ['5', 'privacy:note.adult.short'],
      ['ok', 'menu:title'],
      ['Run a club quiz', 'quiz:host.code'],
      [testPatronCode, 'quiz:host.band'],
      ['2', 'quiz:host.topic'],
      ['mixed', 'quiz:host.count'],
      ['1', 'quiz:host.time'],
    ] as const)
      await step(patron, text, key);
    const lobby = await step(patron, '1', 'quiz:host.lobby');
    const code = /join code is (\w+)/.exec(lobby.text ?? '')![1]!;
    await Promise.all(
      kids.map(async (kid) => {
        for (const [text, key] of [
          ['hi', 'onboarding:language'],
          ['English', 'onboarding:audience'],
          ['2', 'privacy:note.teen.short'],
          ['ok', 'menu:title'],
        ] as const)
          await step(kid, text, key);
        await step(kid, `join ${code}`, 'quiz:player.joined');
      }),
    );
    const keys = await redis.keys();
    expect(keys.some((k) => k.includes(`room:${code}`))).toBe(true);
    const dump = await redis.dump();
    for (const user of [patron, ...kids]) expect(dump).not.toContain(String(user.from.id));

    await step(patron, 'Start the quiz', 'quiz:host.question');
    // Each child is sent the question by whichever instance ran the patron's turn, and answers by button.
    await Promise.all(
      kids.map(async (kid) => {
        const question = await until(kid, 'quiz:player.question');
        const buttons = ((question.replyMarkup?.inline_keyboard ?? []) as { text: string }[][]).flat();
        await kid.press(question, buttons[0]!.text);
        // The last answer shows everyone the answer; a child's own "saved" may come from the other instance after it.
        await all(kid, ['quiz:player.answered', 'quiz:player.nextSoon']);
      }),
    );
    // Everyone answered: the answer is shown without the patron asking, and counts all five.
    const revealed = await until(patron, 'quiz:host.revealed');
    expect(revealed.text).toMatch(/5 of 5 answered/);
    for (const bot of bots) expect(bot.stderr).not.toMatch(/a turn failed|session store failed|could not be delivered|not kept/);
  }, 180_000);
});
