import { z } from 'zod';
import type { Inbound, MediaKind } from '../../../runtime/Inbound.js';
import { parseChoiceData } from '../../shared/choiceData.js';
import { cloudLimits } from './renderForCloud.js';

/**
 * The envelope of a Cloud API webhook, as far as the channel reads it. Unknown fields are ignored;
 * `contacts` (which holds the person's WhatsApp profile name) is never read at all.
 */
export const CloudWebhook = z.object({
  object: z.literal('whatsapp_business_account'),
  entry: z.array(
    z.object({
      changes: z.array(
        z.object({
          field: z.string(),
          value: z
            .object({
              metadata: z.object({ phone_number_id: z.string() }).optional(),
              /** Each message is parsed on its own, so one we cannot read does not cost the others. */
              messages: z.array(z.unknown()).optional(),
            })
            .loose(),
        }),
      ),
    }),
  ),
});
export type CloudWebhook = z.infer<typeof CloudWebhook>;

const Media = z.object({ caption: z.string().optional(), voice: z.boolean().optional() });

/** One incoming message: who sent it and what, never their name; the media's id and URL are not read. */
const CloudMessage = z.object({
  id: z.string().min(1).max(512),
  /** The sender's phone number; absent for a person who uses a WhatsApp username. */
  from: z.string().regex(/^[0-9]{5,20}$/).optional(),
  /** The business-scoped user id: the same person for this business whatever their number shows. */
  from_user_id: z.string().regex(/^[A-Z]{2}\.[A-Za-z0-9.]{1,140}$/).optional(),
  /** Set for a message in a group chat. */
  group_id: z.string().optional(),
  type: z.string(),
  text: z.object({ body: z.string() }).optional(),
  interactive: z
    .object({
      type: z.string(),
      button_reply: z.object({ id: z.string() }).optional(),
      list_reply: z.object({ id: z.string() }).optional(),
    })
    .optional(),
  /** A quick-reply button on a template message (the bot sends none, but a person may press an old one). */
  button: z.object({ text: z.string() }).optional(),
  location: z.object({ latitude: z.number(), longitude: z.number() }).optional(),
  image: Media.optional(),
  video: Media.optional(),
  document: Media.optional(),
  audio: Media.optional(),
});

/** What one incoming message means for the engine. */
export interface CloudInbound {
  /** Meta's message id: a redelivered message has the same one. */
  messageId: string;
  /** Who wrote, as the Cloud API addresses them: the business-scoped id where given, else the number. */
  userId: string;
  inbound: Inbound;
}

const mediaKinds: Record<string, MediaKind> = {
  image: 'photo',
  video: 'video',
  audio: 'audio',
  document: 'document',
  sticker: 'sticker',
  contacts: 'other',
};

export type ReadResult = { ok: CloudInbound } | { ignored: string } | { unreadable: string };

/**
 * Read one message of a webhook. Text is text (the engine finds commands, numbers and labels in it);
 * a pressed button or list row is the choice whose id (and question version) it carries; a location
 * is used for this turn; media is only its kind, never fetched, with a caption where one was typed.
 * Reactions, group messages, messages for another of the business's numbers and the like are ignored.
 */
export function readCloudMessage(raw: unknown, phoneNumberId: string | undefined, ours: string): ReadResult {
  if (phoneNumberId !== undefined && phoneNumberId !== ours) return { ignored: 'another number' };
  const parsed = CloudMessage.safeParse(raw);
  if (!parsed.success) return { unreadable: parsed.error.issues[0]?.path.join('.') || 'message' };
  const message = parsed.data;
  if (message.group_id !== undefined) return { ignored: 'group' };
  const userId = message.from_user_id ?? message.from;
  if (userId === undefined) return { unreadable: 'from' };
  const inbound = toInbound(message);
  return inbound ? { ok: { messageId: message.id, userId, inbound } } : { ignored: message.type };
}

function toInbound(message: z.infer<typeof CloudMessage>): Inbound | null {
  switch (message.type) {
    case 'text':
      return message.text && message.text.body.trim() !== '' ? { type: 'text', text: message.text.body } : null;
    case 'button':
      return message.button ? { type: 'text', text: message.button.text } : null;
    case 'interactive': {
      const data = message.interactive?.button_reply?.id ?? message.interactive?.list_reply?.id;
      const choice = data === undefined ? null : parseChoiceData(data, cloudLimits.choiceData);
      return choice ? { type: 'choice', ...choice } : null;
    }
    case 'location':
      return message.location ? { type: 'location', latitude: message.location.latitude, longitude: message.location.longitude } : null;
    case 'audio':
      return { type: 'media', kind: message.audio?.voice ? 'voice' : 'audio' };
    case 'image':
    case 'video':
    case 'document': {
      const caption = message[message.type]?.caption?.trim() ?? '';
      const kind = mediaKinds[message.type]!;
      return caption ? { type: 'media', kind, caption } : { type: 'media', kind };
    }
    case 'sticker':
    case 'contacts':
      return { type: 'media', kind: mediaKinds[message.type]! };
    default:
      // Reactions, "unsupported", system notices, orders: nothing the person said to the bot.
      return null;
  }
}
