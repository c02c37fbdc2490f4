import { run } from '@grammyjs/runner';
import { Api, GrammyError, HttpError } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { Config } from '../../config/Config.js';
import { Locale } from '../../domain/Locale.js';
import type { Translator } from '../../i18n/Translator.js';
import type { GroupDelivery } from '../../quiz/QuizDeliveries.js';
import type { Logger } from '../../runtime/Logger.js';
import type { Outbox } from '../../runtime/Outbox.js';
import { botCommands } from './botCommands.js';
import { allowedUpdates, createTelegramBot } from './createTelegramBot.js';
import { errorFields } from './errorFields.js';
import { startWebhookServer } from './startWebhookServer.js';
import type { TurnHandler } from '../../runtime/TurnHandler.js';
import type { GroupQuizHub } from './TelegramGroupQuiz.js';
import { TelegramChannelError } from './TelegramChannelError.js';

export interface TelegramDeps {
  engine: TurnHandler;
  translator: Translator;
  logger: Logger;
  /** Where quiz questions for a chat that did not just write are sent from: the bot registers here. */
  outbox?: Outbox;
  /** The quiz hub, so a group can play together, and the pseudonym of a Telegram user. */
  quiz?: GroupQuizHub & { connectGroups(delivery: GroupDelivery): void };
  keyOf?: (userId: string) => string;
}

/** A running bot. */
export interface RunningTelegram {
  /** Stop taking updates, finish the ones in progress (at most `graceMs`), then resolve. */
  stop(): Promise<void>;
  /** Settles when the bot stops by itself: it rejects if Telegram refuses it (another instance polling, a revoked token). */
  done: Promise<void>;
  /** Where the webhook server listens, in webhook mode. */
  webhookPort?: number;
}

const graceMs = 15_000;

/**
 * Start the Telegram bot: check the token once (a refused token stops start-up with a clear
 * message, rather than being retried for ever), register the commands in English and Kiswahili,
 * then take updates by long polling with @grammyjs/runner, or through a webhook when
 * TELEGRAM_WEBHOOK_URL is set.
 */
export async function startTelegram(config: Config, deps: TelegramDeps): Promise<RunningTelegram> {
  const token = config.TELEGRAM_BOT_TOKEN;
  if (!token) throw new TelegramChannelError('TELEGRAM_BOT_TOKEN is not set');
  const apiRoot = config.TELEGRAM_API_ROOT;
  const { logger } = deps;
  const botInfo = await checkToken(token, apiRoot);
  // From now on a club quiz's join text carries one-tap links to this bot.
  deps.translator.define('telegramBot', botInfo.username);
  // Groups do not say who speaks which language: the notice is in both.
  const groupNotice = (bot: string) =>
    Locale.options.map((locale) => deps.translator.t(locale, 'common:groupNotice', { bot: `@${bot}` })).join('\n\n');
  const { quiz, keyOf } = deps;
  const groupQuiz = quiz && keyOf ? { hub: quiz, translator: deps.translator, keyOf, defaultLocale: config.DEFAULT_LOCALE } : undefined;
  const created = createTelegramBot({ token, botInfo, apiRoot, engine: deps.engine, logger, groupNotice, ...(groupQuiz ? { groupQuiz } : {}) });
  const { bot, inFlight, channel } = created;
  // Before any update is taken: a quiz's questions reach private chats and groups from the start.
  deps.outbox?.register('telegram', (platformId, result) => channel.push(bot.api, platformId, result));
  if (quiz && created.groupQuiz) quiz.connectGroups(created.groupQuiz.deliver);

  for (const locale of ['en', 'sw'] as const) {
    const language = locale === 'en' ? {} : { language_code: locale };
    const t = (key: string) => deps.translator.t(locale, key);
    await bot.api
      .setMyCommands(botCommands(deps.translator, locale), language)
      .catch((error: unknown) => logger.warn(errorFields(error), 'could not register the bot commands'));
    // What a child sees before the first message, on the bot's profile: free, private, and the numbers.
    await bot.api
      .setMyDescription(t('common:telegram.description'), language)
      .catch((error: unknown) => logger.warn(errorFields(error), 'could not set the bot description'));
    await bot.api
      .setMyShortDescription(t('common:telegram.shortDescription'), language)
      .catch((error: unknown) => logger.warn(errorFields(error), 'could not set the bot short description'));
  }
  const finish = async (what: string) => {
    if (!(await inFlight.idle(graceMs))) logger.warn({ updates: inFlight.size }, `stopped ${what} with updates still in progress`);
  };

  const webhookUrl = config.TELEGRAM_WEBHOOK_URL;
  if (webhookUrl) {
    const secretToken = config.TELEGRAM_WEBHOOK_SECRET ?? '';
    const server = await startWebhookServer({
      bot,
      path: new URL(webhookUrl).pathname,
      secretToken,
      host: config.TELEGRAM_WEBHOOK_HOST,
      port: config.TELEGRAM_WEBHOOK_PORT,
      logger,
    }).catch((error: unknown) => {
      throw new TelegramChannelError(`could not listen on ${config.TELEGRAM_WEBHOOK_HOST}:${config.TELEGRAM_WEBHOOK_PORT} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    });
    try {
      await bot.api.setWebhook(webhookUrl, { secret_token: secretToken, allowed_updates: allowedUpdates });
    } catch (error) {
      await server.close();
      throw new TelegramChannelError(`Telegram did not accept TELEGRAM_WEBHOOK_URL (${describe(error)})`);
    }
    logger.info({ mode: 'webhook', bot: botInfo.username, port: server.port }, 'the Telegram bot is running');
    let stopped: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (stopped = resolve));
    return {
      webhookPort: server.port,
      done,
      stop: async () => {
        await server.close();
        await finish('the webhook');
        stopped();
      },
    };
  }

  try {
    await bot.api.deleteWebhook();
  } catch (error) {
    throw new TelegramChannelError(`could not switch the bot from a webhook to polling (${describe(error)})`);
  }
  const runner = run(bot, { runner: { fetch: { timeout: 30, allowed_updates: allowedUpdates }, silent: true } });
  const task = runner.task() ?? Promise.resolve();
  logger.info({ mode: 'polling', bot: botInfo.username }, 'the Telegram bot is running');
  return {
    done: task.catch((error: unknown) => {
      throw new TelegramChannelError(`Telegram stopped the bot (${describe(error)}); a 409 means another instance is polling with the same token`);
    }),
    stop: async () => {
      if (runner.isRunning()) await runner.stop();
      await finish('polling');
    },
  };
}

/** getMe, once, without retries: the bot's own name and a check of the token. */
async function checkToken(token: string, apiRoot: string | undefined): Promise<UserFromGetMe> {
  try {
    return await new Api(token, apiRoot ? { apiRoot } : {}).getMe();
  } catch (error) {
    if (error instanceof GrammyError && (error.error_code === 401 || error.error_code === 404)) {
      throw new TelegramChannelError(`the Bot API refused TELEGRAM_BOT_TOKEN (${error.error_code}); check it with BotFather`);
    }
    throw new TelegramChannelError(`could not reach the Bot API at ${apiRoot ?? "Telegram's servers"} (${describe(error)})`);
  }
}

/** An error in a few words, without a message that may hold the token. */
function describe(error: unknown): string {
  if (error instanceof GrammyError) return `${error.error_code}`;
  if (error instanceof HttpError) return error.error instanceof Error ? `network error: ${error.error.name}` : 'network error';
  return error instanceof Error ? error.name : 'unknown error';
}
