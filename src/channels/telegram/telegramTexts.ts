import type { Locale } from '../../domain/Locale.js';

/**
 * The few texts only the Telegram channel shows and no locale file has yet. They belong in
 * locales/<language>/telegram.json; they wait here because the channel may not change locales/.
 */
export const telegramTexts: Record<Locale, { stopCommand: string; shareLocation: string }> = {
  en: { stopCommand: 'Stop the chat at once', shareLocation: '📍 Send my location' },
  sw: { stopCommand: 'Simamisha mazungumzo mara moja', shareLocation: '📍 Tuma mahali nilipo' },
};
