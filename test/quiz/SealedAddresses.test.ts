import { describe, expect, it } from 'vitest';
import { AddressCipher } from '../../src/quiz/AddressCipher.js';
import { SealedAddresses } from '../../src/quiz/SealedAddresses.js';

/** A cipher that counts its work. */
function counting() {
  const cipher = new AddressCipher('a-secret-for-the-memo-test-0123456789');
  const calls = { seal: 0, open: 0 };
  const seal = cipher.seal.bind(cipher);
  const open = cipher.open.bind(cipher);
  cipher.seal = (value, context) => (calls.seal++, seal(value, context));
  cipher.open = (sealed, context) => (calls.open++, open(sealed, context));
  return { cipher, calls };
}

const child = { channel: 'whatsapp', platformId: '254700123456' };

describe('SealedAddresses', () => {
  it('opens and seals each address of a quiz once, and gives an unchanged address the sealed text it had', () => {
    const { cipher, calls } = counting();
    const here = new SealedAddresses(cipher, { keepMs: 60_000 });
    // Another instance sealed it; this one opens it once, however many turns read it.
    const stored = cipher.seal(child, 'quiz:K7P3Q');
    calls.seal = 0;
    for (let i = 0; i < 150; i++) expect(here.open(stored, 'quiz:K7P3Q')).toEqual(child);
    expect(calls.open).toBe(1);
    // Written back unchanged: the same text, no new encryption.
    expect(here.seal({ ...child }, 'quiz:K7P3Q')).toBe(stored);
    expect(calls.seal).toBe(0);
    // A changed value is sealed anew.
    const other = here.seal({ channel: 'telegram', platformId: '5550001' }, 'quiz:K7P3Q');
    expect(calls.seal).toBe(1);
    expect(cipher.open(other, 'quiz:K7P3Q')).toEqual({ channel: 'telegram', platformId: '5550001' });
    // Each open gives a new object: a caller that changes it changes nothing kept.
    (here.open(stored, 'quiz:K7P3Q') as { platformId: string }).platformId = 'changed';
    expect(here.open(stored, 'quiz:K7P3Q')).toEqual(child);
  });

  it('still refuses a value moved to another quiz, or changed by one bit', () => {
    const { cipher } = counting();
    const here = new SealedAddresses(cipher, { keepMs: 60_000 });
    const sealed = here.seal(child, 'quiz:K7P3Q');
    expect(() => here.open(sealed, 'quiz:AAAAA')).toThrow();
    const raw = Buffer.from(sealed, 'base64url');
    raw[14] = raw[14]! ^ 1;
    expect(() => here.open(raw.toString('base64url'), 'quiz:K7P3Q')).toThrow();
  });

  it('keeps nothing of a quiz that ended here, or that no turn used for its lifetime, and keeps at most so many quizzes', () => {
    const { cipher, calls } = counting();
    let now = 0;
    const here = new SealedAddresses(cipher, { keepMs: 60_000, maxQuizzes: 3, now: () => now });
    const stored = cipher.seal(child, 'quiz:AAAAA');
    here.open(stored, 'quiz:AAAAA');
    here.forget('quiz:AAAAA');
    here.open(stored, 'quiz:AAAAA');
    expect(calls.open).toBe(2);
    now = 61_000;
    // Another quiz's turn, a lifetime later, drops the first.
    here.seal(child, 'quiz:BBBBB');
    here.open(stored, 'quiz:AAAAA');
    expect(calls.open).toBe(3);
    // Past three quizzes, the least recently used goes.
    for (const code of ['CCCCC', 'DDDDD', 'EEEEE']) here.seal(child, `quiz:${code}`);
    here.open(stored, 'quiz:AAAAA');
    expect(calls.open).toBe(4);
  });
});
