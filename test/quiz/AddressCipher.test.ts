import { describe, expect, it } from 'vitest';
import { AddressCipher } from '../../src/quiz/AddressCipher.js';

describe('AddressCipher', () => {
  const cipher = new AddressCipher('a-secret-for-the-cipher-test-0123456789');
  const address = { channel: 'whatsapp', platformId: '254700123456' };

  it('opens what it sealed, and the sealed text shows nothing of the address', () => {
    const sealed = cipher.seal(address, 'quiz:K7P3Q');
    expect(sealed).not.toContain('254700123456');
    expect(Buffer.from(sealed, 'base64url').toString('latin1')).not.toContain('254700');
    expect(cipher.open(sealed, 'quiz:K7P3Q')).toEqual(address);
    // A fresh nonce each time: the same address never seals the same twice.
    expect(cipher.seal(address, 'quiz:K7P3Q')).not.toBe(sealed);
  });

  it('refuses a value moved to another quiz, changed by one bit, cut short, or sealed under another secret', () => {
    const sealed = cipher.seal(address, 'quiz:K7P3Q');
    expect(() => cipher.open(sealed, 'quiz:AAAAA')).toThrow();
    const raw = Buffer.from(sealed, 'base64url');
    raw[14] = raw[14]! ^ 1;
    expect(() => cipher.open(raw.toString('base64url'), 'quiz:K7P3Q')).toThrow();
    expect(() => cipher.open(sealed.slice(0, 20), 'quiz:K7P3Q')).toThrow();
    expect(() => new AddressCipher('another-secret-0123456789abcdef').open(sealed, 'quiz:K7P3Q')).toThrow();
  });

  it('gives a group a look-up key that is the same each time, differs by secret, and is not the id', () => {
    const key = cipher.index('telegram:-100123');
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    expect(cipher.index('telegram:-100123')).toBe(key);
    expect(new AddressCipher('another-secret-0123456789abcdef').index('telegram:-100123')).not.toBe(key);
    expect(cipher.index('telegram:-100124')).not.toBe(key);
  });

  it('needs a secret', () => {
    expect(() => new AddressCipher('')).toThrow(/secret/);
  });
});
