import { existsSync, mkdirSync, openSync, readSync, closeSync, fstatSync, ftruncateSync } from 'node:fs';
import { appendFile, readdir, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import { MonitoringEvent } from '../events/MonitoringEvent.js';
import { Quarter } from '../events/Quarter.js';
import type { EventLog } from './EventLog.js';
import { EVENT_FILE, parseEventFile } from './parseEventFile.js';
import { writeFileAtomic } from './writeFileAtomic.js';

/**
 * Monitoring events as JSON lines, one file per month (events-2026-11.jsonl), so old months can be
 * aggregated and removed whole. Appends are batched. A process killed mid-append can leave a last
 * line cut short: readers skip it, and the next run cuts it off before appending, so every complete
 * line always parses. This is the one reader and writer of the files: the service appends, reports
 * and the dashboard read a period, and retention compacts.
 */
export class FileEventLog implements EventLog {
  private readonly pending = new Map<string, string[]>();
  private readonly checked = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly dir: string,
    /** `readOnly`: a report's reader, which creates no folder and finds no events where there is none. */
    /** `flushDelayMs: null`: no timer of its own; it is flushed by whoever calls `flush` (the session store, after its writes). */
    private readonly options: { flushDelayMs?: number | null; warn?: (line: string) => void; readOnly?: boolean } = {},
  ) {
    if (!options.readOnly) mkdirSync(dir, { recursive: true });
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
    if (this.pending.size > 0 && this.options.flushDelayMs !== null) this.timer ??= setTimeout(() => void this.flush(), this.options.flushDelayMs ?? 25);
  }

  async *read(): AsyncIterable<MonitoringEvent> {
    yield* this.readPeriod(new Date(-8.64e15), new Date(8.64e15));
  }

  /** The stored events with `from <= at < to`, read only from the monthly files that can hold them. */
  async *readPeriod(from: Date, to: Date): AsyncIterable<MonitoringEvent> {
    await this.flush();
    for (const { name, start, end } of await this.files()) {
      if (end <= from.getTime() || start >= to.getTime()) continue;
      const text = await readFile(path.join(this.dir, name), 'utf8');
      for (const event of parseEventFile(name, text, (line) => this.options.warn?.(line))) {
        const at = Date.parse(event.at);
        if (at >= from.getTime() && at < to.getTime()) yield event;
      }
    }
  }

  /**
   * Retention: the events before `before` are handed over by quarter to `keep` (which stores their
   * counts), and only then deleted: a monthly file wholly before goes, one that straddles is
   * rewritten atomically without them. A torn or bad line in an old file goes with the old events.
   */
  async compact(before: Date, keep: (quarter: string, events: MonitoringEvent[]) => void): Promise<{ quarters: string[]; eventsRemoved: number; filesDeleted: number }> {
    await this.flush();
    const old = new Map<string, MonitoringEvent[]>();
    const kept = new Map<string, string[]>();
    let eventsRemoved = 0;
    for (const { name, start } of await this.files()) {
      if (start >= before.getTime()) continue;
      const lines: string[] = [];
      for (const line of (await readFile(path.join(this.dir, name), 'utf8')).split('\n')) {
        const parsed = line ? MonitoringEvent.safeParse(safeJson(line)) : undefined;
        if (!parsed?.success) continue;
        if (Date.parse(parsed.data.at) >= before.getTime()) {
          lines.push(line);
          continue;
        }
        const quarter = Quarter.of(new Date(parsed.data.at));
        old.set(quarter, [...(old.get(quarter) ?? []), parsed.data]);
        eventsRemoved += 1;
      }
      kept.set(name, lines);
    }
    for (const [quarter, events] of old) keep(quarter, events);
    let filesDeleted = 0;
    for (const [name, lines] of kept) {
      const file = path.join(this.dir, name);
      if (lines.length === 0) {
        await unlink(file);
        filesDeleted += 1;
      } else writeFileAtomic(file, `${lines.join('\n')}\n`);
    }
    return { quarters: [...old.keys()].sort(), eventsRemoved, filesDeleted };
  }

  /** The monthly files, oldest first, with the UTC month each covers. */
  private async files(): Promise<{ name: string; start: number; end: number }[]> {
    let names: string[];
    try {
      names = (await readdir(this.dir)).sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    return names.flatMap((name) => {
      const match = EVENT_FILE.exec(name);
      if (!match) return [];
      const [year, month] = [Number(match[1]), Number(match[2])];
      return [{ name, start: Date.UTC(year, month - 1, 1), end: Date.UTC(year, month, 1) }];
    });
  }

  async flush(): Promise<void> {
    await this.seal()();
  }

  /**
   * Take the events appended so far out of the queue; the returned function writes exactly those.
   * The session store seals as a write begins and writes these once its sessions are on disk.
   */
  seal(): () => Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batches = [...this.pending];
    this.pending.clear();
    return () => this.write(batches);
  }

  private async write(batches: [string, string[]][]): Promise<void> {
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

function safeJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}
