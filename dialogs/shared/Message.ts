/**
 * What a dialog says, in the abstract: a locale key with variables, and the choices offered.
 * Dialogs never hold user-facing strings; channels render these with i18next.
 * Variables are ids, numbers and seed data, never what a user typed.
 */
export interface Message {
  /** "namespace:key" in locales/. */
  key: string;
  vars?: Record<string, MessageVar>;
  /** Parts rendered one by one into the variable `{{items}}`: paragraphs, and their own items lines. */
  items?: Message[];
  /** Choices, in the order they are numbered on text channels. */
  choices?: ChoiceRef[];
  /** True when the dialog also accepts free text here (for example a county name). */
  acceptsText?: boolean;
  /** True when the dialog would like the user's location (Telegram shows a button). */
  requestsLocation?: boolean;
  /**
   * Shown only when the running service defines this variable (`telegramBot`, the bot's Telegram
   * name, while the Telegram channel runs); an item without it is left out.
   */
  needs?: 'telegramBot';
}

/**
 * A variable: an id or number, a name from seed data in both languages, or a locale key whose text
 * is put in (a quiz nickname's words, whose order differs between languages).
 */
export type MessageVar = string | number | { en: string; sw: string } | { key: string };

/**
 * A choice: a stable id that dialogs match on, and the locale key of its label, or, for a proper
 * name from seed data (a county), the label itself. `markKey` wraps the label in a text with
 * `{{label}}` ("✓ {{label}}" for a finished lesson); typing the bare label still chooses it.
 */
export type ChoiceRef = { id: string; key: string; markKey?: string } | { id: string; label: string };
