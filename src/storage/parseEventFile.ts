import { MonitoringEvent } from '../events/MonitoringEvent.js';

/** A monthly events file's name (events-2026-11.jsonl): the UTC year and month it covers. */
export const EVENT_FILE = /^events-(\d{4})-(\d{2})\.jsonl$/;

/**
 * The valid events of one monthly file's text. A last line cut short by a crash is skipped
 * silently; any other bad line is skipped with a warning (its number, never its content), so one
 * damaged line never stops a reader.
 */
export function parseEventFile(name: string, text: string, warn: (line: string) => void): MonitoringEvent[] {
  const lines = text.split('\n');
  const events: MonitoringEvent[] = [];
  for (const [i, line] of lines.entries()) {
    if (!line) continue;
    try {
      events.push(MonitoringEvent.parse(JSON.parse(line)));
    } catch {
      if (i < lines.length - 1) warn(`${name} line ${i + 1} is not a valid event; skipped`);
    }
  }
  return events;
}
