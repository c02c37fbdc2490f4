import type { Locale } from '../domain/Locale.js';
import type { MonitoringPayload } from '../events/MonitoringEvent.js';
import type { RenderedMessage } from './RenderedMessage.js';

/**
 * What one turn produced: the replies, in order, the monitoring events it recorded, and the
 * user's language after the turn (for text a channel adds, such as "Reply with a number").
 */
export interface TurnResult {
  locale: Locale;
  messages: RenderedMessage[];
  events: MonitoringPayload[];
  /**
   * The user asked to erase this chat (or to be forgotten): a channel that can delete its own
   * recent messages there should do so, after sending `messages`.
   */
  eraseChat: boolean;
  /**
   * A short version of the question whose choices this turn shows, for a channel to put on its
   * buttons: a press that comes back with another version is from an old keyboard.
   */
  version?: string;
  /** The choice pressed was on an old keyboard: the current question was shown again instead. */
  stale?: boolean;
  /** On WhatsApp: the hour the person last wrote (SessionRecord.heard), for the 24-hour rule on pushes. */
  heard?: string;
}
