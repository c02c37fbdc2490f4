import { Locale } from '../../domain/Locale.js';
import type { Translator } from '../../i18n/Translator.js';
import { CommandMatcher } from '../../runtime/CommandMatcher.js';
import type { Inbound } from '../../runtime/Inbound.js';
import type { Logger } from '../../runtime/Logger.js';
import type { TurnHandler } from '../../runtime/TurnHandler.js';
import type { RenderedMessage } from '../../runtime/RenderedMessage.js';
import type { TurnResult } from '../../runtime/TurnResult.js';
import { ExpiringMap } from '../shared/ExpiringMap.js';
import { ChatQueue } from '../../async/ChatQueue.js';
import { errorFields } from '../../runtime/errorFields.js';
import { messageToInbound } from './messageToInbound.js';
import { renderForWhatsApp } from './renderForWhatsApp.js';
import { RecentMessages } from '../shared/RecentMessages.js';
import type { WhatsAppClient, WhatsAppMessage } from './WhatsAppClient.js';

export interface WhatsAppChannelDeps {
  engine: TurnHandler;
  translator: Translator;
  logger: Logger;
  /** The client connected now: replies go through it, even after a reconnect. */
  client: () => WhatsAppClient | undefined;
  /** The least time between two messages to one chat. */
  paceMs?: number;
  clock?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * One message a second per chat at most. WhatsApp bans numbers that behave like spam bots, and an
 * unofficial client is watched more closely: a burst of five texts in a few milliseconds looks
 * like one. A person reading a reply loses nothing to a second's gap.
 */
const defaultPaceMs = 1_000;
const maxChats = 50_000;

/**
 * The WhatsApp channel: turns whatsapp-web.js messages into Inbound for the engine and its replies
 * into plain texts with numbered choices, split when long. No dialog logic: what a reply says is
 * the engine's. One chat's messages are handled in order, chats in parallel. It remembers, in
 * memory only and bounded, the ids of its own recent messages in private chats, for "erase this
 * chat". Chat ids go to the engine only as the pseudonym's input, and are never logged.
 */
export class WhatsAppChannel {
  private readonly queue = new ChatQueue();
  private readonly commands: CommandMatcher;
  private readonly recent: RecentMessages<string>;
  /** When each chat was last sent a message, for pacing. */
  private readonly lastSent: ExpiringMap<string, number>;
  private readonly clock: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly paceMs: number;

  constructor(private readonly deps: WhatsAppChannelDeps) {
    this.commands = new CommandMatcher(deps.translator);
    this.clock = deps.clock ?? Date.now;
    this.sleep = deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.paceMs = deps.paceMs ?? defaultPaceMs;
    this.recent = new RecentMessages<string>({ maxChats, clock: this.clock });
    this.lastSent = new ExpiringMap({ maxEntries: maxChats, ttlMs: 60_000, clock: this.clock });
  }

  /** Handle one incoming message; it resolves once the replies are sent. It never rejects. */
  onMessage(message: WhatsAppMessage): Promise<void> {
    const parsed = messageToInbound(message, (text) => this.commands.match(text));
    if (!parsed) return Promise.resolve();
    const { chatId, userId, inbound } = parsed;
    return this.queue.run(chatId, async () => {
      try {
        // A personal dialog in a group would show a child's answers to everyone there: a group
        // gets a pointer to a private chat and the numbers, and the engine never hears of the member.
        if (chatId !== userId) {
          await this.send(chatId, this.groupNotice());
          return;
        }
        const result = await this.deps.engine.handle('whatsapp', userId, inbound);
        await this.deliver(chatId, result);
      } catch (error) {
        this.deps.logger.error(errorFields(error), 'could not answer a WhatsApp message');
      }
    });
  }

  /**
   * Send a turn's messages to a private chat that did not just write (a quiz question pushed by the
   * patron's turn): laid out and paced as a reply, after any reply still being sent there.
   */
  push(chatId: string, result: TurnResult): Promise<void> {
    return this.queue.run(chatId, () => this.deliver(chatId, result));
  }

  /** Resolves true once no reply is being handled or sent, or false after `timeoutMs`. */
  idle(timeoutMs: number): Promise<boolean> {
    return this.queue.idle(timeoutMs);
  }

  /** Send one turn's replies to a private chat, in order; then, if asked, delete the bot's earlier messages there. */
  private async deliver(chatId: string, result: TurnResult): Promise<void> {
    const hint = this.deps.translator.t(result.locale, 'common:hint.number');
    const sent: string[] = [];
    for (const message of result.messages) {
      for (const text of renderForWhatsApp(this.withWebNotice(message, result), hint)) {
        const id = await this.send(chatId, text);
        sent.push(id);
        this.recent.remember(chatId, id);
      }
    }
    if (result.eraseChat) await this.eraseChat(chatId, sent);
  }

  /**
   * The privacy note, on this channel, also says what WhatsApp Web means: an unofficial way in that
   * can get the number blocked, with a copy of recent chats on the service's computer.
   */
  private withWebNotice(message: RenderedMessage, result: TurnResult): RenderedMessage {
    if (!message.key.startsWith('privacy:note.')) return message;
    return { ...message, text: `${message.text}\n\n${this.deps.translator.t(result.locale, 'privacy:whatsappWeb')}` };
  }

  /** One paced message; returns its id. */
  private async send(chatId: string, text: string): Promise<string> {
    await this.pace(chatId);
    const client = this.deps.client();
    if (!client) throw new Error('not connected to WhatsApp');
    const reply = await client.sendMessage(chatId, text, { linkPreview: false });
    this.lastSent.set(chatId, this.clock());
    return reply.id._serialized;
  }

  /** Groups do not say who speaks which language: the notice is in both. */
  private groupNotice(): string {
    return Locale.options.map((locale) => this.deps.translator.t(locale, 'common:groupNoticeDirect')).join('\n\n');
  }

  private async pace(chatId: string): Promise<void> {
    const last = this.lastSent.get(chatId);
    const wait = last === undefined ? 0 : last + this.paceMs - this.clock();
    if (wait > 0) await this.sleep(wait);
  }

  /**
   * Delete the bot's recent messages in a private chat for everyone, except the reply just sent.
   * WhatsApp allows it for a limited time; a message it refuses is skipped. The bot cannot delete
   * the user's own messages: the engine's reply asks the child to delete the chat on the phone too.
   */
  private async eraseChat(chatId: string, keep: string[]): Promise<void> {
    const client = this.deps.client();
    const ids = this.recent.takeAllExcept(chatId, keep);
    if (!client) return;
    let failed = 0;
    for (const id of ids) {
      try {
        const message = await client.getMessageById(id);
        if (message) await message.delete(true);
        else failed++;
      } catch (error) {
        failed++;
        if (failed === 1) this.deps.logger.warn(errorFields(error), 'could not delete a WhatsApp message; carrying on');
      }
    }
    this.deps.logger.info({ deleted: ids.length - failed, failed }, 'erased a WhatsApp chat');
  }
}
