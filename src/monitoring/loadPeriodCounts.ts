import { readFileSync } from 'node:fs';
import path from 'node:path';
import { countEvents } from './countEvents.js';
import { Quarter } from '../events/Quarter.js';
import { QuarterCounts } from './QuarterCounts.js';
import type { MonitoringEvent } from '../events/MonitoringEvent.js';
import { FileEventLog } from '../storage/FileEventLog.js';

export interface PeriodCounts {
  counts: QuarterCounts['byChannel'];
  /** What a reader must know about the figures (compacted quarters left out of a partial range). */
  notes: string[];
}

/** Where retention keeps a compacted quarter's counts: DATA_DIR/aggregates/counts-2024Q3.json. */
export function aggregateFile(dataDir: string, quarter: string): string {
  return path.join(dataDir, 'aggregates', `counts-${quarter}.json`);
}

function readAggregate(dataDir: string, quarter: string): QuarterCounts | undefined {
  try {
    return QuarterCounts.parse(JSON.parse(readFileSync(aggregateFile(dataDir, quarter), 'utf8')));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Where a report's counts come from: the event files under DATA_DIR, or PostgreSQL (DATABASE_URL). */
export interface CountSource {
  /** A quarter's counts kept after its raw events were deleted (retention), if any. */
  stored(quarter: string): Promise<QuarterCounts | undefined>;
  /** The counts of the raw events of one quarter with `from <= at < to`. */
  count(from: Date, to: Date, quarter: string): Promise<QuarterCounts>;
}

/** The embedded default: the monthly event files, read and counted in Node, and the aggregate files. */
export function fileCountSource(dataDir: string, warn?: (line: string) => void): CountSource {
  const log = new FileEventLog(path.join(dataDir, 'events'), { readOnly: true, ...(warn ? { warn } : {}) });
  return {
    stored: async (quarter) => readAggregate(dataDir, quarter),
    count: async (from, to, quarter) => {
      const events: MonitoringEvent[] = [];
      for await (const event of log.readPeriod(from, to)) events.push(event);
      return countEvents(events, quarter);
    },
  };
}

/** Add one set of counts into another, tally by tally. */
export function addCounts(into: QuarterCounts['byChannel'], counts: QuarterCounts['byChannel']): void {
  for (const [channel, groups] of Object.entries(counts) as [keyof typeof into, Record<string, Record<string, number>>][]) {
    const target = (into[channel] ??= {});
    for (const [group, tally] of Object.entries(groups)) {
      const sum = (target[group] ??= {});
      for (const [key, n] of Object.entries(tally)) sum[key] = (sum[key] ?? 0) + n;
    }
  }
}

/**
 * Counts for `from <= at < to`, quarter by quarter (pseudonyms rotate each quarter, so a person active
 * in two quarters counts once in each), from raw events or, for quarters retention has compacted, from
 * their stored counts. A compacted quarter cannot be cut, so it is used only when wholly in the period.
 */
export async function loadPeriodCounts(source: CountSource, from: Date, to: Date): Promise<PeriodCounts> {
  const sum: QuarterCounts['byChannel'] = { all: {} };
  const notes: string[] = [];
  for (let quarter = Quarter.of(from); Quarter.bounds(quarter).from < to; quarter = Quarter.of(Quarter.bounds(quarter).to)) {
    const bounds = Quarter.bounds(quarter);
    const whole = from <= bounds.from && bounds.to <= to;
    let counts = await source.stored(quarter);
    if (counts && !whole) {
      notes.push(`${quarter} is kept only as quarterly counts (retention), so it is left out of a period that covers part of it.`);
      continue;
    }
    if (counts) notes.push(`${quarter} comes from quarterly counts kept after its raw events were deleted (retention).`);
    const start = new Date(Math.max(from.getTime(), bounds.from.getTime()));
    const end = new Date(Math.min(to.getTime(), bounds.to.getTime()));
    counts ??= await source.count(start, end, quarter);
    addCounts(sum, counts.byChannel);
  }
  return { counts: sum, notes };
}
