import { randomInt } from 'node:crypto';
import { InFlight } from '../async/InFlight.js';
import { createActor } from 'xstate';
import { quizSessionMachine, type QuizSessionEvent, questionView } from './quizSessionMachine.js';
import type { QuizPush } from '../../dialogs/shared/QuizPush.js';
import type { QuizRequest } from '../../dialogs/shared/QuizRequest.js';
import type { Locale } from '../domain/Locale.js';
import type { QuizSeed } from '../seeds/QuizSeed.js';
import { JoinGuard } from './JoinGuard.js';
import { PatronGate, type PatronFailureStore } from './PatronGate.js';
import { QuizDeliveries, type GroupDelivery, type QuizAddress, type QuizDelivery } from './QuizDeliveries.js';
import { type QuizBank, clubAges } from './QuizBank.js';
import { MemoryQuizRooms, type DueEvent, type QuizRooms, type QuizSpace, type Room, type RoomNeed, type RoomRecord, type SharedNotes } from './QuizRooms.js';

/** How a press on a group's answer button went, for the short note only the presser sees. */
export type GroupAnswer =
  | { result: 'saved' | 'already'; adjective: string; animal: string }
  | { result: 'closed' | 'between' };

export interface QuizHubOptions {
  bank: QuizBank;
  nicknames: QuizSeed['nicknames'];
  patronCodes: readonly string[];
  /** The bot's WhatsApp number (WHATSAPP_NUMBER), so the join text can say where to send the code. */
  whatsappNumber?: string | undefined;
  /** Called when join codes are being guessed from many accounts: a line for the operator's log. */
  onGuessing?: () => void;
  /** Where wrong patron codes are kept across restarts (a file in DATA_DIR); in memory without it. */
  patronFailures?: PatronFailureStore;
  /** Called when patron codes are being guessed from many accounts. */
  onPatronGuessing?: () => void;
  /** A session, and its join code, ends this long after it was made. */
  sessionMinutes: number;
  clock?: () => Date;
  random?: () => number;
  /** Told when a timer's turn on a quiz failed (a shared store that cannot be reached); never given quiz data. */
  onFailure?: (error: unknown) => void;
  /** Runs `run` after `ms`; returns a cancel. Tests pass a manual one. */
  schedule?: (ms: number, run: () => void) => () => void;
  /**
   * Where live quizzes are kept: in this process (the default), or in a shared store such as Redis
   * (`RedisQuizRooms`), so that every instance serves the same quiz.
   */
  rooms?: () => QuizRooms;
}

type Live = Room;

const codeLetters = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const codeLength = 5;
const maxPlayers = 150;

/** Deep-link join codes waiting for new users to finish setting up, at most. */
const maxPendingJoins = 10_000;

/**
 * The live club quizzes: join codes, who is the patron and who plays in which session, and each
 * session's machine. People are known here by their pseudonymous key; their chat address is kept
 * only so that a question can reach them, and is gone when the session ends (design.md, rule 1).
 *
 * By default they live in this process's memory: a restart ends every live quiz, and nothing about
 * one is ever written to disk, except the closed-set counts the patron's dialog records when it
 * ends. With shared rooms (Redis), each turn works on the quizzes it needs, read and locked before
 * it (`within`) and written back after, with the chat addresses encrypted; timers are kept there
 * too, so a question's time limit fires once, on whichever instance is up.
 */
export class QuizHub {
  private readonly rooms: QuizRooms;
  /** What this turn works on: everything in one process; with shared rooms, what `within` read. */
  private space: QuizSpace;
  private readonly idle: QuizSpace;
  private readonly gate: PatronGate;
  private readonly clock: () => Date;
  private readonly random: () => number;
  private readonly schedule: (ms: number, run: () => void) => () => void;
  private readonly deliveries = new QuizDeliveries();
  /** Timers that fired and are being handled (a settled hub has none). */
  private readonly firing = new InFlight();
  private readonly joinGuard: JoinGuard;
  /** Pushes for the person whose request is being handled: they are the reply, not a delivery. */
  private replying: { key: string; replies: QuizPush[] } | null = null;

  constructor(private readonly options: QuizHubOptions) {
    this.gate = new PatronGate(options.patronCodes, options.patronFailures, options.onPatronGuessing);
    this.clock = options.clock ?? (() => new Date());
    this.joinGuard = new JoinGuard(this.clock, options.onGuessing);
    // Join codes let a stranger into a children's quiz: they come from the system's secure random source.
    this.random = options.random ?? (() => randomInt(2 ** 32) / 2 ** 32);
    this.schedule =
      options.schedule ??
      ((ms, run) => {
        const timer = setTimeout(run, ms);
        timer.unref();
        return () => clearTimeout(timer);
      });
    const ledgers = { patrons: this.gate.ledger, joins: this.joinGuard.ledger };
    this.rooms = options.rooms?.() ?? new MemoryQuizRooms(ledgers);
    this.idle = { rooms: new Map(), hosting: new Map(), playing: new Map(), groupOf: new Map(), pending: new Map(), ...ledgers };
    this.space = this.rooms instanceof MemoryQuizRooms ? this.rooms.space : this.idle;
    this.rooms.start?.((code, event) => this.fire(code, event));
  }

  /** With shared rooms: where a channel keeps what it knows of a chat playing (a Telegram group's question message). */
  get notes(): SharedNotes | undefined {
    return this.rooms.notes;
  }

  /**
   * Run `work` (synchronous: one turn's use of the hub) on the quizzes `need` names. With shared
   * rooms they are read and locked first and written back after; the pushes for other people leave
   * only once that is done. In one process, everything is already here.
   */
  async within<T>(need: RoomNeed, work: () => T): Promise<T> {
    const checkout = await this.rooms.open(need, (record) => this.rebuild(record));
    const outer = this.space;
    this.space = checkout.space;
    this.deliveries.hold();
    let result: T;
    try {
      result = work();
    } catch (error) {
      this.space = outer;
      const held = this.deliveries.take();
      if (this.rooms.shared) await this.rooms.release(checkout);
      else this.deliveries.send(held);
      throw error;
    }
    this.space = outer;
    const held = this.deliveries.take();
    await this.rooms.save(checkout);
    this.deliveries.send(held);
    return result;
  }

  /** How pushes reach other people: set once the engine and the channels exist. */
  connect(delivery: QuizDelivery): void {
    this.deliveries.connect(delivery);
  }

  /** How views reach group chats: set by a channel that has groups (Telegram). */
  connectGroups(delivery: GroupDelivery): void {
    this.deliveries.connectGroups(delivery);
  }

  /**
   * A group chat joins with a code ("/join K7P3Q" sent there): it is shown each question as one
   * message with answer buttons. Whoever answers plays, under a nickname; nobody's name is shown.
   */
  joinGroup(code: string, group: QuizAddress, locale: Locale): Promise<'joined' | 'unknown'> {
    return this.within({ codes: [code.trim().toUpperCase()], groups: [group] }, () => this.joinGroupNow(code, group, locale));
  }

  private joinGroupNow(code: string, group: QuizAddress, locale: Locale): 'joined' | 'unknown' {
    const guarded = `group:${groupId(group)}`;
    if (this.joinGuard.check(guarded, this.space.joins) !== 'ok') return 'unknown';
    const live = this.space.rooms.get(code.trim().toUpperCase());
    if (!live) this.joinGuard.failed(guarded, this.space.joins);
    if (!live || this.pastExpiry(live)) {
      if (live) this.dispatch(live, { type: 'EXPIRE' });
      return 'unknown';
    }
    const id = groupId(group);
    const previous = this.space.groupOf.get(id);
    const before = previous && previous !== live.code ? this.space.rooms.get(previous) : undefined;
    if (before?.groups.delete(id)) this.dispatch(before, { type: 'UNGROUP' });
    if (!live.groups.has(id)) {
      live.groups.set(id, { address: group, locale });
      this.space.groupOf.set(id, live.code);
      this.dispatch(live, { type: 'GROUP' });
    }
    const context = live.actor.getSnapshot().context;
    this.deliveries.toGroup(live.groups.get(id)!, { type: 'joined', code: live.code, questions: context.questions.length });
    if (context.index >= 0 && live.actor.getSnapshot().value === 'asking') {
      const q = context.questions[context.index]!;
      this.deliveries.toGroup(live.groups.get(id)!, { type: 'question', view: questionView(q, context.index, context.questions.length, context.seconds) });
    }
    return 'joined';
  }

  /** A press on an answer button in a group: the presser plays (joining under a nickname if new). */
  answerInGroup(group: QuizAddress, key: string, option: string): Promise<GroupAnswer> {
    return this.within({ key, groups: [group] }, () => this.answerInGroupNow(group, key, option));
  }

  private answerInGroupNow(group: QuizAddress, key: string, option: string): GroupAnswer {
    const live = this.space.rooms.get(this.space.groupOf.get(groupId(group)) ?? '');
    if (!live || this.pastExpiry(live)) return { result: 'closed' };
    if (live.actor.getSnapshot().value !== 'asking') return { result: 'between' };
    if (!live.actor.getSnapshot().context.players[key]) {
      const nickname = this.freeNickname(live);
      if (!nickname) return { result: 'closed' };
      this.leaveAny(key);
      live.players.set(key, { ...group, inGroup: true });
      this.space.playing.set(key, live.code);
      this.send(live, key, { type: 'JOIN', player: key, ...nickname });
    }
    const player = live.actor.getSnapshot().context.players[key]!;
    const before = player.answer;
    this.send(live, key, { type: 'ANSWER', player: key, option });
    return { result: before === null ? 'saved' : 'already', adjective: player.adjective, animal: player.animal };
  }

  /** Resolves when every push sent so far has been delivered (for transcripts and a graceful stop). */
  async settled(): Promise<void> {
    await this.firing.idle();
    await this.deliveries.settled();
  }

  /**
   * A join code from a deep link, kept in memory (never on disk, like every live quiz) while a new
   * user sets up; `takePendingJoin` hands it over once, within the quiz's lifetime.
   */
  rememberJoin(key: string, code: string): void {
    const { pending } = this.space;
    if (pending.size >= maxPendingJoins) pending.delete(pending.keys().next().value!);
    pending.set(key, { code, at: this.clock().getTime() });
  }

  takePendingJoin(key: string): string | null {
    const pending = this.space.pending.get(key);
    this.space.pending.delete(key);
    if (!pending || this.clock().getTime() - pending.at > this.options.sessionMinutes * 60_000) return null;
    return pending.code;
  }

  /** Whether this person is the patron of, or a player in, a live session. */
  isIn(key: string): boolean {
    return this.space.hosting.has(key) || this.space.playing.has(key);
  }

  /** What a quiz dialog asked; the pushes returned are for the asker, others are delivered. */
  request(key: string, address: QuizAddress, request: QuizRequest): QuizPush[] {
    switch (request.kind) {
      case 'open':
        return [{ type: 'code', verdict: this.gate.configured ? 'ask' : 'unset' }];
      case 'verify': {
        const checked = this.gate.check(key, request.code, this.clock().getTime(), this.space.patrons);
        if (!('waitMs' in checked)) return [{ type: 'code', verdict: checked.verdict }];
        return [{ type: 'code', verdict: checked.verdict, seconds: Math.ceil(checked.waitMs / 1000) }];
      }
      case 'create':
        return [this.create(key, address, request)];
      case 'start':
        return this.toHost(key, { type: 'START' });
      case 'next':
        return this.toHost(key, { type: 'NEXT' });
      case 'status':
        return this.toHost(key, { type: 'STATUS' });
      case 'end':
        return this.toHost(key, { type: 'END' });
      case 'answer':
        return this.toPlayer(key, (player) => ({ type: 'ANSWER', player, option: request.option }));
      case 'leave':
        return this.toPlayer(key, (player) => ({ type: 'LEAVE', player }));
    }
  }

  /**
   * A child joins with a code: they get a nickname, and the question now asked if the quiz has
   * begun. Otherwise what went wrong, a key of quiz:join in locales/: `wait` (too many wrong codes
   * from them) and `busy` (joining paused for everyone a minute) say how long to wait.
   */
  join(key: string, address: QuizAddress, code: string): QuizPush[] | 'unknown' | 'full' | 'own' | 'wait' | 'busy' {
    const guard = this.joinGuard.check(key, this.space.joins);
    if (guard !== 'ok') return guard;
    const live = this.space.rooms.get(code.trim().toUpperCase());
    if (!live) {
      this.joinGuard.failed(key, this.space.joins);
      return 'unknown';
    }
    // The patron's own phone stays the controls; playing needs another chat.
    if (live.hostKey === key) return 'own';
    if (this.pastExpiry(live)) {
      this.dispatch(live, { type: 'EXPIRE' });
      return 'unknown';
    }
    const already = live.actor.getSnapshot().context.players[key];
    if (already && !already.left) {
      const { adjective, animal } = already;
      return [{ type: 'joined', adjective, animal, started: live.actor.getSnapshot().context.index >= 0 }];
    }
    if (live.players.size >= maxPlayers) return 'full';
    this.leaveAny(key);
    const nickname = this.freeNickname(live);
    if (!nickname) return 'full';
    live.players.set(key, address);
    this.space.playing.set(key, live.code);
    return this.send(live, key, { type: 'JOIN', player: key, ...nickname });
  }

  /** The person no longer has the quiz open (stop, the menu, forget me): a patron ends it, a player leaves. */
  abandon(key: string): void {
    const hosted = this.space.hosting.get(key);
    if (hosted) this.toHost(key, { type: 'END' });
    this.leaveAny(key);
  }

  /**
   * On shutdown. In one process, every live session ends at once (its people are told). Shared
   * quizzes go on: the other instances serve them, and this one only stops watching their timers.
   */
  async stop(): Promise<void> {
    if (this.rooms.shared) return this.rooms.stop?.();
    await this.within({}, () => {
      for (const live of [...this.space.rooms.values()]) this.dispatch(live, { type: 'EXPIRE' });
    });
  }

  /** Shared rooms: fire the time limits and expiries due now (each instance also does this on its own, every 250 ms). */
  async tick(): Promise<number> {
    return (await this.rooms.tick?.((code, event) => this.fire(code, event))) ?? 0;
  }

  /** Let go of the shared store's connections, after `stop` and once no turn is in progress. */
  async close(): Promise<void> {
    await this.settled();
    await this.rooms.close?.();
  }

  /** A time limit ran out, or a quiz's lifetime: the machine hears of it (once, whichever instance). */
  private fire(code: string, event: DueEvent): Promise<void> {
    return this.firing.track(() =>
      this.within({ codes: [code] }, () => {
        const live = this.space.rooms.get(code);
        if (live && !live.closed) this.dispatch(live, event);
      }).catch((error: unknown) => this.options.onFailure?.(error)),
    );
  }

  /** A room read from a shared store, its machine restored from the snapshot and listened to. */
  private rebuild(record: RoomRecord): Live {
    const actor = createActor(quizSessionMachine, { snapshot: record.snapshot as never, input: { questions: [], seconds: null } });
    const live: Live = {
      code: record.code,
      hostKey: record.hostKey,
      host: record.host,
      actor,
      players: new Map(record.players),
      groups: new Map(record.groups),
      expiresAt: record.expiresAt,
      timer: record.timer,
      closed: false,
    };
    actor.on('push', ({ to, push }) => this.route(live, to, push));
    actor.start();
    return live;
  }

  private create(key: string, address: QuizAddress, request: Extract<QuizRequest, { kind: 'create' }>): QuizPush {
    const band = clubAges.find((b) => b === request.band);
    const questions = band ? this.options.bank.pick(band, request.topic, request.count, this.random) : [];
    if (questions.length === 0) return { type: 'unavailable' };
    this.abandon(key);
    const code = this.newCode();
    const actor = createActor(quizSessionMachine, { input: { questions, seconds: request.seconds } });
    const expiresAt = this.clock().getTime() + this.options.sessionMinutes * 60_000;
    const live: Live = { code, hostKey: key, host: address, actor, players: new Map(), groups: new Map(), expiresAt, timer: null, closed: false };
    // Shared rooms keep their expiry in the store; in one process, a timer here.
    if (!this.rooms.shared) live.cancelExpiry = this.schedule(this.options.sessionMinutes * 60_000, () => void this.fire(code, { type: 'EXPIRE' }));
    actor.on('push', ({ to, push }) => this.route(live, to, push));
    actor.start();
    this.space.rooms.set(code, live);
    this.space.hosting.set(key, code);
    return { type: 'created', code, questions: questions.length, whatsapp: this.options.whatsappNumber ?? null };
  }

  private toHost(key: string, event: QuizSessionEvent): QuizPush[] {
    const live = this.space.rooms.get(this.space.hosting.get(key) ?? '');
    if (!live) return [{ type: 'closed', reason: 'expired', stats: null }];
    return this.send(live, key, this.pastExpiry(live) ? { type: 'EXPIRE' } : event);
  }

  private toPlayer(key: string, event: (player: string) => QuizSessionEvent): QuizPush[] {
    const live = this.space.rooms.get(this.space.playing.get(key) ?? '');
    if (!live) {
      this.space.playing.delete(key);
      return [{ type: 'closed', reason: 'expired', stats: null }];
    }
    return this.send(live, key, this.pastExpiry(live) ? { type: 'EXPIRE' } : event(key));
  }

  /** Send an event on behalf of `key`: what the session says to `key` comes back as the reply. */
  private send(live: Live, key: string, event: QuizSessionEvent): QuizPush[] {
    const outer = this.replying;
    this.replying = { key, replies: [] };
    try {
      this.dispatch(live, event);
      return this.replying.replies;
    } finally {
      this.replying = outer;
    }
  }

  private dispatch(live: Live, event: QuizSessionEvent): void {
    live.actor.send(event);
    if (live.actor.getSnapshot().status === 'done') this.end(live);
  }

  private route(live: Live, to: string, push: QuizPush): void {
    const key = to === 'host' ? live.hostKey : to;
    const address = to === 'host' ? live.host : live.players.get(key);
    if (to === 'host') {
      if (push.type === 'question') this.timeLimit(live, push.view.n, push.view.seconds);
      this.deliveries.mirror(live.groups.values(), push);
    }
    // A player in a group chat sees the group's message; nothing is sent to them alone.
    if (address?.inGroup) return;
    if (push.type === 'closed' && push.reason === 'left') {
      live.players.delete(key);
      if (this.space.playing.get(key) === live.code) this.space.playing.delete(key);
    }
    if (this.replying?.key === key) {
      this.replying.replies.push(push);
      return;
    }
    if (!address) return;
    this.deliveries.toPerson(address, push);
  }

  private timeLimit(live: Live, n: number, seconds: number | null): void {
    live.cancelTimer?.();
    live.cancelTimer = undefined;
    live.timer = seconds === null ? null : { n, at: this.clock().getTime() + seconds * 1000 };
    if (seconds !== null && !this.rooms.shared) live.cancelTimer = this.schedule(seconds * 1000, () => void this.fire(live.code, { type: 'TIMEOUT', n }));
  }

  /** A session is over: its code dies, and its people are forgotten. */
  private end(live: Live): void {
    live.cancelTimer?.();
    live.cancelExpiry?.();
    live.closed = true;
    live.timer = null;
    live.actor.stop();
    const space = this.space;
    space.rooms.delete(live.code);
    if (space.hosting.get(live.hostKey) === live.code) space.hosting.delete(live.hostKey);
    for (const key of live.players.keys()) if (space.playing.get(key) === live.code) space.playing.delete(key);
    for (const id of live.groups.keys()) if (space.groupOf.get(id) === live.code) space.groupOf.delete(id);
  }

  /** Past its time even if the timer has not fired yet (a machine that slept, a test's clock). */
  private pastExpiry(live: Live): boolean {
    return this.clock().getTime() >= live.expiresAt;
  }

  private leaveAny(key: string): void {
    const live = this.space.rooms.get(this.space.playing.get(key) ?? '');
    this.space.playing.delete(key);
    if (live) this.send(live, key, { type: 'LEAVE', player: key });
  }

  /** A nickname nobody in this session has: an adjective and an animal from seeds/quiz.json. */
  private freeNickname(live: Live): { adjective: string; animal: string } | undefined {
    const taken = new Set(Object.values(live.actor.getSnapshot().context.players).map((p) => `${p.adjective}_${p.animal}`));
    const { adjectives, animals } = this.options.nicknames;
    const free = adjectives.flatMap((adjective) => animals.map((animal) => ({ adjective, animal }))).filter((n) => !taken.has(`${n.adjective}_${n.animal}`));
    return free[Math.floor(this.random() * free.length)];
  }

  private newCode(): string {
    for (;;) {
      const code = Array.from({ length: codeLength }, () => codeLetters[Math.floor(this.random() * codeLetters.length)]).join('');
      if (!this.space.rooms.has(code)) return code;
    }
  }
}

const groupId = (group: QuizAddress) => `${group.channel}:${group.platformId}`;
