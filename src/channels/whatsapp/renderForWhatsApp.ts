import type { RenderedMessage } from '../../runtime/RenderedMessage.js';
import { formatNumbered } from '../shared/formatNumbered.js';
import { splitText } from '../shared/splitText.js';

/** WhatsApp accepts far longer texts, but long ones are hard to read on a phone and may be cut: 4000 at most. */
export const whatsappTextLimit = 4000;

/**
 * One reply as WhatsApp texts: plain text with numbered choices and the hint ("Reply with a
 * number"), split at paragraph boundaries when long. Buttons and lists are deprecated in WhatsApp
 * Web, so they are never used; a location request stays a sentence (the dialog's text says how).
 */
export function renderForWhatsApp(message: RenderedMessage, hint: string): string[] {
  return splitText(formatNumbered(message, hint), whatsappTextLimit);
}
