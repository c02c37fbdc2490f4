import { Composer, type Api, type Context } from 'grammy';
import type { CallbackQuery, InlineKeyboardMarkup, Message as TelegramMessage } from 'grammy/types';
import type { Message } from '../../../dialogs/shared/Message.js';
import { Locale } from '../../domain/Locale.js';
import type { Translator } from '../../i18n/Translator.js';
import type { GroupDelivery, GroupView, QuizAddress } from '../../quiz/QuizDeliveries.js';
import type { GroupAnswer } from '../../quiz/QuizHub.js';
import type { SharedNotes } from '../../quiz/QuizRooms.js';
import { z } from 'zod';
import { CommandMatcher } from '../../runtime/CommandMatcher.js';
import type { Logger } from '../../runtime/Logger.js';
import { ExpiringMap } from '../shared/ExpiringMap.js';
import { ChatQueue } from '../../async/ChatQueue.js';
import { callbackData } from './callbackData.js';
import { deepLinkJoin } from './deepLinkJoin.js';
import { errorFields } from './errorFields.js';
import { quietly } from './quietly.js';

/** What a group chat needs of the quiz hub: join with a code, answer by button, be shown the quiz. */
export interface GroupQuizHub {
  joinGroup(code: string, group: QuizAddress, locale: Locale): Promise<'joined' | 'unknown'>;
  answerInGroup(group: QuizAddress, key: string, option: string): Promise<GroupAnswer>;
  /** With several instances: where each group's state is kept for all of them (else in this process). */
  readonly notes?: SharedNotes | undefined;
}

export interface TelegramGroupQuizDeps {
  hub: GroupQuizHub;
  /** Every call goes through the bot's API, so the group limit of twenty a minute is kept. */
  api: Api;
  translator: Translator;
  /** The pseudonym of a Telegram user, as the engine computes it: who answered, without their id. */
  keyOf: (userId: string) => string;
  botUsername: string;
  logger: Logger;
  /** The language of a group that joined with a word of no known language. */
  defaultLocale?: Locale;
}

/** What is known of one group playing: its language, its topic thread, and the question message now live. */
const GroupState = z.object({
  locale: Locale,
  thread: z.number().optional(),
  /** The message with answer buttons, and its text above the "tap" line (kept for the answer's edit). */
  live: z.object({ messageId: z.number(), body: z.string() }).optional(),
  ended: z.boolean(),
});
type GroupState = z.infer<typeof GroupState>;

/** How long a group's state is kept after it last changed. */
const groupTtlMs = 86_400_000;

/**
 * Where group states are kept: in this process, or (several instances behind one webhook) in the
 * shared store, so that a press reaching one instance finds the question another one sent.
 */
class GroupStates {
  private readonly local = new ExpiringMap<number, GroupState>({ maxEntries: maxGroups, ttlMs: groupTtlMs });

  constructor(private readonly notes: SharedNotes | undefined) {}

  async get(chatId: number): Promise<GroupState | undefined> {
    if (!this.notes) return this.local.get(chatId);
    const parsed = GroupState.safeParse(await this.notes.get(noteId(chatId)));
    return parsed.success ? parsed.data : undefined;
  }

  async set(chatId: number, state: GroupState): Promise<void> {
    if (!this.notes) return this.local.set(chatId, state);
    await this.notes.set(noteId(chatId), state, groupTtlMs);
  }

  async delete(chatId: number): Promise<void> {
    if (!this.notes) return this.local.delete(chatId);
    await this.notes.delete(noteId(chatId));
  }
}

const noteId = (chatId: number) => `telegram-group:${chatId}`;

/** Button data of an answer in a group: "quiz:" and the option id, well within 64 bytes. */
const prefix = 'quiz:';
const maxGroups = 10_000;

/**
 * A Telegram group playing a club quiz together, kept under Telegram's twenty messages a minute
 * per group: each question is ONE message with a button per option, edited in place into the
 * answer when the patron reveals it (its buttons go), so a question costs two calls. A press is
 * answered with a short note only the presser sees (their nickname, "answer saved"); nothing about
 * who answered what is ever posted. Members are known to the hub by their pseudonym only; no
 * Telegram name, username or id is ever put in a message, and nothing a member typed is repeated.
 */
export class TelegramGroupQuiz {
  private readonly commands: CommandMatcher;
  private readonly groups: GroupStates;
  /** A question on its way to a group, in this process: a press can come before its sendMessage call returns. */
  private readonly asking = new Map<number, Promise<number>>();
  /** One group's messages in order: a question is sent before its answer edits it. */
  private readonly queue = new ChatQueue();

  constructor(private readonly deps: TelegramGroupQuizDeps) {
    this.commands = new CommandMatcher(deps.translator);
    this.groups = new GroupStates(deps.hub.notes);
  }

  /** How views reach groups: give this to the quiz hub's connectGroups. */
  readonly deliver: GroupDelivery = (group, locale, view) =>
    this.queue.run(group.platformId, async () => {
      try {
        await this.show(Number(group.platformId), locale, view);
      } catch (error) {
        this.deps.logger.error(errorFields(error), 'a quiz message could not reach a group');
      }
    });

  /**
   * Group play, installed before the private-chat channel: a group's "/join CODE" and answer
   * buttons are handled here; anything else goes on (`next`) to the channel.
   */
  composer(): Composer<Context> {
    const composer = new Composer<Context>();
    const groups = composer.chatType(['group', 'supergroup']);
    groups.on('message', async (ctx, next) => {
      if (!(await this.onMessage(ctx.message))) await next();
    });
    groups.on('callback_query', async (ctx, next) => {
      if (!(await this.onPress(ctx.callbackQuery))) await next();
    });
    return composer;
  }

  /**
   * A group message: "/join K7P3Q" (or "jiunge K7P3Q") joins the group to that quiz; a code that is
   * not live gets one short note in both languages. Returns false for anything else.
   */
  private async onMessage(message: TelegramMessage): Promise<boolean> {
    const text = message.text;
    if (text === undefined || !message.from || message.from.is_bot || message.sender_chat) return false;
    // A club group added through the patron's link (t.me/<bot>?startgroup=join-CODE) says "/start join-CODE".
    const linked = deepLinkJoin(text, this.deps.botUsername);
    const join = linked ? { code: linked, locale: null } : this.commands.matchJoin(text);
    if (!join || (!linked && !this.addressedToMe(text))) return false;
    const chatId = message.chat.id;
    const locale = join.locale ?? this.deps.defaultLocale ?? 'en';
    const thread = message.is_topic_message ? message.message_thread_id : undefined;
    const before = await this.groups.get(chatId);
    await this.groups.set(chatId, { locale, ...(thread !== undefined ? { thread } : {}), ...(before?.live ? { live: before.live } : {}), ended: false });
    const joined = await this.deps.hub.joinGroup(join.code, address(chatId), locale);
    if (joined === 'unknown') {
      if (before) await this.groups.set(chatId, before);
      else await this.groups.delete(chatId);
      const note = Locale.options.map((l) => this.deps.translator.render(l, { key: 'quiz:group.unknown' })).join('\n\n');
      await this.queue.run(String(chatId), () => this.send(chatId, thread, note).then(() => undefined));
    }
    return true;
  }

  /** A press of a group's answer button; false for a press that is not one (the caller handles it). */
  private async onPress(query: CallbackQuery): Promise<boolean> {
    const data = query.data;
    const message = query.message;
    if (data === undefined || !data.startsWith(prefix) || !message || message.chat.type === 'private') return false;
    const chatId = message.chat.id;
    // The button may belong to a question whose send has not returned yet: wait for it.
    const asking = this.asking.get(chatId);
    if (asking) await asking.catch(() => undefined);
    const state = await this.groups.get(chatId);
    let toast: string | undefined;
    if (!query.from.is_bot) {
      const locale = state?.locale ?? this.deps.defaultLocale ?? 'en';
      const t = (key: string, vars?: Message['vars']) => this.deps.translator.render(locale, { key: `quiz:group.toast.${key}`, ...(vars ? { vars } : {}) });
      if (!state || state.ended) toast = t('closed');
      else if (state.live?.messageId !== message.message_id) {
        // An old question's buttons (an edit that did not get through, or a slow phone): never an
        // answer to the question now asked.
        toast = t('between');
        void quietly(this.deps.logger, () => this.deps.api.editMessageReplyMarkup(chatId, message.message_id));
      } else {
        const answer = await this.deps.hub.answerInGroup(address(chatId), this.deps.keyOf(String(query.from.id)), data.slice(prefix.length));
        if (answer.result === 'saved' || answer.result === 'already') {
          const nickname = {
            adjective: { key: `quiz:adjective.${answer.adjective}` },
            animal: { key: `quiz:animal.${answer.animal}` },
          };
          toast = t(answer.result, nickname);
        } else toast = t(answer.result);
      }
    }
    await quietly(this.deps.logger, () => this.deps.api.answerCallbackQuery(query.id, toast === undefined ? {} : { text: toast }));
    return true;
  }

  /** Resolves true once no group message is being sent, or false after `timeoutMs`. */
  idle(timeoutMs: number): Promise<boolean> {
    return this.queue.idle(timeoutMs);
  }

  private async show(chatId: number, locale: Locale, view: GroupView): Promise<void> {
    const state: GroupState = (await this.groups.get(chatId)) ?? { locale, ended: false };
    state.locale = locale;
    try {
      await this.showIn(chatId, state, locale, view);
    } finally {
      await this.groups.set(chatId, state);
    }
  }

  private async showIn(chatId: number, state: GroupState, locale: Locale, view: GroupView): Promise<void> {
    // Every text through the same rendering as the rest of the bot: a locale key and its variables.
    const t = (key: string, vars?: Message['vars']) => this.deps.translator.render(locale, { key: `quiz:group.${key}`, ...(vars ? { vars } : {}) });
    const bot = `@${this.deps.botUsername}`;
    switch (view.type) {
      case 'joined':
        state.ended = false;
        await this.send(chatId, state.thread, t('joined', { questions: view.questions, bot }));
        return;
      case 'question': {
        await this.retire(chatId, state);
        const { n, total, seconds, question } = view.view;
        const choices = question.choices ?? [];
        // Numbered 1, 2, 3 as the patron reads them out and as every child's own chat shows them.
        const options = choices.map((c, i) => t('option', { n: i + 1, label: this.deps.translator.label(locale, c) }));
        const items = `${this.deps.translator.render(locale, question)}\n\n${options.join('\n')}`;
        const body = seconds === null ? t('question', { n, total, items }) : t('questionTimed', { n, total, seconds, items });
        const keyboard: InlineKeyboardMarkup = { inline_keyboard: choices.map((c, i) => [{ text: options[i]!, callback_data: callbackData(`${prefix}${c.id}`) }]) };
        const asking = this.send(chatId, state.thread, `${body}\n\n${t('tap')}`, keyboard);
        this.asking.set(chatId, asking);
        try {
          state.live = { messageId: await asking, body };
          // Shared before the press waiting on `asking` reads it.
          await this.groups.set(chatId, state);
        } finally {
          if (this.asking.get(chatId) === asking) this.asking.delete(chatId);
        }
        return;
      }
      case 'reveal': {
        const revealed = t('revealed', {
          answer: this.deps.translator.render(locale, view.answer),
          items: this.deps.translator.render(locale, view.explain),
          answered: view.answeredBy,
          right: view.right,
        });
        const live = state.live;
        delete state.live;
        // Editing the text without a keyboard takes the buttons away: nobody can answer any more.
        if (live) {
          try {
            await this.deps.api.editMessageText(chatId, live.messageId, clip(`${live.body}\n\n${revealed}`), { link_preview_options: { is_disabled: true } });
            return;
          } catch (error) {
            // Deleted by an admin, say: the answer still reaches the group, as a message of its own.
            this.deps.logger.warn(errorFields(error), 'could not edit a quiz question in a group; sending the answer instead');
          }
        }
        await this.send(chatId, state.thread, revealed);
        return;
      }
      case 'finished': {
        await this.retire(chatId, state);
        state.ended = true;
        const top = view.top.map((line) => this.deps.translator.render(locale, line)).join('\n');
        await this.send(chatId, state.thread, top ? t('finished', { total: view.total, items: top, bot }) : t('finishedNobody', { total: view.total, bot }));
        return;
      }
      case 'closed':
        await this.retire(chatId, state);
        state.ended = true;
        await this.send(chatId, state.thread, t(`closed.${view.reason}`));
        return;
    }
  }

  /** A question still showing buttons loses them, before anything else is shown. */
  private async retire(chatId: number, state: GroupState): Promise<void> {
    const live = state.live;
    delete state.live;
    if (live) await quietly(this.deps.logger, () => this.deps.api.editMessageReplyMarkup(chatId, live.messageId));
  }

  private async send(chatId: number, thread: number | undefined, text: string, keyboard?: InlineKeyboardMarkup): Promise<number> {
    const sent = await this.deps.api.sendMessage(chatId, clip(text), {
      link_preview_options: { is_disabled: true },
      ...(keyboard ? { reply_markup: keyboard } : {}),
      ...(thread !== undefined ? { message_thread_id: thread } : {}),
    });
    return sent.message_id;
  }

  /** "/join@other_bot K7P3Q" is for another bot. */
  private addressedToMe(text: string): boolean {
    const target = /^\s*\/[\p{L}]+@(\w+)/u.exec(text)?.[1];
    return target === undefined || target.toLowerCase() === this.deps.botUsername.toLowerCase();
  }

}

const address = (chatId: number): QuizAddress => ({ channel: 'telegram', platformId: String(chatId) });

/** Telegram's limit for a message's text; a quiz question is far shorter, but never a refused call. */
const clip = (text: string) => (text.length <= 4096 ? text : `${text.slice(0, 4095)}…`);
