/**
 * What may be logged about a failure: its type only. Never its message: a whatsapp-web.js or
 * browser error can quote a chat id, a phone number or what someone wrote.
 */
export function errorFields(error: unknown): Record<string, string> {
  return { err: error instanceof Error ? error.name : typeof error };
}
