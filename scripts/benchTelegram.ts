/**
 * Per-update figures for `npm run bench`: this project's Telegram bot against a plain grammY bot and
 * against the @grammyjs/conversations plugin, at the start of a conversation and after 400 turns.
 *
 * No bot here touches the network. Each one gets botInfo (so no getMe is sent) and an API transformer,
 * installed last so it runs first, that answers every call at once with `{ ok: true, result }`. On
 * our bot this also skips the outgoing chain that createTelegramBot installs (failure log, retries,
 * throttler): the throttler paces a private chat to one message a second, which is Telegram's limit
 * and not the bot's own work. Everything from `bot.handleUpdate` to the last sendMessage is measured.
 *
 * The conversations plugin builds its own Api inside a conversation, from the token and the client
 * options only, so it gets the same answers through the client's `fetch` as well.
 *
 * A per-step time is the median of the time to handle one text update at that step (a median, so a
 * garbage collection or another process that happens to fall in one update does not move it). Each
 * is taken in its own chat, so no measured update changes the depth of another: step 1 is a chat's
 * first update, step 400 is the 400th update of a chat taken there turn by turn.
 */
import { conversations, createConversation, type Conversation, type ConversationFlavor } from '@grammyjs/conversations';
import { Bot, type Context, type Transformer } from 'grammy';
import type { Message, Update, UserFromGetMe } from 'grammy/types';
import { createApp, type App } from '../src/app/createApp.js';
import { createTelegramBot, type TelegramBotOptions } from '../src/channels/telegram/createTelegramBot.js';
import { loadConfig } from '../src/config/loadConfig.js';
import type { Logger } from '../src/runtime/Logger.js';
import { botUser } from '../test/channels/telegram/BotApiEmulator.js';

/** The emulator's bot, under its own id and name: what `getMe` would say, so no call is made for it. */
export const botInfo: UserFromGetMe = { ...botUser, id: 7_000_001, username: 'linda_bench_bot' };

const token = '7000001:bench-token-never-sent-anywhere';

export interface TelegramSizes {
  /** Updates measured on the plain grammY bot. */
  plainUpdates: number;
  /** Chats measured at step 1, on our bot and on the plugin's; also the rounds the measured updates are taken in. */
  step1Chats: number;
  /** The step of the deep measurement (400). */
  depth: number;
  /** Our chats taken to that step and measured there: `depth` updates each. */
  oursDeepChats: number;
  /** The plugin's chats taken to that step: each update replays the ones before, so a chat costs about depth² / 2 replayed steps. */
  conversationsDeepChats: number;
}

export interface TelegramFigures {
  plainMs: number;
  oursStep1Ms: number;
  oursDeepMs: number;
  conversationsStep1Ms: number;
  conversationsDeepMs: number;
  /** Calls the transport answered, in all: to show the bots really sent their replies. */
  apiCalls: number;
  /** The largest stored session (JSON bytes) seen while our bot's chats went to the deep step. */
  deepSessionBytes: number;
  /** The stored session of one chat after the deep step, as the engine left it. */
  deepSession: unknown;
}

/**
 * Where every API call would go if one ever got past the instant transport: nowhere but this
 * machine (nothing listens on port 9, the discard port, so it would fail at once).
 */
const apiRoot = 'http://127.0.0.1:9';

/** Sent messages and other calls answered at once, without any network; counted. */
class InstantTransport {
  calls = 0;
  /** Messages sent, by chat: how each bot's replies are checked. */
  readonly sent = new Map<number, number>();
  private messageId = 1_000_000;

  private answer(method: string, payload: unknown): { ok: true; result: never } {
    this.calls++;
    if (method !== 'sendMessage') return { ok: true, result: true as never };
    const p = payload as { chat_id: number | string; text: string };
    this.sent.set(Number(p.chat_id), (this.sent.get(Number(p.chat_id)) ?? 0) + 1);
    const message = {
      message_id: this.messageId++,
      date: Math.floor(Date.now() / 1000),
      chat: { id: Number(p.chat_id), type: 'private', first_name: 'Amani' },
      text: p.text,
    } satisfies Message.TextMessage;
    return { ok: true, result: message as never };
  }

  /** As an API transformer: installed last on a bot, it runs first and never calls the client. */
  readonly transformer: Transformer = async (_prev, method, payload) => this.answer(method, payload);

  /**
   * As the API client's fetch, for the conversations plugin: it builds its own Api inside a
   * conversation from the token and client options only, without the bot's transformers.
   */
  readonly fetch = (async (url: string, init: { body?: string }) => {
    const answer = this.answer(url.slice(url.lastIndexOf('/') + 1), init.body ? JSON.parse(init.body) : {});
    return { json: async () => answer };
  }) as unknown as typeof fetch;
}

let updateId = 1;
let messageId = 1;

/** A text message in a private chat, from the person whose chat it is (user id = chat id). */
function textUpdate(chatId: number, text: string): Update {
  return {
    update_id: updateId++,
    message: {
      message_id: messageId++,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chatId, type: 'private', first_name: 'Amani' },
      from: { id: chatId, is_bot: false, first_name: 'Amani', language_code: 'en' },
      text,
    },
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? NaN;
};

/** Wall time of one handled update, in ms. */
async function timed(bot: { handleUpdate(update: Update): Promise<void> }, update: Update): Promise<number> {
  const t0 = process.hrtime.bigint();
  await bot.handleUpdate(update);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** The next turn of the event loop, so timers run between updates as they would between real ones. */
const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * What one of our users types, turn by turn: onboarding, then rounds through the menu, the lessons
 * (cards read, checks answered, lessons finished or left open), settings, help and back, and
 * places that can help in several counties. It reads the key of the last message it was sent and
 * throws on anything unexpected, so a dialog that stopped working cannot pass for a fast one.
 */
function* childUser(): Generator<{ text: string; expect: readonly string[] }, never, string> {
  const counties = ['Kisumu', 'Nakuru', 'Mombasa', 'Kiambu', 'Turkana', 'Nyeri'];
  let round = 0;
  // Onboarding. (A chat's first text is the measured "help" at step 1, so it starts at help.)
  yield { text: 'menu', expect: ['onboarding:language'] };
  yield { text: '1', expect: ['onboarding:audience'] }; // English
  yield { text: '2', expect: ['privacy:note.teen.short'] }; // age 13-15
  yield { text: '1', expect: ['menu:title'] };
  for (;;) {
    round++;
    // A lesson: the lessons list, then one of nine lessons, read and answered to its end.
    yield { text: '1', expect: ['lessons:list'] };
    let key = yield { text: String(1 + (round % 9)), expect: ['lessons:card', 'lessons:resume'] };
    for (let turn = 0; key !== 'lessons:done'; turn++) {
      if (turn > 30) throw new Error('a lesson did not end in 30 turns');
      if (key === 'lessons:resume') key = yield { text: '1', expect: ['lessons:card', 'lessons:check'] }; // continue
      else if (key === 'lessons:card') key = yield { text: 'next', expect: ['lessons:card', 'lessons:check'] };
      else if (round % 4 === 0 && turn > 2) break; // now and then a lesson is left open
      else key = yield { text: String(1 + ((round + turn) % 3)), expect: ['lessons:check', 'lessons:done'] };
    }
    yield { text: 'menu', expect: ['menu:title'] };
    // Settings, and back to the menu.
    yield { text: '3', expect: ['settings:title'] };
    yield { text: 'menu', expect: ['menu:title'] };
    // Help interrupts, and back returns to where the user was.
    yield { text: 'help', expect: ['help:now'] };
    yield { text: 'back', expect: ['menu:title'] };
    // Places near me: a kind of help, then a county typed by name.
    yield { text: '2', expect: ['referral:need'] };
    yield { text: String(1 + (round % 6)), expect: ['referral:where'] };
    yield { text: counties[round % counties.length]!, expect: ['referral:results', 'referral:resultsNone'] };
    yield { text: 'menu', expect: ['menu:title'] };
  }
}

/** The measured update, the same at both depths: "help" typed, which opens help wherever the user is. */
const probe = { text: 'help', expect: 'help:now' };

/**
 * One bot under measurement. `first` handles a chat's first update; `prepare` takes chats to the
 * step before `depth`; `deep` handles the step `depth` update of the next prepared chat. Each
 * checks the reply and returns the update's time.
 */
interface Subject {
  first(): Promise<number>;
  prepare(chats: number): Promise<void>;
  deep(): Promise<number>;
}

/** A plain grammY bot: a counter per chat in a Map, one reply per text message. */
function plainBot(transport: InstantTransport): () => Promise<number> {
  const bot = new Bot(token, { botInfo, client: { apiRoot } });
  bot.api.config.use(transport.transformer);
  const counters = new Map<number, number>();
  bot.on('message:text', async (ctx) => {
    const count = (counters.get(ctx.chat.id) ?? 0) + 1;
    counters.set(ctx.chat.id, count);
    await ctx.reply(`Message ${count}`);
  });
  const chats = 50;
  let i = 0;
  return async () => {
    const chat = 1 + (i++ % chats);
    const before = transport.sent.get(chat) ?? 0;
    const time = await timed(bot, textUpdate(chat, 'hi'));
    if (transport.sent.get(chat) !== before + 1 || counters.get(chat) !== Math.ceil(i / chats)) throw new Error('the plain bot missed an update');
    return time;
  };
}

/** Our bot, built by createTelegramBot as in production, on the engine with the in-memory store. */
function ourBot(transport: InstantTransport, depth: number, logger: Logger) {
  const app = createApp(loadConfig({}), { logger, storage: 'memory' });
  // The key of the last message of each turn, by platform id, to check every reply.
  const lastKey = new Map<string, string | undefined>();
  const engine: TelegramBotOptions['engine'] = {
    async handle(channel, platformId, inbound) {
      const result = await app.engine.handle(channel, platformId, inbound);
      lastKey.set(platformId, result.messages.at(-1)?.key);
      return result;
    },
  };
  const { bot } = createTelegramBot({ token, botInfo, apiRoot, engine, logger, groupNotice: (name) => `Talk to me privately: @${name}` });
  bot.api.config.use(transport.transformer);
  const errors: unknown[] = [];
  bot.catch((error) => errors.push(error.error));
  let nextChat = 100_000;
  const prepared: number[] = [];
  let largest = 0;
  let lastDeep = 0;
  const storedBytes = async (chat: number) => JSON.stringify(await app.store.get(app.pseudonymOf('telegram', String(chat)))).length;

  const check = (chat: number, expect: readonly string[], text: string, step: number) => {
    const key = lastKey.get(String(chat));
    if (errors.length > 0) throw errors[0];
    if (key === undefined || !expect.includes(key)) throw new Error(`step ${step} "${text}" ended on ${String(key)}, expected ${expect.join(' or ')}`);
    return key;
  };
  const probeAt = async (chat: number, step: number) => {
    const time = await timed(bot, textUpdate(chat, probe.text));
    check(chat, [probe.expect], probe.text, step);
    return time;
  };

  const subject: Subject & { app: App; largest(): number; lastSession(): Promise<unknown> } = {
    app,
    first: () => probeAt(nextChat++, 1),
    /** Chats taken turn by turn, round-robin, to depth - 1, each one's first text being the probe. */
    async prepare(chats) {
      const ids = Array.from({ length: chats }, () => nextChat++);
      const users = ids.map(() => childUser());
      const last = ids.map(() => '');
      for (const id of ids) await probeAt(id, 1);
      for (let step = 2; step < depth; step++) {
        for (const [i, id] of ids.entries()) {
          const { value } = users[i]!.next(last[i]!);
          await bot.handleUpdate(textUpdate(id, value.text));
          last[i] = check(id, value.expect, value.text, step);
          await nextTick();
        }
        largest = Math.max(largest, await storedBytes(ids[0]!));
      }
      prepared.push(...ids);
    },
    async deep() {
      const chat = prepared.shift();
      if (chat === undefined) throw new Error('no chat prepared');
      const time = await probeAt(chat, depth);
      largest = Math.max(largest, await storedBytes(chat));
      lastDeep = chat;
      return time;
    },
    largest: () => largest,
    lastSession: () => app.store.get(app.pseudonymOf('telegram', String(lastDeep))),
  };
  return subject;
}

/**
 * The conversations plugin, v2, with its default in-memory storage: one conversation per chat, a
 * loop that waits for a text message and replies, `depth` steps long. The update that opens it is
 * step 1; step n replays the n - 1 waits before it, so its time grows with n.
 */
function conversationsBot(transport: InstantTransport, depth: number): Subject {
  type Ctx = ConversationFlavor<Context>;
  const bot = new Bot<Ctx>(token, { botInfo, client: { apiRoot, fetch: transport.fetch } });
  bot.api.config.use(transport.transformer);
  const errors: unknown[] = [];
  bot.catch((error) => errors.push(error.error));
  bot.use(conversations());
  async function long(conversation: Conversation<Ctx, Context>, ctx: Context) {
    await ctx.reply('Step 1');
    for (let step = 2; step <= depth; step++) {
      const next = await conversation.waitFor('message:text');
      await next.reply(`Step ${step}`);
    }
  }
  bot.use(createConversation(long, 'long'));
  bot.on('message:text', (ctx) => ctx.conversation.enter('long'));
  let nextChat = 200_000;
  const prepared: number[] = [];
  const stepAt = async (chat: number, step: number, measure: boolean) => {
    const update = textUpdate(chat, `message ${step}`);
    const time = measure ? await timed(bot, update) : (await bot.handleUpdate(update), 0);
    if (errors.length > 0) throw errors[0];
    // The plugin replays the replies it sent before from its log: the transport sees each once.
    const sent = transport.sent.get(chat);
    if (sent !== step) throw new Error(`the conversation in chat ${chat} replied ${sent} times by step ${step}`);
    return time;
  };
  return {
    first: () => stepAt(nextChat++, 1, true),
    async prepare(chats) {
      const ids = Array.from({ length: chats }, () => nextChat++);
      for (let step = 1; step < depth; step++) {
        for (const id of ids) await stepAt(id, step, false);
        await nextTick();
      }
      prepared.push(...ids);
    },
    async deep() {
      const chat = prepared.shift();
      if (chat === undefined) throw new Error('no chat prepared');
      return stepAt(chat, depth, true);
    },
  };
}

/**
 * All three bots are built and warmed up, the deep chats prepared, and then every measured update
 * is taken in one interleaved round (plain, ours at step 1 and at depth, the plugin's at step 1 and
 * at depth), so a change in the machine's load during the run weighs on all figures alike.
 */
export async function benchTelegram(sizes: TelegramSizes, logger: Logger): Promise<TelegramFigures> {
  const transport = new InstantTransport();
  const plain = plainBot(transport);
  const ours = ourBot(transport, sizes.depth, logger);
  const plugin = conversationsBot(transport, sizes.depth);

  // Warm-up, not measured: the first runs compile the code paths.
  for (let i = 0; i < 200; i++) await plain();
  for (let i = 0; i < 20; i++) await ours.first();
  for (let i = 0; i < 20; i++) await plugin.first();
  await ours.prepare(2);
  for (let i = 0; i < 2; i++) await ours.deep();

  await ours.prepare(sizes.oursDeepChats);
  await plugin.prepare(sizes.conversationsDeepChats);

  const times = { plain: [] as number[], oursFirst: [] as number[], oursDeep: [] as number[], pluginFirst: [] as number[], pluginDeep: [] as number[] };
  const plainPerRound = Math.ceil(sizes.plainUpdates / sizes.step1Chats);
  for (let round = 0; round < sizes.step1Chats; round++) {
    for (let i = 0; i < plainPerRound; i++) {
      times.plain.push(await plain());
      await nextTick();
    }
    times.oursFirst.push(await ours.first());
    await nextTick();
    if (round < sizes.oursDeepChats) {
      times.oursDeep.push(await ours.deep());
      await nextTick();
    }
    times.pluginFirst.push(await plugin.first());
    await nextTick();
    if (round < sizes.conversationsDeepChats) {
      times.pluginDeep.push(await plugin.deep());
      await nextTick();
    }
  }
  if (times.oursDeep.length !== sizes.oursDeepChats || times.pluginDeep.length !== sizes.conversationsDeepChats) {
    throw new Error('more deep chats than step-1 chats: every deep chat must be measured');
  }
  const deepSession = await ours.lastSession();
  await ours.app.close();
  return {
    plainMs: median(times.plain),
    oursStep1Ms: median(times.oursFirst),
    oursDeepMs: median(times.oursDeep),
    conversationsStep1Ms: median(times.pluginFirst),
    conversationsDeepMs: median(times.pluginDeep),
    apiCalls: transport.calls,
    deepSessionBytes: ours.largest(),
    deepSession,
  };
}
