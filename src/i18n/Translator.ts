import i18next, { type i18n } from 'i18next';
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

  constructor(resources: LocaleResources, defaultVariables: Record<string, string | number>) {
    this.i18n = i18next.createInstance();
    void this.i18n.init({
      resources,
      lng: 'en',
      fallbackLng: false,
      ns: Object.keys(resources.en),
      defaultNS: 'common',
      initAsync: false,
      returnNull: false,
      interpolation: { escapeValue: false, defaultVariables },
    });
  }

  /** The text of `key` ("namespace:key") in `locale`; a missing key is an error, never shown raw. */
  t(locale: Locale, key: string, vars?: Record<string, string | number>): string {
    if (!this.i18n.exists(key, { lng: locale })) throw new LocaleError(`missing text ${locale}:${key}`);
    return this.i18n.t(key, { lng: locale, ...vars }) as string;
  }

  /** The texts of `key` in every language, for matching what a user typed in either. */
  everyLanguage(key: string): string[] {
    return Locale.options.map((locale) => this.t(locale, key));
  }

  /** A list of words (commands.json) in every language. */
  words(key: string): string[] {
    return Locale.options.flatMap((locale) => {
      const list = this.i18n.t(key, { lng: locale, returnObjects: true }) as unknown;
      if (!Array.isArray(list)) throw new LocaleError(`${locale}:${key} should be a list of words`);
      return list as string[];
    });
  }
}
