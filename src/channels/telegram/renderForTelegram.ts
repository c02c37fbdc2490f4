import type { InlineKeyboardMarkup, ReplyKeyboardMarkup } from 'grammy/types';
import type { RenderedMessage } from '../../runtime/RenderedMessage.js';
import { callbackData } from './callbackData.js';
import { splitText } from '../shared/splitText.js';

/** One Telegram message to send: plain text (no parse mode, so nothing needs escaping) and its keyboard. */
export interface TelegramMessage {
  text: string;
  keyboard?: InlineKeyboardMarkup | ReplyKeyboardMarkup;
}

/**
 * Lay out one engine message for Telegram: the text split under Telegram's limit, and the choices
 * as an inline keyboard, one button a row, under the last part. A message that asks for the
 * user's location gets a reply keyboard instead, with a button that shares it and the choices as
 * buttons that send their label (the engine reads a label as the choice, in either language).
 * Inline buttons carry the question's version (TurnResult.version), so an old keyboard is known.
 */
export function renderForTelegram(message: RenderedMessage, questionVersion?: string): TelegramMessage[] {
  const parts: TelegramMessage[] = splitText(message.text).map((text) => ({ text }));
  const last = parts.at(-1);
  if (!last) return [];
  if (message.locationButton) {
    last.keyboard = {
      keyboard: [[{ text: message.locationButton, request_location: true }], ...message.choices.map((c) => [{ text: c.label }])],
      resize_keyboard: true,
      one_time_keyboard: true,
    };
  } else if (message.choices.length > 0) {
    // A club quiz's options are numbered as the patron reads them out ("2. ..."), so a child can find the one said.
    const numbered = message.key.startsWith('quiz:player.question');
    let n = 0;
    const label = (c: RenderedMessage['choices'][number]) => (numbered && c.id !== 'help' && c.id !== 'menu' ? `${++n}. ${c.label}` : c.label);
    last.keyboard = { inline_keyboard: message.choices.map((c) => [{ text: label(c), callback_data: callbackData(c.id, questionVersion) }]) };
  }
  return parts;
}
