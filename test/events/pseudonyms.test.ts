import { createHash, createHmac } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadOrCreateSecret } from '../../src/events/loadOrCreateSecret.js';
import { Pseudonymizer } from '../../src/events/Pseudonymizer.js';

const SECRET = 'a'.repeat(64);
const PHONE = '254712345678';

describe('Pseudonymizer.conversationKey', () => {
  const p = new Pseudonymizer(SECRET);

  it('is 64 lower-case hex digits', () => {
    for (const id of [PHONE, '1', '', 'ñ 🐢', 'x'.repeat(1000)]) expect(p.conversationKey('telegram', id)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is deterministic, also across instances with the same secret', () => {
    expect(p.conversationKey('whatsapp', PHONE)).toBe(p.conversationKey('whatsapp', PHONE));
    expect(new Pseudonymizer(SECRET).conversationKey('whatsapp', PHONE)).toBe(p.conversationKey('whatsapp', PHONE));
  });

  it('differs by platform id, by channel and by secret', () => {
    const key = p.conversationKey('telegram', PHONE);
    expect(p.conversationKey('telegram', '254712345679')).not.toBe(key);
    expect(p.conversationKey('whatsapp', PHONE)).not.toBe(key);
    expect(p.conversationKey('console', PHONE)).not.toBe(key);
    expect(new Pseudonymizer('b'.repeat(64)).conversationKey('telegram', PHONE)).not.toBe(key);
  });

  it('does not contain the platform id and is not an unkeyed hash of it', () => {
    const key = p.conversationKey('whatsapp', PHONE);
    expect(key).not.toContain(PHONE);
    expect(key).not.toContain(PHONE.slice(-9));
    for (const text of [PHONE, `whatsapp:${PHONE}`, `whatsapp${PHONE}`]) {
      expect(key).not.toBe(createHash('sha256').update(text).digest('hex'));
    }
    expect(key).not.toBe(createHmac('sha256', '').update(`whatsapp:${PHONE}`).digest('hex'));
  });
});

describe('Pseudonymizer.quarterSubject', () => {
  const p = new Pseudonymizer(SECRET);
  const key = p.conversationKey('telegram', PHONE);
  const other = p.conversationKey('telegram', '254700000000');
  const at = (iso: string) => new Date(iso);

  it('is 16 lower-case hex digits, and not a piece of the conversation key', () => {
    const subject = p.quarterSubject(key, at('2026-05-01T10:00Z'));
    expect(subject).toMatch(/^[0-9a-f]{16}$/);
    expect(key).not.toContain(subject);
  });

  it('is the same within a quarter (Nairobi time)', () => {
    const first = p.quarterSubject(key, at('2026-01-01T00:00+03:00'));
    for (const iso of ['2026-01-15T12:00Z', '2026-02-28T08:00Z', '2026-03-31T20:00Z', '2026-03-31T20:59:59.999Z']) {
      expect(p.quarterSubject(key, at(iso))).toBe(first);
    }
    expect(new Pseudonymizer(SECRET).quarterSubject(key, at('2026-02-01T00:00Z'))).toBe(first);
  });

  it('changes from one quarter to the next, at midnight in Nairobi', () => {
    expect(p.quarterSubject(key, at('2026-03-31T20:00Z'))).not.toBe(p.quarterSubject(key, at('2026-03-31T21:00Z')));
    expect(p.quarterSubject(key, at('2026-06-30T20:00Z'))).not.toBe(p.quarterSubject(key, at('2026-06-30T21:00Z')));
    expect(p.quarterSubject(key, at('2026-09-30T20:00Z'))).not.toBe(p.quarterSubject(key, at('2026-09-30T21:00Z')));
    expect(p.quarterSubject(key, at('2025-12-31T20:00Z'))).not.toBe(p.quarterSubject(key, at('2025-12-31T21:00Z')));
    // The same quarter of another year is another quarter.
    expect(p.quarterSubject(key, at('2025-02-01T00:00Z'))).not.toBe(p.quarterSubject(key, at('2026-02-01T00:00Z')));
  });

  it('counts quarters in Nairobi time (EAT, UTC+3) whatever the process time zone', () => {
    const tz = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      // 21:30 UTC on 31 March is 00:30 on 1 April in Nairobi: the second quarter.
      expect(p.quarterSubject(key, at('2026-03-31T21:30Z'))).toBe(p.quarterSubject(key, at('2026-05-01T12:00Z')));
      expect(p.quarterSubject(key, at('2026-03-31T21:30Z'))).not.toBe(p.quarterSubject(key, at('2026-03-31T12:00Z')));
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });

  it('differs for different conversation keys and for different secrets', () => {
    const when = at('2026-05-01T10:00Z');
    expect(p.quarterSubject(other, when)).not.toBe(p.quarterSubject(key, when));
    expect(new Pseudonymizer('b'.repeat(64)).quarterSubject(key, when)).not.toBe(p.quarterSubject(key, when));
  });
});

describe('loadOrCreateSecret', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'linda-secret-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('returns the configured secret without touching the disk or calling notice', () => {
    const dataDir = path.join(tempDir(), 'data');
    const notices: string[] = [];
    expect(loadOrCreateSecret('configured-secret', dataDir, (line) => notices.push(line))).toBe('configured-secret');
    expect(existsSync(dataDir)).toBe(false);
    expect(notices).toEqual([]);
  });

  it('prefers the configured secret over a file', () => {
    const dataDir = tempDir();
    writeFileSync(path.join(dataDir, 'pseudonym-secret'), 'from-file\n');
    expect(loadOrCreateSecret('configured-secret', dataDir, () => {})).toBe('configured-secret');
  });

  it('otherwise creates a private pseudonym-secret file, tells notice once, and reuses it', () => {
    const dataDir = path.join(tempDir(), 'nested', 'data');
    const notices: string[] = [];
    const notice = (line: string) => notices.push(line);

    const secret = loadOrCreateSecret(undefined, dataDir, notice);
    const file = path.join(dataDir, 'pseudonym-secret');
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect(readdirSync(dataDir)).toEqual(['pseudonym-secret']);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toBe(secret);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain(file);
    expect(notices[0]).not.toContain(secret);

    expect(loadOrCreateSecret(undefined, dataDir, notice)).toBe(secret);
    expect(loadOrCreateSecret('', dataDir, notice)).toBe(secret);
    expect(notices).toHaveLength(1);
  });

  it('generates a different secret for a different data folder', () => {
    expect(loadOrCreateSecret(undefined, tempDir(), () => {})).not.toBe(loadOrCreateSecret(undefined, tempDir(), () => {}));
  });

  it('reads an existing secret file, without its trailing newline', () => {
    const dataDir = tempDir();
    writeFileSync(path.join(dataDir, 'pseudonym-secret'), 'my-own-long-secret-of-at-least-32-characters\n');
    const notices: string[] = [];
    expect(loadOrCreateSecret(undefined, dataDir, (line) => notices.push(line))).toBe('my-own-long-secret-of-at-least-32-characters');
    expect(notices).toEqual([]);
  });

  // A short key would let anyone recompute a conversation key from a phone number.
  it('does not use an empty or short secret file', () => {
    for (const content of ['', '\n', 'short\n']) {
      const dataDir = tempDir();
      writeFileSync(path.join(dataDir, 'pseudonym-secret'), content);
      expect(() => loadOrCreateSecret(undefined, dataDir, () => {}), JSON.stringify(content)).toThrow(/shorter than 32 characters/);
    }
  });

  it('throws, and does not replace it, when the secret file exists but cannot be read', () => {
    const dataDir = tempDir();
    mkdirSync(path.join(dataDir, 'pseudonym-secret'));
    expect(() => loadOrCreateSecret(undefined, dataDir, () => {})).toThrow();
    expect(statSync(path.join(dataDir, 'pseudonym-secret')).isDirectory()).toBe(true);
  });
});
