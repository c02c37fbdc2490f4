import type { Bot } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisServer } from '../../support/redisServer.js';
import { createTestApp, testPatronCode, type TestApp } from '../../support/testApp.js';
import { BotApiEmulator, botUser, type StoredMessage } from './BotApiEmulator.js';
import { FakeUser } from './FakeUser.js';
import { groupQuizBot } from './groupQuizBot.js';

/* A Telegram group playing a club quiz with two instances of the bot on one Redis, in this process:
 * every update goes to the other instance in turn, so the group joins through one, its question is
 * sent by one and pressed on the other. What each instance knows of the group (the question message
 * live) is kept in Redis, sealed, so either can take the press. */

const token = '123456789:not-a-real-token_only-for-tests-0123';
let emulator: BotApiEmulator;
let redis: RedisServer;
const apps: TestApp[] = [];

beforeAll(async () => {
  [emulator, redis] = await Promise.all([BotApiEmulator.start(token), RedisServer.start()]);
  const now = { value: new Date('2026-11-28T10:15:00Z') };
  const bots: Bot[] = [];
  for (let i = 0; i < 2; i++) {
    const app = createTestApp({ REDIS_URL: redis.url }, { now });
    await app.ready();
    const { bot } = groupQuizBot(app, emulator, token);
    apps.push(app);
    bots.push(bot);
  }
  let next = 0;
  emulator.sink = (update) => bots[next++ % bots.length]!.handleUpdate(update as never);
}, 30_000);

afterAll(async () => {
  for (const app of apps) await app.close();
  await emulator.close();
  await redis.stop();
});

const settled = async () => {
  for (let i = 0; i < 3; i++) for (const app of apps) await app.quiz.settled();
};

async function answer(member: FakeUser, message: StoredMessage, option: string): Promise<string | undefined> {
  const query = await emulator.press(member.from, message, `quiz:${option}`);
  return emulator.toastOf(query);
}

describe('a Telegram group playing through two instances', () => {
  it('joins through one, is asked by either, and its presses count on either; no chat id in Redis', async () => {
    const patron = new FakeUser(emulator, 601, 'Patron');
    const kid = new FakeUser(emulator, 602, 'Kid');
    for (const text of ['hi', 'English', '5', 'ok', 'Run a club quiz', testPatronCode, '1', 'Mixed', '5 questions', '1']) {
      await patron.say(text);
      await settled();
    }
    const code = /join ([A-Z0-9]{5})/.exec(patron.unread().at(-1)!.text!)![1]!;
    await kid.say(`join ${code}`);
    const club = emulator.group(-100_601, 'Quiz club');
    const members = [602_001, 602_002, 602_003, 602_004].map((id, i) => new FakeUser(emulator, id, `Member${i}`, club));
    await members[0]!.say(`/join@${botUser.username} ${code}`);
    await settled();
    await patron.say('Start the quiz');
    await settled();
    const [, question] = emulator.botMessagesIn(club.id);
    expect(question!.text).toMatch(/^❓ Question 1 of 5:/);
    // Four presses, two on each instance: every one is saved, under four different nicknames.
    const toasts = [];
    for (const member of members) toasts.push(await answer(member, question!, 'a'));
    expect(toasts.every((t) => /: answer saved ✓$/.test(t ?? ''))).toBe(true);
    expect(new Set(toasts).size).toBe(4);
    await patron.say('Show the answer');
    await settled();
    expect(patron.unread().at(-1)!.text).toMatch(/^Question 1: 4 of 5 answered/);
    // The question, sent by one instance, was edited into the answer by whichever showed it.
    expect(question!.replyMarkup).toBeUndefined();
    expect(question!.text).toMatch(/📊 4 answered/);
    expect(emulator.botMessagesIn(club.id)).toHaveLength(2);
    const dump = await redis.dump();
    for (const id of ['601', '602', '-100601', '602001', '602002']) expect(dump).not.toMatch(new RegExp(`(^|[^0-9a-f])${id}([^0-9a-f]|$)`, 'm'));
    expect(apps.flatMap((app) => app.logger.lines).filter((line) => line.level !== 'info')).toEqual([]);
  });
});
