import type { Dialogs } from '../../dialogs/createDialogs.js';
import { ChatQueue } from '../async/ChatQueue.js';
import type { CrisisDetector } from '../crisis/CrisisDetector.js';
import type { Channel } from '../domain/Channel.js';
import type { DialogId } from '../domain/DialogId.js';
import { Locale } from '../domain/Locale.js';
import type { Translator } from '../i18n/Translator.js';
import type { Pseudonymizer } from '../events/Pseudonymizer.js';
import { Quarter } from '../events/Quarter.js';
import type { QuizAddress } from '../quiz/QuizDeliveries.js';
import type { QuizHub } from '../quiz/QuizHub.js';
import type { PlaceFinder } from '../referral/PlaceFinder.js';
import type { HelpGuide } from '../seeds/HelpGuide.js';
import type { EventLog } from '../storage/EventLog.js';
import type { SessionStore } from '../storage/SessionStore.js';
import type { CommandMatcher } from './CommandMatcher.js';
import { DialogError } from './DialogError.js';
import { errorFields } from './errorFields.js';
import { FloodGuard, isUrgent, stricter, type FloodLimit, type SharedFlood } from './FloodGuard.js';
import type { Inbound } from './Inbound.js';
import type { Logger } from './Logger.js';
import { SessionRecord } from './SessionRecord.js';
import { SetAside, setAsideKey } from './setAside.js';
import type { TurnResult } from './TurnResult.js';
import { DialogHost } from './turn/DialogHost.js';
import { DialogWide } from './turn/dialogWide.js';
import { QuizTurn } from './turn/quizTurn.js';
import { Turn } from './turn/Turn.js';
import { upgradeDialogs } from './turn/upgradeDialogs.js';

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
  /** How fast one conversation may go on Telegram and WhatsApp. */
  floodLimit?: FloodLimit;
  /** The same limit counted across every instance (Redis), beside this instance's own count. */
  sharedFlood?: SharedFlood;
  clock?: () => Date;
}

const dayMs = 86_400_000;

/**
 * The engine: for a pseudonymous key and one Inbound, load the session, run the turn (`turn/`), save
 * it and record events; the only I/O for dialogs. One conversation's turns run in order, different
 * ones in parallel; a failure in one turn is answered kindly and never touches another.
 */
export class Engine {
  private readonly queue = new ChatQueue();
  private readonly clock: () => Date;
  private readonly quizTurn: QuizTurn;
  private readonly flood: FloodGuard;

  constructor(private readonly deps: EngineDeps) {
    this.clock = deps.clock ?? (() => new Date());
    this.quizTurn = new QuizTurn(deps.quiz);
    this.flood = new FloodGuard(deps.floodLimit);
  }

  /**
   * One thing a user did; `platformId` makes the pseudonym and is forgotten. On Telegram and WhatsApp a
   * conversation past its flood limit gets one "slow down", then silence, unless the message is urgent.
   * The limit is counted here, and with several instances also across all of them (`sharedFlood`).
   * A quiz message pushed to the person is not theirs, so it takes nothing from their limit.
   */
  handle(channel: Channel, platformId: string, inbound: Inbound): Promise<TurnResult> {
    const key = this.deps.pseudonyms.conversationKey(channel, platformId);
    const limited = channel !== 'console' && inbound.type !== 'quiz';
    let urgent: boolean | undefined;
    const isUrgentNow = () => (urgent ??= isUrgent(inbound, this.deps.commands, this.deps.crisis));
    const here = limited ? this.flood.take(key) : 'ok';
    // Past this instance's own limit, a flood never queues, so nobody else waits behind it.
    if (here === 'quiet' && !isUrgentNow()) return Promise.resolve(this.quiet());
    const address = { channel, platformId };
    const { store, sharedFlood } = this.deps;
    return this.queue.run(key, async () => {
      let flood = limited && sharedFlood ? stricter(here, await sharedFlood.take(key)) : here;
      if (flood !== 'ok' && isUrgentNow()) flood = 'ok';
      if (flood === 'quiet') return this.quiet();
      const work = () => (flood === 'slowDown' ? this.slowDown(key, address) : this.turn(key, address, inbound));
      try {
        return await (store.exclusive ? store.exclusive(key, work) : work());
      } catch (error) {
        // Only storage fails here (a turn's own failures are recovered inside it): nothing was saved.
        this.deps.logger.error(errorFields(error), 'the session store failed; the person was asked to try again');
        return this.unavailable();
      }
    });
  }

  /** No answer: a flood past its limit. */
  private quiet(): TurnResult {
    return { locale: this.deps.defaultLocale, messages: [], events: [], eraseChat: false };
  }

  /**
   * Said when the session store cannot be reached: sorry, try again soon, and the numbers that help
   * now, from memory. The person's language is in the store, so both languages.
   */
  private unavailable(): TurnResult {
    const text = Locale.options.map((locale) => this.deps.translator.t(locale, 'common:unavailable')).join('\n\n');
    return { locale: this.deps.defaultLocale, messages: [{ key: 'common:unavailable', text, choices: [] }], events: [], eraseChat: false };
  }

  /** "Slow down", in the user's language, for the first message past the flood limit. */
  private async slowDown(key: string, address: QuizAddress): Promise<TurnResult> {
    const stored = SessionRecord.safeParse(await this.deps.store.get(key));
    const turn = new Turn(key, address, stored.success ? stored.data : this.newSession(), this.deps.translator);
    turn.say({ key: 'common:slowDown' });
    return turn.result();
  }

  private newSession = (): SessionRecord => ({ v: 1, locale: this.deps.defaultLocale, audience: null, dialog: null, resume: [], day: '' });

  /** Resolves when every turn in progress has finished, so a graceful stop loses nothing. */
  async idle(): Promise<void> {
    await this.queue.idle();
  }

  /**
   * Delete conversations untouched for longer than `sessionDays` (Data Protection Act, s.39), and
   * records set aside that long ago. Only by date: a record that parses as neither is kept, with a warning.
   */
  async sweepExpired(): Promise<number> {
    let unreadable = 0;
    const swept = await this.deps.store.sweep((value) => {
      const parsed = SessionRecord.safeParse(value);
      if (parsed.success) return this.isExpired(parsed.data);
      const aside = SetAside.safeParse(value);
      if (aside.success) return this.isExpired({ day: aside.data.setAside });
      unreadable += 1;
      return false;
    });
    if (unreadable > 0) this.deps.logger.warn({ unreadable }, 'stored records that are not conversations were kept, not deleted');
    return swept;
  }

  /** Load, route, save, record. */
  private async turn(key: string, address: QuizAddress, inbound: Inbound): Promise<TurnResult> {
    // Let timers run between turns (the store's flush among them), however fast input comes.
    await new Promise<void>((resolve) => setImmediate(resolve));
    const now = this.clock();
    const raw = await this.deps.store.get(key);
    const stored = SessionRecord.safeParse(raw);
    if (raw !== undefined && !stored.success) {
      // Never dropped without a word: kept beside the key, and the person starts again.
      await this.deps.store.set(setAsideKey(key), { setAside: now.toISOString().slice(0, 10), record: raw } satisfies SetAside);
      this.deps.logger.warn({}, 'a stored conversation did not parse; set aside, and the person starts again');
    }
    const fresh = !stored.success || this.isExpired(stored.data);
    const session = fresh ? this.newSession() : stored.data;
    const turn = new Turn(key, address, session, this.deps.translator);
    this.recordPerson(turn, fresh, now);
    if (address.channel === 'whatsapp' && inbound.type !== 'quiz') session.heard = `${now.toISOString().slice(0, 13)}:00Z`;
    // The club quizzes this turn may touch (shared ones are read and locked for it): the person's own,
    // and one whose code they typed. A push being delivered only reads.
    await this.deps.quiz.within({ key, codes: this.joinCodes(inbound), readOnly: inbound.type === 'quiz' }, () => {
      let wide: DialogWide | undefined;
      const host = new DialogHost(this.deps, turn, (output) => wide!.follow(output));
      wide = new DialogWide(this.deps, this.quizTurn, turn, host);
      try {
        const lost = fresh ? null : upgradeDialogs(session);
        if (lost) {
          this.deps.logger.warn({ dialog: lost }, 'a stored dialog was from another version of its machine; it starts again');
          wide.startAgain(lost, inbound);
        } else wide.route(inbound);
      } catch (error) {
        this.recover(turn, wide, error);
      } finally {
        host.close();
      }
      this.quizTurn.leaveForgotten(turn);
    });
    if (turn.erased) await Promise.all([this.deps.store.delete(key), this.deps.store.delete(setAsideKey(key))]);
    else await this.deps.store.set(key, session);
    await this.record(turn, now);
    return turn.result();
  }

  /** A join code in what the person sent ("join K7P3Q", or a deep link's), upper-cased. */
  private joinCodes(inbound: Inbound): string[] {
    if (inbound.type === 'join') return [inbound.code.trim().toUpperCase()];
    if (inbound.type !== 'text') return [];
    const join = this.deps.commands.matchJoin(inbound.text);
    return join ? [join.code] : [];
  }

  /**
   * A new person, or one back in a new quarter (whose new pseudonym has not seen their choices):
   * what the counts need to know about them.
   */
  private recordPerson(turn: Turn, fresh: boolean, now: Date): void {
    const { session } = turn;
    const lastDay = fresh ? null : session.day;
    session.day = now.toISOString().slice(0, 10);
    if (fresh) turn.events.push({ type: 'session_started', channel: turn.address.channel, locale: session.locale });
    else if (lastDay && Quarter.of(new Date(`${lastDay}T12:00:00Z`)) !== Quarter.of(now)) {
      turn.events.push({ type: 'locale_set', locale: session.locale });
      if (session.audience) turn.events.push({ type: 'audience_set', audience: session.audience });
    }
  }

  private async record(turn: Turn, now: Date): Promise<void> {
    const at = `${now.toISOString().slice(0, 13)}:00Z`;
    const subject = this.deps.pseudonyms.quarterSubject(turn.key, now);
    try {
      await this.deps.events.append(turn.events.map((payload) => ({ v: 2 as const, at, subject, payload })));
    } catch (error) {
      // A count that cannot be recorded must not cost the user their answer.
      this.deps.logger.error(errorFields(error), 'monitoring events not recorded');
    }
  }

  /** One place for failures in a turn: log what failed (never what was typed), apologise, go to safety. */
  private recover(turn: Turn, wide: DialogWide, error: unknown): void {
    const dialog = error instanceof DialogError ? error.dialog : turn.session.dialog?.id;
    // A stored place that no longer restores (a release changed its machine without a new version) is no one's fault.
    const stale = error instanceof DialogError && error.stale;
    if (stale) this.deps.logger.warn({ dialog }, 'a stored dialog no longer restores at its version; it starts again');
    else this.deps.logger.error({ ...errorFields(error), dialog }, 'a turn failed');
    turn.clear();
    turn.started = 0;
    turn.say({ key: stale ? 'common:updated' : 'common:error' });
    try {
      wide.startNearest(stale ? (dialog as DialogId) : undefined);
    } catch (again) {
      this.deps.logger.error(errorFields(again), 'the default dialog failed too');
    }
  }

  private isExpired(session: Pick<SessionRecord, 'day'>): boolean {
    return this.clock().getTime() - Date.parse(session.day) > this.deps.sessionDays * dayMs;
  }
}
