import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { EVENT_FILE, parseEventFile } from '../storage/parseEventFile.js';
import type { MonitoringEvent } from '../events/MonitoringEvent.js';

/**
 * The stored events with `from <= at < to`, read only from the monthly files that can hold them.
 * A last line cut short by a crash is skipped silently; any other bad line is skipped with a warning,
 * so one damaged line never stops a quarter's report.
 */
export async function readEvents(eventsDir: string, from: Date, to: Date, warn: (line: string) => void = () => {}): Promise<MonitoringEvent[]> {
  let names: string[];
  try {
    names = (await readdir(eventsDir)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const events: MonitoringEvent[] = [];
  for (const name of names) {
    const match = EVENT_FILE.exec(name);
    if (!match) continue;
    const monthStart = Date.UTC(Number(match[1]), Number(match[2]) - 1, 1);
    const monthEnd = Date.UTC(Number(match[1]), Number(match[2]), 1);
    if (monthEnd <= from.getTime() || monthStart >= to.getTime()) continue;
    for (const event of parseEventFile(name, await readFile(path.join(eventsDir, name), 'utf8'), warn)) {
      const at = Date.parse(event.at);
      if (at >= from.getTime() && at < to.getTime()) events.push(event);
    }
  }
  return events;
}
