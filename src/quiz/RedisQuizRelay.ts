import { randomUUID } from 'node:crypto';
import type { RedisClientType } from '@redis/client';
import { createRedisClient, lazyConnect } from '../storage/redisClient.js';
import { z } from 'zod';
import type { QuizPush } from '../../dialogs/shared/QuizPush.js';
import { Channel } from '../domain/Channel.js';
import { AddressCipher } from './AddressCipher.js';
import type { QuizAddress } from './QuizDeliveries.js';

export interface RedisQuizRelayOptions {
  url: string;
  /** PSEUDONYM_SECRET: what is published is sealed under a key derived from it. */
  secret: string;
  prefix?: string;
  warn?: (line: string) => void;
}

const Relayed = z.strictObject({
  id: z.string(),
  address: z.strictObject({ channel: Channel, platformId: z.string(), inGroup: z.boolean().optional() }),
  push: z.record(z.string(), z.unknown()),
});

const context = 'quiz relay';
/** How long an instance's claim on a relayed push is kept: two instances that can both reach a chat send it once. */
const claimMs = 60_000;

/**
 * Quiz pushes for a chat that only another instance can reach (a WhatsApp Web chat belongs to the one
 * process that holds the WhatsApp session), passed on through Redis pub/sub. Every message is sealed
 * (AES-256-GCM, as a quiz's addresses are), so the chat address is never in clear in Redis; an
 * instance that can reach the chat claims the message once before it delivers it.
 */
export class RedisQuizRelay {
  private readonly publisher: RedisClientType;
  private subscriber: RedisClientType | undefined;
  private readonly cipher: AddressCipher;
  private readonly channel: string;
  private readonly prefix: string;
  private readonly warn: (line: string) => void;
  private readonly connected: () => Promise<unknown>;

  constructor(private readonly options: RedisQuizRelayOptions) {
    this.cipher = new AddressCipher(options.secret);
    this.prefix = options.prefix ?? 'linda:q:';
    this.channel = `${this.prefix}relay`;
    this.warn = options.warn ?? (() => {});
    this.publisher = createRedisClient(options.url);
    this.publisher.on('error', () => {});
    this.connected = lazyConnect(this.publisher);
  }

  /**
   * Listen for pushes for chats this instance can reach (`can`), and deliver each one claimed here.
   * Resolves once subscribed.
   */
  async listen(can: (channel: Channel) => boolean, deliver: (address: QuizAddress, push: QuizPush) => Promise<void>): Promise<void> {
    await this.connected();
    const subscriber = this.publisher.duplicate() as RedisClientType;
    subscriber.on('error', () => {});
    this.subscriber = subscriber;
    await subscriber.connect();
    await subscriber.subscribe(this.channel, (message) => {
      void this.receive(message, can, deliver);
    });
  }

  /** Pass a push on to the instance that can reach its chat; false when no instance listens. */
  async send(address: QuizAddress, push: QuizPush): Promise<boolean> {
    await this.connected();
    const sealed = this.cipher.seal({ id: randomUUID(), address, push }, context);
    const listeners = await this.publisher.publish(this.channel, sealed);
    if (listeners === 0) this.warn(`a club quiz message for a ${address.channel} chat found no instance that can reach it`);
    return listeners > 0;
  }

  async close(): Promise<void> {
    for (const client of [this.subscriber, this.publisher]) {
      if (client?.isReady) await client.close();
      else if (client?.isOpen) client.destroy();
    }
  }


  private async receive(message: string, can: (channel: Channel) => boolean, deliver: (address: QuizAddress, push: QuizPush) => Promise<void>): Promise<void> {
    let relayed: z.infer<typeof Relayed>;
    try {
      relayed = Relayed.parse(this.cipher.open(message, context));
    } catch {
      this.warn('a relayed club quiz message could not be read; it was ignored');
      return;
    }
    if (!can(relayed.address.channel)) return;
    try {
      const claimed = await this.publisher.set(`${this.prefix}relayed:${relayed.id}`, '1', { NX: true, PX: claimMs });
      if (claimed !== 'OK') return;
      await deliver(relayed.address, relayed.push as unknown as QuizPush);
    } catch {
      this.warn('a relayed club quiz message could not be delivered');
    }
  }
}
