import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/runCli.js';
import { createTestApp } from '../../support/testApp.js';
import { BotApiEmulator } from './BotApiEmulator.js';
import { BotProcess } from './BotProcess.js';
import { FakeUser } from './FakeUser.js';
import { freePort } from '../../support/freePort.js';

/* How `npm start` starts Telegram: a webhook when TELEGRAM_WEBHOOK_URL is set, the terminal beside
 * the bot only with CONSOLE=true, and one clear line when the token or the server is wrong. */

const token = '123456789:not-a-real-token_only-for-tests-0123';
const secret = 'webhook-secret_0123456789';
const { translator } = createTestApp();
const dataDir = mkdtempSync(path.join(tmpdir(), 'telegram-start-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));


describe('the Telegram bot with a webhook', () => {
  let emulator: BotApiEmulator;
  let bot: BotProcess;
  let hook: string;

  beforeAll(async () => {
    emulator = await BotApiEmulator.start(token);
    const port = await freePort();
    hook = `http://127.0.0.1:${port}/telegram/hook`;
    bot = BotProcess.start({
      TELEGRAM_BOT_TOKEN: token,
      TELEGRAM_API_ROOT: emulator.apiRoot,
      TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/telegram/hook',
      TELEGRAM_WEBHOOK_SECRET: secret,
      TELEGRAM_WEBHOOK_HOST: '127.0.0.1',
      TELEGRAM_WEBHOOK_PORT: String(port),
      DATA_DIR: dataDir,
    });
    await bot.waitForLog(/the Telegram bot is running/);
    emulator.sink = async (update) => {
      const response = await fetch(hook, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
        body: JSON.stringify(update),
      });
      expect(response.status).toBe(200);
    };
  });

  afterAll(async () => {
    await bot?.stop('SIGKILL');
    await emulator?.close();
  });

  it('registers the webhook with its secret token and never polls', () => {
    expect(emulator.webhook).toEqual({ url: 'https://bot.example.org/telegram/hook', secretToken: secret });
    expect(emulator.callsOf('setWebhook')[0]!.payload.allowed_updates).toEqual(['message', 'callback_query']);
    expect(emulator.callsOf('getUpdates')).toEqual([]);
    expect(emulator.callsOf('deleteWebhook')).toEqual([]);
  });

  it('refuses every request without the right secret token, and answers only its own path', async () => {
    const update = JSON.stringify({ update_id: 1, message: { message_id: 1, date: 0, chat: { id: 5, type: 'private' }, from: { id: 5, is_bot: false, first_name: 'X' }, text: '/help' } });
    const post = (headers: Record<string, string>, url = hook) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: update });
    expect((await post({})).status).toBe(401);
    expect((await post({ 'x-telegram-bot-api-secret-token': 'wrong' })).status).toBe(401);
    expect((await post({ 'x-telegram-bot-api-secret-token': secret }, hook.replace('/hook', '/other'))).status).toBe(404);
    expect((await fetch(hook)).status).toBe(404);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(emulator.callsOf('sendMessage')).toEqual([]);
  });

  it('answers an update Telegram pushes with the secret', async () => {
    const user = new FakeUser(emulator, 482_719_101, 'Nuru');
    await user.say('/help');
    const [help] = await user.replies(1);
    expect(help!.text).toBe(translator.t('en', 'help:now'));
  });

  it('stops cleanly on SIGTERM', async () => {
    expect(await bot.stop('SIGTERM')).toEqual({ code: 0, signal: null });
  });
});

describe('npm start with a bot token', () => {
  it('runs the terminal chat beside the bot with CONSOLE=true, and the bot outlives the end of its input', async () => {
    const emulator = await BotApiEmulator.start(token);
    const bot = BotProcess.start({ TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_ROOT: emulator.apiRoot, CONSOLE: 'true', DATA_DIR: dataDir });
    try {
      await bot.waitForLog(/the Telegram bot is running/);
      await emulator.waitFor(() => bot.stdout.includes(translator.t('en', 'onboarding:welcome')), 'the terminal greeting');
      const user = new FakeUser(emulator, 482_719_102, 'Otieno');
      await user.say('/help');
      // A loaded CI machine runs two Node versions' suites in turn; the bot's log says what it did if it is slow.
      const [help] = await user.replies(1, 30_000).catch((error: Error) => {
        throw new Error(`${error.message}\nthe bot's log:\n${bot.stderr.slice(-3000)}`);
      });
      expect(help!.text).toBe(translator.t('en', 'help:now'));
      expect(await bot.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    } finally {
      await bot.stop('SIGKILL');
      await emulator.close();
    }
  });

  it('stops with one line, without the token, when the Bot API refuses it', async () => {
    const emulator = await BotApiEmulator.start('999:another-token-that-the-server-knows-0123');
    try {
      const run = await runCli([], { TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_ROOT: emulator.apiRoot, DATA_DIR: dataDir }, '');
      expect(run.code).toBe(2);
      expect(run.stderr.trim().split('\n').at(-1)).toBe('Telegram error: the Bot API refused TELEGRAM_BOT_TOKEN (401); check it with BotFather');
      expect(run.stdout + run.stderr).not.toContain(token.split(':')[1]);
    } finally {
      await emulator.close();
    }
  });

  it('stops with one line when the Bot API server cannot be reached', async () => {
    const port = await freePort();
    const run = await runCli([], { TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_ROOT: `http://127.0.0.1:${port}`, DATA_DIR: dataDir }, '');
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n').at(-1)).toMatch(new RegExp(`^Telegram error: could not reach the Bot API at http://127.0.0.1:${port} \\(network error`));
    expect(run.stdout + run.stderr).not.toContain(token.split(':')[1]);
  });
});
