const choiceId = /^[A-Za-z0-9_.:-]+$/;
const version = /^[A-Za-z0-9_-]{1,16}$/;

/**
 * What a button carries back when pressed: the choice id itself, and the version of its question
 * after a "~", so a press needs no lookup table that a restart or another instance would lack.
 * Telegram and WhatsApp both send it back as it was given, up to a size.
 */
export function encodeChoiceData(id: string, questionVersion: string | undefined, maxBytes: number): string | null {
  const data = questionVersion ? `${id}~${questionVersion}` : id;
  return parseChoiceData(data, maxBytes) ? data : null;
}

/** The choice and question version in button data that came back (client-supplied), or null. */
export function parseChoiceData(data: string, maxBytes: number): { id: string; version?: string } | null {
  if (Buffer.byteLength(data, 'utf8') > maxBytes) return null;
  const [id, ver, extra] = data.split('~');
  if (id === undefined || extra !== undefined || !choiceId.test(id)) return null;
  if (ver === undefined) return { id };
  return version.test(ver) ? { id, version: ver } : null;
}
