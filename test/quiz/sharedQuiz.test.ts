import { describe, expect, it } from 'vitest';
import type { TurnResult } from '../../src/runtime/TurnResult.js';
import { RedisQuizRooms } from '../../src/quiz/RedisQuizRooms.js';
import { RedisApps } from '../support/redisApps.js';
import { testPatronCode, type TestApp } from '../support/testApp.js';
import type { RenderedMessage } from '../../src/runtime/RenderedMessage.js';
import { joinCodeIn } from './quizClass.js';

/* Club quizzes shared through Redis: two apps (two instances, in one process) on one Redis, the
 * patron served by one and the children by the other, and what Redis holds meanwhile. */

const keysOf = (messages: { key: string }[] | undefined) => (messages ?? []).map((m) => m.key);
const servers = new RedisApps();

/** A new pair of instances on the shared Redis, over an emptied server, sharing one clock. */
async function twoInstances(): Promise<[TestApp, TestApp]> {
  await servers.fresh();
  const now = { value: new Date('2026-11-28T10:15:00Z') };
  return [await servers.app({}, now), await servers.app({}, now)];
}

/**
 * People on the console of either instance, and what each saw: replies, and pushes from whichever
 * instance sent them (any instance reaches a console or Telegram chat).
 */
function club(pair: TestApp[]) {
  const seen = new Map<string, RenderedMessage[]>();
  const keep = (who: string, result: TurnResult) => seen.set(who, [...(seen.get(who) ?? []), ...result.messages]);
  for (const app of pair)
    app.outbox.register('console', async (who, result) => {
      keep(who, result);
    });
  const say = async (app: TestApp, who: string, text: string) => {
    const result = await app.engine.handle('console', who, { type: 'text', text });
    keep(who, result);
    await settle(pair);
    return result;
  };
  const press = async (app: TestApp, who: string, id: string) => {
    const result = await app.engine.handle('console', who, { type: 'choice', id });
    keep(who, result);
    await settle(pair);
    return result;
  };
  const last = (who: string) => seen.get(who)?.at(-1);
  const setUp = async (app: TestApp, who: string, count = '1', limit = '1') => {
    for (const text of ['hi', 'English', '5', 'ok', 'Run a club quiz', testPatronCode, '2', 'mixed', count, limit]) await say(app, who, text);
    const code = joinCodeIn(last(who)?.text ?? '');
    if (!code) throw new Error(`the patron is not in the lobby: ${last(who)?.key}`);
    return code;
  };
  return { seen, say, press, last, setUp, keys: (who: string) => keysOf(seen.get(who)) };
}

/** Every key and value in Redis, as text. */
const everything = () => servers.redis.dump();

async function settle(pair: TestApp[]): Promise<void> {
  for (let i = 0; i < 3; i++) for (const app of pair) await app.quiz.settled();
}

describe('club quizzes across instances (Redis)', () => {
  it('lets children on one instance play with a patron on another, start to finish, with no address in clear in Redis', async () => {
    const [a, b] = await twoInstances();
    const { say, press, last, setUp, keys } = club([a, b]);
    const patron = 'console-patron-381604';
    const kid = 'console-kid-772519';
    const other = 'console-kid-990137';
    const code = await setUp(a, patron);
    // The child joins through the other instance.
    expect(keysOf((await say(b, kid, `join ${code}`)).messages)).toEqual(['quiz:player.joined']);
    expect(keysOf((await say(a, other, `join ${code}`)).messages)).toEqual(['quiz:player.joined']);
    expect(keysOf((await say(b, patron, 'How many have joined?')).messages)).toEqual(['quiz:host.joined']);
    expect(last(patron)?.text).toMatch(/\b2\b/);

    const stored = await everything();
    expect(stored).toContain(`room:${code}`);
    for (const id of [patron, kid, other]) expect(stored).not.toContain(id);

    // The patron's turns go to either instance too.
    await say(b, patron, 'Start the quiz');
    expect(last(kid)?.key).toBe('quiz:player.question');
    expect(last(other)?.key).toBe('quiz:player.question');
    await say(b, kid, '1');
    await say(a, other, '2');
    expect(keys(kid)).toContain('quiz:player.answered');
    expect(last(patron)?.key).toBe('quiz:host.revealed');
    expect(keys(kid).filter((k) => /^quiz:player\.(right|wrong)/.test(k))).toHaveLength(1);
    // The rest of the questions, shown and revealed by the patron from either instance.
    for (let i = 0; i < 12 && !keys(patron).includes('quiz:host.summary'); i++) {
      await press(i % 2 ? a : b, patron, 'next');
      if (last(patron)?.key === 'quiz:host.question') await say(i % 2 ? b : a, patron, 'Show the answer');
    }
    expect(keys(kid)).toContain('quiz:player.finished');
    expect(keys(patron).slice(-2)).toEqual(['quiz:host.summary', 'menu:title']);
    // Over: nothing of the quiz is left in Redis.
    const after = await everything();
    expect(after).not.toContain(code);
    expect(after).not.toMatch(/linda:q:(host|play|group|lock|room):/);
    expect([...a.logger.lines, ...b.logger.lines].filter((l) => l.level !== 'info')).toEqual([]);
  });

  it('fires a time limit once, though both instances watch it, and ends the quiz at its time on either', async () => {
    const [a, b] = await twoInstances();
    const { say, last, setUp, keys } = club([a, b]);
    const code = await setUp(a, 'p1', '2', '2');
    await say(b, 'k1', `join ${code}`);
    await say(a, 'p1', 'Start the quiz');
    expect(last('k1')?.key).toBe('quiz:player.questionTimed');
    a.now.value = new Date(a.now.value.getTime() + 60_000);
    const fired = await Promise.all([a.quiz.tick(), b.quiz.tick(), a.quiz.tick(), b.quiz.tick()]);
    await settle([a, b]);
    expect(fired.reduce((x, y) => x + y)).toBe(1);
    expect(keys('k1').filter((k) => k === 'quiz:player.noAnswer')).toHaveLength(1);
    expect(keys('p1').filter((k) => k === 'quiz:host.revealed')).toHaveLength(1);

    a.now.value = new Date(a.now.value.getTime() + 120 * 60_000);
    await Promise.all([a.quiz.tick(), b.quiz.tick()]);
    await settle([a, b]);
    expect(keys('p1')).toContain('quiz:host.closed.expired');
    expect(keys('k1')).toContain('quiz:player.closed.expired');
    expect(keysOf((await say(b, 'k2', `join ${code}`)).messages)[0]).toBe('quiz:join.unknown');
    expect(await everything()).not.toContain(code);
  });

  it('counts wrong patron codes across instances: the fourth, on the other instance, must wait', async () => {
    const [a, b] = await twoInstances();
    const { say } = club([a, b]);
    for (const text of ['hi', 'English', '5', 'ok', 'Run a club quiz']) await say(a, 'teacher', text);
    await say(a, 'teacher', 'CLUB-TEST-0002');
    await say(b, 'teacher', 'CLUB-TEST-0003');
    await say(a, 'teacher', 'CLUB-TEST-0004');
    expect(keysOf((await say(b, 'teacher', testPatronCode)).messages)).toEqual(['quiz:host.codeWait']);
    expect(await everything()).not.toMatch(/CLUB-TEST/);
    a.now.value = new Date(a.now.value.getTime() + 31_000);
    expect(keysOf((await say(b, 'teacher', testPatronCode)).messages)).toEqual(['quiz:host.band']);
  });

  it('passes a question to the one instance that can reach a chat (WhatsApp Web), sealed in Redis', async () => {
    const [a, b] = await twoInstances();
    const { say, setUp } = club([a, b]);
    // Only B runs WhatsApp: its messages to the WhatsApp chat are kept here.
    const toWhatsApp: TurnResult[] = [];
    b.outbox.register('whatsapp', async (_id, result) => {
      toWhatsApp.push(result);
    });
    const code = await setUp(a, 'p2');
    const number = '254700123456';
    for (const text of ['hi', 'English', '3', 'ok']) await b.engine.handle('whatsapp', number, { type: 'text', text });
    const joined = await b.engine.handle('whatsapp', number, { type: 'text', text: `join ${code}` });
    expect(keysOf(joined.messages)).toEqual(['quiz:player.joined']);
    expect(await everything()).not.toContain(number);
    await say(a, 'p2', 'Start the quiz');
    for (let i = 0; i < 100 && toWhatsApp.length === 0; i++) {
      await settle([a, b]);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(toWhatsApp.flatMap((r) => keysOf(r.messages))).toEqual(['quiz:player.question']);
  });

  it('keeps every join when 30 children join at once through two instances', async () => {
    const [a, b] = await twoInstances();
    const { say, setUp } = club([a, b]);
    const code = await setUp(a, 'p3');
    const kids = Array.from({ length: 30 }, (_, i) => `kid-${i}`);
    const results = await Promise.all(kids.map((kid, i) => (i % 2 ? b : a).engine.handle('console', kid, { type: 'text', text: `join ${code}` })));
    expect(results.map((r) => r.messages[0]?.key)).toEqual(kids.map(() => 'quiz:player.joined'));
    const status = await say(b, 'p3', 'How many have joined?');
    expect(status.messages[0]?.text).toMatch(/\b30\b/);
  });

  it('treats a quiz sealed under another PSEUDONYM_SECRET as unknown, with a warning, and never opens it', async () => {
    const [a] = await twoInstances();
    const { setUp } = club([a]);
    const code = await setUp(a, 'p4');
    const stranger = await servers.app({ PSEUDONYM_SECRET: 'another-secret-entirely-0123456789abcdef' });
    const tried = await stranger.engine.handle('console', 'k4', { type: 'text', text: `join ${code}` });
    expect(tried.messages[0]?.key).toBe('quiz:join.unknown');
    expect(stranger.logger.lines.map((l) => l.message)).toContain(
      'a club quiz in Redis could not be read (changed, or sealed under another PSEUDONYM_SECRET); it is treated as ended',
    );
  });

  it('writes nothing for a turn whose lock ran out while it stalled', async () => {
    await servers.fresh();
    const build = () => {
      throw new Error('no room is stored');
    };
    const slow = new RedisQuizRooms({ url: servers.redis.url, secret: 'lock-test-secret-0123456789', pendingMs: 60_000, lockMs: 50 });
    const quick = new RedisQuizRooms({ url: servers.redis.url, secret: 'lock-test-secret-0123456789', pendingMs: 60_000 });
    const stalled = await slow.open({ key: 'someone', codes: ['ABCDE'] }, build);
    stalled.space.pending.set('someone', { code: 'STALE', at: Date.now() });
    await new Promise((resolve) => setTimeout(resolve, 120));
    // Another instance takes the same quiz meanwhile, and saves.
    const next = await quick.open({ key: 'someone', codes: ['ABCDE'] }, build);
    next.space.pending.set('someone', { code: 'FRESH', at: Date.now() });
    await quick.save(next);
    await expect(slow.save(stalled)).rejects.toThrow(/lock ran out/);
    expect(await servers.redis.dump()).toContain('FRESH');
    expect(await servers.redis.dump()).not.toContain('STALE');
    await Promise.all([slow.close(), quick.close()]);
  });

  it('answers with the apology and the numbers while Redis is down, keeps running, and plays again once it is back', async () => {
    const [a, b] = await twoInstances();
    const { say, setUp } = club([a, b]);
    const code = await setUp(a, 'p5');
    await say(b, 'k5', `join ${code}`);
    await servers.redis.stop();
    const during = await b.engine.handle('console', 'k5', { type: 'text', text: 'hello' });
    expect(during.messages.map((m) => m.key)).toEqual(['common:unavailable']);
    expect(during.messages[0]!.text).toMatch(/116/);
    // The timers are watched again once Redis is back; this server kept nothing (persistence off).
    await Promise.all([a.quiz.tick(), b.quiz.tick()]);
    await servers.redis.start();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await Promise.all([a.quiz.tick(), b.quiz.tick()]);
    const again = await setUp(a, 'p6');
    expect(keysOf((await say(b, 'k6', `join ${again}`)).messages)).toEqual(['quiz:player.joined']);
    const warned = [...a.logger.lines, ...b.logger.lines].map((l) => l.message);
    expect(warned).toContain('club quiz timers cannot be read from Redis; trying again');
    expect(warned).toContain('club quiz timers are watched again');
  }, 30_000);

  it('slows join-code guessing across instances: per person, and for everyone past 60 wrong codes a minute', async () => {
    const [a, b] = await twoInstances();
    const { say, setUp } = club([a, b]);
    const code = await setUp(a, 'p7');
    const wrong = ['QQQQ2', 'QQQQ3', 'QQQQ4', 'QQQQ5', 'QQQQ6'];
    for (const [i, guess] of wrong.entries()) expect(keysOf((await say(i % 2 ? b : a, 'guesser', `join ${guess}`)).messages)[0]).toBe('quiz:join.unknown');
    // The sixth try waits, on either instance, even with the right code.
    expect(keysOf((await say(b, 'guesser', `join ${code}`)).messages)[0]).toBe('quiz:join.wait');
    expect(keysOf((await say(a, 'guesser', `join ${code}`)).messages)[0]).toBe('quiz:join.wait');
    // 60 wrong codes a minute from many accounts, half on each instance: all joining waits, everywhere.
    for (let i = 0; i < 55; i++) await (i % 2 ? b : a).engine.handle('console', `many-${i}`, { type: 'text', text: 'join QQQQ7' });
    expect(keysOf((await say(a, 'kid7', `join ${code}`)).messages)[0]).toBe('quiz:join.busy');
    expect(keysOf((await say(b, 'kid8', `join ${code}`)).messages)[0]).toBe('quiz:join.busy');
    const lines = [...a.logger.lines, ...b.logger.lines].filter((l) => l.message.startsWith('many wrong quiz join codes'));
    expect(lines).toHaveLength(1);
    a.now.value = new Date(a.now.value.getTime() + 61_000);
    expect(keysOf((await say(b, 'kid8', `join ${code}`)).messages)[0]).toBe('quiz:player.joined');
  });
});
