import { mkdirSync, readdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import { Low } from 'lowdb';
import { DataFile } from 'lowdb/node';
import type { SessionStore } from './SessionStore.js';

type Shard = Low<Record<string, unknown>>;

export interface LowdbSessionStoreOptions {
  /** How many files the sessions are spread over. More files, smaller rewrites. */
  shards?: number;
  /**
   * How long a changed shard waits before it is written, so many turns cost one write. Bytes written
   * per second are at most (all sessions) / delay, whatever the number of shards; a killed process
   * loses at most this much of the latest turns, and never a whole file.
   */
  flushDelayMs?: number;
  /**
   * Called as a write of changed shards begins; what it returns runs once those shards are on disk.
   * The event log seals the events of the turns whose sessions this write holds, and writes them after.
   */
  beforeWrite?: () => () => Promise<void>;
  /** Told about a file that was set aside or a write that will be retried; never given session data. */
  warn?: (line: string) => void;
}

/**
 * The embedded session store. lowdb rewrites its whole file on every write, which at 100k sessions
 * in one file costs hundreds of milliseconds a turn. So sessions are spread over many small lowdb
 * files by key, and a changed file is written once a second at most, however many turns changed it. Each write goes to a temporary file that is then renamed (lowdb's steno writer), so a killed
 * process leaves every file as it was before or after a write, never half-written.
 */
export class LowdbSessionStore implements SessionStore {
  private readonly shards = new Map<number, Promise<Shard>>();
  private readonly dirty = new Set<Shard>();
  private readonly shardCount: number;
  private readonly flushDelayMs: number;
  private readonly warn: (line: string) => void;
  private readonly beforeWrite: (() => () => Promise<void>) | undefined;
  private readonly afterWrites: (() => Promise<void>)[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly dir: string,
    options: LowdbSessionStoreOptions = {},
  ) {
    this.shardCount = options.shards ?? 256;
    this.flushDelayMs = options.flushDelayMs ?? 1000;
    this.warn = options.warn ?? (() => {});
    this.beforeWrite = options.beforeWrite;
    mkdirSync(dir, { recursive: true });
  }

  async get(key: string): Promise<unknown> {
    const { data } = await this.shardFor(key);
    return Object.hasOwn(data, key) ? structuredClone(data[key]) : undefined;
  }

  async set(key: string, value: unknown): Promise<void> {
    const shard = await this.shardFor(key);
    shard.data[key] = structuredClone(value);
    this.markDirty(shard);
  }

  async delete(key: string): Promise<void> {
    const shard = await this.shardFor(key);
    if (Object.hasOwn(shard.data, key)) {
      delete shard.data[key];
      this.markDirty(shard);
    }
  }

  async sweep(expired: (value: unknown) => boolean): Promise<number> {
    const onDisk = readdirSync(this.dir)
      .map((f) => /^shard-(\d+)\.json$/.exec(f)?.[1])
      .filter((n): n is string => n !== undefined)
      .map(Number)
      .filter((n) => n < this.shardCount);
    const indexes = new Set([...onDisk, ...this.shards.keys()]);
    let count = 0;
    for (const index of indexes) {
      const shard = await this.shard(index);
      for (const [key, value] of Object.entries(shard.data)) {
        if (expired(value)) {
          delete shard.data[key];
          this.markDirty(shard);
          count++;
        }
      }
    }
    return count;
  }

  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.writing = this.writing.then(() => this.writeDirty());
    await this.writing;
  }

  /**
   * Write the shards changed by the time this write starts, one after another: each shard is
   * serialised just before its own write, so turns keep being served in between.
   */
  private async writeDirty(): Promise<void> {
    const shards = [...this.dirty];
    this.dirty.clear();
    const after = this.beforeWrite?.();
    if (after) this.afterWrites.push(after);
    let failed = false;
    for (const shard of shards) {
      try {
        await shard.write();
      } catch (error) {
        failed = true;
        this.warn(`session file write failed, will retry: ${(error as Error).message}`);
        this.markDirty(shard);
      }
    }
    // Only once every session they belong to is on disk (a failed shard is retried first).
    if (!failed) for (const next of this.afterWrites.splice(0)) await next();
  }

  private markDirty(shard: Shard): void {
    this.dirty.add(shard);
    this.timer ??= setTimeout(() => void this.flush(), this.flushDelayMs);
  }

  private shardFor(key: string): Promise<Shard> {
    return this.shard(shardIndex(key, this.shardCount));
  }

  private shard(index: number): Promise<Shard> {
    let shard = this.shards.get(index);
    if (!shard) {
      shard = this.open(path.join(this.dir, `shard-${String(index).padStart(3, '0')}.json`));
      this.shards.set(index, shard);
      // A shard that failed to open (a passing I/O error) is tried again next time, not remembered.
      shard.catch(() => this.shards.delete(index));
    }
    return shard;
  }

  /**
   * Open one shard. A file whose content is not a sessions object is set aside and the shard starts
   * empty, so one damaged file costs its users their place, not the bot its service. An I/O error
   * (too many open files, permissions) is not the file's fault: it is thrown, and nothing is moved.
   */
  private async open(file: string): Promise<Shard> {
    const db = new Low<Record<string, unknown>>(new DataFile(file, { parse: parseShard, stringify: JSON.stringify }), emptyShard());
    try {
      await db.read();
    } catch (error) {
      if (!(error instanceof UnreadableShard)) throw error;
      const aside = `${file}.unreadable-${Date.now()}`;
      renameSync(file, aside);
      // The parser's message can quote the file, so it is left out: sessions never reach the log.
      this.warn(`${file} is not a valid sessions file; set aside as ${aside}, starting it empty`);
      db.data = emptyShard();
    }
    return db;
  }
}

class UnreadableShard extends Error {}

/** Sessions by key in an object without a prototype, so no key ("constructor", "__proto__") is special. */
function emptyShard(): Record<string, unknown> {
  return Object.create(null) as Record<string, unknown>;
}

function parseShard(text: string): Record<string, unknown> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new UnreadableShard('not JSON');
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new UnreadableShard('not an object');
  return Object.assign(emptyShard(), data);
}

/** Keys are hex pseudonyms, so their first digits spread evenly; other keys are hashed (FNV-1a). */
function shardIndex(key: string, count: number): number {
  if (/^[0-9a-f]{6}/.test(key)) return parseInt(key.slice(0, 6), 16) % count;
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193) >>> 0;
  return hash % count;
}
