/**
 * The Telegram channel cannot start or run: a refused token, an unreachable Bot API server, a
 * webhook Telegram would not accept. One line that names the cause and never holds the token.
 */
export class TelegramChannelError extends Error {
  override name = 'TelegramChannelError';
}
