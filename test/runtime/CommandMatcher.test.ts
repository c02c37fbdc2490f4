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

  it('hears a request to be called or texted, in words or as a phone number, and what else the message says', () => {
    const words = ['please call me', 'Can you call me now pls', 'PLZ CALL ME BACK', 'nipigie', 'naomba unipigie simu', 'unaweza kunipigia?', 'text me', 'nipe call'];
    for (const text of words) expect(matcher.asksForACall(text), text).toBe('words');
    for (const text of ['0712345678', '0712 345 678', '+254 712 345678', '254-712-345-678']) expect(matcher.asksForACall(text), text).toBe('number');
    for (const text of ['how do I call 116', 'i recall that', 'call of duty', 'piga 999', 'my code is 12345', 'nimechoka']) {
      expect(matcher.asksForACall(text), text).toBeNull();
    }
    expect(matcher.withoutCallWords('please call me')).toBe('');
    expect(matcher.withoutCallWords('naomba unipigie sasa')).toBe('');
    expect(matcher.withoutCallWords('nipigie simu nimechoka na maisha')).toBe('nimechoka na maisha');
    expect(matcher.withoutCallWords('call me 0712345678 my uncle beats me')).toBe('my uncle beats');
  });
});
