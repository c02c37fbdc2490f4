import { createHash } from 'node:crypto';
import { ChatQueue } from '../../../async/ChatQueue.js';
import type { Translator } from '../../../i18n/Translator.js';
import { errorFields } from '../../../runtime/errorFields.js';
import type { Logger } from '../../../runtime/Logger.js';
import type { RenderedMessage } from '../../../runtime/RenderedMessage.js';
import type { TurnHandler } from '../../../runtime/TurnHandler.js';
import type { TurnResult } from '../../../runtime/TurnResult.js';
import { ExpiringMap } from '../../shared/ExpiringMap.js';
import { readCloudMessage, type CloudInbound, type CloudWebhook } from './cloudInbound.js';
import type { CloudOutgoing } from './renderForCloud.js';
import { renderForCloud } from './renderForCloud.js';

/** What the channel needs to send: CloudSender, or a test's stand-in. */
export interface CloudSend {
  send(to: string, message: CloudOutgoing): Promise<string>;
  markRead(messageId: string): Promise<void>;
}

export interface WhatsAppCloudChannelDeps {
  engine: TurnHandler;
  translator: Translator;
  logger: Logger;
  sender: CloudSend;
  /** WHATSAPP_PHONE_NUMBER_ID: messages for another of the business's numbers are not ours. */
  phoneNumberId: string;
  /**
   * With a shared session store (Redis): claims a message id for all instances, so a message Meta
   * delivers again to another instance is answered once. Without it, each instance remembers its own.
   */
  claim?: (id: string, ttlMs: number) => Promise<boolean>;
  clock?: () => number;
}

/** What the channel counted since it started: no ids, no content. */
export interface CloudChannelStats {
  handled: number;
  duplicates: number;
  unreadable: number;
  /** Quiz pushes not sent because the person last wrote more than 24 hours before. */
  outsideWindow: number;
  failedSends: number;
}

/** Meta lets a business write to a person only within 24 hours of their last message. */
const windowMs = 24 * 3_600_000;
/** Message ids remembered against redelivery: Meta retries for hours when it misses our answer. */
const seenLimit = { maxEntries: 200_000, ttlMs: 12 * 3_600_000 };

/**
 * The WhatsApp Cloud API channel: a webhook's messages in, the engine's replies out as buttons,
 * lists or text. It keeps nothing between turns that the session store does not: the memory it
 * has (ids of recent messages against redelivery, one queue per person, the pace of sends) is a
 * bound cache that any instance can lose; with a shared store, redelivery is also checked there. The person's WhatsApp profile name, which every webhook
 * carries, is never read. One person's messages are handled in order, people in parallel.
 */
export class WhatsAppCloudChannel {
  private readonly queue = new ChatQueue();
  /** Hashes of message ids already taken: a redelivered message is handled once. */
  private readonly seen: ExpiringMap<string, true>;
  private readonly clock: () => number;
  readonly stats: CloudChannelStats = { handled: 0, duplicates: 0, unreadable: 0, outsideWindow: 0, failedSends: 0 };

  constructor(private readonly deps: WhatsAppCloudChannelDeps) {
    this.clock = deps.clock ?? Date.now;
    this.seen = new ExpiringMap({ ...seenLimit, clock: this.clock });
  }

  /**
   * Take a checked webhook: each message in it is queued for its person at once, and its turn runs
   * after. Status updates (sent, delivered, read) and other fields are ignored. Never throws.
   */
  receive(webhook: CloudWebhook): void {
    for (const entry of webhook.entry) {
      for (const change of entry.changes) {
        if (change.field !== 'messages') continue;
        for (const raw of change.value.messages ?? []) this.take(readCloudMessage(raw, change.value.metadata?.phone_number_id, this.deps.phoneNumberId));
      }
    }
  }

  private take(read: ReturnType<typeof readCloudMessage>): void {
    if ('unreadable' in read) {
      this.stats.unreadable++;
      this.deps.logger.warn({ field: read.unreadable }, 'a WhatsApp message in a webhook could not be read; skipped');
      return;
    }
    if ('ignored' in read) return;
    const message = read.ok;
    const seenKey = createHash('sha256').update(message.messageId).digest('base64url').slice(0, 22);
    if (this.seen.get(seenKey)) {
      this.stats.duplicates++;
      return;
    }
    this.seen.set(seenKey, true);
    void this.queue.run(message.userId, async () => {
      if (this.deps.claim && !(await this.claimed(seenKey))) {
        this.stats.duplicates++;
        return;
      }
      this.stats.handled++;
      await this.answer(message);
    });
  }

  /** Whether this instance is the first to take the message; a store that cannot say lets it through. */
  private async claimed(seenKey: string): Promise<boolean> {
    try {
      return await this.deps.claim!(`wa:${seenKey}`, seenLimit.ttlMs);
    } catch (error) {
      this.deps.logger.warn(errorFields(error), 'could not check a WhatsApp message against other instances; answering it');
      return true;
    }
  }

  private async answer(message: CloudInbound): Promise<void> {
    this.deps.sender.markRead(message.messageId).catch((error: unknown) => this.deps.logger.warn(errorFields(error), 'could not mark a WhatsApp message read'));
    try {
      const result = await this.deps.engine.handle('whatsapp', message.userId, message.inbound);
      await this.deliver(message.userId, result);
    } catch (error) {
      this.deps.logger.error(errorFields(error), 'could not answer a WhatsApp message');
    }
  }

  /**
   * Send a turn's messages to a person who did not just write (a quiz question): only inside the
   * 24 hours after they last wrote, as the platform requires; one outside it is skipped and counted.
   */
  push(platformId: string, result: TurnResult): Promise<void> {
    const heard = result.heard === undefined ? Number.NaN : Date.parse(result.heard);
    if (!(this.clock() - heard < windowMs)) {
      this.stats.outsideWindow++;
      this.deps.logger.info({ outsideWindow: this.stats.outsideWindow }, 'a quiz message was not sent: the person last wrote over 24 hours ago');
      return Promise.resolve();
    }
    return this.queue.run(platformId, () =>
      this.deliver(platformId, result).catch((error: unknown) => this.deps.logger.error(errorFields(error), 'could not send a quiz message on WhatsApp')),
    );
  }

  /** Resolves true once no message is being handled or sent, or false after `timeoutMs`. */
  idle(timeoutMs?: number): Promise<boolean> {
    return this.queue.idle(timeoutMs);
  }

  /** Send one turn's replies in order; one that fails is logged (without content) and the rest still go. */
  private async deliver(to: string, result: TurnResult): Promise<void> {
    const words = {
      hint: this.deps.translator.t(result.locale, 'common:hint.number'),
      listButton: this.deps.translator.t(result.locale, 'common:listButton'),
      shareLocation: this.deps.translator.t(result.locale, 'common:shareLocationBody'),
    };
    for (const message of result.messages) {
      for (const out of renderForCloud(this.canSay(message, result), words, result.version)) {
        try {
          await this.deps.sender.send(to, out);
        } catch (error) {
          this.stats.failedSends++;
          this.deps.logger.error({ ...errorFields(error), kind: out.kind }, 'a WhatsApp message could not be sent');
        }
      }
    }
  }

  /**
   * The Cloud API cannot delete messages: where the engine says it erased the chat ("erase this
   * chat") or left one neutral line over a cleared chat (the quick exit), the person is told that
   * nothing was deleted and how to delete the chat on the phone instead.
   */
  private canSay(message: RenderedMessage, result: TurnResult): RenderedMessage {
    if (!result.eraseChat || (message.key !== 'common:chatErased' && message.key !== 'common:exited')) return message;
    return { ...message, key: 'common:chatErasedPhone', text: this.deps.translator.t(result.locale, 'common:chatErasedPhone') };
  }
}
