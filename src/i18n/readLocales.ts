import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Locale } from '../domain/Locale.js';
import { LocaleError } from './LocaleError.js';

/** Every namespace file of every language, as parsed JSON: locales/<language>/<namespace>.json. */
export type LocaleResources = Record<Locale, Record<string, Record<string, unknown>>>;

export function readLocales(dir: string): LocaleResources {
  const resources = {} as LocaleResources;
  for (const locale of Locale.options) {
    const folder = path.join(dir, locale);
    let files: string[];
    try {
      files = readdirSync(folder).filter((f) => f.endsWith('.json'));
    } catch {
      throw new LocaleError(`${folder}: missing; every language needs a folder of namespace files`);
    }
    resources[locale] = {};
    for (const file of files) {
      const full = path.join(folder, file);
      let data: unknown;
      try {
        data = JSON.parse(readFileSync(full, 'utf8'));
      } catch (error) {
        throw new LocaleError(`${full}: is not valid JSON (${(error as Error).message})`);
      }
      if (data === null || typeof data !== 'object' || Array.isArray(data)) {
        throw new LocaleError(`${full}: expected an object of keys and texts`);
      }
      resources[locale][path.basename(file, '.json')] = data as Record<string, unknown>;
    }
  }
  return resources;
}
