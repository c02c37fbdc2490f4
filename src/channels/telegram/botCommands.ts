import type { BotCommand } from 'grammy/types';
import type { Locale } from '../../domain/Locale.js';
import type { Translator } from '../../i18n/Translator.js';

/**
 * The commands Telegram lists in the menu beside the text box, described in `locale`. The
 * descriptions are the labels users already see on buttons, so both say the same thing.
 * /start is not listed: Telegram sends it by itself when a chat opens.
 */
export function botCommands(translator: Translator, locale: Locale): BotCommand[] {
  return [
    { command: 'help', description: translator.t(locale, 'common:choice.help') },
    { command: 'menu', description: translator.t(locale, 'common:choice.menu') },
    { command: 'language', description: translator.t(locale, 'settings:item.language') },
    { command: 'stop', description: translator.t(locale, 'common:choice.stop') },
    { command: 'exit', description: translator.t(locale, 'common:choice.exit') },
    { command: 'forget', description: translator.t(locale, 'settings:item.forget') },
  ];
}
