import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { Quarter } from '../events/Quarter.js';
import { FileEventLog } from '../storage/FileEventLog.js';
import { writeFileAtomic } from '../storage/writeFileAtomic.js';
import { countEvents } from './countEvents.js';
import { aggregateFile } from './loadPeriodCounts.js';

export interface CompactionResult {
  quarters: string[];
  eventsRemoved: number;
  filesDeleted: number;
}

/**
 * Retention (Data Protection Act s.39): every quarter that ended more than `months` months before
 * `now` is turned into anonymous quarterly counts, and its raw events (with their pseudonyms) are
 * deleted. Counts are written first, each atomically; then month files are deleted or rewritten
 * without the old events. Run again after a crash, it finishes the job: a quarter that already has
 * counts is not recounted from what may be a partly deleted remainder.
 */
export async function compactEvents(dataDir: string, now: Date, months: number): Promise<CompactionResult> {
  const keepFrom = keepFromFor(now, months);
  mkdirSync(path.join(dataDir, 'aggregates'), { recursive: true, mode: 0o700 });
  const log = new FileEventLog(path.join(dataDir, 'events'), { readOnly: true });
  return log.compact(keepFrom, (quarter, events) => {
    const file = aggregateFile(dataDir, quarter);
    if (!existsSync(file)) writeFileAtomic(file, `${JSON.stringify(countEvents(events, quarter))}\n`);
  });
}

/** The first instant retention keeps: the start of the quarter `months` months before `now`. */
export function keepFromFor(now: Date, months: number): Date {
  const cutoff = new Date(now);
  cutoff.setUTCMonth(cutoff.getUTCMonth() - months);
  return Quarter.bounds(Quarter.of(cutoff)).from;
}
