import { existsSync, mkdirSync, openSync, readSync, closeSync, fstatSync, ftruncateSync } from 'node:fs';
import { appendFile, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { MonitoringEvent } from '../events/MonitoringEvent.js';
import type { EventLog } from './EventLog.js';
import { EVENT_FILE, parseEventFile } from './parseEventFile.js';

/**
 * Monitoring events as JSON lines, one file per month (events-2026-11.jsonl), so old months can be
 * aggregated and removed whole. Appends are batched. A process killed mid-append can leave a last
 * line cut short: readers skip it, and the next run cuts it off before appending, so every complete
 * line always parses.
 */
export class FileEventLog implements EventLog {
  private readonly pending = new Map<string, string[]>();
  private readonly checked = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly dir: string,
    private readonly options: { flushDelayMs?: number; warn?: (line: string) => void } = {},
  ) {
    mkdirSync(dir, { recursive: true });
  }

  async append(events: MonitoringEvent[]): Promise<void> {
    // All or nothing: a batch with one bad event is refused whole, before anything is queued.
    const valid = events.map((event) => MonitoringEvent.parse(event));
    for (const event of valid) {
      const file = path.join(this.dir, `events-${event.at.slice(0, 7)}.jsonl`);
      const lines = this.pending.get(file) ?? [];
      lines.push(JSON.stringify(event));
      this.pending.set(file, lines);
    }
    if (this.pending.size > 0) this.timer ??= setTimeout(() => void this.flush(), this.options.flushDelayMs ?? 25);
  }

  async *read(): AsyncIterable<MonitoringEvent> {
    await this.flush();
    const files = (await readdir(this.dir)).filter((f) => EVENT_FILE.test(f)).sort();
    for (const name of files) {
      const text = await readFile(path.join(this.dir, name), 'utf8');
      yield* parseEventFile(name, text, (line) => this.options.warn?.(line));
    }
  }

  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batches = [...this.pending];
    this.pending.clear();
    this.writing = this.writing.then(async () => {
      for (const [file, lines] of batches) {
        try {
          this.cutTornLine(file);
          await appendFile(file, `${lines.join('\n')}\n`, { mode: 0o600 });
        } catch (error) {
          this.options.warn?.(`${path.basename(file)}: append failed, will retry (${(error as Error).message})`);
          this.pending.set(file, [...lines, ...(this.pending.get(file) ?? [])]);
          this.timer ??= setTimeout(() => void this.flush(), 1000);
        }
      }
    });
    await this.writing;
  }

  /** Once per file and process: if the last line has no newline, a write was cut short; drop it. */
  private cutTornLine(file: string): void {
    if (this.checked.has(file)) return;
    this.checked.add(file);
    if (!existsSync(file)) return;
    const fd = openSync(file, 'r+');
    try {
      const size = fstatSync(fd).size;
      if (size === 0) return;
      const last = Buffer.alloc(1);
      readSync(fd, last, 0, 1, size - 1);
      if (last[0] === 0x0a) return;
      // Read backwards, a chunk at a time, to the end of the last complete line (or the file's start).
      const chunk = Buffer.alloc(64 * 1024);
      let keep = 0;
      for (let end = size; end > 0 && keep === 0; ) {
        const start = Math.max(0, end - chunk.length);
        readSync(fd, chunk, 0, end - start, start);
        const newline = chunk.subarray(0, end - start).lastIndexOf(0x0a);
        if (newline >= 0) keep = start + newline + 1;
        end = start;
      }
      ftruncateSync(fd, keep);
      this.options.warn?.(`${path.basename(file)} ended in a cut-off line from an interrupted write; removed it`);
    } finally {
      closeSync(fd);
    }
  }
}
