/**
 * What a dialog says, in the abstract: a locale key with variables, and the choices offered.
 * Dialogs never hold user-facing strings; channels render these with i18next.
 * Variables are ids and numbers only, never what a user typed.
 */
export interface Message {
  /** "namespace:key" in locales/. */
  key: string;
  vars?: Record<string, string | number>;
  /** Choices, in the order they are numbered on text channels. */
  choices?: ChoiceRef[];
  /** True when the dialog also accepts free text here (for example a county name). */
  acceptsText?: boolean;
  /** True when the dialog would like the user's location (Telegram shows a button). */
  requestsLocation?: boolean;
}

/** A choice: a stable id that dialogs match on, and the locale key of its label. */
export interface ChoiceRef {
  id: string;
  key: string;
}
