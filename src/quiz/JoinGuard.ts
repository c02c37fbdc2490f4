/** Wrong join codes one person may try in `perKeyWindowMs` before being asked to wait. */
const perKey = 5;
const perKeyWindowMs = 10 * 60_000;
/** Wrong join codes from everyone together in a minute before all joining waits a minute. */
const globalPerMinute = 60;
const minuteMs = 60_000;
const maxKeys = 50_000;

/**
 * Slows the guessing of club-quiz join codes, which let a stranger into a children's quiz. A person
 * (a pseudonymous key, or a group) who typed 5 wrong codes in 10 minutes waits; and when wrong codes
 * from everyone pass 60 in a minute (someone guessing from many accounts), all joining waits for a
 * minute, with one line for the operator. A class that types its code right is slowed by a minute at
 * most, never locked out. With 31^5 codes and 20 live quizzes, guessing one at that pace takes about
 * 1.4 million tries: over two weeks. In memory, bounded; nothing of what was typed is kept.
 */
export class JoinGuard {
  private readonly failures = new Map<string, number[]>();
  private recent: number[] = [];
  private burstUntil = 0;

  constructor(
    private readonly clock: () => Date,
    private readonly onBurst: () => void = () => undefined,
  ) {}

  /**
   * Whether this person may try a code now: `wait` when they typed too many wrong ones (at most
   * 10 minutes), `busy` while all joining waits (at most a minute).
   */
  check(key: string): 'ok' | 'wait' | 'busy' {
    const now = this.clock().getTime();
    if (now < this.burstUntil) return 'busy';
    const mine = (this.failures.get(key) ?? []).filter((at) => now - at < perKeyWindowMs);
    return mine.length >= perKey ? 'wait' : 'ok';
  }

  /** A code that matched no quiz. */
  failed(key: string): void {
    const now = this.clock().getTime();
    const mine = [...(this.failures.get(key) ?? []).filter((at) => now - at < perKeyWindowMs), now].slice(-perKey);
    this.failures.delete(key);
    if (this.failures.size >= maxKeys) this.failures.delete(this.failures.keys().next().value!);
    this.failures.set(key, mine);
    this.recent = [...this.recent.filter((at) => now - at < minuteMs), now].slice(-globalPerMinute);
    if (this.recent.length >= globalPerMinute && now >= this.burstUntil) {
      this.burstUntil = now + minuteMs;
      this.recent = [];
      this.onBurst();
    }
  }
}
