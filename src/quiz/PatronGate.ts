import { createHash, timingSafeEqual } from 'node:crypto';

/** Attempts allowed before waits begin, the first wait, and the longest. */
const freeAttempts = 3;
const firstWaitMs = 30_000;
const longestWaitMs = 3_600_000;
/** How long failures are remembered after the last one. */
const forgetAfterMs = 24 * 3_600_000;

/**
 * What a typed patron code got: right; the service has no codes at all (PATRON_CODES unset); or
 * wrong, or too soon after wrong ones, with how long the next try must wait (0: none).
 */
export type PatronVerdict = { verdict: 'ok' | 'unset' } | { verdict: 'wrong' | 'wait'; waitMs: number };

/**
 * Checks patron access codes (PATRON_CODES, issued by an operator). A wrong code gets no hint of
 * the right ones; after three wrong tries, each try must wait longer (30 s, 1 min, 2 min... up to an
 * hour), so codes cannot be guessed by trying many. Failures are counted per pseudonymous key, in
 * memory only; a right code clears them. Codes are compared as hashes, in constant time. With no
 * codes at all, club quizzes are simply not set up here, and nothing typed is counted as a guess.
 */
export class PatronGate {
  private readonly digests: Buffer[];
  private readonly failures = new Map<string, { count: number; last: number }>();

  constructor(codes: readonly string[]) {
    this.digests = codes.map((code) => digest(normalize(code)));
  }

  /** Whether any patron code is set, so that a quiz can be run on this service at all. */
  get configured(): boolean {
    return this.digests.length > 0;
  }

  check(key: string, typed: string, now: number): PatronVerdict {
    if (!this.configured) return { verdict: 'unset' };
    this.forgetOld(now);
    const record = this.failures.get(key);
    if (record && now < record.last + waitAfter(record.count)) return { verdict: 'wait', waitMs: record.last + waitAfter(record.count) - now };
    const candidate = digest(normalize(typed));
    // Every code is compared, so the time taken does not tell which one was close.
    const ok = this.digests.map((d) => timingSafeEqual(d, candidate)).includes(true);
    if (ok) {
      this.failures.delete(key);
      return { verdict: 'ok' };
    }
    const count = (record?.count ?? 0) + 1;
    this.failures.set(key, { count, last: now });
    return { verdict: 'wrong', waitMs: waitAfter(count) };
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
