import { quietly } from './quietly.js';
import { Composer, type Api, type Context, type Filter } from 'grammy';
import type { CallbackQuery, InlineKeyboardMarkup, MaybeInaccessibleMessage, Message } from 'grammy/types';
import type { Inbound } from '../../runtime/Inbound.js';
import type { Logger } from '../../runtime/Logger.js';
import type { TurnHandler } from '../../runtime/TurnHandler.js';
import type { TurnResult } from '../../runtime/TurnResult.js';
import { parseCallbackData } from './callbackData.js';
import { ExpiringMap } from '../shared/ExpiringMap.js';
import { ChatQueue } from '../../async/ChatQueue.js';
import { messageToInbound } from './messageToInbound.js';
import { RecentMessages } from '../shared/RecentMessages.js';
import { renderForTelegram } from './renderForTelegram.js';

export interface TelegramChannelDeps {
  engine: TurnHandler;
  /** What a group gets for any command: talk to me privately, and the emergency numbers. */
  groupNotice: (botUsername: string) => string;
  logger: Logger;
  clock?: () => number;
}

const maxChats = 50_000;

/**
 * The Telegram channel: turns messages and button presses into Inbound for the engine and lays
 * out its replies (inline keyboards, long texts split, a location button). No dialog logic: what
 * a reply says is the engine's. Every message in a private chat is sent protected (it cannot be
 * forwarded or saved). It remembers, in memory only and bounded, the ids of the recent messages
 * in private chats, the child's and its own, so that "erase this chat", "forget me" and /exit
 * clear both sides. Buttons carry the version of their question, so the engine can tell an old
 * keyboard from the stored session, on whichever instance the press arrives.
 * A private chat's messages leave one turn at a time, replies and quiz questions pushed by other
 * people's turns alike, so they arrive in the order the engine made them. In a group, a club
 * quiz's "/join CODE" and answer buttons go to the group quiz, if there is one; any other command
 * there gets a pointer to a private chat.
 * Platform ids go to the engine only as the pseudonym's input, and are never logged.
 */
export class TelegramChannel {
  private readonly recent: RecentMessages<number>;
  /** Private chats showing a reply keyboard (the location button) that the next reply removes. */
  private readonly replyKeyboards: ExpiringMap<number, true>;
  /** Keyboards already answered: a second tap on one (an impatient double tap) is only answered. */
  private readonly pressed: ExpiringMap<string, true>;
  /** One private chat's messages in order, whether a reply or a quiz question pushed by someone else's turn. */
  private readonly outgoing = new ChatQueue();

  constructor(private readonly deps: TelegramChannelDeps) {
    const clock = deps.clock ? { clock: deps.clock } : {};
    this.recent = new RecentMessages<number>({ maxChats, ...clock });
    this.replyKeyboards = new ExpiringMap({ maxEntries: maxChats, ttlMs: 2 * 86_400_000, ...clock });
    this.pressed = new ExpiringMap({ maxEntries: maxChats, ttlMs: 86_400_000, ...clock });
  }

  /** The handlers, to install on a bot after sequentialize (one chat's updates in order). */
  composer(): Composer<Context> {
    const composer = new Composer<Context>();
    composer.on('message', (ctx) => this.onMessage(ctx));
    composer.on('callback_query', (ctx) => this.onButton(ctx));
    return composer;
  }

  /**
   * Send a turn's messages to a private chat that did not just write (a quiz question pushed by
   * the patron's turn): laid out exactly as a reply, after any reply still being sent there.
   */
  async push(api: Api, platformId: string, result: TurnResult): Promise<void> {
    const chatId = Number(platformId);
    await this.deliver(api, chatId, result, undefined);
  }

  private async onMessage(ctx: Filter<Context, 'message'>): Promise<void> {
    const message = ctx.message;
    const inbound = messageToInbound(message, ctx.me.username);
    if (!inbound) return;
    if (message.chat.type !== 'private') {
      // A personal dialog in a group would show a child's answers (age band, what happened) to
      // everyone there: groups get a pointer to a private chat and the numbers, and the engine never
      // hears of the member.
      const thread = message.is_topic_message ? { message_thread_id: message.message_thread_id } : {};
      await ctx.api.sendMessage(message.chat.id, this.deps.groupNotice(ctx.me.username), { link_preview_options: { is_disabled: true }, ...thread });
      return;
    }
    // The child's own message is deleted too when they ask to erase the chat (its id only, never its text).
    this.recent.remember(message.chat.id, message.message_id);
    const result = await this.deps.engine.handle('telegram', String(ctx.from.id), inbound);
    await this.deliver(ctx.api, message.chat.id, result, message.is_topic_message ? message.message_thread_id : undefined);
  }

  /**
   * A button press. It is answered at once, so the spinner stops. The choice goes to the engine
   * with its question's version: a press on the question waiting counts, and its keyboard gives
   * way to "✓ label", so it cannot be pressed twice (a quick second tap, before the edit shows, is
   * only answered); a press on an old keyboard (an old "Yes" may belong to another question) only
   * loses its keyboard, and the engine shows the question now waiting. Help and menu count from any
   * keyboard. In a group, a quiz's answer buttons are the group quiz's (installed before this
   * channel); any other keyboard there only loses its keyboard.
   */
  private async onButton(ctx: Filter<Context, 'callback_query'>): Promise<void> {
    const query = ctx.callbackQuery;
    await quietly(this.deps.logger, () => ctx.api.answerCallbackQuery(query.id));
    const message = query.message;
    const from = query.from;
    if (!message || from.is_bot) return;
    const chat = message.chat;
    if (chat.type !== 'private') {
      await quietly(this.deps.logger, () => ctx.api.editMessageReplyMarkup(chat.id, message.message_id));
      return;
    }
    const choice = query.data === undefined ? null : parseCallbackData(query.data);
    if (!choice) return;
    const pressedKey = `${chat.id}:${message.message_id}`;
    if (this.pressed.get(pressedKey)) return;
    this.pressed.set(pressedKey, true);
    const inbound: Inbound = { type: 'choice', id: choice.id, ...(choice.version ? { version: choice.version } : {}) };
    const result = await this.deps.engine.handle('telegram', String(from.id), inbound);
    if (result.stale) await quietly(this.deps.logger, () => ctx.api.editMessageReplyMarkup(chat.id, message.message_id));
    else await this.acknowledge(ctx.api, message, query.data!);
    const thread = 'is_topic_message' in message && message.is_topic_message ? message.message_thread_id : undefined;
    await this.deliver(ctx.api, chat.id, result, thread);
  }

  /** The pressed message shows what was chosen, and its keyboard goes. */
  private async acknowledge(api: Api, message: MaybeInaccessibleMessage, data: string): Promise<void> {
    const text = 'text' in message ? message.text : undefined;
    const markup = 'reply_markup' in message ? message.reply_markup : undefined;
    const label = labelOf(markup, data);
    const acknowledged = text !== undefined && label !== undefined ? `${text}\n\n✓ ${label}` : undefined;
    if (acknowledged !== undefined && acknowledged.length <= 4096) {
      await quietly(this.deps.logger, () => api.editMessageText(message.chat.id, message.message_id, acknowledged, { link_preview_options: { is_disabled: true } }));
    } else {
      await quietly(this.deps.logger, () => api.editMessageReplyMarkup(message.chat.id, message.message_id));
    }
  }

  /**
   * Send one turn's replies to a private chat, in order, after whatever is still being sent there;
   * then, if asked, delete the bot's earlier messages there.
   */
  private deliver(api: Api, chatId: number, result: TurnResult, thread: number | undefined): Promise<void> {
    return this.outgoing.run(String(chatId), () => this.sendNow(api, { id: chatId }, result, thread));
  }

  private async sendNow(api: Api, chat: { id: number }, result: TurnResult, thread: number | undefined): Promise<void> {
    const sent: number[] = [];
    for (const message of result.messages) {
      for (const part of renderForTelegram(message, result.version)) {
        const removeReplyKeyboard = !part.keyboard && this.replyKeyboards.get(chat.id) === true;
        const markup = part.keyboard ?? (removeReplyKeyboard ? { remove_keyboard: true as const } : undefined);
        const reply = await api.sendMessage(chat.id, part.text, {
          link_preview_options: { is_disabled: true },
          protect_content: true,
          ...(markup ? { reply_markup: markup } : {}),
          ...(thread !== undefined ? { message_thread_id: thread } : {}),
        });
        sent.push(reply.message_id);
        this.recent.remember(chat.id, reply.message_id);
        if (part.keyboard && 'keyboard' in part.keyboard) this.replyKeyboards.set(chat.id, true);
        if (removeReplyKeyboard) this.replyKeyboards.delete(chat.id);
      }
    }
    if (result.eraseChat) await this.eraseChat(api, chat.id, sent);
  }

  /** Delete the recent messages in a private chat, the child's and the bot's, except the reply just sent; up to 100 a call. */
  private async eraseChat(api: Api, chatId: number, keep: number[]): Promise<void> {
    const ids = this.recent.takeAllExcept(chatId, keep);
    for (let i = 0; i < ids.length; i += 100) {
      const batch = ids.slice(i, i + 100);
      await quietly(this.deps.logger, () => api.deleteMessages(chatId, batch));
    }
  }

}

function labelOf(markup: InlineKeyboardMarkup | undefined, data: string): string | undefined {
  for (const row of markup?.inline_keyboard ?? []) {
    for (const button of row) if ('callback_data' in button && button.callback_data === data) return button.text;
  }
  return undefined;
}
