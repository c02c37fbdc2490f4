import { TelegramChannelError } from './TelegramChannelError.js';

/** Telegram carries at most 64 bytes of callback data per button. */
const maxBytes = 64;
const choiceId = /^[A-Za-z0-9_.:-]+$/;

/**
 * A button's callback data: the choice id itself, so a press needs no lookup table that a restart
 * would lose. Ids are short ASCII by convention; one that is not fails loudly here, at render time,
 * rather than as a button Telegram refuses.
 */
export function callbackData(id: string): string {
  if (!isChoiceId(id)) throw new TelegramChannelError(`a choice id must be 1 to ${maxBytes} bytes of A-Z, a-z, 0-9, _ . : - (got ${id.length} characters)`);
  return id;
}

/** Whether callback data that came back from Telegram can be a choice id (it is client-supplied data). */
export function isChoiceId(data: string): boolean {
  return choiceId.test(data) && Buffer.byteLength(data, 'utf8') <= maxBytes;
}
