import type { MonitoringEvent } from '../events/MonitoringEvent.js';

/**
 * The monitoring log: anonymous, closed-set events, appended and read back for reports.
 * Implementations: MemoryEventLog (tests), FileEventLog (the embedded default), PostgresEventLog (DATABASE_URL).
 */
export interface EventLog {
  append(events: MonitoringEvent[]): Promise<void>;
  /** Every stored event, oldest first. */
  read(): AsyncIterable<MonitoringEvent>;
  /** The stored events with `from <= at < to`, oldest first. */
  readPeriod(from: Date, to: Date): AsyncIterable<MonitoringEvent>;
  /** Make everything appended so far durable. */
  flush(): Promise<void>;
  /** Connect before the first turn (a server-backed log), so a wrong address is said at start. */
  connect?(): Promise<unknown>;
  /** Let go of connections, after flush. */
  close?(): Promise<void>;
}
