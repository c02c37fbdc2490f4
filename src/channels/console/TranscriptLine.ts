import { z } from 'zod';
import { Command, MediaKind } from '../../runtime/Inbound.js';

/**
 * One input line of transcript mode when it is JSON: who sends it, in which chat, and exactly one
 * of text, choice, location, media or command. A plain line is text from the default user.
 */
export const TranscriptLine = z
  .strictObject({
    from: z.string().min(1).max(64).default('user'),
    chat: z.string().min(1).max(64).optional(),
    text: z.string().max(4096).optional(),
    choice: z.string().min(1).max(64).optional(),
    location: z.strictObject({ latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180) }).optional(),
    media: MediaKind.optional(),
    command: Command.optional(),
  })
  .refine((l) => [l.text, l.choice, l.location, l.media, l.command].filter((v) => v !== undefined).length === 1, {
    message: 'give exactly one of "text", "choice", "location", "media" or "command"',
  });
export type TranscriptLine = z.infer<typeof TranscriptLine>;
