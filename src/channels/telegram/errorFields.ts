import { GrammyError, HttpError } from 'grammy';
import { errorFields as fieldsOf } from '../../runtime/errorFields.js';

/**
 * What may be logged about a failure: its type, the Bot API method and error code, and where in
 * our code it arose. Never the message or payload: they can hold chat ids, what a user wrote, or
 * (in a network error's URL) the bot token.
 */
export function errorFields(error: unknown): Record<string, string | number> {
  if (error instanceof GrammyError) return { err: error.name, method: error.method, code: error.error_code };
  if (error instanceof HttpError) {
    const method = /'(\w+)'/.exec(error.message)?.[1];
    return { err: error.name, ...(method ? { method } : {}), cause: error.error instanceof Error ? error.error.name : typeof error.error };
  }
  return fieldsOf(error);
}
