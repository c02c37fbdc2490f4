import { EventEmitter } from 'node:events';
import { vi } from 'vitest';
import type { Message, MessageTypes } from 'whatsapp-web.js';
import type { DeletableMessage, SentMessage, WhatsAppClient, WhatsAppMessage } from '../../../src/channels/whatsapp/WhatsAppClient.js';

/**
 * whatsapp-web.js cannot reach WhatsApp from here, so the channel is tested against this fake. It
 * implements WhatsAppClient, the subset of the library's Client the channel uses, which the real
 * Client is checked against at compile time (startWhatsApp): the fake and the library meet there.
 */
export class FakeClient extends EventEmitter implements WhatsAppClient {
  static sent = 0;
  /** How many of the next clients fail to start, as when WhatsApp Web cannot be reached. */
  static failingStarts = 0;
  readonly outbox: { chatId: string; text: string; id: string }[] = [];
  readonly deleted: string[] = [];
  readonly initialize = vi.fn(async () => {
    if (FakeClient.failingStarts > 0) {
      FakeClient.failingStarts--;
      throw new Error('net::ERR_NAME_NOT_RESOLVED');
    }
  });
  readonly destroy = vi.fn(async () => undefined);

  async sendMessage(chatId: string, content: string): Promise<SentMessage> {
    const id = `true_${chatId}_SENT${++FakeClient.sent}`;
    this.outbox.push({ chatId, text: content, id });
    return { id: { fromMe: true, remote: chatId, id: `SENT${FakeClient.sent}`, _serialized: id } };
  }

  async getMessageById(messageId: string): Promise<DeletableMessage | undefined> {
    if (!this.outbox.some((m) => m.id === messageId)) return undefined;
    return { delete: async (everyone?: boolean) => void (everyone ? this.deleted.push(messageId) : undefined) };
  }

  /** What the bot sent to one chat, in order. */
  textsTo(chatId: string): string[] {
    return this.outbox.filter((m) => m.chatId === chatId).map((m) => m.text);
  }
}

/** A fake incoming message, typed as the subset of the library's Message the channel reads, plus a spy on downloadMedia. */
export type FakeMessage = WhatsAppMessage & { downloadMedia: Message['downloadMedia'] & ReturnType<typeof vi.fn> };

export function incoming(from: string, body: string, extra: Partial<WhatsAppMessage> = {}): FakeMessage {
  return {
    from,
    body,
    type: 'chat' as MessageTypes,
    hasMedia: false,
    isStatus: false,
    fromMe: false,
    broadcast: false,
    downloadMedia: vi.fn(async () => {
      throw new Error('the channel must never download media');
    }),
    ...extra,
  };
}

export function media(from: string, type: string, caption = ''): FakeMessage {
  return incoming(from, caption, { type: type as MessageTypes, hasMedia: true });
}
