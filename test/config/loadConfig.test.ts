import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/ConfigError.js';
import { loadConfig } from '../../src/config/loadConfig.js';

const validToken = '123456789:not-a-real-token_only-for-tests-0123';

function problem(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected the configuration to be refused');
}

describe('configuration', () => {
  it('has defaults that run the demo with nothing set, and treats empty values as unset', () => {
    expect(loadConfig({})).toEqual({
      DATA_DIR: './data',
      DEFAULT_LOCALE: 'en',
      SESSION_DAYS: 90,
      LOG_LEVEL: 'info',
      TELEGRAM_WEBHOOK_HOST: '0.0.0.0',
      TELEGRAM_WEBHOOK_PORT: 8443,
      WHATSAPP_ENABLED: false,
      WHATSAPP_WEBHOOK_HOST: '0.0.0.0',
      WHATSAPP_WEBHOOK_PORT: 8444,
      WHATSAPP_WEBHOOK_PATH: '/whatsapp',
      WHATSAPP_MESSAGES_PER_SECOND: 80,
      CHROMIUM_PATH: '/usr/bin/chromium',
      CONSOLE: false,
      PATRON_CODES: [],
      QUIZ_SESSION_MINUTES: 120,
    });
    expect(loadConfig({ DATA_DIR: '', SESSION_DAYS: '' })).toMatchObject({ DATA_DIR: './data', SESSION_DAYS: 90 });
    expect(loadConfig({ DEFAULT_LOCALE: 'sw', SESSION_DAYS: '30' })).toMatchObject({ DEFAULT_LOCALE: 'sw', SESSION_DAYS: 30 });
  });

  it('names the variable, what is expected, and the bad value, in one line', () => {
    const cases: [Record<string, string>, string][] = [
      [{ DEFAULT_LOCALE: 'fr' }, 'DEFAULT_LOCALE must be "en" or "sw" (it is "fr").'],
      [{ SESSION_DAYS: 'abc' }, 'SESSION_DAYS must be a whole number of days from 1 to 730 (it is "abc").'],
      [{ SESSION_DAYS: '0' }, 'SESSION_DAYS must be a whole number of days from 1 to 730 (it is "0").'],
      [{ SESSION_DAYS: '2.5' }, 'SESSION_DAYS must be a whole number of days from 1 to 730 (it is "2.5").'],
      [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of fatal, error, warn, info, debug, silent (it is "loud").'],
      [{ TELEGRAM_WEBHOOK_PORT: '70000' }, 'TELEGRAM_WEBHOOK_PORT must be a port number from 1 to 65535 (it is "70000").'],
      [{ TELEGRAM_WEBHOOK_HOST: 'localhost' }, 'TELEGRAM_WEBHOOK_HOST must be an IP address to listen on, such as 127.0.0.1 or 0.0.0.0 (it is "localhost").'],
      [{ TELEGRAM_API_ROOT: 'ftp://127.0.0.1' }, 'TELEGRAM_API_ROOT must be the http:// or https:// address of a Bot API server, such as http://127.0.0.1:8081 (it is "ftp://127.0.0.1").'],
      [{ CONSOLE: 'yes' }, 'CONSOLE must be "true" or "false" (it is "yes").'],
      [{ WHATSAPP_ENABLED: '1' }, 'WHATSAPP_ENABLED must be "true" or "false" (it is "1").'],
    ];
    for (const [env, message] of cases) expect(problem(env)).toBe(message);
  });

  it('reads patron codes and the quiz session length, and never echoes a code', () => {
    expect(loadConfig({ PATRON_CODES: ' CLUB-7Q2M-KX9P , CLUB-4HND-83TW,' }).PATRON_CODES).toEqual(['CLUB-7Q2M-KX9P', 'CLUB-4HND-83TW']);
    const message = problem({ PATRON_CODES: 'CLUB-ABCD-9999,short' });
    expect(message).toMatch(/^PATRON_CODES must be codes of 8 to 64 letters, digits or -, separated by commas/);
    expect(message).not.toContain('CLUB-ABCD-9999');
    expect(problem({ QUIZ_SESSION_MINUTES: '5' })).toBe('QUIZ_SESSION_MINUTES must be a whole number of minutes from 10 to 480 (it is "5").');
    expect(loadConfig({ QUIZ_SESSION_MINUTES: '45' }).QUIZ_SESSION_MINUTES).toBe(45);
  });

  it('reads the WhatsApp Cloud API settings, names the ones missing, never echoes a secret, and refuses WhatsApp Web beside it', () => {
    const cloud = {
      WHATSAPP_CLOUD_TOKEN: 'EAAGm0PX4ZCpsBAKZCZBsomethinglong123',
      WHATSAPP_PHONE_NUMBER_ID: '106540352242922',
      WHATSAPP_APP_SECRET: '0123456789abcdef0123456789abcdef',
      WHATSAPP_VERIFY_TOKEN: 'verify-me-please',
    };
    expect(loadConfig({ ...cloud, WHATSAPP_GRAPH_API_ROOT: 'http://127.0.0.1:9999/', WHATSAPP_WEBHOOK_PATH: '/wa/hook' })).toMatchObject({
      ...cloud,
      WHATSAPP_GRAPH_API_ROOT: 'http://127.0.0.1:9999',
      WHATSAPP_WEBHOOK_PATH: '/wa/hook',
      WHATSAPP_WEBHOOK_PORT: 8444,
    });
    expect(problem({ WHATSAPP_CLOUD_TOKEN: cloud.WHATSAPP_CLOUD_TOKEN })).toBe(
      "WHATSAPP_PHONE_NUMBER_ID is needed with WHATSAPP_CLOUD_TOKEN: the phone number ID from Meta's app dashboard (WhatsApp > API Setup).",
    );
    expect(problem({ ...cloud, WHATSAPP_APP_SECRET: '' })).toMatch(/^WHATSAPP_APP_SECRET is needed with WHATSAPP_CLOUD_TOKEN: the app secret/);
    expect(problem({ ...cloud, WHATSAPP_ENABLED: 'true' })).toMatch(/^WHATSAPP_ENABLED must be "false" when WHATSAPP_CLOUD_TOKEN is set: one number runs either/);
    expect(problem({ ...cloud, WHATSAPP_PHONE_NUMBER_ID: '+254 700 000000' })).toMatch(/^WHATSAPP_PHONE_NUMBER_ID must be the phone number ID .* \(it is "\+254 700 000000"\)\.$/);
    expect(problem({ ...cloud, WHATSAPP_WEBHOOK_PATH: 'whatsapp' })).toMatch(/^WHATSAPP_WEBHOOK_PATH must be a path that starts with \//);
    for (const [name, bad] of [['WHATSAPP_CLOUD_TOKEN', 'EAAG "quoted" token'], ['WHATSAPP_APP_SECRET', 'short!'], ['WHATSAPP_VERIFY_TOKEN', 'has spaces in it']]) {
      const message = problem({ ...cloud, [name!]: bad! });
      expect(message.startsWith(`${name} must be`), message).toBe(true);
      expect(message).not.toContain(bad);
    }
  });

  it('never echoes a secret', () => {
    const message = problem({ PSEUDONYM_SECRET: 'hunter2' });
    expect(message).toMatch(/^PSEUDONYM_SECRET must be at least 32 characters/);
    expect(message).not.toContain('hunter2');
    expect(message.split('\n')).toHaveLength(1);
  });

  it('never echoes a bot token, a webhook secret or a webhook address (it may hold a token)', () => {
    const token = '123456789:leaked-half-token';
    expect(problem({ TELEGRAM_BOT_TOKEN: token })).toBe(
      'TELEGRAM_BOT_TOKEN must be the token BotFather gave you: digits, a colon, then at least 30 letters, digits, _ or -.',
    );
    expect(problem({ TELEGRAM_BOT_TOKEN: validToken, TELEGRAM_WEBHOOK_URL: `http://bot.example.org/${validToken}` })).toBe(
      'TELEGRAM_WEBHOOK_URL must be an https:// address that Telegram can reach, such as https://bot.example.org/telegram.',
    );
    const secret = problem({ TELEGRAM_BOT_TOKEN: validToken, TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/t', TELEGRAM_WEBHOOK_SECRET: 'not secret!' });
    expect(secret).toMatch(/^TELEGRAM_WEBHOOK_SECRET must be 1 to 256 characters/);
    expect(secret).not.toContain('not secret!');
  });

  it('reads the Telegram settings: polling by default, a webhook only with its secret', () => {
    expect(loadConfig({ TELEGRAM_BOT_TOKEN: validToken })).toMatchObject({ TELEGRAM_BOT_TOKEN: validToken, CONSOLE: false });
    expect(loadConfig({ TELEGRAM_BOT_TOKEN: validToken }).TELEGRAM_WEBHOOK_URL).toBeUndefined();
    expect(problem({ TELEGRAM_BOT_TOKEN: validToken, TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/t' })).toMatch(
      /^TELEGRAM_WEBHOOK_SECRET is needed with TELEGRAM_WEBHOOK_URL: 1 to 256 characters/,
    );
    expect(problem({ TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/t', TELEGRAM_WEBHOOK_SECRET: 's3cret' })).toBe(
      'TELEGRAM_BOT_TOKEN is needed with TELEGRAM_WEBHOOK_URL.',
    );
    const webhook = { TELEGRAM_BOT_TOKEN: validToken, TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/t', TELEGRAM_WEBHOOK_SECRET: 's3cret_-X' };
    expect(loadConfig({ ...webhook, TELEGRAM_WEBHOOK_PORT: '8080' })).toMatchObject({ ...webhook, TELEGRAM_WEBHOOK_PORT: 8080 });
    expect(loadConfig({ TELEGRAM_API_ROOT: 'http://127.0.0.1:8081/' }).TELEGRAM_API_ROOT).toBe('http://127.0.0.1:8081');
    expect(loadConfig({ CONSOLE: 'true' }).CONSOLE).toBe(true);
  });

  it('reads the WhatsApp settings: off by default, Debian\'s Chromium unless told otherwise', () => {
    expect(loadConfig({ WHATSAPP_ENABLED: 'true' })).toMatchObject({ WHATSAPP_ENABLED: true, CHROMIUM_PATH: '/usr/bin/chromium' });
    expect(loadConfig({ WHATSAPP_ENABLED: 'true', CHROMIUM_PATH: '/opt/chrome/chrome' }).CHROMIUM_PATH).toBe('/opt/chrome/chrome');
    expect(loadConfig({ CHROMIUM_PATH: '' }).CHROMIUM_PATH).toBe('/usr/bin/chromium');
  });

  it('reads the bot\'s WhatsApp number for the club quiz join text, as written, and says what is expected of a bad one', () => {
    expect(loadConfig({}).WHATSAPP_NUMBER).toBeUndefined();
    expect(loadConfig({ WHATSAPP_NUMBER: '' }).WHATSAPP_NUMBER).toBeUndefined();
    expect(loadConfig({ WHATSAPP_NUMBER: ' +254 700  000 000 ' }).WHATSAPP_NUMBER).toBe('+254 700 000 000');
    expect(loadConfig({ WHATSAPP_NUMBER: '+254100000000' }).WHATSAPP_NUMBER).toBe('+254100000000');
    expect(loadConfig({ WHATSAPP_NUMBER: '+44 20 0000 0000' }).WHATSAPP_NUMBER).toBe('+44 20 0000 0000');
    const expected =
      "WHATSAPP_NUMBER must be the bot's WhatsApp number in international form: + and the country code, then the number, with only digits and spaces (a Kenyan 07XX XXX XXX is written +254 7XX XXX XXX)";
    // A local number, a Kenyan one that keeps its 0, dashes, and too few digits.
    for (const value of ['0700000000', '+254 0700 000 000', '+254-700-000-000', '+254 700', '+254 700 000 0000']) {
      expect(problem({ WHATSAPP_NUMBER: value })).toBe(`${expected} (it is "${value}").`);
    }
  });
});
