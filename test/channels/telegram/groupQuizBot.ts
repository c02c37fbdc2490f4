import { Bot } from 'grammy';
import { TelegramChannel } from '../../../src/channels/telegram/TelegramChannel.js';
import { TelegramGroupQuiz } from '../../../src/channels/telegram/TelegramGroupQuiz.js';
import type { TestApp } from '../../support/testApp.js';
import { botUser, type BotApiEmulator } from './BotApiEmulator.js';

/**
 * The bot as `npm start` wires it for Telegram, in this process, on the emulator without pacing: the
 * group quiz before the private-chat channel, both in front of `app`'s engine and quiz hub. Updates
 * are handed to `bot.handleUpdate` by the test.
 */
export function groupQuizBot(app: TestApp, emulator: BotApiEmulator, token: string): { bot: Bot; groupQuiz: TelegramGroupQuiz } {
  const bot = new Bot(token, { botInfo: botUser, client: { apiRoot: emulator.apiRoot } });
  const groupQuiz = new TelegramGroupQuiz({
    hub: app.quiz,
    api: bot.api,
    translator: app.translator,
    keyOf: (id) => app.pseudonymOf('telegram', id),
    botUsername: botUser.username,
    logger: app.logger,
  });
  const channel = new TelegramChannel({ engine: app.engine, logger: app.logger, groupNotice: () => 'Talk to me privately.' });
  bot.use(groupQuiz.composer());
  bot.use(channel.composer());
  app.outbox.register('telegram', (id, result) => channel.push(bot.api, id, result));
  app.quiz.connectGroups(groupQuiz.deliver);
  return { bot, groupQuiz };
}
