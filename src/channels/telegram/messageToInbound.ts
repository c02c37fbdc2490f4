import type { Message } from 'grammy/types';
import { Command, type Inbound, type MediaKind } from '../../runtime/Inbound.js';
import { deepLinkJoin } from './deepLinkJoin.js';

/** Media fields of a Telegram message and the kind the engine is told; the file itself is never fetched. */
const mediaKinds: [keyof Message, MediaKind][] = [
  ['photo', 'photo'],
  ['video', 'video'],
  ['video_note', 'video'],
  ['animation', 'video'],
  ['voice', 'voice'],
  ['audio', 'audio'],
  ['sticker', 'sticker'],
  ['document', 'document'],
  ['paid_media', 'other'],
  ['story', 'other'],
  ['contact', 'other'],
  ['poll', 'other'],
  ['dice', 'other'],
  ['game', 'other'],
];

const commandPattern = /^\/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]{1,64}))?(?:\s|$)/;

/**
 * What a Telegram message means for the engine, or null when the bot should stay silent. In a
 * private chat: a known /command, a location (used for this turn only), the kind of any media
 * (never downloaded), or text. In a group: only a known /command addressed to this bot; ordinary
 * chatter, media and other bots' commands are ignored, so the bot never repeats what a member wrote.
 * Messages from bots, channels and anonymous admins are ignored everywhere.
 */
export function messageToInbound(message: Message, botUsername: string): Inbound | null {
  if (!message.from || message.from.is_bot || message.sender_chat) return null;
  const text = message.text;
  const command = text === undefined ? null : parseCommand(text, botUsername);
  switch (message.chat.type) {
    case 'group':
    case 'supergroup':
      return command && command !== 'elsewhere' ? { type: 'command', command } : null;
    case 'private':
      break;
    default:
      return null;
  }
  const joinCode = text === undefined ? null : deepLinkJoin(text, botUsername);
  if (joinCode) return { type: 'join', code: joinCode };
  if (command && command !== 'elsewhere') return { type: 'command', command };
  if (text !== undefined) return { type: 'text', text };
  if (message.location) return { type: 'location', latitude: message.location.latitude, longitude: message.location.longitude };
  const media = mediaKinds.find(([field]) => message[field] !== undefined);
  if (!media) return null;
  return message.caption ? { type: 'media', kind: media[1], caption: message.caption } : { type: 'media', kind: media[1] };
}

/** A known command for this bot; 'elsewhere' for a command addressed to another bot; null otherwise. */
function parseCommand(text: string, botUsername: string): Command | 'elsewhere' | null {
  const match = commandPattern.exec(text);
  if (!match) return null;
  const [, name = '', target] = match;
  if (target !== undefined && target.toLowerCase() !== botUsername.toLowerCase()) return 'elsewhere';
  const command = Command.safeParse(name.toLowerCase());
  return command.success ? command.data : null;
}
