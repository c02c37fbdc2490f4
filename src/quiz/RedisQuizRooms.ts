import { randomUUID } from 'node:crypto';
import type { RedisClientType } from '@redis/client';
import { createRedisClient, lazyConnect } from '../storage/redisClient.js';
import { z } from 'zod';
import { Locale } from '../domain/Locale.js';
import { Channel } from '../domain/Channel.js';
import { AddressCipher } from './AddressCipher.js';
import { SealedAddresses } from './SealedAddresses.js';
import { JoinCounts, joinKeyWindowMs, joinsPerMinute } from './JoinGuard.js';
import { maxPatronFailuresPerMinute, patronForgetAfterMs, patronId, type PatronFailure, type PatronLedger } from './PatronGate.js';
import type { QuizAddress } from './QuizDeliveries.js';
import type { Checkout, DueEvent, QuizRooms, Room, RoomGroup, RoomNeed, RoomRecord, SharedNotes } from './QuizRooms.js';

export interface RedisQuizRoomsOptions {
  /** REDIS_URL, the same server as the sessions. */
  url: string;
  /** PSEUDONYM_SECRET: the chat addresses a quiz keeps are encrypted under a key derived from it. */
  secret: string;
  /** How long a join code from a deep link waits for a new user's set-up (the quiz's lifetime). */
  pendingMs: number;
  prefix?: string;
  clock?: () => Date;
  /** How often each instance looks for time limits and expiries that are due. */
  pollMs?: number;
  /** How long one turn may hold a quiz; a crashed holder's lock runs out after this. */
  lockMs?: number;
  /** How long a turn waits for another instance's turn on the same quiz. */
  waitMs?: number;
  /** Told when Redis cannot be reached from here, or a stored quiz could not be read; never given quiz data. */
  warn?: (line: string) => void;
}

/** A stored room: the machine's snapshot and keys in clear, every chat address sealed. */
const StoredRoom = z.strictObject({
  v: z.literal(1),
  code: z.string(),
  hostKey: z.string(),
  host: z.string(),
  snapshot: z.unknown(),
  players: z.array(z.tuple([z.string(), z.string()])),
  groups: z.array(z.tuple([z.string(), z.string()])),
  expiresAt: z.number(),
  timer: z.strictObject({ n: z.number(), at: z.number() }).nullable(),
});
type StoredRoom = z.infer<typeof StoredRoom>;

const Address = z.strictObject({ channel: Channel, platformId: z.string(), inGroup: z.boolean().optional() });
const Group = z.strictObject({ id: z.string(), address: Address, locale: Locale });
const Failure = z.strictObject({ count: z.number(), last: z.number() });

/**
 * One turn's changes, written in one script, only while every lock the turn took is still its own
 * (a turn that stalled past its lock writes nothing), and only if no quiz it creates already exists.
 */
const commitScript = `
local plan = cjson.decode(ARGV[1])
for _, lock in ipairs(plan.locks) do
  if redis.call('GET', lock[1]) ~= lock[2] then return 0 end
end
for _, key in ipairs(plan.creates) do
  if redis.call('EXISTS', key) == 1 then return -1 end
end
for _, op in ipairs(plan.ops) do
  local kind = op[1]
  if kind == 'set' then redis.call('SET', op[2], op[3], 'PX', op[4])
  elseif kind == 'del' then redis.call('DEL', op[2])
  elseif kind == 'delif' then
    if redis.call('GET', op[2]) == op[3] then redis.call('DEL', op[2]) end
  elseif kind == 'zadd' then redis.call('ZADD', op[2], op[3], op[4])
  elseif kind == 'zrem' then redis.call('ZREM', op[2], op[3])
  elseif kind == 'ztrim' then
    redis.call('ZREMRANGEBYSCORE', op[2], '-inf', op[3])
    redis.call('PEXPIRE', op[2], op[4])
  end
end
return 1`;
const releaseScript = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/** Kept a minute past a quiz's end, so a late turn still finds it closed rather than unknown. */
const graceMs = 60_000;

type Op = [string, ...string[]];

interface RedisCheckout extends Checkout {
  readOnly: boolean;
  /** The locks taken: code, token, and the local turn waiting after this one. */
  locks: { code: string; token: string; unlock: () => void }[];
  /** Each room as read, in clear, to see what changed. */
  loaded: Map<string, { plain: string; record: RoomRecord }>;
  /** The look-ups as read: host, player, group and pending entries. */
  before: { hosting: Map<string, string>; playing: Map<string, string>; groupOf: Map<string, string>; pending: Map<string, { code: string; at: number }> };
  patrons: SharedPatronLedger;
  joins: SharedJoinLedger;
}

/**
 * The live club quizzes in Redis, shared by every instance, so a child who joins through one
 * instance plays with a patron served by another. A turn reads the quizzes it needs (the person's
 * own, a code typed, a group chat's), locks each (in this process first, then across instances with
 * SET NX PX), and writes back what changed in one fenced script. Every key expires a minute after
 * its quiz. The chat addresses a quiz keeps are AES-256-GCM encrypted (never in clear in Redis), and
 * a group chat's look-up key is an HMAC; pseudonymous keys and the machine's snapshot (nicknames,
 * scores, questions) are in clear, as sessions are. A question's time limit and a quiz's end are
 * kept in a sorted set that every instance watches; removing an entry claims it, so it fires once.
 */
export class RedisQuizRooms implements QuizRooms {
  readonly shared = true;
  private readonly client: RedisClientType;
  private readonly cipher: AddressCipher;
  private readonly sealed: SealedAddresses;
  private readonly prefix: string;
  private readonly clock: () => Date;
  private readonly lockMs: number;
  private readonly waitMs: number;
  private readonly warn: (line: string) => void;
  private readonly tails = new Map<string, Promise<void>>();
  private readonly connect: () => Promise<unknown>;
  private poller: NodeJS.Timeout | undefined;
  private polling: Promise<unknown> | undefined;
  private down = false;

  constructor(private readonly options: RedisQuizRoomsOptions) {
    this.cipher = new AddressCipher(options.secret);
    this.sealed = new SealedAddresses(this.cipher, { keepMs: options.pendingMs + graceMs });
    this.prefix = options.prefix ?? 'linda:q:';
    this.clock = options.clock ?? (() => new Date());
    this.lockMs = options.lockMs ?? 10_000;
    this.waitMs = options.waitMs ?? 5_000;
    this.warn = options.warn ?? (() => {});
    this.client = createRedisClient(options.url);
    // The session store says when Redis is gone and back; this client only must not crash the process.
    this.client.on('error', () => {});
    this.connect = lazyConnect(this.client);
  }

  async open(need: RoomNeed, build: (record: RoomRecord) => Room): Promise<Checkout> {
    await this.connect();
    const now = this.clock().getTime();
    const { key } = need;
    const groups = (need.groups ?? []).map((address) => ({ id: groupId(address), address }));
    const patron = key === undefined ? undefined : patronId(key);
    // Who may be trying join codes in this turn: the person, and any group chat (as JoinGuard names them).
    const joiners = [...(key === undefined ? [] : [key]), ...groups.map((g) => `group:${g.id}`)];
    const joinKeys = joiners.map((id) => this.k(`join:${this.cipher.index(id)}`));
    const found = await this.client
      .multi()
      .get(key === undefined ? this.k('none') : this.k(`host:${key}`))
      .get(key === undefined ? this.k('none') : this.k(`play:${key}`))
      .get(key === undefined ? this.k('none') : this.k(`pending:${key}`))
      .mGet(groups.length === 0 ? [this.k('none')] : groups.map((g) => this.k(`group:${this.cipher.index(g.id)}`)))
      .get(patron === undefined ? this.k('none') : this.k(`patron:${patron}`))
      .zRangeByScore(this.k('patron-recent'), now - 60_000 + 1, '+inf', { LIMIT: { offset: 0, count: maxPatronFailuresPerMinute } })
      .mGet(joinKeys.length === 0 ? [this.k('none')] : joinKeys)
      .zRangeByScore(this.k('join-recent'), now - 60_000 + 1, '+inf', { LIMIT: { offset: 0, count: joinsPerMinute } })
      .get(this.k('join-burst'))
      .execAsPipeline();
    const [hosted, played, pendingRaw, groupCodes, failureRaw, recentRaw, joinRaw, joinRecentRaw, burstRaw] = found as unknown as [
      string | null,
      string | null,
      string | null,
      (string | null)[],
      string | null,
      string[],
      (string | null)[],
      string[],
      string | null,
    ];
    const pending = pendingRaw === null ? undefined : parsePending(pendingRaw);
    const codes = [...new Set([...(need.codes ?? []), hosted, played, pending?.code, ...groupCodes].filter((c): c is string => typeof c === 'string' && c.length > 0))].sort();
    const checkout: RedisCheckout = {
      space: { rooms: new Map(), hosting: new Map(), playing: new Map(), groupOf: new Map(), pending: new Map(), patrons: undefined as never, joins: undefined as never },
      readOnly: need.readOnly ?? false,
      locks: [],
      loaded: new Map(),
      before: { hosting: new Map(), playing: new Map(), groupOf: new Map(), pending: new Map() },
      joins: undefined as never,
      patrons: new SharedPatronLedger(patron, failureRaw === null ? undefined : parseFailure(failureRaw), recentRaw.map((member) => Number(member.split(':')[0]))),
    };
    checkout.space.patrons = checkout.patrons;
    checkout.joins = new SharedJoinLedger(
      new Map(joiners.map((id, i) => [id, parseTimes(joinRaw[i] ?? null)])),
      joinRecentRaw.map((member) => Number(member.split(':')[0])),
      Number(burstRaw ?? 0) || 0,
    );
    checkout.space.joins = checkout.joins;
    try {
      if (!checkout.readOnly) for (const code of codes) checkout.locks.push(await this.lock(code));
      const stored = codes.length === 0 ? [] : await this.client.mGet(codes.map((code) => this.k(`room:${code}`)));
      const { space } = checkout;
      stored.forEach((json, i) => {
        if (json === null) return;
        const record = this.unseal(codes[i]!, json);
        if (!record) return;
        const room = build(record);
        space.rooms.set(record.code, room);
        checkout.loaded.set(record.code, { plain: plainOf(record), record });
        space.hosting.set(record.hostKey, record.code);
        for (const [player] of record.players) space.playing.set(player, record.code);
        for (const [id] of record.groups) space.groupOf.set(id, record.code);
      });
      // The person's look-ups as stored, even where they point at a quiz that is gone (to be tidied).
      if (key !== undefined && hosted !== null && !space.hosting.has(key)) checkout.before.hosting.set(key, hosted);
      if (key !== undefined && played !== null && !space.playing.has(key)) checkout.before.playing.set(key, played);
      if (key !== undefined && pending) space.pending.set(key, pending);
      for (const [map, copy] of [
        [space.hosting, checkout.before.hosting],
        [space.playing, checkout.before.playing],
        [space.groupOf, checkout.before.groupOf],
      ] as const)
        for (const [k, v] of map) copy.set(k, v);
      for (const [k, v] of space.pending) checkout.before.pending.set(k, v);
      return checkout;
    } catch (error) {
      await this.release(checkout);
      throw error;
    }
  }

  readonly notes: SharedNotes = {
    get: async (id) => {
      await this.connect();
      const sealed = await this.client.get(this.k(`note:${this.cipher.index(id)}`));
      if (sealed === null) return undefined;
      try {
        return this.cipher.open(sealed, `note:${id}`);
      } catch {
        return undefined;
      }
    },
    set: async (id, value, ttlMs) => {
      await this.connect();
      await this.client.set(this.k(`note:${this.cipher.index(id)}`), this.cipher.seal(value, `note:${id}`), { PX: Math.max(1_000, Math.round(ttlMs)) });
    },
    delete: async (id) => {
      await this.connect();
      await this.client.del(this.k(`note:${this.cipher.index(id)}`));
    },
  };

  async save(given: Checkout): Promise<void> {
    const checkout = given as RedisCheckout;
    try {
      const plan = this.plan(checkout);
      if (checkout.readOnly) {
        if (plan.ops.length > 0 || plan.creates.length > 0) this.warn('a club quiz changed while a message was only being delivered; the change was not kept');
        return;
      }
      if (plan.ops.length === 0 && plan.creates.length === 0) return;
      const done = await this.client.eval(commitScript, {
        keys: [],
        arguments: [JSON.stringify({ locks: checkout.locks.map((l) => [this.k(`lock:${l.code}`), l.token]), creates: plan.creates, ops: plan.ops })],
      });
      if (done === 0) throw new Error('a club quiz lock ran out before its turn was saved; the turn is not saved');
      if (done === -1) throw new Error('a new club quiz got a code already in use; the patron is asked to try again');
    } finally {
      await this.release(checkout);
    }
  }

  async release(given: Checkout): Promise<void> {
    const checkout = given as RedisCheckout;
    for (const room of checkout.space.rooms.values()) room.actor.stop();
    const locks = checkout.locks.splice(0);
    await Promise.all(
      locks.map(async ({ code, token, unlock }) => {
        try {
          await this.client.eval(releaseScript, { keys: [this.k(`lock:${code}`)], arguments: [token] });
        } catch {
          // Unreachable now: the lock runs out by itself.
        } finally {
          unlock();
        }
      }),
    );
  }

  start(due: (code: string, event: DueEvent) => Promise<void>): void {
    const pollMs = this.options.pollMs ?? 250;
    this.poller = setInterval(() => {
      this.polling ??= this.tick(due).finally(() => (this.polling = undefined));
    }, pollMs);
    this.poller.unref();
  }

  /** Fire what is due now: each entry is claimed by removing it, so one instance fires it. */
  async tick(due: (code: string, event: DueEvent) => Promise<void>): Promise<number> {
    let fired = 0;
    try {
      await this.connect();
      const members = await this.client.zRangeByScore(this.k('due'), '-inf', this.clock().getTime(), { LIMIT: { offset: 0, count: 50 } });
      for (const member of members) {
        if ((await this.client.zRem(this.k('due'), member)) !== 1) continue;
        const [code, kind, n] = member.split('|');
        fired++;
        await due(code!, kind === 'x' ? { type: 'EXPIRE' } : { type: 'TIMEOUT', n: Number(n) });
      }
      if (this.down) this.warn('club quiz timers are watched again');
      this.down = false;
    } catch {
      if (!this.down) this.warn('club quiz timers cannot be read from Redis; trying again');
      this.down = true;
    }
    return fired;
  }

  /** Stop watching the timers (the other instances go on watching them). */
  async stop(): Promise<void> {
    clearInterval(this.poller);
    await this.polling;
  }

  async close(): Promise<void> {
    await this.stop();
    if (this.client.isReady) await this.client.close();
    else if (this.client.isOpen) this.client.destroy();
  }

  /** What changed since `open`, as the script's operations. */
  private plan(checkout: RedisCheckout): { creates: string[]; ops: Op[] } {
    const { space, loaded, before } = checkout;
    const ops: Op[] = [];
    const creates: string[] = [];
    const due = this.k('due');
    // Expiry as a time to live: Redis counts it on its own clock.
    const now = this.clock().getTime();
    const ttl = (at: number) => String(Math.max(1_000, Math.round(at - now)));
    const expiryOf = new Map<string, number>();
    for (const [code, { record }] of loaded) {
      const room = space.rooms.get(code);
      if (room && !room.closed) continue;
      // Ended: the quiz, its timers, and every look-up that still points at it.
      ops.push(['del', this.k(`room:${code}`)], ['zrem', due, `${code}|x`]);
      this.sealed.forget(`quiz:${code}`);
      if (record.timer) ops.push(['zrem', due, `${code}|t|${record.timer.n}`]);
    }
    for (const room of space.rooms.values()) {
      if (room.closed) continue;
      expiryOf.set(room.code, room.expiresAt);
      const record = recordOf(room);
      const was = loaded.get(room.code);
      if (was && was.plain === plainOf(record)) continue;
      ops.push(['set', this.k(`room:${room.code}`), JSON.stringify(this.seal(record)), ttl(room.expiresAt + graceMs)]);
      if (!was) {
        creates.push(this.k(`room:${room.code}`));
        ops.push(['zadd', due, String(room.expiresAt), `${room.code}|x`]);
      }
      const oldTimer = was?.record.timer ?? null;
      if (oldTimer && (oldTimer.n !== room.timer?.n || oldTimer.at !== room.timer.at)) ops.push(['zrem', due, `${room.code}|t|${oldTimer.n}`]);
      if (room.timer && (oldTimer?.n !== room.timer.n || oldTimer.at !== room.timer.at)) ops.push(['zadd', due, String(room.timer.at), `${room.code}|t|${room.timer.n}`]);
    }
    const until = (code: string) => ttl((expiryOf.get(code) ?? now) + graceMs);
    const lookups: [Map<string, string>, Map<string, string>, (k: string) => string][] = [
      [before.hosting, space.hosting, (k) => this.k(`host:${k}`)],
      [before.playing, space.playing, (k) => this.k(`play:${k}`)],
      [before.groupOf, space.groupOf, (k) => this.k(`group:${this.cipher.index(k)}`)],
    ];
    for (const [was, now, keyOf] of lookups) {
      for (const [k, code] of was) if (now.get(k) !== code || !expiryOf.has(code)) ops.push(['delif', keyOf(k), code]);
      for (const [k, code] of now) if (expiryOf.has(code) && was.get(k) !== code) ops.push(['set', keyOf(k), code, until(code)]);
    }
    for (const [k, p] of before.pending) if (space.pending.get(k) !== p) ops.push(['delif', this.k(`pending:${k}`), JSON.stringify(p)]);
    for (const [k, p] of space.pending)
      if (before.pending.get(k) !== p) ops.push(['set', this.k(`pending:${k}`), JSON.stringify(p), ttl(p.at + this.options.pendingMs)]);
    ops.push(...checkout.patrons.ops(this.k('patron:'), this.k('patron-recent'), ttl));
    ops.push(...checkout.joins.ops((id) => this.k(`join:${this.cipher.index(id)}`), this.k('join-recent'), this.k('join-burst'), ttl));
    return { creates, ops };
  }

  private seal(record: RoomRecord): StoredRoom {
    const context = `quiz:${record.code}`;
    return {
      v: 1,
      code: record.code,
      hostKey: record.hostKey,
      host: this.sealed.seal(record.host, context),
      snapshot: record.snapshot,
      players: record.players.map(([key, address]) => [key, this.sealed.seal(address, context)]),
      groups: record.groups.map(([id, group]) => [this.cipher.index(id), this.sealed.seal({ id, ...group }, context)]),
      expiresAt: record.expiresAt,
      timer: record.timer,
    };
  }

  /** A stored room in clear, or nothing (with a warning) when it cannot be read: then the quiz is unknown. */
  private unseal(code: string, json: string): RoomRecord | undefined {
    try {
      const stored = StoredRoom.parse(JSON.parse(json));
      const context = `quiz:${code}`;
      if (stored.code !== code) throw new Error('stored under another code');
      return {
        code,
        hostKey: stored.hostKey,
        host: Address.parse(this.sealed.open(stored.host, context)),
        snapshot: stored.snapshot,
        players: stored.players.map(([key, sealed]) => [key, Address.parse(this.sealed.open(sealed, context))]),
        groups: stored.groups.map(([, sealed]) => {
          const { id, ...group } = Group.parse(this.sealed.open(sealed, context));
          return [id, group as RoomGroup];
        }),
        expiresAt: stored.expiresAt,
        timer: stored.timer,
      };
    } catch {
      this.warn('a club quiz in Redis could not be read (changed, or sealed under another PSEUDONYM_SECRET); it is treated as ended');
      return undefined;
    }
  }

  /** This process's turns on one quiz wait for each other here; instances wait on the Redis lock. */
  private async lock(code: string): Promise<{ code: string; token: string; unlock: () => void }> {
    const previous = this.tails.get(code) ?? Promise.resolve();
    let unlockLocal!: () => void;
    const mine = new Promise<void>((resolve) => (unlockLocal = resolve));
    const tail = previous.then(() => mine);
    this.tails.set(code, tail);
    const unlock = () => {
      unlockLocal();
      if (this.tails.get(code) === tail) this.tails.delete(code);
    };
    await previous;
    const token = randomUUID();
    const deadline = Date.now() + this.waitMs;
    try {
      for (let wait = 5; ; wait = Math.min(wait * 2, 100)) {
        if ((await this.client.set(this.k(`lock:${code}`), token, { NX: true, PX: this.lockMs })) === 'OK') break;
        if (Date.now() > deadline) throw new Error('another instance held a club quiz for too long');
        await new Promise((resolve) => setTimeout(resolve, wait * (0.5 + Math.random())));
      }
    } catch (error) {
      unlock();
      throw error;
    }
    return { code, token, unlock };
  }

  private k(rest: string): string {
    return `${this.prefix}${rest}`;
  }
}

/**
 * Patron-code failures for one turn: the person's record and everyone's last minute, read with the
 * quiz; what the gate changes becomes the script's operations, so every instance counts together.
 */
class SharedPatronLedger implements PatronLedger {
  private changed: PatronFailure | null | undefined;
  private added: number[] = [];

  constructor(
    private readonly id: string | undefined,
    private record: PatronFailure | undefined,
    private readonly times: number[],
  ) {}

  get(id: string, now: number): PatronFailure | undefined {
    if (id !== this.id || !this.record) return undefined;
    return now - this.record.last > patronForgetAfterMs ? undefined : this.record;
  }

  set(id: string, failure: PatronFailure | undefined): void {
    if (id !== this.id) return;
    this.record = failure;
    this.changed = failure ?? null;
  }

  recent(now: number): number[] {
    return [...this.times, ...this.added].filter((at) => at > now - 60_000).sort((a, b) => a - b);
  }

  addRecent(now: number): void {
    this.added.push(now);
  }

  ops(recordPrefix: string, recentKey: string, ttl: (at: number) => string): Op[] {
    const ops: Op[] = [];
    if (this.id !== undefined && this.changed === null) ops.push(['del', `${recordPrefix}${this.id}`]);
    if (this.id !== undefined && this.changed) ops.push(['set', `${recordPrefix}${this.id}`, JSON.stringify(this.changed), ttl(this.changed.last + patronForgetAfterMs)]);
    for (const at of this.added) ops.push(['zadd', recentKey, String(at), `${at}:${randomUUID()}`]);
    if (this.added.length > 0) ops.push(['ztrim', recentKey, String(Math.max(...this.added) - 60_000), '60000']);
    return ops;
  }
}

/**
 * Wrong join codes for one turn: the person's (and a group's) times, everyone's last minute, and
 * whether all joining waits; what the guard changes becomes the script's operations.
 */
class SharedJoinLedger extends JoinCounts {
  private readonly changed = new Map<string, number[]>();

  constructor(
    lists: Map<string, number[]>,
    private readonly fetched: number[],
    private readonly fetchedUntil: number,
  ) {
    super();
    for (const [id, times] of lists) this.failures.set(id, times);
    this.times = [...fetched].sort((a, b) => a - b);
    this.until = fetchedUntil;
  }

  override setMine(id: string, times: number[]): void {
    super.setMine(id, times);
    this.changed.set(id, times);
  }

  ops(keyOf: (id: string) => string, recentKey: string, burstKey: string, ttl: (at: number) => string): Op[] {
    const ops: Op[] = [];
    for (const [id, times] of this.changed) if (times.length > 0) ops.push(['set', keyOf(id), JSON.stringify(times), ttl(Math.max(...times) + joinKeyWindowMs)]);
    if (this.until !== this.fetchedUntil) {
      // All joining waits: everyone's count starts again.
      ops.push(['set', burstKey, String(this.until), ttl(this.until)], ['del', recentKey]);
      return ops;
    }
    const left = [...this.fetched];
    const added = this.times.filter((at) => {
      const i = left.indexOf(at);
      if (i < 0) return true;
      left.splice(i, 1);
      return false;
    });
    for (const at of added) ops.push(['zadd', recentKey, String(at), `${at}:${randomUUID()}`]);
    if (added.length > 0) ops.push(['ztrim', recentKey, String(Math.max(...added) - 60_000), '60000']);
    return ops;
  }
}

function parseTimes(json: string | null): number[] {
  const parsed = z.array(z.number()).safeParse(json === null ? [] : safeJson(json));
  return parsed.success ? parsed.data : [];
}

const groupId = (group: QuizAddress) => `${group.channel}:${group.platformId}`;

function recordOf(room: Room): RoomRecord {
  return {
    code: room.code,
    hostKey: room.hostKey,
    host: room.host,
    snapshot: room.actor.getPersistedSnapshot(),
    players: [...room.players],
    groups: [...room.groups],
    expiresAt: room.expiresAt,
    timer: room.timer,
  };
}

const plainOf = (record: RoomRecord) => JSON.stringify(record);

function parsePending(json: string): { code: string; at: number } | undefined {
  const parsed = z.strictObject({ code: z.string(), at: z.number() }).safeParse(safeJson(json));
  return parsed.success ? parsed.data : undefined;
}

function parseFailure(json: string): PatronFailure | undefined {
  const parsed = Failure.safeParse(safeJson(json));
  return parsed.success ? parsed.data : undefined;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
