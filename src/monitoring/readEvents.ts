import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { MonitoringEvent } from './MonitoringEvent.js';

/** A monthly events file's name (events-2026-11.jsonl) and the UTC month it covers. */
export const EVENT_FILE = /^events-(\d{4})-(\d{2})\.jsonl$/;

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
    const lines = (await readFile(path.join(eventsDir, name), 'utf8')).split('\n');
    for (const [i, line] of lines.entries()) {
      if (!line) continue;
      let event: MonitoringEvent;
      try {
        event = MonitoringEvent.parse(JSON.parse(line));
      } catch {
        if (i < lines.length - 1) warn(`${name} line ${i + 1} is not a valid event; skipped`);
        continue;
      }
      const at = Date.parse(event.at);
      if (at >= from.getTime() && at < to.getTime()) events.push(event);
    }
  }
  return events;
}
