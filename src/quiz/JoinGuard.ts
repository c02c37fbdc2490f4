/** Wrong join codes one person may try in `perKeyWindowMs` before being asked to wait. */
const perKey = 5;
export const joinKeyWindowMs = 10 * 60_000;
/** Wrong join codes from everyone together in a minute before all joining waits a minute. */
export const joinsPerMinute = 60;
const minuteMs = 60_000;
const maxKeys = 50_000;

/**
 * What the guard reads and writes: kept in this process, or read from a shared store before a turn
 * and written back after it, so that every instance counts wrong codes together.
 */
export interface JoinLedger {
  /** The times of one person's (or group's) wrong codes, oldest first. */
  mine(id: string): number[];
  setMine(id: string, times: number[]): void;
  /** Everyone's wrong codes in the last minute, oldest first. */
  recent(now: number): number[];
  setRecent(times: number[]): void;
  /** Until when all joining waits (0: it does not). */
  burstUntil(): number;
  setBurstUntil(until: number): void;
}

/**
 * Slows the guessing of club-quiz join codes, which let a stranger into a children's quiz. A person
 * (a pseudonymous key, or a group) who typed 5 wrong codes in 10 minutes waits; and when wrong codes
 * from everyone pass 60 in a minute (someone guessing from many accounts), all joining waits for a
 * minute, with one line for the operator. A class that types its code right is slowed by a minute at
 * most, never locked out. With 31^5 codes and 20 live quizzes, guessing one at that pace takes about
 * 1.4 million tries: over two weeks. In memory and bounded (or, with shared quizzes, in Redis for
 * every instance); nothing of what was typed is kept.
 */
export class JoinGuard {
  readonly ledger: JoinLedger = new JoinCounts();

  constructor(
    private readonly clock: () => Date,
    private readonly onBurst: () => void = () => undefined,
  ) {}

  /**
   * Whether this person may try a code now: `wait` when they typed too many wrong ones (at most
   * 10 minutes), `busy` while all joining waits (at most a minute).
   */
  check(key: string, ledger: JoinLedger = this.ledger): 'ok' | 'wait' | 'busy' {
    const now = this.clock().getTime();
    if (now < ledger.burstUntil()) return 'busy';
    const mine = ledger.mine(key).filter((at) => now - at < joinKeyWindowMs);
    return mine.length >= perKey ? 'wait' : 'ok';
  }

  /** A code that matched no quiz. */
  failed(key: string, ledger: JoinLedger = this.ledger): void {
    const now = this.clock().getTime();
    ledger.setMine(key, [...ledger.mine(key).filter((at) => now - at < joinKeyWindowMs), now].slice(-perKey));
    const recent = [...ledger.recent(now).filter((at) => now - at < minuteMs), now].slice(-joinsPerMinute);
    if (recent.length >= joinsPerMinute && now >= ledger.burstUntil()) {
      ledger.setBurstUntil(now + minuteMs);
      ledger.setRecent([]);
      this.onBurst();
    } else ledger.setRecent(recent);
  }
}

/**
 * The counts themselves, in memory: one process's ledger, bounded (past 50,000 people, the one
 * untouched longest is forgotten), and the base of a turn's shared one.
 */
export class JoinCounts implements JoinLedger {
  protected readonly failures = new Map<string, number[]>();
  protected times: number[] = [];
  protected until = 0;

  mine(id: string): number[] {
    return this.failures.get(id) ?? [];
  }

  setMine(id: string, times: number[]): void {
    this.failures.delete(id);
    if (this.failures.size >= maxKeys) this.failures.delete(this.failures.keys().next().value!);
    this.failures.set(id, times);
  }

  recent(): number[] {
    return this.times;
  }

  setRecent(times: number[]): void {
    this.times = times;
  }

  burstUntil(): number {
    return this.until;
  }

  setBurstUntil(until: number): void {
    this.until = until;
  }
}
