import { z } from 'zod';
import { Locale } from '../domain/Locale.js';

/** An unset variable and an empty one mean the same: use the default. */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema);

const days = 'must be a whole number of days from 1 to 730';
const port = 'must be a port number from 1 to 65535';
const quizMinutes = 'must be a whole number of minutes from 10 to 480';
const whatsappNumber =
  "must be the bot's WhatsApp number in international form: + and the country code, then the number, with only digits and spaces (a Kenyan 07XX XXX XXX is written +254 7XX XXX XXX)";
const throughput = 'must be a whole number of messages a second from 1 to 1000 (Meta starts a number at 80)';
const cloudToken = 'letters, digits, _ or -, at least 20 of them (no quotes or spaces)';
const verifyToken = '8 to 256 characters: letters, digits, _ and - (for example: openssl rand -hex 16); the same text goes in Meta\'s webhook settings';
const webhookSecret = '1 to 256 characters: letters, digits, _ and - (for example: openssl rand -hex 32)';

/**
 * Every setting, from environment variables. Each message says what is expected, because it is
 * shown as is when start-up stops on a bad value.
 */
export const Config = z
  .object({
    DATA_DIR: optional(z.string().default('./data')),
    PSEUDONYM_SECRET: optional(
      z.string().min(32, { error: 'must be at least 32 characters of random text (for example: openssl rand -hex 32)' }).optional(),
    ),
    DEFAULT_LOCALE: optional(z.enum(Locale.options, { error: 'must be "en" or "sw"' }).default('en')),
    SESSION_DAYS: optional(
      z.coerce.number({ error: days }).int({ error: days }).min(1, { error: days }).max(730, { error: days }).default(90),
    ),
    LOG_LEVEL: optional(
      z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'silent'], {
        error: 'must be one of fatal, error, warn, info, debug, silent',
      }).default('info'),
    ),
    /** Set: the bot runs on Telegram. The format check catches half a token or a stray quote early. */
    TELEGRAM_BOT_TOKEN: optional(
      z
        .string()
        .regex(/^\d+:[A-Za-z0-9_-]{30,}$/, {
          error: 'must be the token BotFather gave you: digits, a colon, then at least 30 letters, digits, _ or -',
        })
        .optional(),
    ),
    /** Set: Telegram pushes updates to this address (a webhook) instead of the bot asking for them. */
    TELEGRAM_WEBHOOK_URL: optional(
      z.url({ protocol: /^https$/, error: 'must be an https:// address that Telegram can reach, such as https://bot.example.org/telegram' }).optional(),
    ),
    /** Telegram sends it with every webhook request; a request without it is refused. */
    TELEGRAM_WEBHOOK_SECRET: optional(z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, { error: `must be ${webhookSecret}` }).optional()),
    /** Where the webhook's plain HTTP server listens; a TLS proxy in front of it forwards to it. */
    TELEGRAM_WEBHOOK_HOST: optional(
      z.union([z.ipv4(), z.ipv6()], { error: 'must be an IP address to listen on, such as 127.0.0.1 or 0.0.0.0' }).default('0.0.0.0'),
    ),
    TELEGRAM_WEBHOOK_PORT: optional(
      z.coerce.number({ error: port }).int({ error: port }).min(1, { error: port }).max(65535, { error: port }).default(8443),
    ),
    /** Another Bot API server: Telegram's own local one, or the emulator the tests run. */
    TELEGRAM_API_ROOT: optional(
      z
        .url({ protocol: /^https?$/, error: 'must be the http:// or https:// address of a Bot API server, such as http://127.0.0.1:8081' })
        .transform((url) => url.replace(/\/+$/, ''))
        .optional(),
    ),
    /** "true": the assistant answers on WhatsApp, through WhatsApp Web in a headless Chromium. */
    WHATSAPP_ENABLED: optional(
      z
        .enum(['true', 'false'], { error: 'must be "true" or "false"' })
        .default('false')
        .transform((v) => v === 'true'),
    ),
    /**
     * The phone number the bot answers on WhatsApp, so a club quiz's join text can tell children
     * where to send their code. It is the service's own public number; spaces are kept as written,
     * for reading out.
     */
    WHATSAPP_NUMBER: optional(
      z
        .string()
        .transform((v) => v.trim().replace(/\s+/g, ' '))
        .pipe(
          z
            .string()
            .regex(/^\+[1-9][0-9 ]*$/, { error: whatsappNumber })
            // 8 to 15 digits in all (E.164); a Kenyan one is +254 and 9 digits, without the 0 of 07XX.
            .refine((v) => /^\+[0-9]{8,15}$/.test(v.replace(/ /g, '')), { error: whatsappNumber })
            .refine((v) => !v.replace(/ /g, '').startsWith('+254') || /^\+254[17][0-9]{8}$/.test(v.replace(/ /g, '')), { error: whatsappNumber }),
        )
        .optional(),
    ),
    /**
     * Set: the assistant answers on WhatsApp through Meta's official Cloud API (a permanent System
     * User access token). The other WHATSAPP_* settings below are then needed.
     */
    WHATSAPP_CLOUD_TOKEN: optional(
      z.string().regex(/^[A-Za-z0-9_-]{20,1024}$/, { error: `must be the access token from Meta's app dashboard: ${cloudToken}` }).optional(),
    ),
    /** The id of the bot's number in Meta's app dashboard (WhatsApp > API Setup): digits, not the phone number. */
    WHATSAPP_PHONE_NUMBER_ID: optional(
      z.string().regex(/^[0-9]{5,20}$/, { error: "must be the phone number ID from Meta's app dashboard (WhatsApp > API Setup): 5 to 20 digits, not the phone number itself" }).optional(),
    ),
    /** Every webhook Meta posts is signed with the app secret: a request whose signature does not match is refused. */
    WHATSAPP_APP_SECRET: optional(
      z.string().regex(/^[A-Za-z0-9]{16,128}$/, { error: "must be the app secret from Meta's app dashboard (App settings > Basic): 16 to 128 letters and digits" }).optional(),
    ),
    /** What Meta sends back once, when the webhook address is set in its dashboard, to check it reaches this service. */
    WHATSAPP_VERIFY_TOKEN: optional(z.string().regex(/^[A-Za-z0-9_-]{8,256}$/, { error: `must be ${verifyToken}` }).optional()),
    /** Where the Cloud API webhook's plain HTTP server listens; a TLS proxy in front of it forwards to it. */
    WHATSAPP_WEBHOOK_HOST: optional(
      z.union([z.ipv4(), z.ipv6()], { error: 'must be an IP address to listen on, such as 127.0.0.1 or 0.0.0.0' }).default('0.0.0.0'),
    ),
    WHATSAPP_WEBHOOK_PORT: optional(
      z.coerce.number({ error: port }).int({ error: port }).min(1, { error: port }).max(65535, { error: port }).default(8444),
    ),
    /** The only path the Cloud API webhook serves. */
    WHATSAPP_WEBHOOK_PATH: optional(
      z.string().regex(/^\/[A-Za-z0-9._~/-]{0,200}$/, { error: 'must be a path that starts with /, such as /whatsapp, with only letters, digits and . _ ~ - /' }).default('/whatsapp'),
    ),
    /**
     * Messages a second the number may send in all. Meta starts a number at 80 and raises it, up to
     * 1,000, as it is used; raise this when Meta's dashboard shows more.
     */
    WHATSAPP_MESSAGES_PER_SECOND: optional(
      z.coerce.number({ error: throughput }).int({ error: throughput }).min(1, { error: throughput }).max(1000, { error: throughput }).default(80),
    ),
    /** Another Graph API server: the emulator the tests run. */
    WHATSAPP_GRAPH_API_ROOT: optional(
      z
        .url({ protocol: /^https?$/, error: 'must be the http:// or https:// address of a Graph API server, such as http://127.0.0.1:8082' })
        .transform((url) => url.replace(/\/+$/, ''))
        .optional(),
    ),
    /** The browser WhatsApp Web runs in: the system's, because npm install never downloads one. */
    CHROMIUM_PATH: optional(z.string().default('/usr/bin/chromium')),
    /**
     * Patron access codes an operator hands out, separated by commas: only someone with one can run
     * a club quiz (design.md, rule 9). None set: nobody can.
     */
    PATRON_CODES: optional(
      z
        .string()
        .default('')
        .transform((v) => v.split(',').map((c) => c.trim()).filter((c) => c.length > 0))
        .pipe(
          z.array(
            z.string().regex(/^[A-Za-z0-9-]{8,64}$/, {
              error: 'must be codes of 8 to 64 letters, digits or -, separated by commas (for example: CLUB-7Q2M-KX9P,CLUB-4HND-83TW)',
            }),
          ),
        ),
    ),
    /** A club quiz, and its join code, ends this many minutes after the patron made it. */
    QUIZ_SESSION_MINUTES: optional(
      z.coerce
        .number({ error: quizMinutes })
        .int({ error: quizMinutes })
        .min(10, { error: quizMinutes })
        .max(480, { error: quizMinutes })
        .default(120),
    ),
    /**
     * Set: sessions are kept in this Redis, shared by every instance, instead of files under
     * DATA_DIR; a turn holds a lease on its conversation there, so two instances never run two turns
     * of one conversation at once.
     */
    REDIS_URL: optional(
      z
        .url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// address, such as redis://127.0.0.1:6379 or redis://:password@redis.internal:6379/0' })
        .optional(),
    ),
    /**
     * Set: monitoring events go to this PostgreSQL, shared by every instance, instead of files under
     * DATA_DIR; reports count there in SQL. While it is down, events wait in DATA_DIR/events-spool.jsonl.
     */
    DATABASE_URL: optional(
      z
        .url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// address, such as postgres://linda:password@127.0.0.1:5432/linda' })
        .optional(),
    ),
    /** "true": the terminal chat runs beside Telegram or WhatsApp. With neither, the terminal always runs. */
    CONSOLE: optional(
      z
        .enum(['true', 'false'], { error: 'must be "true" or "false"' })
        .default('false')
        .transform((v) => v === 'true'),
    ),
  })
  .superRefine((config, context) => {
    if (config.WHATSAPP_CLOUD_TOKEN) {
      const needed = {
        WHATSAPP_PHONE_NUMBER_ID: "the phone number ID from Meta's app dashboard (WhatsApp > API Setup)",
        WHATSAPP_APP_SECRET: "the app secret from Meta's app dashboard (App settings > Basic), to check that webhooks come from Meta",
        WHATSAPP_VERIFY_TOKEN: verifyToken,
      } as const;
      for (const [name, what] of Object.entries(needed)) {
        if (!config[name as keyof typeof needed]) context.addIssue({ code: 'custom', path: [name], message: `is needed with WHATSAPP_CLOUD_TOKEN: ${what}` });
      }
      if (config.WHATSAPP_ENABLED) {
        context.addIssue({
          code: 'custom',
          path: ['WHATSAPP_ENABLED'],
          message:
            'must be "false" when WHATSAPP_CLOUD_TOKEN is set: one number runs either on the official Cloud API or on WhatsApp Web, and both would answer as the same WhatsApp channel. Choose one',
        });
      }
      if (config.TELEGRAM_WEBHOOK_URL && config.WHATSAPP_WEBHOOK_PORT === config.TELEGRAM_WEBHOOK_PORT) {
        context.addIssue({ code: 'custom', path: ['WHATSAPP_WEBHOOK_PORT'], message: 'must differ from TELEGRAM_WEBHOOK_PORT: each webhook has its own server' });
      }
    }
    if (!config.TELEGRAM_WEBHOOK_URL) return;
    if (!config.TELEGRAM_WEBHOOK_SECRET) {
      context.addIssue({ code: 'custom', path: ['TELEGRAM_WEBHOOK_SECRET'], message: `is needed with TELEGRAM_WEBHOOK_URL: ${webhookSecret}` });
    }
    if (!config.TELEGRAM_BOT_TOKEN) {
      context.addIssue({ code: 'custom', path: ['TELEGRAM_BOT_TOKEN'], message: 'is needed with TELEGRAM_WEBHOOK_URL' });
    }
  });
export type Config = z.infer<typeof Config>;
