import { randomBytes, randomInt } from 'node:crypto';
import type { Delivery, GraphApiEmulator, SentMessage } from './GraphApiEmulator.js';

type Json = Record<string, any>;

export type MediaKind = 'image' | 'video' | 'audio' | 'voice' | 'document' | 'sticker';

/** A message the user sent: how the bot's webhook answered, and the message's wamid. */
export interface UserMessage extends Delivery {
  id: string;
}

export interface Choice {
  id: string;
  title: string;
  description?: string;
}

/** What Meta puts in a media message for each kind; a voice note is audio with voice: true. */
const media: Record<MediaKind, { type: string; fields: Json; caption: boolean }> = {
  image: { type: 'image', fields: { mime_type: 'image/jpeg' }, caption: true },
  video: { type: 'video', fields: { mime_type: 'video/mp4' }, caption: true },
  document: { type: 'document', fields: { filename: 'document.pdf', mime_type: 'application/pdf' }, caption: true },
  audio: { type: 'audio', fields: { mime_type: 'audio/mpeg', voice: false }, caption: false },
  voice: { type: 'audio', fields: { mime_type: 'audio/ogg; codecs=opus', voice: true }, caption: false },
  sticker: { type: 'sticker', fields: { mime_type: 'image/webp', animated: false }, caption: false },
};

/** Media ids are digits, like Meta's; the serial keeps them unique. */
let mediaSerial = 0;

/**
 * A person on WhatsApp, played through the emulator: says things, presses buttons and list rows,
 * shares a place or a photo, and reads the bot's replies in order, each reply read once. Each
 * message reaches the bot's webhook signed, in Meta's envelope; a webhook answer other than 2xx
 * throws, with the answer, so a refused signature does not look like a silent bot.
 */
export class FakeCloudUser {
  private read = 0;
  private last: Json | undefined;

  /** `name` is the profile name Meta puts in contacts[].profile.name: tests check it never reaches logs or disk. */
  constructor(
    private readonly emulator: GraphApiEmulator,
    readonly waId: string,
    readonly name: string,
  ) {}

  say(text: string): Promise<UserMessage> {
    return this.send({ type: 'text', text: { body: text } });
  }

  /** Press a reply button (by title or id) on a button message, or choose a row of a list message. */
  press(message: SentMessage, titleOrId: string): Promise<UserMessage> {
    const interactive = (message.body.interactive ?? {}) as Json;
    if (interactive.type !== 'button' && interactive.type !== 'list') {
      throw new Error(`the message has no buttons or list to press (type ${message.type}${interactive.type ? `/${interactive.type}` : ''}): ${this.textOf(message)}`);
    }
    const choices = this.choicesOf(message);
    const choice = choices.find((c) => c.title === titleOrId) ?? choices.find((c) => c.id === titleOrId);
    if (!choice) {
      throw new Error(`no choice "${titleOrId}" on the message (choices: ${choices.map((c) => `${c.title} [${c.id}]`).join(', ')})`);
    }
    // A reply carries the message it answers, as Meta's does.
    const context = { from: this.emulator.displayPhoneNumber, id: message.id };
    const reply = interactive.type === 'button' ? { type: 'button_reply', button_reply: { id: choice.id, title: choice.title } } : { type: 'list_reply', list_reply: choice };
    return this.send({ context, type: 'interactive', interactive: reply });
  }

  shareLocation(latitude: number, longitude: number, place: { name?: string; address?: string } = {}): Promise<UserMessage> {
    return this.send({ type: 'location', location: { latitude, longitude, ...place } });
  }

  /** A photo, video, audio file, voice note, document or sticker; its URL points at the emulator, so fetching it is counted. */
  sendMedia(kind: MediaKind, caption?: string): Promise<UserMessage> {
    const { type, fields, caption: captioned } = media[kind];
    if (caption !== undefined && !captioned) throw new Error(`WhatsApp gives a ${kind} no caption`);
    const id = `${randomInt(10_000, 100_000)}${String(++mediaSerial).padStart(12, '0')}`;
    const content = {
      ...(caption === undefined ? {} : { caption }),
      ...fields,
      sha256: randomBytes(32).toString('base64'),
      id,
      url: `${this.emulator.root}/media/${id}`,
    };
    return this.send({ type, [type]: content });
  }

  /** The last message again, same id and all, as Meta redelivers when it did not get a 200 in time. */
  redeliverLast(): Promise<UserMessage> {
    if (!this.last) throw new Error(`${this.name} has sent nothing to redeliver`);
    return this.deliver(this.last);
  }

  /** The next `count` messages the bot sends to this user. */
  async replies(count: number, timeoutMs = 15_000): Promise<SentMessage[]> {
    const from = this.read;
    const all = await this.emulator.waitFor(
      () => {
        const sent = this.emulator.messagesTo(this.waId);
        return sent.length >= from + count && sent;
      },
      `${count} bot message(s) to ${this.waId} (after ${from})`,
      timeoutMs,
    );
    this.read = from + count;
    return all.slice(from, from + count);
  }

  /** Every message the bot sent this user that nobody has read yet (none, if it stayed silent). */
  unread(): SentMessage[] {
    return this.emulator.messagesTo(this.waId).slice(this.read);
  }

  /** The reply buttons or list rows of a message, in order; [] for anything else. */
  choicesOf(message: SentMessage): Choice[] {
    const interactive = (message.body.interactive ?? {}) as Json;
    if (interactive.type === 'button') {
      return ((interactive.action?.buttons ?? []) as Json[]).map((b) => ({ id: String(b.reply?.id), title: String(b.reply?.title) }));
    }
    if (interactive.type === 'list') {
      return ((interactive.action?.sections ?? []) as Json[])
        .flatMap((s) => (s.rows ?? []) as Json[])
        .map((r) => ({ id: String(r.id), title: String(r.title), ...(r.description === undefined ? {} : { description: String(r.description) }) }));
    }
    return [];
  }

  /** The words of a message: text.body, or the body of an interactive one; '' for anything else. */
  textOf(message: SentMessage): string {
    const body = message.body as Json;
    return String(body.text?.body ?? body.interactive?.body?.text ?? '');
  }

  private send(content: Json): Promise<UserMessage> {
    this.last = { from: this.waId, id: this.emulator.newMessageId(), timestamp: String(Math.floor(Date.now() / 1000)), ...content };
    return this.deliver(this.last);
  }

  private async deliver(message: Json): Promise<UserMessage> {
    const answer = await this.emulator.deliverMessage(message, { waId: this.waId, name: this.name });
    if (answer.status < 200 || answer.status > 299) {
      throw new Error(`the webhook answered ${answer.status} to ${this.waId}'s ${message.type} message: ${answer.text.slice(0, 200)}`);
    }
    return { ...answer, id: String(message.id) };
  }
}
