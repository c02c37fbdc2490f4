import { randomInt } from 'node:crypto';
import { createActor, type Actor } from 'xstate';
import { quizSessionMachine, type QuizSessionEvent, questionView } from './quizSessionMachine.js';
import type { QuizPush } from '../../dialogs/shared/QuizPush.js';
import type { QuizRequest } from '../../dialogs/shared/QuizRequest.js';
import type { Locale } from '../domain/Locale.js';
import type { QuizSeed } from '../seeds/QuizSeed.js';
import { JoinGuard } from './JoinGuard.js';
import { PatronGate, type PatronFailureStore } from './PatronGate.js';
import { QuizDeliveries, type GroupDelivery, type QuizAddress, type QuizDelivery } from './QuizDeliveries.js';
import { type QuizBank, clubAges } from './QuizBank.js';

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
  /** Runs `run` after `ms`; returns a cancel. Tests pass a manual one. */
  schedule?: (ms: number, run: () => void) => () => void;
}

interface Live {
  code: string;
  hostKey: string;
  host: QuizAddress;
  actor: Actor<typeof quizSessionMachine>;
  players: Map<string, QuizAddress>;
  /** Group chats playing together, by chat id, with the language each joined in. */
  groups: Map<string, { address: QuizAddress; locale: Locale }>;
  expiresAt: number;
  cancelTimer: (() => void) | null;
  cancelExpiry: () => void;
}

const codeLetters = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const codeLength = 5;
const maxPlayers = 150;

/** Deep-link join codes waiting for new users to finish setting up, at most. */
const maxPendingJoins = 10_000;

/**
 * The live club quizzes, in memory: join codes, who is the patron and who plays in which session,
 * and each session's machine. People are known here by their pseudonymous key; their chat address
 * is kept only so that a question can reach them, and is gone when the session ends (design.md,
 * rule 1). A restart ends every live quiz; nothing about one is ever written to disk, except the
 * closed-set counts the patron's dialog records when it ends.
 */
export class QuizHub {
  private readonly sessions = new Map<string, Live>();
  private readonly hosting = new Map<string, string>();
  private readonly playing = new Map<string, string>();
  private readonly gate: PatronGate;
  private readonly clock: () => Date;
  private readonly random: () => number;
  private readonly schedule: (ms: number, run: () => void) => () => void;
  private readonly deliveries = new QuizDeliveries();
  private readonly groupOf = new Map<string, string>();
  private readonly pendingJoins = new Map<string, { code: string; at: number }>();
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
  joinGroup(code: string, group: QuizAddress, locale: Locale): 'joined' | 'unknown' {
    const guarded = `group:${groupId(group)}`;
    if (this.joinGuard.check(guarded) !== 'ok') return 'unknown';
    const live = this.sessions.get(code.trim().toUpperCase());
    if (!live) this.joinGuard.failed(guarded);
    if (!live || this.pastExpiry(live)) {
      if (live) this.dispatch(live, { type: 'EXPIRE' });
      return 'unknown';
    }
    const id = groupId(group);
    const previous = this.groupOf.get(id);
    const before = previous && previous !== live.code ? this.sessions.get(previous) : undefined;
    if (before?.groups.delete(id)) this.dispatch(before, { type: 'UNGROUP' });
    if (!live.groups.has(id)) {
      live.groups.set(id, { address: group, locale });
      this.groupOf.set(id, live.code);
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
  answerInGroup(group: QuizAddress, key: string, option: string): GroupAnswer {
    const live = this.sessions.get(this.groupOf.get(groupId(group)) ?? '');
    if (!live || this.pastExpiry(live)) return { result: 'closed' };
    if (live.actor.getSnapshot().value !== 'asking') return { result: 'between' };
    if (!live.actor.getSnapshot().context.players[key]) {
      const nickname = this.freeNickname(live);
      if (!nickname) return { result: 'closed' };
      this.leaveAny(key);
      live.players.set(key, { ...group, inGroup: true });
      this.playing.set(key, live.code);
      this.send(live, key, { type: 'JOIN', player: key, ...nickname });
    }
    const player = live.actor.getSnapshot().context.players[key]!;
    const before = player.answer;
    this.send(live, key, { type: 'ANSWER', player: key, option });
    return { result: before === null ? 'saved' : 'already', adjective: player.adjective, animal: player.animal };
  }

  /** Resolves when every push sent so far has been delivered (for transcripts and a graceful stop). */
  async settled(): Promise<void> {
    await this.deliveries.settled();
  }

  /**
   * A join code from a deep link, kept in memory (never on disk, like every live quiz) while a new
   * user sets up; `takePendingJoin` hands it over once, within the quiz's lifetime.
   */
  rememberJoin(key: string, code: string): void {
    if (this.pendingJoins.size >= maxPendingJoins) this.pendingJoins.delete(this.pendingJoins.keys().next().value!);
    this.pendingJoins.set(key, { code, at: this.clock().getTime() });
  }

  takePendingJoin(key: string): string | null {
    const pending = this.pendingJoins.get(key);
    this.pendingJoins.delete(key);
    if (!pending || this.clock().getTime() - pending.at > this.options.sessionMinutes * 60_000) return null;
    return pending.code;
  }

  /** Whether this person is the patron of, or a player in, a live session. */
  isIn(key: string): boolean {
    return this.hosting.has(key) || this.playing.has(key);
  }

  /** What a quiz dialog asked; the pushes returned are for the asker, others are delivered. */
  request(key: string, address: QuizAddress, request: QuizRequest): QuizPush[] {
    switch (request.kind) {
      case 'open':
        return [{ type: 'code', verdict: this.gate.configured ? 'ask' : 'unset' }];
      case 'verify': {
        const checked = this.gate.check(key, request.code, this.clock().getTime());
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
    const guard = this.joinGuard.check(key);
    if (guard !== 'ok') return guard;
    const live = this.sessions.get(code.trim().toUpperCase());
    if (!live) {
      this.joinGuard.failed(key);
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
    this.playing.set(key, live.code);
    return this.send(live, key, { type: 'JOIN', player: key, ...nickname });
  }

  /** The person no longer has the quiz open (stop, the menu, forget me): a patron ends it, a player leaves. */
  abandon(key: string): void {
    const hosted = this.hosting.get(key);
    if (hosted) this.toHost(key, { type: 'END' });
    this.leaveAny(key);
  }

  /** Ends every live session at once, on shutdown. */
  stop(): void {
    for (const live of [...this.sessions.values()]) this.dispatch(live, { type: 'EXPIRE' });
  }

  private create(key: string, address: QuizAddress, request: Extract<QuizRequest, { kind: 'create' }>): QuizPush {
    const band = clubAges.find((b) => b === request.band);
    const questions = band ? this.options.bank.pick(band, request.topic, request.count, this.random) : [];
    if (questions.length === 0) return { type: 'unavailable' };
    this.abandon(key);
    const code = this.newCode();
    const actor = createActor(quizSessionMachine, { input: { questions, seconds: request.seconds } });
    const expiresAt = this.clock().getTime() + this.options.sessionMinutes * 60_000;
    const live: Live = {
      code,
      hostKey: key,
      host: address,
      actor,
      players: new Map(),
      groups: new Map(),
      expiresAt,
      cancelTimer: null,
      cancelExpiry: this.schedule(this.options.sessionMinutes * 60_000, () => this.dispatch(live, { type: 'EXPIRE' })),
    };
    actor.on('push', ({ to, push }) => this.route(live, to, push));
    actor.start();
    this.sessions.set(code, live);
    this.hosting.set(key, code);
    return { type: 'created', code, questions: questions.length, whatsapp: this.options.whatsappNumber ?? null };
  }

  private toHost(key: string, event: QuizSessionEvent): QuizPush[] {
    const live = this.sessions.get(this.hosting.get(key) ?? '');
    if (!live) return [{ type: 'closed', reason: 'expired', stats: null }];
    return this.send(live, key, this.pastExpiry(live) ? { type: 'EXPIRE' } : event);
  }

  private toPlayer(key: string, event: (player: string) => QuizSessionEvent): QuizPush[] {
    const live = this.sessions.get(this.playing.get(key) ?? '');
    if (!live) {
      this.playing.delete(key);
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
    if (live.actor.getSnapshot().status === 'done') this.close(live);
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
      if (this.playing.get(key) === live.code) this.playing.delete(key);
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
    live.cancelTimer = seconds === null ? null : this.schedule(seconds * 1000, () => this.dispatch(live, { type: 'TIMEOUT', n }));
  }

  /** A session is over: its code dies, and its people are forgotten. */
  private close(live: Live): void {
    live.cancelTimer?.();
    live.cancelExpiry();
    live.actor.stop();
    this.sessions.delete(live.code);
    if (this.hosting.get(live.hostKey) === live.code) this.hosting.delete(live.hostKey);
    for (const key of live.players.keys()) if (this.playing.get(key) === live.code) this.playing.delete(key);
    for (const id of live.groups.keys()) if (this.groupOf.get(id) === live.code) this.groupOf.delete(id);
  }

  /** Past its time even if the timer has not fired yet (a machine that slept, a test's clock). */
  private pastExpiry(live: Live): boolean {
    return this.clock().getTime() >= live.expiresAt;
  }

  private leaveAny(key: string): void {
    const live = this.sessions.get(this.playing.get(key) ?? '');
    this.playing.delete(key);
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
      if (!this.sessions.has(code)) return code;
    }
  }
}

const groupId = (group: QuizAddress) => `${group.channel}:${group.platformId}`;
