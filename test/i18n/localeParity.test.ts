import { describe, expect, it } from 'vitest';
import { projectPath } from '../../src/app/projectPath.js';
import { readLocales } from '../../src/i18n/readLocales.js';
import { directoryVariables } from '../../src/seeds/directoryVariables.js';
import { loadSeeds } from '../../src/seeds/loadSeeds.js';

const resources = readLocales(projectPath('locales'));

/** Every leaf of a namespace, as "path.to.key" -> text (lists of words stay lists). */
function leaves(node: unknown, prefix = ''): Map<string, string | string[]> {
  const out = new Map<string, string | string[]>();
  if (typeof node === 'string' || Array.isArray(node)) out.set(prefix, node as string | string[]);
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) for (const [p, t] of leaves(v, prefix ? `${prefix}.${k}` : k)) out.set(p, t);
  }
  return out;
}

const variables = (text: string | string[]) =>
  [...String(text).matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1]).sort();

describe('locales', () => {
  it('never number steps, since choices under a text are numbered on text channels', () => {
    for (const locale of ['en', 'sw'] as const) {
      for (const [ns, tree] of Object.entries(resources[locale])) {
        for (const [key, text] of leaves(tree)) expect(String(text), `${locale} ${ns}:${key}`).not.toMatch(/(^|\n)\d+\. /);
      }
    }
  });

  it('have the same namespaces in English and Kiswahili', () => {
    expect(Object.keys(resources.sw).sort()).toEqual(Object.keys(resources.en).sort());
  });

  for (const ns of Object.keys(resources.en)) {
    const en = leaves(resources.en[ns]);
    const sw = leaves(resources.sw[ns] ?? {});

    it(`${ns}: every key exists in both languages, is not empty, and uses the same variables`, () => {
      expect([...sw.keys()].sort()).toEqual([...en.keys()].sort());
      for (const [key, text] of en) {
        const other = sw.get(key)!;
        expect(text.length, `en ${ns}:${key} is empty`).toBeGreaterThan(0);
        expect(other.length, `sw ${ns}:${key} is empty`).toBeGreaterThan(0);
        expect(Array.isArray(other), `${ns}:${key} is a list in one language only`).toBe(Array.isArray(text));
        expect(variables(other), `sw ${ns}:${key}`).toEqual(variables(text));
      }
    });
  }

  it('use only variables that the verified directory, settings and dialogs provide', () => {
    const fromDialogs = ['county', 'name', 'where', 'phones', 'items', 'bot', 'label', 'n', 'count', 'done', 'total', 'correct',
      'rank', 'score', 'adjective', 'animal', 'answer', 'code', 'questions', 'joined', 'letter', 'right', 'answered', 'players', 'average', 'percent', 'lesson', 'seconds', 'groups', 'telegramBot'];
    const provided = new Set([
      ...Object.keys(directoryVariables(loadSeeds(projectPath('seeds')).nationalServices)),
      'sessionDays',
      ...fromDialogs,
    ]);
    for (const locale of ['en', 'sw'] as const) {
      for (const ns of Object.keys(resources[locale])) {
        for (const [key, text] of leaves(resources[locale][ns])) {
          for (const name of variables(text)) expect(provided, `${locale} ${ns}:${key} uses {{${name}}}`).toContain(name);
        }
      }
    }
  });

  it('never type a phone number into a text: numbers come from seeds/', () => {
    for (const locale of ['en', 'sw'] as const) {
      for (const ns of Object.keys(resources[locale])) {
        for (const [key, text] of leaves(resources[locale][ns])) {
          expect(String(text), `${locale} ${ns}:${key}`).not.toMatch(/\b(116|1195|999|112|0800|07\d\d)\b/);
        }
      }
    }
  });

  it('give command words that do not clash between commands', () => {
    const owner = new Map<string, string>();
    for (const locale of ['en', 'sw'] as const) {
      for (const [command, words] of leaves(resources[locale].commands)) {
        for (const word of words as string[]) {
          const before = owner.get(word.toLowerCase());
          expect(before === undefined || before === command, `"${word}" is both ${before} and ${command}`).toBe(true);
          owner.set(word.toLowerCase(), command);
        }
      }
    }
  });
});
