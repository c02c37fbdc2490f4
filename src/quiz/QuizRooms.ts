import type { Actor } from 'xstate';
import type { Locale } from '../domain/Locale.js';
import type { JoinLedger } from './JoinGuard.js';
import type { PatronLedger } from './PatronGate.js';
import type { QuizAddress } from './QuizDeliveries.js';
import type { quizSessionMachine, QuizSessionEvent } from './quizSessionMachine.js';

/** A group chat playing together, with the language it joined in. */
export interface RoomGroup {
  address: QuizAddress;
  locale: Locale;
}

/** One live club quiz: its code, its patron, its machine, who plays and where each one's chat is. */
export interface Room {
  code: string;
  hostKey: string;
  host: QuizAddress;
  actor: Actor<typeof quizSessionMachine>;
  players: Map<string, QuizAddress>;
  /** Group chats playing together, by `channel:chatId`. */
  groups: Map<string, RoomGroup>;
  expiresAt: number;
  /** The time limit of the question now asked: its number, and when it runs out. */
  timer: { n: number; at: number } | null;
  closed: boolean;
  /** In one process only (the embedded default): how to cancel the timers set for this quiz. */
  cancelTimer?: (() => void) | undefined;
  cancelExpiry?: (() => void) | undefined;
}

/** A room as a store keeps it: the machine as its persisted snapshot. */
export interface RoomRecord {
  code: string;
  hostKey: string;
  host: QuizAddress;
  snapshot: unknown;
  players: [string, QuizAddress][];
  groups: [string, RoomGroup][];
  expiresAt: number;
  timer: { n: number; at: number } | null;
}

/**
 * What the quiz hub works on during one turn: the rooms, who hosts and who plays where, the group
 * chats, join codes waiting for a new user's set-up, and the patron-code failures. In one process it
 * is everything; with a shared store it is what this turn needs, read before and written after.
 */
export interface QuizSpace {
  rooms: Map<string, Room>;
  hosting: Map<string, string>;
  playing: Map<string, string>;
  groupOf: Map<string, string>;
  pending: Map<string, { code: string; at: number }>;
  patrons: PatronLedger;
  /** Wrong join codes, per person or group and from everyone. */
  joins: JoinLedger;
}

/** What a turn may touch: the person's own quizzes, codes they typed, group chats; read-only for a delivery. */
export interface RoomNeed {
  key?: string;
  codes?: readonly string[];
  groups?: readonly QuizAddress[];
  /** Only read (a push being delivered): no lock is taken, and nothing is written back. */
  readOnly?: boolean;
}

/** Something due in a quiz: a question's time limit, or the end of its lifetime. */
export type DueEvent = Extract<QuizSessionEvent, { type: 'TIMEOUT' | 'EXPIRE' }>;

export interface Checkout {
  space: QuizSpace;
}

/**
 * Small values a channel keeps about a chat playing a quiz (a Telegram group's question message),
 * shared by every instance: sealed like a quiz's addresses, under a look-up key that does not name the chat.
 */
export interface SharedNotes {
  get(id: string): Promise<unknown>;
  set(id: string, value: unknown, ttlMs: number): Promise<void>;
  delete(id: string): Promise<void>;
}

/**
 * Where the live quizzes are kept. `MemoryQuizRooms` (the embedded default) keeps them in this
 * process; `RedisQuizRooms` keeps them in Redis, so that every instance serves the same quiz.
 */
export interface QuizRooms {
  /** Whether several instances share the rooms: then timers are kept in the store, and a stop ends nothing. */
  readonly shared: boolean;
  /** Read (and, unless read-only, lock) what a turn needs; `build` makes a room from a stored record. */
  open(need: RoomNeed, build: (record: RoomRecord) => Room): Promise<Checkout>;
  /** Write back what changed and let go of the locks. */
  save(checkout: Checkout): Promise<void>;
  /** Let go of the locks without writing (the turn failed). */
  release(checkout: Checkout): Promise<void>;
  /** Start calling `due` when a time limit or an expiry comes, once across every instance. */
  start?(due: (code: string, event: DueEvent) => Promise<void>): void;
  /** Fire what is due now; how many fired here. */
  tick?(due: (code: string, event: DueEvent) => Promise<void>): Promise<number>;
  stop?(): Promise<void>;
  /** Shared rooms: where channels keep what they know of a chat playing, for every instance to read. */
  readonly notes?: SharedNotes;
  /** Let go of connections, once no turn uses the rooms any more. */
  close?(): Promise<void>;
}

/** The embedded default: every live quiz in this process's memory, gone with it. */
export class MemoryQuizRooms implements QuizRooms {
  readonly shared = false;
  private readonly checkout: Checkout;

  constructor(ledgers: { patrons: PatronLedger; joins: JoinLedger }) {
    this.checkout = {
      space: { rooms: new Map(), hosting: new Map(), playing: new Map(), groupOf: new Map(), pending: new Map(), ...ledgers },
    };
  }

  get space(): QuizSpace {
    return this.checkout.space;
  }

  async open(): Promise<Checkout> {
    return this.checkout;
  }

  async save(): Promise<void> {}

  async release(): Promise<void> {}
}
