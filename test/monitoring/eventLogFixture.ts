import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MonitoringEvent, MonitoringPayload } from '../../src/events/MonitoringEvent.js';

/** A fresh data folder with these events written as the bot writes them: monthly JSON-lines files. */
export function writeEventLog(events: MonitoringEvent[], dataDir = mkdtempSync(path.join(os.tmpdir(), 'linda-monitoring-'))): string {
  const dir = path.join(dataDir, 'events');
  mkdirSync(dir, { recursive: true });
  const months = new Map<string, string[]>();
  for (const event of events) {
    const lines = months.get(event.at.slice(0, 7)) ?? [];
    lines.push(JSON.stringify(event));
    months.set(event.at.slice(0, 7), lines);
  }
  for (const [month, lines] of months) writeFileSync(path.join(dir, `events-${month}.jsonl`), `${lines.join('\n')}\n`);
  return dataDir;
}

/** An event; the subject is 16 hex digits made from a small number. */
export function event(at: string, subject: number, payload: MonitoringPayload): MonitoringEvent {
  return { v: 2, at, subject: subject.toString(16).padStart(16, '0'), payload };
}

/** A person's first turn: a new conversation and an audience. */
export function person(at: string, subject: number, channel: 'telegram' | 'whatsapp' | 'console', audience: 'age10_12' | 'age13_15' | 'age16_17' | 'caregiver' | 'patron', locale: 'en' | 'sw' = 'en'): MonitoringEvent[] {
  return [event(at, subject, { type: 'session_started', channel, locale }), event(at, subject, { type: 'audience_set', audience })];
}
