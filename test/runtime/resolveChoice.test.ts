import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveChoice } from '../../src/runtime/resolveChoice.js';

const choices = [
  { id: 'en', labels: ['English', 'English'] },
  { id: 'sw', labels: ['Kiswahili', 'Kiswahili'] },
  { id: 'help', labels: ['Get help now', 'Pata msaada sasa'] },
];

describe('resolveChoice', () => {
  it('takes a number as shown, and nothing out of range', () => {
    expect(resolveChoice('1', choices)).toBe('en');
    expect(resolveChoice(' 3. ', choices)).toBe('help');
    expect(resolveChoice('2)', choices)).toBe('sw');
    expect(resolveChoice('0', choices)).toBeNull();
    expect(resolveChoice('4', choices)).toBeNull();
  });

  it('takes label words in either language, forgiving case, accents, a start and a typo', () => {
    expect(resolveChoice('KISWAHILI', choices)).toBe('sw');
    expect(resolveChoice('kiswa', choices)).toBe('sw');
    expect(resolveChoice('englsh', choices)).toBe('en');
    expect(resolveChoice('pata msaada sasa!', choices)).toBe('help');
    expect(resolveChoice('Énglish', choices)).toBe('en');
  });

  it('takes the first word of a label, but not the first word of a question', () => {
    const settings = [
      { id: 'ok', labels: ['OK, got it'] },
      { id: 'back', labels: ['Back to where I was'] },
      { id: 'privacy', labels: ['What do you keep about me?'] },
    ];
    expect(resolveChoice('ok', settings)).toBe('ok');
    expect(resolveChoice('back', settings)).toBe('back');
    expect(resolveChoice('what', settings)).toBeNull();
    expect(resolveChoice('what?', settings)).toBeNull();
    expect(resolveChoice('what do you keep', settings)).toBe('privacy');
  });

  it('does not guess between two choices that fit equally', () => {
    const close = [
      { id: 'a', labels: ['Change language'] },
      { id: 'b', labels: ['Change my age group'] },
    ];
    expect(resolveChoice('change', close)).toBeNull();
    expect(resolveChoice('change language', close)).toBe('a');
  });

  it('never throws and only ever returns an offered id or null, whatever is typed', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const id = resolveChoice(text, choices);
        expect(id === null || choices.some((c) => c.id === id)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
