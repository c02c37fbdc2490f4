import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../support/runCli.js';
import { createTestApp } from '../../../support/testApp.js';
import { BotProcess } from '../../telegram/BotProcess.js';
import { FakeCloudUser } from './FakeCloudUser.js';
import { GraphApiEmulator } from './GraphApiEmulator.js';
import { freePort } from '../../../support/freePort.js';

/* `npm start` with WHATSAPP_CLOUD_TOKEN: the real process, its webhook on loopback, the Graph API
 * emulator instead of Meta's; Meta's real pace to one person, so this chat is short. */

const secrets = {
  WHATSAPP_CLOUD_TOKEN: 'EAAGtestTokenOnlyForTheEmulator0123456789',
  WHATSAPP_PHONE_NUMBER_ID: '106540352242922',
  WHATSAPP_APP_SECRET: '0123456789abcdef0123456789abcdef',
  WHATSAPP_VERIFY_TOKEN: 'verify-token-for-tests',
};
const { translator } = createTestApp();
const dataDir = mkdtempSync(path.join(tmpdir(), 'cloud-start-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));


/** Every file under a folder, as text. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? filesUnder(file) : [readFileSync(file, 'latin1')];
  });
}

describe('npm start with the WhatsApp Cloud API', () => {
  let emulator: GraphApiEmulator;
  let bot: BotProcess;

  beforeAll(async () => {
    emulator = await GraphApiEmulator.start({ token: secrets.WHATSAPP_CLOUD_TOKEN, appSecret: secrets.WHATSAPP_APP_SECRET, phoneNumberId: secrets.WHATSAPP_PHONE_NUMBER_ID });
    const port = await freePort();
    bot = BotProcess.start({
      ...secrets,
      WHATSAPP_GRAPH_API_ROOT: emulator.root,
      WHATSAPP_WEBHOOK_HOST: '127.0.0.1',
      WHATSAPP_WEBHOOK_PORT: String(port),
      DATA_DIR: dataDir,
      PSEUDONYM_SECRET: 'a-test-secret-of-at-least-32-characters-0123',
      LOG_LEVEL: 'info',
    });
    await bot.waitForLog(/WhatsApp Cloud API webhook listening/);
    emulator.webhookUrl = `http://127.0.0.1:${port}/whatsapp`;
  });

  afterAll(async () => {
    await bot?.stop('SIGKILL');
    await emulator?.close();
  });

  it('answers a person through the webhook, keeps neither their name nor their number, and stops cleanly', async () => {
    const wanjiku = new FakeCloudUser(emulator, '254711223344', 'Wanjiku Kamau');
    await wanjiku.say('hi');
    const [, language] = await wanjiku.replies(2);
    expect(wanjiku.choicesOf(language!).map((c) => c.title)).toContain('Kiswahili');
    await wanjiku.press(language!, 'Kiswahili');
    const [audience] = await wanjiku.replies(1);
    expect(wanjiku.textOf(audience!)).toBe(translator.t('sw', 'onboarding:audience'));
    expect(bot.stderr).toContain('WhatsApp Cloud API: webhook on http://127.0.0.1:');
    expect((await bot.stop('SIGTERM')).code).toBe(0);
    for (const text of [bot.stdout, bot.stderr, ...filesUnder(dataDir)]) {
      expect(text).not.toContain('Wanjiku');
      expect(text).not.toContain('254711223344');
      expect(text).not.toContain(secrets.WHATSAPP_CLOUD_TOKEN);
    }
    expect(emulator.rejected).toEqual([]);
  });
});

describe('npm start with bad WhatsApp Cloud API settings', () => {
  it('stops with one line that names what is missing, and never echoes a secret', async () => {
    const run = await runCli([], { WHATSAPP_CLOUD_TOKEN: secrets.WHATSAPP_CLOUD_TOKEN, DATA_DIR: dataDir }, '');
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(
      "Configuration error: WHATSAPP_PHONE_NUMBER_ID is needed with WHATSAPP_CLOUD_TOKEN: the phone number ID from Meta's app dashboard (WhatsApp > API Setup).",
    );
    const both = await runCli([], { ...secrets, WHATSAPP_ENABLED: 'true', DATA_DIR: dataDir }, '');
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/^Configuration error: WHATSAPP_ENABLED must be "false" when WHATSAPP_CLOUD_TOKEN is set/);
    expect(both.stderr).not.toContain(secrets.WHATSAPP_CLOUD_TOKEN);
  });

  it('says which address it could not listen on', async () => {
    const blocker = createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => blocker.once('listening', resolve));
    const { port } = blocker.address() as { port: number };
    try {
      const run = await runCli([], { ...secrets, WHATSAPP_WEBHOOK_HOST: '127.0.0.1', WHATSAPP_WEBHOOK_PORT: String(port), DATA_DIR: dataDir }, '');
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`WhatsApp Cloud API error: the webhook could not listen on 127.0.0.1:${port}`);
    } finally {
      blocker.close();
    }
  });
});
