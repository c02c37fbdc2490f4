import type { Logger } from '../../runtime/Logger.js';
import { errorFields } from './errorFields.js';

/** A Bot API call whose failure should not stop the turn (an old query, a message already edited): logged, no data. */
export async function quietly(logger: Logger, call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch (error) {
    logger.warn(errorFields(error), 'a Telegram call failed; carrying on');
  }
}
