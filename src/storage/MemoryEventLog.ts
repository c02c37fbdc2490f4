import { MonitoringEvent } from '../events/MonitoringEvent.js';
import type { EventLog } from './EventLog.js';

/** Monitoring events in memory, for tests. Validates like the file log, so tests catch bad events. */
export class MemoryEventLog implements EventLog {
  readonly events: MonitoringEvent[] = [];

  async append(events: MonitoringEvent[]): Promise<void> {
    this.events.push(...events.map((e) => MonitoringEvent.parse(e)));
  }

  async *read(): AsyncIterable<MonitoringEvent> {
    yield* this.events;
  }

  async *readPeriod(from: Date, to: Date): AsyncIterable<MonitoringEvent> {
    for (const event of this.events) {
      const at = Date.parse(event.at);
      if (at >= from.getTime() && at < to.getTime()) yield event;
    }
  }

  async flush(): Promise<void> {}
}
