import { createHash, timingSafeEqual } from 'node:crypto';

/** Attempts allowed before waits begin, the first wait, and the longest. */
const freeAttempts = 3;
const firstWaitMs = 30_000;
const longestWaitMs = 3_600_000;
/** How long failures are remembered after the last one. */
const forgetAfterMs = 24 * 3_600_000;
/** Wrong codes a minute from everyone together before every check waits for the minute to end. */
const maxFailuresPerMinute = 30;

/** The failures so far, by a hash of the pseudonymous key, and everyone's in the last minute: all there is to keep. */
export interface PatronFailures {
  byKey: Record<string, { count: number; last: number }>;
  recent: number[];
}

/** Where failures are kept across restarts (a file in DATA_DIR); without one, in memory only. */
export interface PatronFailureStore {
  load(): PatronFailures | undefined;
  save(failures: PatronFailures): void;
}

/**
 * What a typed patron code got: right; the service has no codes at all (PATRON_CODES unset); or
 * wrong, or too soon after wrong ones, with how long the next try must wait (0: none).
 */
export type PatronVerdict = { verdict: 'ok' | 'unset' } | { verdict: 'wrong' | 'wait'; waitMs: number };

/**
 * Checks patron access codes (PATRON_CODES, issued by an operator). A wrong code gets no hint of
 * the right ones; after three wrong tries, each try must wait longer (30 s, 1 min, 2 min... up to an
 * hour), so codes cannot be guessed by trying many. Failures are counted per pseudonymous key (kept
 * as a hash of it) and across everyone: past 30 wrong codes in a minute, every check waits for the
 * minute to end, so new ids do not buy new tries. With a store they outlive a restart. A right code
 * clears a key's failures. Codes are compared as hashes, in constant time. With no
 * codes at all, club quizzes are simply not set up here, and nothing typed is counted as a guess.
 */
export class PatronGate {
  private readonly digests: Buffer[];
  private readonly failures: Map<string, { count: number; last: number }>;
  private recent: number[];

  constructor(
    codes: readonly string[],
    private readonly store?: PatronFailureStore,
    private readonly onGuessing?: () => void,
  ) {
    this.digests = codes.map((code) => digest(normalize(code)));
    const kept = store?.load();
    this.failures = new Map(Object.entries(kept?.byKey ?? {}));
    this.recent = kept?.recent ?? [];
  }

  /** Whether any patron code is set, so that a quiz can be run on this service at all. */
  get configured(): boolean {
    return this.digests.length > 0;
  }

  check(key: string, typed: string, now: number): PatronVerdict {
    if (!this.configured) return { verdict: 'unset' };
    this.forgetOld(now);
    const id = hashKey(key);
    if (this.recent.length >= maxFailuresPerMinute) return { verdict: 'wait', waitMs: this.recent[0]! + 60_000 - now };
    const record = this.failures.get(id);
    if (record && now < record.last + waitAfter(record.count)) return { verdict: 'wait', waitMs: record.last + waitAfter(record.count) - now };
    const candidate = digest(normalize(typed));
    // Every code is compared, so the time taken does not tell which one was close.
    const ok = this.digests.map((d) => timingSafeEqual(d, candidate)).includes(true);
    if (ok) {
      if (this.failures.delete(id)) this.save();
      return { verdict: 'ok' };
    }
    const count = (record?.count ?? 0) + 1;
    this.failures.set(id, { count, last: now });
    this.recent.push(now);
    if (this.recent.length === maxFailuresPerMinute) this.onGuessing?.();
    this.save();
    return { verdict: 'wrong', waitMs: waitAfter(count) };
  }

  private forgetOld(now: number): void {
    for (const [key, record] of this.failures) if (now - record.last > forgetAfterMs) this.failures.delete(key);
    this.recent = this.recent.filter((at) => at > now - 60_000);
  }

  private save(): void {
    this.store?.save({ byKey: Object.fromEntries(this.failures), recent: this.recent });
  }
}

/** The wait after `count` failures: none for the first three, then doubling. */
function waitAfter(count: number): number {
  return count < freeAttempts ? 0 : Math.min(firstWaitMs * 2 ** (count - freeAttempts), longestWaitMs);
}

const normalize = (code: string) => code.trim().toUpperCase().replace(/[\s-]+/g, '');
const digest = (code: string) => createHash('sha256').update(code).digest();
/** A key as kept: a hash of the pseudonym, never the pseudonym or anything typed. */
const hashKey = (key: string) => createHash('sha256').update(`patron:${key}`).digest('hex').slice(0, 32);
