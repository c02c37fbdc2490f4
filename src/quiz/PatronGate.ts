import { createHash, timingSafeEqual } from 'node:crypto';

/** Attempts allowed before waits begin, the first wait, and the longest. */
const freeAttempts = 3;
const firstWaitMs = 30_000;
const longestWaitMs = 3_600_000;
/** How long failures are remembered after the last one. */
const forgetAfterMs = 24 * 3_600_000;

/**
 * Checks patron access codes (PATRON_CODES, issued by an operator). A wrong code gets no hint of
 * the right ones; after three wrong tries, each try must wait longer (30 s, 1 min, 2 min... up to an
 * hour), so codes cannot be guessed by trying many. Failures are counted per pseudonymous key, in
 * memory only; a right code clears them. Codes are compared as hashes, in constant time.
 */
export class PatronGate {
  private readonly digests: Buffer[];
  private readonly failures = new Map<string, { count: number; last: number }>();

  constructor(codes: readonly string[]) {
    this.digests = codes.map((code) => digest(normalize(code)));
  }

  check(key: string, typed: string, now: number): 'ok' | 'wrong' | 'wait' {
    this.forgetOld(now);
    const record = this.failures.get(key);
    if (record && now < record.last + waitAfter(record.count)) return 'wait';
    const candidate = digest(normalize(typed));
    // Every code is compared, so the time taken does not tell which one was close.
    const ok = this.digests.map((d) => timingSafeEqual(d, candidate)).includes(true);
    if (ok) {
      this.failures.delete(key);
      return 'ok';
    }
    this.failures.set(key, { count: (record?.count ?? 0) + 1, last: now });
    return 'wrong';
  }

  private forgetOld(now: number): void {
    for (const [key, record] of this.failures) if (now - record.last > forgetAfterMs) this.failures.delete(key);
  }
}

/** The wait after `count` failures: none for the first three, then doubling. */
function waitAfter(count: number): number {
  return count < freeAttempts ? 0 : Math.min(firstWaitMs * 2 ** (count - freeAttempts), longestWaitMs);
}

const normalize = (code: string) => code.trim().toUpperCase().replace(/[\s-]+/g, '');
const digest = (code: string) => createHash('sha256').update(code).digest();
