import type { Command, Inbound, MediaKind } from '../../runtime/Inbound.js';
import type { WhatsAppMessage } from './WhatsAppClient.js';

/** What one incoming message means: where to reply, who said it (the pseudonym's input), and what. */
export interface WhatsAppInbound {
  chatId: string;
  userId: string;
  inbound: Inbound;
}

/** Media message types and the kind the engine is told; the file itself is never fetched. */
const mediaKinds: Record<string, MediaKind> = {
  image: 'photo',
  album: 'photo',
  video: 'video',
  audio: 'audio',
  ptt: 'voice',
  sticker: 'sticker',
  document: 'document',
  vcard: 'other',
  multi_vcard: 'other',
  poll_creation: 'other',
  groups_v4_invite: 'other',
  scheduled_event_creation: 'other',
  order: 'other',
  product: 'other',
  payment: 'other',
};

/** Only these carry a caption the user typed in `body`; for others `body` may hold preview data. */
const captioned = new Set(['image', 'video', 'document']);

/** In a group, a command is a whole message such as "/help" or "!msaada": addressed to the bot, not chatter. */
const groupCommand = /^[/!](\S.{0,40})$/s;

/**
 * What a WhatsApp message means for the engine, or null when the bot should stay silent. In a
 * private chat: text (the engine recognises typed numbers, labels and command words), a location
 * (used for this turn only), or the kind of any media, never downloaded. In a group: only a whole
 * message that is a command word after "/" or "!"; chatter and media are ignored, so the bot never
 * repeats what a member wrote. Status updates, broadcasts, newsletters and the bot's own messages
 * are ignored everywhere. `matchCommand` is the engine's command-word matcher (both languages).
 */
export function messageToInbound(message: WhatsAppMessage, matchCommand: (text: string) => Command | null): WhatsAppInbound | null {
  if (message.fromMe || message.isStatus || message.broadcast) return null;
  const chatId = message.from;
  if (isGroup(chatId)) {
    const author = message.author;
    if (!author || !isPerson(author) || message.type !== 'chat') return null;
    const command = groupCommand.exec(message.body.trim())?.[1];
    const matched = command === undefined ? null : matchCommand(command);
    return matched ? { chatId, userId: author, inbound: { type: 'command', command: matched } } : null;
  }
  if (!isPerson(chatId)) return null;
  const inbound = toInbound(message);
  return inbound ? { chatId, userId: chatId, inbound } : null;
}

function toInbound(message: WhatsAppMessage): Inbound | null {
  if (message.type === 'chat') return message.body.trim() === '' ? null : { type: 'text', text: message.body };
  if (message.type === 'location') {
    const latitude = Number(message.location?.latitude);
    const longitude = Number(message.location?.longitude);
    return Number.isFinite(latitude) && Number.isFinite(longitude) ? { type: 'location', latitude, longitude } : null;
  }
  const kind = mediaKinds[message.type] ?? (message.hasMedia ? 'other' : undefined);
  if (!kind) return null; // Reactions, revoked messages, notifications and the like: nothing was said.
  const caption = captioned.has(message.type) ? message.body.trim() : '';
  return caption ? { type: 'media', kind, caption } : { type: 'media', kind };
}

/** A private chat: a phone-number id or WhatsApp's newer linked id. */
function isPerson(id: string): boolean {
  return id.endsWith('@c.us') || id.endsWith('@lid');
}

function isGroup(id: string): boolean {
  return id.endsWith('@g.us');
}
