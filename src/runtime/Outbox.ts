import type { Channel } from '../domain/Channel.js';
import type { TurnResult } from './TurnResult.js';

/** Sends a turn's replies to a chat the user did not just write from (a quiz question, say). */
export type Sender = (platformId: string, result: TurnResult) => Promise<void>;

/**
 * Where messages go that are not a reply: each running channel registers how it sends to one of
 * its chats, and the quiz hub's pushes, once the engine has turned them into messages, leave here.
 * A channel that is not running receives nothing.
 */
export class Outbox {
  private readonly senders = new Map<Channel, Sender>();

  register(channel: Channel, sender: Sender): void {
    this.senders.set(channel, sender);
  }

  /** Whether a channel running here can send to its chats. */
  has(channel: Channel): boolean {
    return this.senders.has(channel);
  }

  async send(channel: Channel, platformId: string, result: TurnResult): Promise<void> {
    await this.senders.get(channel)?.(platformId, result);
  }
}
