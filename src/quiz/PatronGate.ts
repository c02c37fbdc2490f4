import { createHash, timingSafeEqual } from 'node:crypto';

/** Attempts allowed before waits begin, the first wait, and the longest. */
const freeAttempts = 3;
const firstWaitMs = 30_000;
const longestWaitMs = 3_600_000;
/** How long failures are remembered after the last one. */
export const patronForgetAfterMs = 24 * 3_600_000;
/** Wrong codes a minute from everyone together before every check waits for the minute to end. */
export const maxPatronFailuresPerMinute = 30;

/** One key's wrong codes: how many, and when the last was. */
export interface PatronFailure {
  count: number;
  last: number;
}

/** The failures so far, by a hash of the pseudonymous key, and everyone's in the last minute: all there is to keep. */
export interface PatronFailures {
  byKey: Record<string, PatronFailure>;
  recent: number[];
}

/** Where failures are kept across restarts (a file in DATA_DIR); without one, in memory only. */
export interface PatronFailureStore {
  load(): PatronFailures | undefined;
  save(failures: PatronFailures): void;
}

/**
 * What the gate reads and writes, by a hash of the key: kept in this process (memory, or a file), or
 * read from a shared store before a turn and written back after it, so several instances count together.
 */
export interface PatronLedger {
  get(id: string, now: number): PatronFailure | undefined;
  set(id: string, failure: PatronFailure | undefined): void;
  /** Everyone's wrong codes in the minute before `now`, oldest first. */
  recent(now: number): number[];
  addRecent(now: number): void;
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
 * minute to end, so new ids do not buy new tries. With a store they outlive a restart; with a shared
 * ledger they count across instances. A right code clears a key's failures. Codes are compared as
 * hashes, in constant time. With no codes at all, club quizzes are simply not set up here, and
 * nothing typed is counted as a guess.
 */
export class PatronGate {
  private readonly digests: Buffer[];
  private readonly own: PatronLedger;

  constructor(
    codes: readonly string[],
    store?: PatronFailureStore,
    private readonly onGuessing?: () => void,
  ) {
    this.digests = codes.map((code) => digest(normalize(code)));
    this.own = new LocalPatronLedger(store);
  }

  /** This process's own ledger (memory, or the file): the embedded default. */
  get ledger(): PatronLedger {
    return this.own;
  }

  /** Whether any patron code is set, so that a quiz can be run on this service at all. */
  get configured(): boolean {
    return this.digests.length > 0;
  }

  check(key: string, typed: string, now: number, ledger: PatronLedger = this.own): PatronVerdict {
    if (!this.configured) return { verdict: 'unset' };
    const id = patronId(key);
    const recent = [...ledger.recent(now)];
    if (recent.length >= maxPatronFailuresPerMinute) return { verdict: 'wait', waitMs: recent[0]! + 60_000 - now };
    const record = ledger.get(id, now);
    if (record && now < record.last + waitAfter(record.count)) return { verdict: 'wait', waitMs: record.last + waitAfter(record.count) - now };
    const candidate = digest(normalize(typed));
    // Every code is compared, so the time taken does not tell which one was close.
    const ok = this.digests.map((d) => timingSafeEqual(d, candidate)).includes(true);
    if (ok) {
      if (record) ledger.set(id, undefined);
      return { verdict: 'ok' };
    }
    const count = (record?.count ?? 0) + 1;
    ledger.set(id, { count, last: now });
    ledger.addRecent(now);
    if (recent.length + 1 === maxPatronFailuresPerMinute) this.onGuessing?.();
    return { verdict: 'wrong', waitMs: waitAfter(count) };
  }
}

/** The ledger of one process: in memory, written to its store (a file) on each change. */
class LocalPatronLedger implements PatronLedger {
  private readonly failures: Map<string, PatronFailure>;
  private times: number[];

  constructor(private readonly store?: PatronFailureStore) {
    const kept = store?.load();
    this.failures = new Map(Object.entries(kept?.byKey ?? {}));
    this.times = kept?.recent ?? [];
  }

  get(id: string, now: number): PatronFailure | undefined {
    for (const [key, record] of this.failures) if (now - record.last > patronForgetAfterMs) this.failures.delete(key);
    return this.failures.get(id);
  }

  set(id: string, failure: PatronFailure | undefined): void {
    if (failure) this.failures.set(id, failure);
    else this.failures.delete(id);
    this.save();
  }

  recent(now: number): number[] {
    this.times = this.times.filter((at) => at > now - 60_000);
    return this.times;
  }

  addRecent(now: number): void {
    this.times.push(now);
    this.save();
  }

  private save(): void {
    this.store?.save({ byKey: Object.fromEntries(this.failures), recent: this.times });
  }
}

/** The wait after `count` failures: none for the first three, then doubling. */
function waitAfter(count: number): number {
  return count < freeAttempts ? 0 : Math.min(firstWaitMs * 2 ** (count - freeAttempts), longestWaitMs);
}

const normalize = (code: string) => code.trim().toUpperCase().replace(/[\s-]+/g, '');
const digest = (code: string) => createHash('sha256').update(code).digest();
/** A key as kept: a hash of the pseudonym, never the pseudonym or anything typed. */
export const patronId = (key: string) => createHash('sha256').update(`patron:${key}`).digest('hex').slice(0, 32);
