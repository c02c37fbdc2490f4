import { existsSync, mkdirSync, readdirSync, readFileSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../storage/writeFileAtomic.js';
import { countEvents } from './countEvents.js';
import { aggregateFile } from './loadPeriodCounts.js';
import { MonitoringEvent } from '../events/MonitoringEvent.js';
import { Quarter } from '../events/Quarter.js';
import { EVENT_FILE } from '../storage/parseEventFile.js';

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
export function compactEvents(dataDir: string, now: Date, months: number): CompactionResult {
  const cutoff = new Date(now);
  cutoff.setUTCMonth(cutoff.getUTCMonth() - months);
  const keepFrom = Quarter.bounds(Quarter.of(cutoff)).from.getTime();
  const eventsDir = path.join(dataDir, 'events');
  const files = existsSync(eventsDir) ? readdirSync(eventsDir).filter((name) => EVENT_FILE.test(name)).sort() : [];

  const old = new Map<string, MonitoringEvent[]>();
  const kept = new Map<string, string[]>();
  let eventsRemoved = 0;
  for (const name of files) {
    const [, year, month] = EVENT_FILE.exec(name)!;
    if (Date.UTC(Number(year), Number(month) - 1, 1) >= keepFrom) continue;
    const keep: string[] = [];
    for (const line of readFileSync(path.join(eventsDir, name), 'utf8').split('\n')) {
      const parsed = line ? MonitoringEvent.safeParse(safeJson(line)) : undefined;
      if (!parsed?.success) continue; // a torn or bad line is dropped with the old events
      if (Date.parse(parsed.data.at) >= keepFrom) {
        keep.push(line);
        continue;
      }
      const quarter = Quarter.of(new Date(parsed.data.at));
      const events = old.get(quarter) ?? [];
      events.push(parsed.data);
      old.set(quarter, events);
      eventsRemoved += 1;
    }
    kept.set(name, keep);
  }

  mkdirSync(path.join(dataDir, 'aggregates'), { recursive: true, mode: 0o700 });
  for (const [quarter, events] of old) {
    const file = aggregateFile(dataDir, quarter);
    if (!existsSync(file)) writeFileAtomic(file, `${JSON.stringify(countEvents(events, quarter))}\n`);
  }
  let filesDeleted = 0;
  for (const [name, keep] of kept) {
    const file = path.join(eventsDir, name);
    if (keep.length === 0) {
      unlinkSync(file);
      filesDeleted += 1;
    } else {
      writeFileAtomic(file, `${keep.join('\n')}\n`);
    }
  }
  return { quarters: [...old.keys()].sort(), eventsRemoved, filesDeleted };
}

function safeJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}
