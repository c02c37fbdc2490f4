import type { MonitoringEvent } from '../events/MonitoringEvent.js';

/**
 * The monitoring log: anonymous, closed-set events, appended and read back for reports.
 * Implementations: MemoryEventLog (tests), FileEventLog (the embedded default); PostgreSQL later.
 */
export interface EventLog {
  append(events: MonitoringEvent[]): Promise<void>;
  /** Every stored event, oldest first. */
  read(): AsyncIterable<MonitoringEvent>;
  /** The stored events with `from <= at < to`, oldest first. */
  readPeriod(from: Date, to: Date): AsyncIterable<MonitoringEvent>;
  /** Make everything appended so far durable. */
  flush(): Promise<void>;
}
