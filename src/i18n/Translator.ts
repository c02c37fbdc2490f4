import i18next, { type i18n } from 'i18next';
import type { ChoiceRef, Message } from '../../dialogs/shared/Message.js';
import { Locale } from '../domain/Locale.js';
import { LocaleError } from './LocaleError.js';
import type { LocaleResources } from './readLocales.js';

/**
 * The one place user-facing text comes from. Wraps an i18next instance loaded from locales/,
 * with the verified directory numbers and a few settings as default variables, so a locale string
 * says "call {{childHelpline}}" and never types a number itself.
 */
export class Translator {
  private readonly i18n: i18n;
  /** The default variables; a channel adds its own at start (the bot's Telegram name). */
  private readonly globals: Record<string, string | number>;

  constructor(resources: LocaleResources, defaultVariables: Record<string, string | number>) {
    this.globals = { ...defaultVariables };
    this.i18n = i18next.createInstance();
    void this.i18n.init({
      resources,
      lng: 'en',
      fallbackLng: false,
      ns: Object.keys(resources.en),
      defaultNS: 'common',
      initAsync: false,
      returnNull: false,
      interpolation: { escapeValue: false, defaultVariables: this.globals },
    });
  }

  /** The text of `key` ("namespace:key") in `locale`; a missing key is an error, never shown raw. */
  t(locale: Locale, key: string, vars?: Record<string, string | number>): string {
    if (!this.i18n.exists(key, { lng: locale })) throw new LocaleError(`missing text ${locale}:${key}`);
    return this.i18n.t(key, { lng: locale, ...vars }) as string;
  }

  /**
   * The text of a dialog's message: seed names in the user's language, and `items` rendered one by
   * one into `{{items}}`, as paragraphs (and their own items as lines).
   */
  render(locale: Locale, message: Message, depth = 0): string {
    const vars: Record<string, string | number> = {};
    for (const [name, value] of Object.entries(message.vars ?? {})) {
      vars[name] = typeof value !== 'object' ? value : 'key' in value ? this.t(locale, value.key) : value[locale];
    }
    if (message.items) {
      vars.items = message.items
        .filter((item) => item.needs === undefined || item.needs in this.globals)
        .map((item) => this.render(locale, item, depth + 1))
        .join(depth === 0 ? '\n\n' : '\n');
    }
    return this.t(locale, message.key, vars);
  }

  /** A variable every text may use from now on, known only once a channel runs (`telegramBot`). */
  define(name: 'telegramBot', value: string): void {
    this.globals[name] = value;
  }

  /** A choice's label in `locale`. */
  label(locale: Locale, choice: ChoiceRef): string {
    if (!('key' in choice)) return choice.label;
    const label = this.t(locale, choice.key);
    return choice.markKey ? this.t(locale, choice.markKey, { label }) : label;
  }

  /**
   * A choice's short label in `locale` (the key with `_short`, for buttons that hold 20 characters),
   * marked like the label, or undefined where the locale has none (the label is short already).
   */
  shortLabel(locale: Locale, choice: ChoiceRef): string | undefined {
    if (!('key' in choice)) return undefined;
    const shorter = (key: string) => (this.i18n.exists(`${key}_short`, { lng: locale }) ? `${key}_short` : undefined);
    const labelKey = shorter(choice.key);
    const markKey = choice.markKey ? shorter(choice.markKey) : undefined;
    if (!labelKey && !markKey) return undefined;
    const label = this.t(locale, labelKey ?? choice.key);
    return choice.markKey ? this.t(locale, markKey ?? choice.markKey, { label }) : label;
  }

  /** A choice's label in every language, marked and bare, for matching what a user typed in either. */
  labelsEverywhere(choice: ChoiceRef): string[] {
    return Locale.options.flatMap((locale) => {
      const shown = this.label(locale, choice);
      return 'key' in choice && choice.markKey ? [shown, this.t(locale, choice.key)] : [shown];
    });
  }

  /** A list of words (commands.json) in every language. */
  words(key: string): string[] {
    return Locale.options.flatMap((locale) => this.wordsIn(locale, key));
  }

  /** A list of words in every language, or none where there is no such list. */
  wordsIfAny(key: string): string[] {
    return Locale.options.flatMap((locale) => (this.i18n.exists(key, { lng: locale }) ? this.wordsIn(locale, key) : []));
  }

  /** A list of words (commands.json) in one language. */
  wordsIn(locale: Locale, key: string): string[] {
    const list = this.i18n.t(key, { lng: locale, returnObjects: true }) as unknown;
    if (!Array.isArray(list)) throw new LocaleError(`${locale}:${key} should be a list of words`);
    return list as string[];
  }
}
