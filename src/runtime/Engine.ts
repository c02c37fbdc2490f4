import { createActor, type Actor } from 'xstate';
import type { DialogEmitted } from '../../dialogs/shared/DialogEmitted.js';
import type { DialogEvent } from '../../dialogs/shared/DialogEvent.js';
import type { DialogInput, DialogOutput } from '../../dialogs/shared/DialogIO.js';
import type { ChoiceRef, Message } from '../../dialogs/shared/Message.js';
import type { Dialogs } from '../../dialogs/createDialogs.js';
import { dialogMigrations, dialogVersions } from '../../dialogs/dialogVersions.js';
import type { QuizPush } from '../../dialogs/shared/QuizPush.js';
import type { Concern, CrisisDetector, SmallTalkKind } from '../crisis/CrisisDetector.js';
import { Quarter } from '../monitoring/Quarter.js';
import { helpPageFor } from '../crisis/helpPageFor.js';
import type { Channel } from '../domain/Channel.js';
import type { DialogId } from '../domain/DialogId.js';
import { noLessonProgress } from '../domain/LessonProgress.js';
import type { Locale } from '../domain/Locale.js';
import type { Translator } from '../i18n/Translator.js';
import type { MonitoringPayload } from '../monitoring/MonitoringEvent.js';
import type { Pseudonymizer } from '../monitoring/Pseudonymizer.js';
import type { QuizAddress, QuizHub } from '../quiz/QuizHub.js';
import type { PlaceFinder } from '../referral/PlaceFinder.js';
import type { HelpGuide } from '../seeds/HelpGuide.js';
import type { EventLog } from '../storage/EventLog.js';
import type { SessionStore } from '../storage/SessionStore.js';
import type { CommandMatcher } from './CommandMatcher.js';
import { DialogError } from './DialogError.js';
import { errorFields } from './errorFields.js';
import { withGlobalChoices } from './withGlobalChoices.js';
import type { Command, Inbound } from './Inbound.js';
import type { Logger } from './Logger.js';
import type { RenderedMessage } from './RenderedMessage.js';
import { promptVersion } from './promptVersion.js';
import { resolveChoice } from './resolveChoice.js';
import { DialogState, SessionRecord } from './SessionRecord.js';
import type { TurnResult } from './TurnResult.js';

type DialogActor = Actor<Dialogs[DialogId]>;

export interface EngineDeps {
  dialogs: Dialogs;
  store: SessionStore;
  events: EventLog;
  translator: Translator;
  pseudonyms: Pseudonymizer;
  crisis: CrisisDetector;
  /** Which help page answers what crisis detection saw. */
  helpGuide: HelpGuide;
  /** Finds a county named in a message, for the places shown after an interrupt. */
  places: PlaceFinder;
  commands: CommandMatcher;
  logger: Logger;
  quiz: QuizHub;
  defaultLocale: Locale;
  /** A conversation untouched for this many days is forgotten. */
  sessionDays: number;
  clock?: () => Date;
}

/** How many interrupted dialogs are remembered: enough for help during "forget me" during a lesson. */
const resumeDepth = 3;

interface StartOptions {
  crisis?: boolean;
  checkin?: boolean;
  topic?: string | null;
  county?: string | null;
  offerLocale?: Locale | null;
  push?: QuizPush | null;
}

const wordsOrEmoji = /\p{L}|\p{Extended_Pictographic}/u;
const isQuizDialog = (id: DialogId) => id === 'quiz' || id === 'quizHost';
const dayMs = 86_400_000;

/** One turn in progress: the session being changed, and what the turn says and records. */
interface Turn {
  session: SessionRecord;
  messages: RenderedMessage[];
  events: MonitoringPayload[];
  erased: boolean;
  eraseChat: boolean;
  started: number;
  key: string;
  /** The chat, in memory for this turn only: the quiz hub keeps it while a quiz lasts, to reach the user. */
  address: QuizAddress;
  /** What the quiz hub answered a dialog's request with, to be handed back to that dialog. */
  replies: QuizPush[];
  /** A choice came from an old keyboard. */
  stale?: boolean;
}

/**
 * The engine: for a pseudonymous conversation key and one Inbound, restore the dialog's persisted
 * snapshot, apply the dialog-wide layer (commands, crisis detection, media, numbered replies),
 * send the event, persist `getPersistedSnapshot()`, and record monitoring events. It is the only
 * place that does I/O for dialogs. Turns of one conversation run in order; conversations run in
 * parallel, and a failure in one turn is answered kindly and never touches another conversation.
 */
export class Engine {
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly clock: () => Date;

  constructor(private readonly deps: EngineDeps) {
    this.clock = deps.clock ?? (() => new Date());
  }

  /** Handle one thing a user did. `platformId` is used for the pseudonym and then forgotten. */
  handle(channel: Channel, platformId: string, inbound: Inbound): Promise<TurnResult> {
    const key = this.deps.pseudonyms.conversationKey(channel, platformId);
    const previous = this.queues.get(key) ?? Promise.resolve();
    const next = previous.then(() => this.turn(key, { channel, platformId }, inbound));
    const settled = next.catch(() => undefined);
    this.queues.set(key, settled);
    void settled.then(() => {
      if (this.queues.get(key) === settled) this.queues.delete(key);
    });
    return next;
  }

  /** Resolves when every turn in progress has finished, so a graceful stop loses nothing. */
  async idle(): Promise<void> {
    await Promise.all(this.queues.values());
  }

  /** Delete conversations untouched for longer than `sessionDays` (Data Protection Act, s.39). */
  sweepExpired(): Promise<number> {
    return this.deps.store.sweep((value) => {
      const parsed = SessionRecord.safeParse(value);
      return !parsed.success || this.isExpired(parsed.data);
    });
  }

  private async turn(key: string, address: QuizAddress, inbound: Inbound): Promise<TurnResult> {
    const { channel } = address;
    const now = this.clock();
    const stored = SessionRecord.safeParse(await this.deps.store.get(key));
    const fresh = !stored.success || this.isExpired(stored.data);
    const turn: Turn = {
      session: fresh
        ? { v: 1, locale: this.deps.defaultLocale, audience: null, dialog: null, resume: [], day: '' }
        : stored.data,
      messages: [],
      events: [],
      erased: false,
      eraseChat: false,
      started: 0,
      key,
      address,
      replies: [],
    };
    const lastDay = fresh ? null : turn.session.day;
    turn.session.day = now.toISOString().slice(0, 10);
    if (fresh) turn.events.push({ type: 'session_started', channel, locale: turn.session.locale });
    else if (lastDay && Quarter.of(new Date(`${lastDay}T12:00:00Z`)) !== Quarter.of(now)) {
      // A new quarter has a new pseudonym, which has not seen this person's choices: record them again.
      turn.events.push({ type: 'locale_set', locale: turn.session.locale });
      if (turn.session.audience) turn.events.push({ type: 'audience_set', audience: turn.session.audience });
    }
    try {
      const lost = fresh ? null : this.upgrade(turn);
      if (lost) this.startAgain(turn, lost, inbound);
      else this.route(turn, inbound);
    } catch (error) {
      this.recover(turn, error);
    }
    this.leaveForgottenQuiz(turn);
    if (turn.erased) await this.deps.store.delete(key);
    else await this.deps.store.set(key, turn.session);
    const at = `${now.toISOString().slice(0, 13)}:00Z`;
    const subject = this.deps.pseudonyms.quarterSubject(key, now);
    try {
      await this.deps.events.append(turn.events.map((payload) => ({ v: 2 as const, at, subject, payload })));
    } catch (error) {
      // A count that cannot be recorded must not cost the user their answer.
      this.deps.logger.error(errorFields(error), 'monitoring events not recorded');
    }
    // The buttons shown belong to the question the session now waits on, however it was said.
    const version = turn.messages.some((m) => m.choices.length > 0) ? this.waitingVersion(turn) : undefined;
    return {
      locale: turn.session.locale,
      messages: turn.messages,
      events: turn.events,
      eraseChat: turn.eraseChat,
      ...(version ? { version } : {}),
      ...(turn.stale ? { stale: true } : {}),
    };
  }

  /** The dialog-wide layer: everything that works the same in every state of every dialog. */
  private route(turn: Turn, inbound: Inbound): void {
    switch (inbound.type) {
      case 'command':
        return this.command(turn, inbound.command);
      case 'media': {
        turn.events.push({ type: 'media_refused', kind: inbound.kind });
        // The warning about sexual images belongs to photos and videos, not to a voice note or a sticker.
        const refused = inbound.kind === 'photo' || inbound.kind === 'video' ? 'mediaRefused' : inbound.kind === 'voice' || inbound.kind === 'audio' ? 'voiceRefused' : 'fileRefused';
        this.say(turn, { key: `common:${refused}` });
        const signal = inbound.caption ? this.deps.crisis.detect(inbound.caption) : null;
        if (signal?.kind !== 'crisis') return this.carryOn(turn);
        return signal.tier === 'interrupt' ? this.interrupt(turn, signal, inbound.caption ?? '') : this.checkin(turn, signal);
      }
      case 'location': {
        const located: DialogEvent = { type: 'LOCATION', latitude: inbound.latitude, longitude: inbound.longitude };
        if (this.accepts(turn, located)) return this.send(turn, located);
        this.say(turn, { key: 'common:locationUnexpected' });
        return this.carryOn(turn);
      }
      case 'choice':
        return this.choice(turn, inbound.id, inbound.version);
      case 'text':
        return this.text(turn, inbound.text);
      case 'quiz':
        return this.quizPush(turn, inbound.push);
      case 'join':
        return this.joinFromLink(turn, inbound.code);
    }
  }

  /**
   * A live quiz moved on (a question, the answer, the end): its dialog hears of it wherever it is.
   * In view, the user sees it; under help, it is kept quietly and shown on "back".
   */
  private quizPush(turn: Turn, push: QuizPush): void {
    const { session } = turn;
    const event: DialogEvent = { type: 'QUIZ', push };
    if (session.dialog && isQuizDialog(session.dialog.id)) return this.send(turn, event);
    const stacked = session.resume.findIndex((d) => isQuizDialog(d.id));
    if (stacked < 0) return;
    const shown = turn.messages;
    const current = session.dialog;
    turn.messages = [];
    session.dialog = session.resume[stacked]!;
    session.resume = session.resume.filter((_, i) => i !== stacked);
    this.send(turn, event);
    if (session.dialog && isQuizDialog(session.dialog.id)) session.resume = [...session.resume, session.dialog].slice(-resumeDepth);
    session.dialog = current;
    turn.messages = shown;
  }

  /** A child in a quiz who went elsewhere for good (stop, the menu, forget me) has left it. */
  private leaveForgottenQuiz(turn: Turn): void {
    if (!this.deps.quiz.isIn(turn.key)) return;
    const { session } = turn;
    const open = !turn.erased && [session.dialog, ...session.resume].some((d) => d && isQuizDialog(d.id));
    if (!open) this.deps.quiz.abandon(turn.key);
  }

  /**
   * A deep link's join code: straight into the quiz for someone set up already; a new user sets up
   * first (language, age band, privacy note), and joins when that is done.
   */
  private joinFromLink(turn: Turn, code: string): void {
    if (turn.session.audience) return this.join(turn, code, null);
    this.deps.quiz.rememberJoin(turn.key, code);
    turn.session.dialog = null;
    turn.session.resume = [];
    this.start(turn, 'onboarding');
  }

  /** "join CODE": into the club quiz with that code, in the language the word was in. */
  private join(turn: Turn, code: string, locale: Locale | null): void {
    if (locale && !turn.session.audience) turn.session.locale = locale;
    const joined = this.deps.quiz.join(turn.key, turn.address, code);
    if (!Array.isArray(joined)) {
      this.say(turn, { key: `quiz:join.${joined}` });
      return turn.session.dialog ? this.reprompt(turn) : this.startDefault(turn);
    }
    const [first, ...rest] = joined;
    turn.session.dialog = null;
    turn.session.resume = [];
    this.start(turn, 'quiz', { push: first ?? null });
    for (const push of rest) this.send(turn, { type: 'QUIZ', push });
  }

  /**
   * Typed text: a command; else a choice on screen (typing a label means the choice, even when its
   * words are about abuse); else what crisis detection sees: an interrupt with emergency guidance
   * for the situation, or, for a question about a topic ("what is sextortion?"), that topic's help
   * page; else free text for the dialog, if it takes any; else small talk, answered kindly; else, for
   * a message detection could not clear, a gentle check-in; only then "I didn't understand".
   */
  private text(turn: Turn, text: string): void {
    const join = this.deps.commands.matchJoin(text);
    if (join) return this.join(turn, join.code, join.locale);
    const command = this.deps.commands.match(text);
    if (command) return this.command(turn, command);
    const shown = this.shownChoices(turn);
    const chosen = resolveChoice(text, shown);
    if (chosen) return this.choice(turn, chosen);
    // "back" / "rudi" takes the Back choice where one is shown; elsewhere it is no words to worry about.
    if (this.deps.commands.isBack(text)) return shown.some((c) => c.id === 'back') ? this.choice(turn, 'back') : this.notUnderstood(turn);
    // No letter and no emoji ("9", "", "..."): a slip on the keypad, not words to read.
    const signal = wordsOrEmoji.test(text) ? this.deps.crisis.detect(text) : null;
    if (signal?.kind === 'crisis' && signal.tier === 'interrupt') return this.interrupt(turn, signal, text);
    if (signal?.kind === 'topic') {
      this.stash(turn);
      return this.start(turn, 'help', { topic: signal.topic });
    }
    // "Please call me": the bot cannot; a phone number only when the question does not take one as text (a patron code).
    const call = this.deps.commands.asksForACall(text);
    if (call === 'words') return this.cannotCall(turn, text);
    if (turn.session.dialog && this.accepts(turn, { type: 'TEXT', text })) return this.send(turn, { type: 'TEXT', text });
    if (call === 'number') return this.cannotCall(turn, text);
    if (signal?.kind === 'smallTalk') return this.smallTalk(turn, signal.smallTalk);
    if (signal?.kind === 'crisis') return this.checkin(turn, signal);
    if (!turn.session.dialog) return this.startDefault(turn);
    this.notUnderstood(turn);
  }

  /**
   * Danger or abuse: what to do now for that situation, then its steps (for a caregiver, how to
   * respond to the child, and places in a county the message named), from wherever the user was,
   * in the language the message was written in, with a way back.
   */
  private interrupt(turn: Turn, concern: Concern, text: string): void {
    this.record(turn, concern);
    const offerLocale = this.answerInLanguageOf(turn, concern);
    const topic = helpPageFor(this.deps.helpGuide, concern, turn.session.audience);
    this.stash(turn);
    this.start(turn, 'help', { crisis: true, topic, county: this.deps.places.mentioned(text)?.code ?? null, offerLocale });
  }

  /** A message that might be worrying: a short, warm question, whose "no, carry on" returns to exactly where the user was. */
  private checkin(turn: Turn, concern: Concern, first?: Message): void {
    this.record(turn, concern);
    const offerLocale = this.answerInLanguageOf(turn, concern);
    if (first) this.say(turn, first);
    this.stash(turn);
    this.start(turn, 'help', { checkin: true, offerLocale });
  }

  private record(turn: Turn, concern: Concern): void {
    turn.events.push({
      type: 'crisis_detected',
      tier: concern.tier,
      situation: concern.situation,
      language: concern.language,
      state: turn.session.dialog?.id ?? 'menu',
    });
  }

  /**
   * Answer in the language the message was written in (Sheng in Kiswahili), when that is clear and
   * differs from the user's: returns the language to offer back, one tap away.
   */
  private answerInLanguageOf(turn: Turn, concern: Concern): Locale | null {
    const written: Locale = concern.language === 'en' ? 'en' : 'sw';
    const { session } = turn;
    if (!concern.languageSure || written === session.locale) return null;
    const before = session.locale;
    session.locale = written;
    return before;
  }

  /**
   * Someone asks the bot to call or text them: it cannot, but 116 can be called or sent an SMS.
   * What else the message says ("nipigie, nimechoka") may still be worrying: then the check-in.
   */
  private cannotCall(turn: Turn, text: string): void {
    const rest = this.deps.commands.withoutCallWords(text);
    const signal = wordsOrEmoji.test(rest) ? this.deps.crisis.detect(rest) : null;
    if (signal?.kind === 'crisis') return this.checkin(turn, signal, { key: 'common:cannotCall' });
    this.say(turn, { key: 'common:cannotCall' });
    this.carryOn(turn);
  }

  /** "hi", "asante", "ok": a friendly line and the choices on screen; never a check-in. */
  private smallTalk(turn: Turn, kind: SmallTalkKind): void {
    this.choicesAgain(turn, `help:smallTalk.${kind}`);
  }

  /**
   * A choice. One pressed on an old keyboard (its question's version is not the one waiting, as
   * the stored session says, whichever instance took the press) does not count: the question now
   * waiting is shown again. Help and menu count from any keyboard.
   */
  private choice(turn: Turn, id: string, version?: string): void {
    if (id === 'help' || id === 'menu') return this.command(turn, id);
    if (version !== undefined && version !== this.waitingVersion(turn)) {
      turn.stale = true;
      return this.reprompt(turn);
    }
    if (!turn.session.dialog) return this.startDefault(turn);
    const event: DialogEvent = { type: 'CHOICE', id };
    if (this.accepts(turn, event)) return this.send(turn, event);
    this.notUnderstood(turn);
  }

  private command(turn: Turn, command: Command): void {
    const { session } = turn;
    switch (command) {
      case 'help':
        this.stash(turn);
        return this.start(turn, command);
      case 'language':
      case 'forget':
        // Help's own steps are a place to come back to after a language change, unlike help again.
        this.stash(turn, true);
        return this.start(turn, command);
      case 'leave':
        // "leave" is the Leave choice where one is offered (a lesson, a quiz), and otherwise "stop".
        if (session.dialog && this.accepts(turn, { type: 'CHOICE', id: 'leave' })) return this.send(turn, { type: 'CHOICE', id: 'leave' });
        session.dialog = null;
        session.resume = [];
        return this.say(turn, { key: 'common:stopped' });
      case 'stop':
        session.dialog = null;
        session.resume = [];
        return this.say(turn, { key: 'common:stopped' });
      case 'exit':
        // A quick exit for a child whose phone someone else checks: no question, the chat cleared
        // where the platform allows, and one neutral line left.
        session.dialog = null;
        session.resume = [];
        turn.eraseChat = true;
        return this.say(turn, { key: 'common:exited' });
      case 'start':
      case 'menu':
        if (!session.audience) {
          if (session.dialog?.id !== 'onboarding') return this.start(turn, 'onboarding');
          if (command === 'menu') this.say(turn, { key: 'common:finishSetupFirst' });
          return this.reprompt(turn);
        }
        session.resume = [];
        return this.start(turn, 'menu');
    }
  }

  /** Remember the dialog in progress so that help, language or forget-me can offer to go back to it. */
  private stash(turn: Turn, keepHelp = false): void {
    const { session } = turn;
    if (session.dialog && (keepHelp || session.dialog.id !== 'help')) session.resume = [...session.resume, session.dialog].slice(-resumeDepth);
    session.dialog = null;
  }

  private startDefault(turn: Turn): void {
    this.start(turn, turn.session.audience ? 'menu' : 'onboarding');
  }

  private start(turn: Turn, id: DialogId, options: StartOptions = {}): void {
    if (++turn.started > 5) throw new DialogError('too many dialogs started in one turn', id);
    const actor = this.actor(turn, id, undefined, options);
    this.answerRequests(turn, actor);
    this.settle(turn, id, actor);
  }

  /** Hand the quiz hub's answers back to the dialog that asked, until it asks nothing more. */
  private answerRequests(turn: Turn, actor: DialogActor): void {
    for (let push = turn.replies.shift(); push; push = turn.replies.shift()) {
      if (actor.getSnapshot().status !== 'active') break;
      actor.send({ type: 'QUIZ', push });
    }
    turn.replies = [];
  }

  private send(turn: Turn, event: DialogEvent): void {
    const dialog = turn.session.dialog;
    if (!dialog) return this.startDefault(turn);
    const actor = this.actor(turn, dialog.id, dialog.snapshot);
    actor.send(event);
    this.answerRequests(turn, actor);
    this.settle(turn, dialog.id, actor);
  }

  /** Whether the dialog in progress has a transition for this event, checked without running it. */
  private accepts(turn: Turn, event: DialogEvent): boolean {
    const dialog = turn.session.dialog;
    if (!dialog) return false;
    const actor = this.actor(turn, dialog.id, dialog.snapshot);
    try {
      return actor.getSnapshot().can(event);
    } finally {
      actor.stop();
    }
  }

  /** Create and start a dialog's actor, wired so that what it emits lands in this turn. */
  private actor(turn: Turn, id: DialogId, snapshot?: Record<string, unknown>, options: StartOptions = {}): DialogActor {
    let failure: unknown;
    const input: DialogInput = {
      locale: turn.session.locale,
      audience: turn.session.audience,
      canResume: turn.session.resume.length > 0,
      crisis: options.crisis ?? false,
      checkin: options.checkin ?? false,
      topic: options.topic ?? null,
      county: options.county ?? null,
      offerLocale: options.offerLocale ?? null,
      lessons: turn.session.lessons ?? noLessonProgress(),
      push: options.push ?? null,
    };
    // A restored snapshot carries its own context; input only shapes a new one.
    const actor = createActor(this.deps.dialogs[id] as Dialogs['menu'], {
      input,
      ...(snapshot ? { snapshot: snapshot as never } : {}),
    }) as DialogActor;
    actor.on('*', (emitted) => this.onEmitted(turn, id, emitted as DialogEmitted));
    actor.subscribe({ error: (error) => (failure = error) });
    try {
      actor.start();
    } catch (error) {
      failure = error;
    }
    if (failure !== undefined || actor.getSnapshot().status === 'error') {
      throw new DialogError(`dialog could not start or restore: ${String(failure)}`, id, snapshot !== undefined);
    }
    return actor;
  }

  /** After an event: keep the dialog's persisted snapshot, or follow where its final state leads. */
  private settle(turn: Turn, id: DialogId, actor: DialogActor): void {
    const snapshot = actor.getSnapshot();
    // Taken before stopping: a snapshot persisted as "stopped" would not run eventless transitions when restored.
    const persisted = actor.getPersistedSnapshot();
    actor.stop();
    if (snapshot.status === 'error') throw new DialogError(`dialog failed: ${String(snapshot.error)}`, id);
    if (snapshot.status !== 'done') {
      turn.session.dialog = DialogState.parse({ id, version: dialogVersions[id], snapshot: persisted });
      return;
    }
    turn.session.dialog = null;
    this.follow(turn, snapshot.output as DialogOutput);
  }

  private follow(turn: Turn, output: DialogOutput): void {
    const { session } = turn;
    switch (output.next) {
      case 'end':
        return;
      case 'eraseChat':
        turn.eraseChat = true;
        this.say(turn, { key: 'common:chatErased' });
        return this.startDefault(turn);
      case 'erase':
        turn.erased = true;
        turn.eraseChat = true;
        session.dialog = null;
        session.resume = [];
        session.audience = null;
        turn.events.push({ type: 'forget_me' });
        return this.say(turn, { key: 'common:erased' });
      case 'resume':
        session.dialog = session.resume.pop() ?? null;
        return session.dialog ? this.reprompt(turn) : this.startDefault(turn);
      case 'menu': {
        session.resume = [];
        const code = session.audience ? this.deps.quiz.takePendingJoin(turn.key) : null;
        if (code) return this.join(turn, code, null);
        return this.startDefault(turn);
      }
      default:
        return this.start(turn, output.next, { topic: output.topic ?? null, county: output.county ?? null });
    }
  }

  private onEmitted(turn: Turn, id: DialogId, emitted: DialogEmitted): void {
    switch (emitted.type) {
      case 'say':
        return this.say(turn, emitted.message, id);
      case 'monitor':
        turn.events.push(emitted.payload);
        return;
      case 'prefs':
        if (emitted.locale) {
          turn.session.locale = emitted.locale;
          turn.events.push({ type: 'locale_set', locale: emitted.locale });
        }
        if (emitted.audience) turn.session.audience = emitted.audience;
        return;
      case 'lessons':
        turn.session.lessons = emitted.progress;
        return;
      case 'quiz':
        turn.replies.push(...this.deps.quiz.request(turn.key, turn.address, emitted.request));
    }
  }

  /** Render a message in the user's language now (a language change applies from the next message). */
  private say(turn: Turn, message: Message, dialog?: DialogId): void {
    const { locale } = turn.session;
    const isQuestion = Boolean(message.choices?.length || message.acceptsText);
    const choices: ChoiceRef[] = withGlobalChoices(message.choices ?? [], isQuestion && dialog ? dialog : null);
    turn.messages.push({
      key: message.key,
      text: this.deps.translator.render(locale, message),
      choices: choices.map((c) => ({ id: c.id, label: this.deps.translator.label(locale, c) })),
      ...(message.requestsLocation ? { locationButton: this.deps.translator.t(locale, 'common:shareLocation') } : {}),
    });
  }

  /** The question waiting for an answer, said again in full (after going back to a dialog). */
  private reprompt(turn: Turn): void {
    const prompt = this.prompt(turn);
    if (!prompt || !turn.session.dialog) return this.startDefault(turn);
    this.say(turn, prompt, turn.session.dialog.id);
  }

  /** After media or a location: the same choices again, under a short line. */
  private carryOn(turn: Turn): void {
    this.choicesAgain(turn, 'common:carryOn');
  }

  /** A short, kind "I didn't understand" with the choices again: never silence. */
  private notUnderstood(turn: Turn): void {
    this.choicesAgain(turn, 'common:notUnderstood');
  }

  /** The choices of the question waiting, under a short line of their own (or the default dialog when none waits). */
  private choicesAgain(turn: Turn, key: string): void {
    const prompt = this.prompt(turn);
    if (!prompt || !turn.session.dialog) return this.startDefault(turn);
    this.say(turn, { ...prompt, key, vars: {}, items: [] }, turn.session.dialog.id);
  }

  /** The version of the question now waiting for an answer, if any. */
  private waitingVersion(turn: Turn): string | undefined {
    const prompt = this.prompt(turn);
    const dialog = turn.session.dialog;
    return prompt && dialog ? promptVersion(dialog.id, prompt) : undefined;
  }

  private prompt(turn: Turn): Message | null {
    const context = (turn.session.dialog?.snapshot as { context?: { prompt?: Message | null } } | undefined)?.context;
    return context?.prompt ?? null;
  }

  /** The choices shown under the waiting question, with labels in every language, for typed replies. */
  private shownChoices(turn: Turn): { id: string; labels: string[] }[] {
    const prompt = this.prompt(turn);
    const dialog = turn.session.dialog;
    if (!prompt || !dialog) return [];
    return withGlobalChoices(prompt.choices ?? [], dialog.id).map((c) => ({
      id: c.id,
      // The menu's items also answer to the words people type for them ("lessons", "masomo", "places near me").
      labels: [...this.deps.translator.labelsEverywhere(c), ...(dialog.id === 'menu' ? this.deps.translator.wordsIfAny(`menu:typed.${c.id}`) : [])],
    }));
  }

  /**
   * Stored dialogs from an older version of their machine: migrated where a migration is written,
   * and otherwise let go (the resume stack quietly). Returns the dialog in progress when it was let
   * go, so the turn can start again at the nearest sensible place.
   */
  private upgrade(turn: Turn): DialogId | null {
    const { session } = turn;
    const carry = (state: DialogState): DialogState | null => {
      const current = dialogVersions[state.id];
      let version = state.version ?? 1;
      let snapshot: Record<string, unknown> | null = state.snapshot;
      for (; version < current && snapshot; version++) snapshot = dialogMigrations[state.id]?.[version]?.(snapshot) ?? null;
      // A snapshot from a newer release (a rollback) cannot be read by this one either.
      return snapshot && version === current ? { id: state.id, version, snapshot } : null;
    };
    session.resume = session.resume.flatMap((state) => carry(state) ?? []);
    if (!session.dialog) return null;
    const carried = carry(session.dialog);
    if (carried) {
      session.dialog = carried;
      return null;
    }
    const lost = session.dialog.id;
    session.dialog = null;
    return lost;
  }

  /**
   * The dialog in progress changed in a release and its stored place is gone: one kind line, then
   * the nearest sensible place (the lessons list, whose progress is kept apart, or the menu). Typed
   * words are still read as usual, so a message about danger is never lost to an update.
   */
  private startAgain(turn: Turn, lost: DialogId, inbound: Inbound): void {
    this.deps.logger.warn({ dialog: lost }, 'a stored dialog was from another version of its machine; it starts again');
    this.say(turn, { key: 'common:updated' });
    if (inbound.type === 'text' || inbound.type === 'media' || inbound.type === 'location') return this.route(turn, inbound);
    this.startNearest(turn, lost);
  }

  private startNearest(turn: Turn, lost: DialogId | undefined): void {
    if (lost === 'lessons' && turn.session.audience) return this.start(turn, 'lessons');
    this.startDefault(turn);
  }

  /** One place for failures in a turn: log what failed (never what was typed), apologise, go to safety. */
  private recover(turn: Turn, error: unknown): void {
    const dialog = error instanceof DialogError ? error.dialog : turn.session.dialog?.id;
    // A stored place that no longer restores (a release changed its machine without a new version) is no one's fault.
    const stale = error instanceof DialogError && error.stale;
    if (stale) this.deps.logger.warn({ dialog }, 'a stored dialog no longer restores at its version; it starts again');
    else this.deps.logger.error({ ...errorFields(error), dialog }, 'a turn failed');
    turn.session.dialog = null;
    turn.session.resume = [];
    turn.started = 0;
    this.say(turn, { key: stale ? 'common:updated' : 'common:error' });
    try {
      this.startNearest(turn, stale ? (dialog as DialogId) : undefined);
    } catch (again) {
      this.deps.logger.error(errorFields(again), 'the default dialog failed too');
    }
  }

  private isExpired(session: SessionRecord): boolean {
    return this.clock().getTime() - Date.parse(session.day) > this.deps.sessionDays * dayMs;
  }
}
