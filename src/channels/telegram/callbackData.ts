import { encodeChoiceData, parseChoiceData } from '../shared/choiceData.js';
import { TelegramChannelError } from './TelegramChannelError.js';

/** Telegram carries at most 64 bytes of callback data per button. */
const maxBytes = 64;

/**
 * A button's callback data: the choice id and its question's version (see encodeChoiceData). Ids
 * are short ASCII by convention; one that is not fails loudly here, at render time, rather than as
 * a button Telegram refuses.
 */
export function callbackData(id: string, questionVersion?: string): string {
  const data = encodeChoiceData(id, questionVersion, maxBytes);
  if (data === null) {
    throw new TelegramChannelError(`a choice id must be 1 to ${maxBytes} bytes of A-Z, a-z, 0-9, _ . : - (got ${id.length} characters)`);
  }
  return data;
}

/** The choice and question version in callback data that came back from Telegram (client-supplied), or null. */
export function parseCallbackData(data: string): { id: string; version?: string } | null {
  return parseChoiceData(data, maxBytes);
}
