import { autoRetry } from '@grammyjs/auto-retry';
import { sequentialize } from '@grammyjs/runner';
import { apiThrottler } from '@grammyjs/transformer-throttler';
import { Bot, HttpError, type Transformer } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { Logger } from '../../runtime/Logger.js';
import { errorFields } from './errorFields.js';
import { InFlight } from '../../async/InFlight.js';
import type { TurnHandler } from '../../runtime/TurnHandler.js';
import { TelegramChannel } from './TelegramChannel.js';
import { TelegramGroupQuiz, type TelegramGroupQuizDeps } from './TelegramGroupQuiz.js';

export interface TelegramBotOptions {
  token: string;
  /** From getMe, called once before (a bad token stops start-up, instead of being retried). */
  botInfo: UserFromGetMe;
  /** Another Bot API server (Telegram's local one, or the tests' emulator); Telegram's by default. */
  apiRoot?: string | undefined;
  engine: TurnHandler;
  logger: Logger;
  /** What a group gets for any command (see TelegramChannel). */
  groupNotice: (botUsername: string) => string;
  /** Groups that play a club quiz together; without it, groups get only the notice. */
  groupQuiz?: Pick<TelegramGroupQuizDeps, 'hub' | 'translator' | 'keyOf' | 'defaultLocale'>;
}

/** A bot ready to run, with its channel (for pushes to private chats) and its group quiz, if any. */
export interface TelegramBot {
  bot: Bot;
  inFlight: InFlight;
  channel: TelegramChannel;
  groupQuiz: TelegramGroupQuiz | undefined;
}

/** Only what the channel handles is fetched: messages and button presses. */
export const allowedUpdates = ['message', 'callback_query'] as const;

/**
 * The bot, wired as grammY is meant to run at scale. Outgoing calls: throttled to Telegram's limits
 * (about one message a second per chat, twenty a minute per group, thirty a second in all), retried
 * after a 429's retry_after or a network error, and logged when they fail without any payload.
 * Incoming updates: counted for a graceful stop, one chat's in order while chats run in parallel,
 * and one failing update is logged and never stops the bot.
 */
export function createTelegramBot(options: TelegramBotOptions): TelegramBot {
  const { logger } = options;
  const bot = new Bot(options.token, {
    botInfo: options.botInfo,
    ...(options.apiRoot ? { client: { apiRoot: options.apiRoot } } : {}),
  });
  // Installed first, so it sees every single attempt; the throttler, installed last, runs first.
  bot.api.config.use(logFailedAttempts(logger));
  bot.api.config.use(autoRetry({ maxRetryAttempts: 5, maxDelaySeconds: 120 }));
  bot.api.config.use(apiThrottler());

  const inFlight = new InFlight();
  bot.use((_ctx, next) => inFlight.track(next));
  bot.use(sequentialize((ctx) => (ctx.chat ? String(ctx.chat.id) : undefined)));
  const groupQuiz = options.groupQuiz
    ? new TelegramGroupQuiz({ ...options.groupQuiz, api: bot.api, botUsername: options.botInfo.username, logger })
    : undefined;
  const channel = new TelegramChannel({ engine: options.engine, logger, groupNotice: options.groupNotice });
  // Group play first: what it does not handle goes on to the private-chat channel.
  if (groupQuiz) bot.use(groupQuiz.composer());
  bot.use(channel.composer());
  bot.catch((error) => logger.error(errorFields(error.error), 'a Telegram update failed'));
  return { bot, inFlight, channel, groupQuiz };
}

/** Rate limits, server errors and network failures, attempt by attempt; other failures are logged by the caller. */
function logFailedAttempts(logger: Logger): Transformer {
  return async (prev, method, payload, signal) => {
    try {
      const result = await prev(method, payload, signal);
      if (!result.ok && (result.error_code === 429 || result.error_code >= 500)) {
        const retryAfter = result.parameters?.retry_after;
        logger.warn({ method, code: result.error_code, ...(retryAfter !== undefined ? { retryAfter } : {}) }, 'the Bot API asked to wait');
      }
      return result;
    } catch (error) {
      if (error instanceof HttpError && !signal?.aborted) logger.warn({ ...errorFields(error), method }, 'a Bot API call did not get through');
      throw error;
    }
  };
}
