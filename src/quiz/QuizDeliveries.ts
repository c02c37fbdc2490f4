import type { Message } from '../../dialogs/shared/Message.js';
import type { QuizPush, QuizQuestionView } from '../../dialogs/shared/QuizPush.js';
import { InFlight } from '../async/InFlight.js';
import type { Channel } from '../domain/Channel.js';
import type { Locale } from '../domain/Locale.js';

/** Where a person's chat is: in memory only, for as long as a quiz lasts, never written anywhere. */
export interface QuizAddress {
  channel: Channel;
  platformId: string;
  /** A player who plays by pressing buttons in a group chat: they get no private messages. */
  inGroup?: boolean;
}

/** Sends a push to someone other than the person whose turn it is (a question to every player). */
export type QuizDelivery = (address: QuizAddress, push: QuizPush) => Promise<void>;

/** What a group chat playing together sees: one question message, the answer, the leaderboard. */
export type GroupView =
  | { type: 'joined'; code: string; questions: number }
  | { type: 'question'; view: QuizQuestionView }
  | Omit<Extract<QuizPush, { type: 'reveal' }>, 'correct'>
  | { type: 'finished'; total: number; top: Message[] }
  | { type: 'closed'; reason: 'expired' | 'ended' };

/** Sends a view to a group chat, in the language it joined in. */
export type GroupDelivery = (group: QuizAddress, locale: Locale, view: GroupView) => Promise<void>;

/**
 * How a live quiz reaches people other than the one whose turn it is: pushes to a person's chat
 * (through the engine and a channel's outbox) and views to a group chat playing together, counted
 * while they are on their way so a graceful stop (or a transcript) can wait for them.
 */
export class QuizDeliveries {
  private delivery: QuizDelivery = async () => undefined;
  private groupDelivery: GroupDelivery = async () => undefined;
  private readonly delivering = new InFlight();
  /** Deliveries asked for during a turn's work on the quizzes: they leave once it is saved. */
  private held: (() => Promise<void>)[] | null = null;

  connect(delivery: QuizDelivery): void {
    this.delivery = delivery;
  }

  connectGroups(delivery: GroupDelivery): void {
    this.groupDelivery = delivery;
  }

  toPerson(address: QuizAddress, push: QuizPush): void {
    this.start(() => this.delivery(address, push));
  }

  toGroup(group: { address: QuizAddress; locale: Locale }, view: GroupView): void {
    this.start(() => this.groupDelivery(group.address, group.locale, view));
  }

  /** From now until `take`, deliveries wait (the quizzes they come from are not saved yet). */
  hold(): void {
    this.held = [];
  }

  /** The deliveries held since `hold`; from now on they leave at once again. */
  take(): (() => Promise<void>)[] {
    const held = this.held ?? [];
    this.held = null;
    return held;
  }

  /** Send what `take` returned, in the order it was asked for. */
  send(held: readonly (() => Promise<void>)[]): void {
    for (const delivery of held) void this.delivering.track(delivery);
  }

  /** What the patron is shown, the groups are shown too: the question, the answer, the end. */
  mirror(groups: Iterable<{ address: QuizAddress; locale: Locale }>, push: QuizPush): void {
    let view: GroupView | null = null;
    if (push.type === 'question') view = { type: 'question', view: push.view };
    if (push.type === 'reveal') {
      const { correct: _, ...reveal } = push;
      view = reveal;
    }
    if (push.type === 'finished') view = { type: 'finished', total: push.total, top: push.top };
    if (push.type === 'closed' && push.reason !== 'left') view = { type: 'closed', reason: push.reason };
    if (view) for (const group of groups) this.toGroup(group, view);
  }

  private start(delivery: () => Promise<void>): void {
    if (this.held) this.held.push(delivery);
    else void this.delivering.track(delivery);
  }

  /** Resolves when every delivery started so far has finished. */
  async settled(): Promise<void> {
    await this.delivering.idle();
  }
}
