import { describe, expect, it } from 'vitest';
import { projectPath } from '../../src/app/projectPath.js';
import type { Channel } from '../../src/domain/Channel.js';
import { LessonAudience } from '../../src/seeds/LessonBank.js';
import { loadSeeds } from '../../src/seeds/loadSeeds.js';
import { SessionRecord } from '../../src/runtime/SessionRecord.js';
import { createTestApp, type TestApp } from '../support/testApp.js';

const seeds = loadSeeds(projectPath('seeds'));
/** The onboarding answers that make a user of each audience. */
const audienceChoice: Record<LessonAudience, string> = { age10_12: '1', age13_15: '2', age16_17: '3', caregiver: '4' };

function user(app: TestApp, id = 'user', channel: Channel = 'console') {
  return async (inbound: string | { choice: string }) => {
    const result = await app.engine.handle(
      channel,
      id,
      typeof inbound === 'string' ? { type: 'text', text: inbound } : { type: 'choice', id: inbound.choice },
    );
    return result;
  };
}

describe.each(LessonAudience.options)('lessons for %s', (audience) => {
  it.each(['en', 'sw'] as const)('can be browsed and finished in %s, with the right answers counted', async (locale) => {
    const app = createTestApp();
    const send = user(app);
    for (const text of ['hi', locale === 'en' ? 'English' : 'Kiswahili', audienceChoice[audience], '1']) await send(text);
    const list = (await send({ choice: 'lessons' })).messages.at(-1)!;
    const set = seeds.lessons.sets[audience];
    expect(list.key).toBe('lessons:list');
    expect(list.choices.map((c) => c.id)).toEqual([...set.map((l) => l.id), 'menu', 'help']);
    const lesson = set[0]!;
    let reply = await send({ choice: lesson.id });
    expect(reply.events).toEqual([{ type: 'lesson_started', lesson: lesson.id, audience }]);
    for (let card = 1; card < lesson.cards.length; card++) reply = await send({ choice: 'next' });
    expect(reply.messages.at(-1)!.text).toContain(`${lesson.cards.length}`);
    reply = await send({ choice: 'next' });
    for (const check of lesson.checks) {
      expect(reply.messages.at(-1)!.key).toBe('lessons:check');
      reply = await send({ choice: check.options.find((o) => o.correct)!.id });
      expect(reply.messages[0]!.key).toBe('lessons:right');
    }
    const done = reply.messages.at(-1)!;
    expect(done.key).toBe('lessons:done');
    expect(done.text).toContain('116');
    expect(reply.events).toEqual([
      { type: 'lesson_completed', lesson: lesson.id, audience, correct: lesson.checks.length, total: lesson.checks.length },
    ]);
    expect(done.choices[0]!.id).toBe('next');
    const after = (await send({ choice: 'list' })).messages.at(-1)!;
    expect(after.choices[0]!.label.startsWith('✓ ')).toBe(true);
  });
});

describe('lessons', () => {
  it('resume where the user left, after the menu and on a later day, on the same channel only', async () => {
    const app = createTestApp();
    const send = user(app);
    for (const text of ['hi', 'English', '2', 'ok', '1', '1', 'next']) await send(text);
    expect((await send('leave')).messages.at(-1)!.key).toBe('lessons:list');
    await send('menu');
    app.now.value = new Date('2026-12-20T08:00:00Z');
    await send('1');
    const resume = (await send('1')).messages.at(-1)!;
    expect(resume.key).toBe('lessons:resume');
    const card = (await send('carry on')).messages.at(-1)!;
    expect(card.text).toContain('(2 of');

    // The same person on Telegram is another conversation, with its own progress.
    const telegram = user(app, 'user', 'telegram');
    for (const text of ['hi', 'English', '2', 'ok', '1']) await telegram(text);
    expect((await telegram('1')).messages.at(-1)!.key).toBe('lessons:card');
  });

  it('start again from the top on request, counting a new start', async () => {
    const app = createTestApp();
    const send = user(app);
    for (const text of ['hi', 'English', '3', 'ok', '1', '1', 'next', 'next', 'menu', '1', '1']) await send(text);
    const again = await send('Start again from the beginning');
    expect(again.messages.at(-1)!.text).toContain('(1 of');
    expect(again.events.map((e) => e.type)).toEqual(['lesson_started']);
  });

  it('say kindly what is right after a wrong answer, and count only right answers', async () => {
    const app = createTestApp();
    const send = user(app);
    const lesson = seeds.lessons.sets.age16_17[0]!;
    for (const text of ['hi', 'English', '3', 'ok', '1', '1']) await send(text);
    for (let card = 0; card < lesson.cards.length; card++) await send('next');
    let reply;
    for (const check of lesson.checks) {
      reply = await send({ choice: check.options.find((o) => !o.correct)!.id });
      expect(reply.messages[0]!.key).toBe('lessons:notQuite');
    }
    expect(reply!.events).toEqual([expect.objectContaining({ type: 'lesson_completed', correct: 0, total: lesson.checks.length })]);
  });

  it('survive a lesson taken out of the seeds: progress for it is ignored, and the list shows', async () => {
    const app = createTestApp();
    const send = user(app);
    for (const text of ['hi', 'English', '2', 'ok', '1', '1', 'next']) await send(text);
    const key = app.keyOf('user');
    const record = SessionRecord.parse(await app.store.get(key));
    const snapshot = record.dialog!.snapshot as { context: { slots: Record<string, unknown> } };
    snapshot.context.slots.lesson = 'a_lesson_since_removed';
    record.lessons = { done: ['another_removed_one'], open: { a_lesson_since_removed: { step: 3, correct: 1 } } };
    await app.store.set(key, record);
    const reply = await send('next');
    expect(reply.messages.at(-1)!.key).toBe('lessons:list');
    expect(app.logger.lines.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('show no "next lesson" once every lesson is finished', async () => {
    const app = createTestApp();
    const send = user(app);
    for (const text of ['hi', 'English', '4', 'ok']) await send(text);
    const key = app.keyOf('user');
    const record = SessionRecord.parse(await app.store.get(key));
    const set = seeds.lessons.sets.caregiver;
    record.lessons = { done: set.slice(1).map((l) => l.id), open: {} };
    await app.store.set(key, record);
    await send('1');
    await send({ choice: set[0]!.id });
    let reply;
    for (let card = 0; card < set[0]!.cards.length; card++) reply = await send('next');
    for (const check of set[0]!.checks) reply = await send({ choice: check.options.find((o) => o.correct)!.id });
    expect(reply!.messages.at(-1)!.choices.map((c) => c.id)).toEqual(['list', 'menu', 'help']);
  });
});
