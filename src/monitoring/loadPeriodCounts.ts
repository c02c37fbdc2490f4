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

/**
 * Counts for `from <= at < to`, quarter by quarter (pseudonyms rotate each quarter, so a person active
 * in two quarters counts once in each), from raw events or, for quarters retention has compacted, from
 * their stored counts. A compacted quarter cannot be cut, so it is used only when wholly in the period.
 */
export async function loadPeriodCounts(dataDir: string, from: Date, to: Date, warn?: (line: string) => void): Promise<PeriodCounts> {
  const sum: QuarterCounts['byChannel'] = { all: {} };
  const notes: string[] = [];
  const log = new FileEventLog(path.join(dataDir, 'events'), { readOnly: true, ...(warn ? { warn } : {}) });
  for (let quarter = Quarter.of(from); Quarter.bounds(quarter).from < to; quarter = Quarter.of(Quarter.bounds(quarter).to)) {
    const bounds = Quarter.bounds(quarter);
    const whole = from <= bounds.from && bounds.to <= to;
    let counts = readAggregate(dataDir, quarter);
    if (counts && !whole) {
      notes.push(`${quarter} is kept only as quarterly counts (retention), so it is left out of a period that covers part of it.`);
      continue;
    }
    if (counts) notes.push(`${quarter} comes from quarterly counts kept after its raw events were deleted (retention).`);
    const start = new Date(Math.max(from.getTime(), bounds.from.getTime()));
    const end = new Date(Math.min(to.getTime(), bounds.to.getTime()));
    if (!counts) {
      const events: MonitoringEvent[] = [];
      for await (const event of log.readPeriod(start, end)) events.push(event);
      counts = countEvents(events, quarter);
    }
    for (const [channel, groups] of Object.entries(counts.byChannel) as [keyof typeof sum, Record<string, Record<string, number>>][]) {
      const target = (sum[channel] ??= {});
      for (const [group, tally] of Object.entries(groups)) {
        const into = (target[group] ??= {});
        for (const [key, n] of Object.entries(tally)) into[key] = (into[key] ?? 0) + n;
      }
    }
  }
  return { counts: sum, notes };
}
