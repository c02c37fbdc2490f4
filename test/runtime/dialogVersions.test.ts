import { afterEach, describe, expect, it } from 'vitest';
import { dialogMigrations, dialogVersions } from '../../dialogs/dialogVersions.js';
import { SessionRecord } from '../../src/runtime/SessionRecord.js';
import { keys, say } from '../support/say.js';
import { createTestApp, type TestApp } from '../support/testApp.js';

/* A release may change a dialog machine under conversations stored by the one before. */

const toMenu = ['hi', 'English', '2', 'ok'];
const saved = { ...dialogVersions };
afterEach(() => {
  Object.assign(dialogVersions, saved);
  for (const id of Object.keys(dialogMigrations)) delete dialogMigrations[id as keyof typeof dialogMigrations];
});

async function stored(app: TestApp): Promise<SessionRecord> {
  return SessionRecord.parse(await app.store.get(app.keyOf('user')));
}

/** A user part-way through the first lesson, with one step done. */
async function inALesson(app: TestApp): Promise<void> {
  await say(app, ...toMenu, 'Learn to stay safe online', '1', 'Next');
  expect((await stored(app)).lessons?.open).not.toEqual({});
}

describe('dialog versions', () => {
  it('stores each dialog with its machine version, and reads sessions stored before versions as version 1', async () => {
    const app = createTestApp();
    await say(app, ...toMenu, 'Privacy and settings');
    const session = await stored(app);
    expect(session.dialog).toMatchObject({ id: 'settings', version: 1 });
    delete session.dialog!.version;
    await app.store.set(app.keyOf('user'), session);
    expect(keys((await say(app, 'Change language'))[0])).toEqual(['settings:language.question']);
  });

  it('loads a session stored when the child\'s quiz dialog was called "quiz", keeping the person\'s choices', () => {
    const stored = { v: 1, locale: 'sw', audience: 'age10_12', dialog: { id: 'quiz', snapshot: { value: 'hold' } }, resume: [{ id: 'quiz', snapshot: {} }], day: '2026-11-28' };
    const session = SessionRecord.parse(stored);
    expect(session.dialog?.id).toBe('quizPlayer');
    expect(session.resume[0]?.id).toBe('quizPlayer');
    expect(session).toMatchObject({ locale: 'sw', audience: 'age10_12' });
  });

  it('carries a stored dialog over by its migration when the version changed', async () => {
    const app = createTestApp();
    await say(app, ...toMenu, 'Privacy and settings');
    dialogVersions.settings = 2;
    let migrated = 0;
    dialogMigrations.settings = { 1: (snapshot) => (migrated++, snapshot) };
    expect(keys((await say(app, 'Change language'))[0])).toEqual(['settings:language.question']);
    expect(migrated).toBe(1);
  });

  it('with no migration, starts again at the menu with one kind line, never an error', async () => {
    const app = createTestApp();
    await say(app, ...toMenu, 'Privacy and settings');
    dialogVersions.settings = 2;
    const reply = await app.engine.handle('console', 'user', { type: 'choice', id: 'language' });
    expect(keys(reply)).toEqual(['common:updated', 'menu:title']);
    expect(app.logger.lines.filter((l) => l.level === 'error')).toEqual([]);
    expect(app.logger.lines.some((l) => l.level === 'warn' && l.fields.dialog === 'settings')).toBe(true);
  });

  it('puts a learner back at the lessons list, with their progress kept', async () => {
    const app = createTestApp();
    await inALesson(app);
    const progress = (await stored(app)).lessons;
    dialogVersions.lessons = 2;
    const reply = await app.engine.handle('console', 'user', { type: 'choice', id: 'next' });
    expect(keys(reply)).toEqual(['common:updated', 'lessons:list']);
    expect(reply.messages[1]!.choices[0]!.label).toMatch(/^▶ /);
    expect((await stored(app)).lessons).toEqual(progress);
  });

  it('still reads typed words first: a message about danger gets the help it needs', async () => {
    const app = createTestApp();
    await inALesson(app);
    dialogVersions.lessons = 2;
    const [reply] = await say(app, 'he raped me last night');
    expect(keys(reply).slice(0, 2)).toEqual(['common:updated', 'help:urgent.touched']);
  });

  it('a stored state that no longer exists at the same version is said kindly too, and goes back to the lessons', async () => {
    const app = createTestApp();
    await inALesson(app);
    const session = await stored(app);
    session.dialog!.snapshot = { ...session.dialog!.snapshot, value: 'a_state_that_was_removed' };
    await app.store.set(app.keyOf('user'), session);
    const reply = await app.engine.handle('console', 'user', { type: 'choice', id: 'next' });
    expect(keys(reply)).toEqual(['common:updated', 'lessons:list']);
    expect(app.logger.lines.filter((l) => l.level === 'error')).toEqual([]);
    expect((await stored(app)).lessons).toEqual(session.lessons);
  });

  it('lets go quietly of an older dialog waiting under help, and keeps the one in progress', async () => {
    const app = createTestApp();
    await say(app, ...toMenu, 'Privacy and settings', 'help');
    expect((await stored(app)).resume.map((d) => d.id)).toEqual(['settings']);
    dialogVersions.settings = 2;
    const [reply] = await say(app, 'Something happened online');
    expect(keys(reply)).toEqual(['help:group.online.question']);
    expect((await stored(app)).resume).toEqual([]);
  });
});
