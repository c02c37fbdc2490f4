import { TelegramChannelError } from './TelegramChannelError.js';

/** Telegram carries at most 64 bytes of callback data per button. */
const maxBytes = 64;
const choiceId = /^[A-Za-z0-9_.:-]+$/;
const version = /^[A-Za-z0-9_-]{1,16}$/;

/**
 * A button's callback data: the choice id itself, and the version of its question after a "~", so
 * a press needs no lookup table that a restart or another instance would lack. Ids are short ASCII
 * by convention; one that is not fails loudly here, at render time, rather than as a button
 * Telegram refuses.
 */
export function callbackData(id: string, questionVersion?: string): string {
  const data = questionVersion ? `${id}~${questionVersion}` : id;
  if (!parseCallbackData(data)) {
    throw new TelegramChannelError(`a choice id must be 1 to ${maxBytes} bytes of A-Z, a-z, 0-9, _ . : - (got ${id.length} characters)`);
  }
  return data;
}

/** The choice and question version in callback data that came back from Telegram (client-supplied), or null. */
export function parseCallbackData(data: string): { id: string; version?: string } | null {
  if (Buffer.byteLength(data, 'utf8') > maxBytes) return null;
  const [id, ver, extra] = data.split('~');
  if (id === undefined || extra !== undefined || !choiceId.test(id)) return null;
  if (ver === undefined) return { id };
  return version.test(ver) ? { id, version: ver } : null;
}
