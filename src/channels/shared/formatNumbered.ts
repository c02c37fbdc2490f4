import type { RenderedMessage } from '../../runtime/RenderedMessage.js';

/**
 * A message as plain text with numbered choices, the way text-only channels show it
 * ("1. English"): the terminal and WhatsApp. The numbers match what the engine accepts as a reply.
 */
export function formatNumbered(message: RenderedMessage, hint: string): string {
  if (message.choices.length === 0) return message.text;
  const list = message.choices.map((choice, i) => `${i + 1}. ${choice.label}`).join('\n');
  return `${message.text}\n\n${list}\n${hint}`;
}
