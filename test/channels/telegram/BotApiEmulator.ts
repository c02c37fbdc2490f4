import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { UserFromGetMe } from 'grammy/types';

/* A small Telegram Bot API emulator for end-to-end tests: the real bot talks to it as it would to
 * Telegram (TELEGRAM_API_ROOT), and tests play the users. Loopback only, a random port. Every call
 * is recorded so tests can assert what the bot did, and what it never did (getFile). It checks
 * what Telegram checks and the channel could get wrong: text length, callback data size, keyboards
 * edited twice, queries answered twice. */

type Json = Record<string, any>;

export interface RecordedCall {
  method: string;
  payload: Json;
  /** HTTP status of the answer: 200, or the error code. */
  status: number;
  at: number;
}

export interface StoredMessage {
  chatId: number;
  messageId: number;
  fromBot: boolean;
  text: string | undefined;
  replyMarkup: Json | undefined;
  deleted: boolean;
  sentAt: number;
}

export interface Chat {
  id: number;
  type: 'private' | 'supergroup';
  title?: string;
  first_name?: string;
}

export const botUser: UserFromGetMe = {
  id: 7_000_001,
  is_bot: true,
  first_name: 'Linda Mtoto',
  username: 'linda_test_bot',
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
  supports_join_request_queries: false,
};

interface Failure {
  method: string;
  chatId: number | undefined;
  code: number;
  retryAfter: number | undefined;
}

/** Where updates go: queued for getUpdates (long polling), or pushed (a webhook). */
export type UpdateSink = (update: Json) => Promise<void>;

export class BotApiEmulator {
  readonly calls: RecordedCall[] = [];
  readonly fileDownloads: string[] = [];
  private readonly queue: Json[] = [];
  private readonly polls = new Set<() => void>();
  private readonly chats = new Map<number, { chat: Chat; messages: StoredMessage[] }>();
  private readonly queries = new Map<string, { answered: boolean; text?: string }>();
  private readonly failures: Failure[] = [];
  private nextUpdateId = 1;
  private nextQueryId = 1;
  private confirmed = 0;
  webhook: { url: string; secretToken: string | undefined } | undefined;
  /** Set to push updates to a webhook instead of queueing them for getUpdates. */
  sink: UpdateSink | undefined;
  /** Told of every call as it is recorded (the bench times replies with it). */
  onCall: ((call: RecordedCall) => void) | undefined;

  private constructor(
    private readonly server: Server,
    readonly token: string,
  ) {}

  static async start(token: string): Promise<BotApiEmulator> {
    let emulator: BotApiEmulator | undefined;
    const server = createServer((req, res) => void emulator?.serve(req, res));
    emulator = new BotApiEmulator(server, token);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return emulator;
  }

  get apiRoot(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    for (const wake of [...this.polls]) wake();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  /** The next call of `method` (to `chatId`, if given) gets this error, once: 429 with retry_after by default. */
  failNext(method: string, options: { chatId?: number; code?: number; retryAfter?: number } = {}): void {
    this.failures.push({ method, chatId: options.chatId, code: options.code ?? 429, retryAfter: options.code ? undefined : (options.retryAfter ?? 1) });
  }

  // What users do.

  privateChat(userId: number, firstName: string): Chat {
    return this.chat({ id: userId, type: 'private', first_name: firstName });
  }

  group(id: number, title: string): Chat {
    return this.chat({ id, type: 'supergroup', title });
  }

  /** A message from a user; a text starting with / carries a bot_command entity, as Telegram's does. */
  async send(from: { id: number; first_name: string }, chat: Chat, content: Json): Promise<StoredMessage> {
    const stored = this.store(chat.id, false, content.text, undefined);
    const command = typeof content.text === 'string' ? /^\/\S+/.exec(content.text) : null;
    const message = {
      message_id: stored.messageId,
      date: Math.floor(Date.now() / 1000),
      chat,
      from: { ...from, is_bot: false },
      ...content,
      ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command[0].length }] } : {}),
    };
    await this.push({ message });
    return stored;
  }

  /** A press on a button of a bot message; returns the callback query id. */
  async press(from: { id: number; first_name: string }, message: StoredMessage, data: string): Promise<string> {
    const id = `q${this.nextQueryId++}`;
    this.queries.set(id, { answered: false });
    await this.push({
      callback_query: {
        id,
        from: { ...from, is_bot: false },
        chat_instance: `ci${message.chatId}`,
        data,
        message: this.toTelegram(message),
      },
    });
    return id;
  }

  // What tests look at.

  messagesIn(chatId: number): StoredMessage[] {
    return this.chats.get(chatId)?.messages ?? [];
  }

  botMessagesIn(chatId: number): StoredMessage[] {
    return this.messagesIn(chatId).filter((m) => m.fromBot);
  }

  callsOf(method: string, chatId?: number): RecordedCall[] {
    return this.calls.filter((c) => c.method === method && (chatId === undefined || Number(c.payload.chat_id) === chatId));
  }

  isAnswered(queryId: string): boolean {
    return this.queries.get(queryId)?.answered ?? false;
  }

  /** The note shown to the presser only (answerCallbackQuery's text), once answered. */
  toastOf(queryId: string): string | undefined {
    return this.queries.get(queryId)?.text;
  }

  /** Wait until `find` returns something, checking every 20 ms; fail with `what` after `timeoutMs`. */
  async waitFor<T>(find: () => T | undefined | null | false, what: string, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = find();
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  // The server.

  private chat(chat: Chat): Chat {
    if (!this.chats.has(chat.id)) this.chats.set(chat.id, { chat, messages: [] });
    return chat;
  }

  private async push(update: Json): Promise<void> {
    const full = { update_id: this.nextUpdateId++, ...update };
    if (this.sink) return this.sink(full);
    this.queue.push(full);
    for (const wake of [...this.polls]) wake();
  }

  private store(chatId: number, fromBot: boolean, text: string | undefined, replyMarkup: Json | undefined): StoredMessage {
    const entry = this.chats.get(chatId);
    if (!entry) throw new Error(`unknown chat ${chatId}`);
    const message = { chatId, messageId: entry.messages.length + 1, fromBot, text, replyMarkup, deleted: false, sentAt: Date.now() };
    entry.messages.push(message);
    return message;
  }

  private toTelegram(message: StoredMessage): Json {
    const entry = this.chats.get(message.chatId);
    return {
      message_id: message.messageId,
      date: Math.floor(message.sentAt / 1000),
      chat: entry?.chat,
      ...(message.fromBot ? { from: botUser } : {}),
      ...(message.text !== undefined ? { text: message.text } : {}),
      ...(message.replyMarkup && 'inline_keyboard' in message.replyMarkup ? { reply_markup: message.replyMarkup } : {}),
    };
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.apiRoot);
    if (url.pathname.startsWith('/file/')) {
      this.fileDownloads.push(url.pathname);
      return void res.writeHead(404).end();
    }
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(url.pathname);
    if (!match) return void res.writeHead(404).end();
    const [, token, method = ''] = match;
    let payload: Json = Object.fromEntries(url.searchParams);
    const body = await new Promise<string>((resolve) => {
      let text = '';
      req.on('data', (chunk) => (text += String(chunk)));
      req.on('end', () => resolve(text));
    });
    if (body) payload = { ...payload, ...(JSON.parse(body) as Json) };
    const call: RecordedCall = { method, payload, status: 200, at: Date.now() };
    this.calls.push(call);
    this.onCall?.(call);
    const answer = (status: number, result: Json) => {
      call.status = status;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(result));
    };
    if (token !== this.token) return answer(401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const chatId = payload.chat_id === undefined ? undefined : Number(payload.chat_id);
    const failure = this.failures.findIndex((f) => f.method === method && (f.chatId === undefined || f.chatId === chatId));
    if (failure >= 0) {
      const [f] = this.failures.splice(failure, 1);
      if (f?.retryAfter !== undefined) {
        return answer(429, { ok: false, error_code: 429, description: `Too Many Requests: retry after ${f.retryAfter}`, parameters: { retry_after: f.retryAfter } });
      }
      return answer(f?.code ?? 500, { ok: false, error_code: f?.code ?? 500, description: 'Internal Server Error' });
    }
    try {
      const result = method === 'getUpdates' ? await this.getUpdates(payload, res) : this.call(method, payload);
      answer(200, { ok: true, result });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      answer(error.code, { ok: false, error_code: error.code, description: error.message });
    }
  }

  private async getUpdates(payload: Json, res: ServerResponse): Promise<Json[]> {
    if (this.webhook) throw new ApiError(409, "Conflict: can't use getUpdates method while webhook is active");
    const offset = Number(payload.offset ?? 0);
    if (offset > this.confirmed) this.confirmed = offset;
    const pending = () => this.queue.filter((u) => u.update_id >= this.confirmed);
    if (pending().length === 0) {
      const timeoutMs = Math.min(Number(payload.timeout ?? 0), 30) * 1000;
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.polls.delete(done);
          resolve();
        };
        const timer = setTimeout(done, timeoutMs);
        this.polls.add(done);
        res.once('close', done);
      });
    }
    this.queue.splice(0, this.queue.length, ...pending());
    return pending().slice(0, Number(payload.limit ?? 100));
  }

  private call(method: string, p: Json): unknown {
    switch (method) {
      case 'getMe':
        return botUser;
      case 'deleteWebhook':
        this.webhook = undefined;
        return true;
      case 'setWebhook':
        if (!/^https:\/\//.test(String(p.url))) throw new ApiError(400, 'Bad Request: bad webhook: An HTTPS URL must be provided for webhook');
        this.webhook = { url: String(p.url), secretToken: p.secret_token };
        return true;
      case 'setMyCommands':
        for (const c of p.commands ?? []) {
          if (!/^[a-z0-9_]{1,32}$/.test(c.command) || !(c.description?.length >= 1 && c.description.length <= 256)) {
            throw new ApiError(400, 'Bad Request: BOT_COMMAND_INVALID');
          }
        }
        return true;
      case 'setMyDescription':
      case 'setMyShortDescription': {
        const field = method === 'setMyDescription' ? 'description' : 'short_description';
        const limit = method === 'setMyDescription' ? 512 : 120;
        const text = String(p[field] ?? '');
        if (text.length > limit) throw new ApiError(400, `Bad Request: ${field} is too long`);
        return true;
      }
      case 'sendChatAction':
        return true;
      case 'sendMessage':
        return this.sendMessage(p);
      case 'editMessageText':
      case 'editMessageReplyMarkup':
        return this.edit(method, p);
      case 'deleteMessage':
        return this.delete(Number(p.chat_id), [Number(p.message_id)], true);
      case 'deleteMessages':
        if (!Array.isArray(p.message_ids) || p.message_ids.length < 1 || p.message_ids.length > 100) {
          throw new ApiError(400, 'Bad Request: message_ids must hold 1 to 100 ids');
        }
        return this.delete(Number(p.chat_id), p.message_ids.map(Number), false);
      case 'answerCallbackQuery': {
        const query = this.queries.get(String(p.callback_query_id));
        if (!query || query.answered) throw new ApiError(400, 'Bad Request: query is too old and response timeout expired or query ID is invalid');
        if (p.text !== undefined && String(p.text).length > 200) throw new ApiError(400, 'Bad Request: MESSAGE_TOO_LONG');
        query.answered = true;
        if (p.text !== undefined) query.text = String(p.text);
        return true;
      }
      case 'getFile':
        throw new ApiError(400, 'Bad Request: the emulator never serves files');
      default:
        throw new ApiError(404, 'Not Found');
    }
  }

  private sendMessage(p: Json): Json {
    const entry = this.chats.get(Number(p.chat_id));
    if (!entry) throw new ApiError(400, 'Bad Request: chat not found');
    const text = String(p.text ?? '');
    if (text.trim().length === 0) throw new ApiError(400, 'Bad Request: message text is empty');
    if (text.length > 4096) throw new ApiError(400, 'Bad Request: message is too long');
    if (p.parse_mode !== undefined) throw new ApiError(400, 'Bad Request: this emulator expects plain text');
    this.checkMarkup(p.reply_markup, entry.chat);
    const stored = this.store(entry.chat.id, true, text, p.reply_markup);
    return this.toTelegram(stored);
  }

  private edit(method: string, p: Json): Json {
    const message = this.messagesIn(Number(p.chat_id)).find((m) => m.messageId === Number(p.message_id));
    if (!message || message.deleted) throw new ApiError(400, 'Bad Request: message to edit not found');
    if (!message.fromBot) throw new ApiError(400, "Bad Request: message can't be edited");
    const text = method === 'editMessageText' ? String(p.text ?? '') : message.text;
    if (method === 'editMessageText' && (text === undefined || text.length === 0 || text.length > 4096)) {
      throw new ApiError(400, 'Bad Request: text must be 1 to 4096 characters');
    }
    const markup = p.reply_markup as Json | undefined;
    if (markup !== undefined && !('inline_keyboard' in markup)) throw new ApiError(400, 'Bad Request: only an inline keyboard can be edited in');
    this.checkMarkup(markup, this.chats.get(message.chatId)!.chat);
    const before = JSON.stringify([message.text, message.replyMarkup ?? null]);
    if (JSON.stringify([text, markup ?? null]) === before) throw new ApiError(400, 'Bad Request: message is not modified');
    message.text = text;
    message.replyMarkup = markup;
    return this.toTelegram(message);
  }

  private delete(chatId: number, ids: number[], strict: boolean): true {
    const entry = this.chats.get(chatId);
    for (const id of ids) {
      const message = entry?.messages.find((m) => m.messageId === id && !m.deleted);
      const allowed = message && (message.fromBot || entry?.chat.type === 'private') && Date.now() - message.sentAt < 48 * 3_600_000;
      if (message && allowed) message.deleted = true;
      else if (strict) throw new ApiError(400, "Bad Request: message can't be deleted");
    }
    return true;
  }

  private checkMarkup(markup: Json | undefined, chat: Chat): void {
    if (markup === undefined) return;
    for (const row of markup.inline_keyboard ?? []) {
      for (const button of row) {
        if (!button.text) throw new ApiError(400, 'Bad Request: button text is empty');
        const size = Buffer.byteLength(String(button.callback_data ?? ''), 'utf8');
        if (size < 1 || size > 64) throw new ApiError(400, 'Bad Request: BUTTON_DATA_INVALID');
      }
    }
    for (const row of markup.keyboard ?? []) {
      for (const button of row) {
        if (button.request_location && chat.type !== 'private') throw new ApiError(400, 'Bad Request: BUTTON_TYPE_INVALID');
      }
    }
  }
}

class ApiError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}
