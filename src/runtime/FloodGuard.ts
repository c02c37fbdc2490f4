import type { CrisisDetector } from '../crisis/CrisisDetector.js';
import type { CommandMatcher } from './CommandMatcher.js';
import type { Inbound } from './Inbound.js';

/** How fast one conversation may go: a burst, then a steady rate. */
export interface FloodLimit {
  burst: number;
  perSecond: number;
}

export const defaultFloodLimit: FloodLimit = { burst: 30, perSecond: 1 };

/** What a conversation's next message gets: an answer, one "slow down", or silence. */
export type FloodVerdict = 'ok' | 'slowDown' | 'quiet';

/**
 * The same limit kept where every instance counts together (Redis). `undefined` when it cannot be
 * asked now: the instance's own count then stands alone.
 */
export interface SharedFlood {
  take(key: string): Promise<FloodVerdict | undefined>;
}

/** The stricter of two verdicts. */
export function stricter(a: FloodVerdict, b: FloodVerdict | undefined): FloodVerdict {
  const rank = { ok: 0, slowDown: 1, quiet: 2 } as const;
  return b !== undefined && rank[b] > rank[a] ? b : a;
}

/** Conversations remembered at most; the quietest are forgotten first (a forgotten one starts full). */
const maxConversations = 100_000;

/**
 * A token bucket per conversation: each turn takes one; they come back at `perSecond`. Past the
 * burst, the first turn gets a short "slow down" and the rest silence, until tokens come back.
 * Time is the process's own monotonic clock, so a test's frozen clock does not stop the refill.
 */
export class FloodGuard {
  private readonly buckets = new Map<string, { tokens: number; at: number; warned: boolean }>();

  constructor(
    private readonly limit: FloodLimit = defaultFloodLimit,
    private readonly now: () => number = () => performance.now(),
  ) {}

  take(key: string): FloodVerdict {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.limit.burst, at: now, warned: false };
    this.buckets.delete(key);
    bucket.tokens = Math.min(this.limit.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.limit.perSecond);
    bucket.at = now;
    let verdict: FloodVerdict = 'ok';
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      bucket.warned = false;
    } else {
      verdict = bucket.warned ? 'quiet' : 'slowDown';
      bucket.warned = true;
    }
    this.buckets.set(key, bucket);
    if (this.buckets.size > maxConversations) this.buckets.delete(this.buckets.keys().next().value!);
    return verdict;
  }
}

/** What never waits for a flood limit: help, a quick exit, stop, and a message crisis detection reads as danger. */
export function isUrgent(inbound: Inbound, commands: CommandMatcher, crisis: CrisisDetector): boolean {
  const urgentCommands = new Set(['help', 'exit', 'stop']);
  if (inbound.type === 'command') return urgentCommands.has(inbound.command);
  if (inbound.type !== 'text') return false;
  const command = commands.match(inbound.text);
  if (command && urgentCommands.has(command)) return true;
  const signal = crisis.detect(inbound.text);
  return signal?.kind === 'crisis' && signal.tier === 'interrupt';
}
