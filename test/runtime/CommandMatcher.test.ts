import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { projectPath } from '../../src/app/projectPath.js';
import { readLocales } from '../../src/i18n/readLocales.js';
import { Translator } from '../../src/i18n/Translator.js';
import { CommandMatcher } from '../../src/runtime/CommandMatcher.js';

const matcher = new CommandMatcher(new Translator(readLocales(projectPath('locales')), {}));

describe('CommandMatcher', () => {
  it('knows the commands in English and Kiswahili, with or without a slash', () => {
    const cases: [string, string][] = [
      ['help', 'help'], ['MSAADA', 'help'], ['/help', 'help'], ['/help@SomeBot', 'help'],
      ['menu', 'menu'], ['menyu', 'menu'], ['stop', 'stop'], ['acha', 'stop'], ['Acha!', 'stop'],
      ['forget me', 'forget'], ['nisahau', 'forget'], ['language', 'language'], ['lugha', 'language'],
      ['/start', 'start'], ['msada', 'help'], ['langauge', 'language'],
      ['exit', 'exit'], ['/exit', 'exit'], ['funga', 'exit'], ['/funga', 'exit'], ['quick exit', 'exit'],
    ];
    for (const [text, command] of cases) expect(matcher.match(text), text).toBe(command);
  });

  it('does not take ordinary messages for commands', () => {
    for (const text of ['hello', 'hi', 'help me with homework', 'stop it please he is hurting me', 'menus are fun', '2', '']) {
      expect(matcher.match(text), text).toBeNull();
    }
  });

  it('takes only the exact words of the quick exit, which erases the chat with no question', () => {
    for (const text of ['fungua', 'fungwa', 'tunga', 'exits', 'exir', 'quick exits']) expect(matcher.match(text), text).toBeNull();
  });

  it('never throws on any input', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (text) => void matcher.match(text)), { numRuns: 2000 });
  });
});
