import { createHash } from 'node:crypto';
import type { Message } from '../../dialogs/shared/Message.js';
import type { DialogId } from '../domain/DialogId.js';

/**
 * A short version of a question: six characters of a hash of the dialog, the question's key and
 * variables and its choice ids. A channel puts it on the question's buttons; the engine compares it
 * with the question the stored session is waiting on, so an old keyboard is told apart on any
 * instance. Closed-set values only go in, so nothing a user typed can be read from it.
 */
export function promptVersion(dialog: DialogId, prompt: Message): string {
  const choices = (prompt.choices ?? []).map((c) => c.id);
  return createHash('sha256')
    .update(JSON.stringify([dialog, prompt.key, prompt.vars ?? {}, choices]))
    .digest('base64url')
    .slice(0, 6);
}
