import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTestApp, testPatronCode } from '../support/testApp.js';
import { quizClass } from './quizClass.js';

const keysOf = (messages: { key: string }[] | undefined) => (messages ?? []).map((m) => m.key);

describe('club quiz: patron codes', () => {
  it('refuses a wrong code without a hint, and slows down guessing after three wrong codes', async () => {
    const { app, say, last } = quizClass();
    for (const text of ['hi', 'English', '5', 'ok', 'Run a club quiz']) await say('patron', text);
    const wrong = await say('patron', 'CLUB-TEST-0002');
    expect(keysOf(wrong.messages)).toEqual(['quiz:host.codeWrong']);
    expect(wrong.messages[0]!.text).not.toMatch(/CLUB|TEST|0001/);
    await say('patron', 'nope-nope-nope');
    await say('patron', 'CLUB-TEST-0003');
    // The fourth try comes too soon: even the right code must wait.
    expect(keysOf((await say('patron', testPatronCode)).messages)).toEqual(['quiz:host.codeWait']);
    app.now.value = new Date(app.now.value.getTime() + 31_000);
    expect(keysOf((await say('patron', testPatronCode)).messages)).toEqual(['quiz:host.band']);
    expect(last('patron')?.key).toBe('quiz:host.band');
  });

  it('lets nobody run a quiz when no patron codes are set', async () => {
    const { say } = quizClass(createTestApp({ PATRON_CODES: '' }));
    for (const text of ['hi', 'English', '5', 'ok']) await say('patron', text);
    expect(keysOf((await say('patron', 'Run a club quiz')).messages)).toEqual(['quiz:host.notSetUp', 'menu:title']);
    // Not even a code that would work elsewhere starts one.
    expect(keysOf((await say('patron', testPatronCode)).messages)).not.toContain('quiz:host.band');
  });
});

describe('club quiz: guessing join codes', () => {
  const alphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
  const guess = (n: number) => Array.from({ length: 5 }, (_, i) => alphabet[(n * 7 + i * 13 + Math.floor(n / 31)) % 31]).join('');

  it('never lets 1,000 wrong guesses in, from one account or from a thousand, and slows a class by a minute at most', async () => {
    const { app, say, setUp } = quizClass();
    const code = await setUp();
    const guesses = Array.from({ length: 1000 }, (_, n) => guess(n)).filter((g) => g !== code);
    const one = await Promise.all(guesses.map((g) => app.engine.handle('console', 'stranger', { type: 'text', text: `join ${g}` })));
    expect(one.filter((r) => r.messages[0]?.key.startsWith('quiz:player'))).toEqual([]);
    expect(one.slice(0, 5).every((r) => r.messages[0]?.key === 'quiz:join.unknown')).toBe(true);
    expect(one.slice(5).every((r) => r.messages[0]?.key === 'quiz:join.wait')).toBe(true);
    // Even the right code waits once the account has guessed too much.
    expect((await say('stranger', `join ${code}`)).messages[0]?.key).toBe('quiz:join.wait');

    app.now.value = new Date(app.now.value.getTime() + 11 * 60_000);
    const many = [];
    for (const [n, g] of guesses.entries()) many.push(await app.engine.handle('console', `stranger-${n}`, { type: 'text', text: `join ${g}` }));
    expect(many.filter((r) => r.messages[0]?.key.startsWith('quiz:player'))).toEqual([]);
    // After 60 wrong codes in a minute from everyone, every join waits a minute: at most 60 guesses are checked.
    expect(many.filter((r) => r.messages[0]?.key === 'quiz:join.unknown')).toHaveLength(60);
    expect(app.logger.lines.filter((l) => l.message.startsWith('many wrong quiz join codes'))).toHaveLength(1);
    expect((await say('kid', `join ${code}`)).messages[0]?.key).toBe('quiz:join.busy');
    app.now.value = new Date(app.now.value.getTime() + 61_000);
    expect((await say('kid', `join ${code}`)).messages[0]?.key).toBe('quiz:player.joined');
  });
});

describe('club quiz: a session', () => {
  it('tells a child who types a code that does not exist, kindly, and sets them up', async () => {
    const { say } = quizClass();
    await say('patron', 'hi');
    expect(keysOf((await say('kid', 'join QQQQQ')).messages)[0]).toBe('quiz:join.unknown');
  });

  it('ends when its time is up: the code dies, everyone is told, and the session is counted', async () => {
    const { app, say, seen, setUp } = quizClass();
    const code = await setUp();
    await say('kid', `join ${code}`);
    app.timers.advance(120 * 60_000);
    await app.quiz.settled();
    expect(keysOf(seen.get('patron')).slice(-2)).toEqual(['quiz:host.closed.expired', 'menu:title']);
    expect(keysOf(seen.get('kid')).at(-3)).toBe('quiz:player.closed.expired');
    expect(keysOf((await say('late', `join ${code}`)).messages)[0]).toBe('quiz:join.unknown');
    const ended = [];
    for await (const event of app.events.read()) if (event.payload.type === 'quiz_session_ended') ended.push(event.payload);
    expect(ended).toEqual([{ type: 'quiz_session_ended', audience: 'age13_15', questions: 0, participants: 1, averageScore: 0 }]);
  });

  it('shows the answer to everyone when a question’s time limit runs out', async () => {
    const { app, say, seen, setUp } = quizClass();
    const code = await setUp({ limit: '2' });
    await say('kid', `join ${code}`);
    await say('other', `join ${code}`);
    await say('patron', 'Start the quiz');
    expect(last(seen, 'kid')).toBe('quiz:player.questionTimed');
    await say('kid', '1');
    app.timers.advance(29_000);
    await app.quiz.settled();
    expect(last(seen, 'other')).toBe('quiz:player.questionTimed');
    app.timers.advance(1_000);
    await app.quiz.settled();
    expect(keysOf(seen.get('other')).slice(-2)).toEqual(['quiz:player.noAnswer', 'quiz:player.nextSoon']);
    expect(keysOf(seen.get('kid')).at(-2)).toMatch(/^quiz:player\.(right|wrong)$/);
    expect(last(seen, 'patron')).toBe('quiz:host.revealed');
  });

  it('lets a child leave at once with "stop": no more questions reach them, and the quiz goes on', async () => {
    const { say, seen, setUp } = quizClass();
    const code = await setUp();
    await say('kid', `join ${code}`);
    await say('other', `join ${code}`);
    await say('patron', 'Start the quiz');
    expect(keysOf((await say('kid', 'stop')).messages)).toEqual(['common:stopped']);
    const before = seen.get('kid')!.length;
    await say('other', '1');
    await say('patron', 'Next question');
    expect(seen.get('kid')!.length).toBe(before);
    expect(last(seen, 'other')).toBe('quiz:player.question');
    expect(seen.get('patron')!.at(-2)!.text).toContain('1 of 1 answered');
  });

  it('keeps crisis detection on for a child in a quiz, and takes them back to it after help', async () => {
    const { say, setUp } = quizClass();
    const code = await setUp();
    await say('kid', `join ${code}`);
    await say('patron', 'Start the quiz');
    const crisis = await say('kid', 'my uncle touches me and says it is our secret');
    expect(keysOf(crisis.messages)[0]).toBe('help:urgent.touched');
    expect(crisis.events.map((e) => e.type)).toContain('crisis_detected');
    await say('patron', 'Show the answer');
    expect(keysOf((await say('kid', 'back')).messages)).toEqual(['quiz:player.nextSoon']);
  });

  it('keeps the patron’s own chat as the controls: the patron cannot join as a player', async () => {
    const { say, setUp } = quizClass();
    const code = await setUp();
    const reply = await say('patron', `join ${code}`);
    expect(keysOf(reply.messages)).toEqual(['quiz:join.own', 'quiz:host.lobby']);
    expect(keysOf((await say('patron', 'How many have joined?')).messages)).toEqual(['quiz:host.nobodyYet']);
  });

  it('gives a child who joins late the question being asked', async () => {
    const { say, setUp } = quizClass();
    const code = await setUp();
    await say('kid', `join ${code}`);
    await say('patron', 'Start the quiz');
    expect(keysOf((await say('late', `join ${code}`)).messages)).toEqual(['quiz:player.joinedLate', 'quiz:player.question']);
  });

  it('counts an answer once, and the patron sees how many got each question right', async () => {
    const { say, seen, setUp } = quizClass();
    const code = await setUp({ count: '1' });
    await say('kid', `join ${code}`);
    await say('other', `join ${code}`);
    await say('patron', 'Start the quiz');
    await say('kid', '1');
    // A second number after answering is not a new answer, and does not leave the quiz.
    expect(keysOf((await say('kid', '2')).messages)).toEqual(['quiz:player.hold']);
    await say('other', '1');
    expect(seen.get('patron')!.at(-1)!.text).toMatch(/2 of 2 answered, [02] got it right/);
  });
});

describe('club quiz: a group chat playing together', () => {
  it('can start with only a group; members play by answering, under nicknames, and the group sees each question once', async () => {
    const { app, say, seen, setUp } = quizClass();
    const views: string[] = [];
    app.quiz.connectGroups(async (_group, _locale, view) => {
      views.push(view.type);
    });
    const code = await setUp();
    const group = { channel: 'telegram' as const, platformId: '-100123' };
    expect(await app.quiz.joinGroup(code, group, 'sw')).toBe('joined');
    expect(keysOf((await say('patron', 'How many have joined?')).messages)).toEqual(['quiz:host.joinedWithGroups']);
    await say('patron', 'Start the quiz');
    expect(last(seen, 'patron')).toBe('quiz:host.question');
    const first = await app.quiz.answerInGroup(group, 'member-one', 'a');
    expect(first).toMatchObject({ result: 'saved' });
    expect(await app.quiz.answerInGroup(group, 'member-one', 'b')).toMatchObject({ result: 'already' });
    // In a group nobody waits for "everyone": the patron shows the answer.
    expect(last(seen, 'patron')).toBe('quiz:host.question');
    await say('patron', 'Show the answer');
    expect(await app.quiz.answerInGroup(group, 'member-two', 'a')).toEqual({ result: 'between' });
    await app.quiz.settled();
    expect(views).toEqual(['joined', 'question', 'reveal']);
    expect(seen.get('patron')!.at(-1)!.text).toMatch(/1 of 1 answered/);
  });

  it('lets a group move to another quiz: the first patron no longer counts it', async () => {
    const { app, say, setUp } = quizClass();
    const first = await setUp();
    const group = { channel: 'telegram' as const, platformId: '-100456' };
    await app.quiz.joinGroup(first, group, 'en');
    const other = quizClass(app);
    for (const text of ['hi', 'English', '5', 'ok', 'Run a club quiz', testPatronCode, '1', 'mixed', '1']) await other.say('patron2', text);
    const second = /join code is (\w+)/.exec((await other.say('patron2', '1')).messages.at(-1)!.text)![1]!;
    expect(await app.quiz.joinGroup(second, group, 'en')).toBe('joined');
    expect(keysOf((await say('patron', 'How many have joined?')).messages)).toEqual(['quiz:host.nobodyYet']);
  });
});

function last(seen: Map<string, { key: string }[]>, who: string): string | undefined {
  return seen.get(who)?.at(-1)?.key;
}

describe('club quiz: privacy (property)', () => {
  it('never shows anyone another person’s platform id, or anything another person typed', async () => {
    const id = fc.stringMatching(/^[a-z]{3}[0-9]{9}$/);
    const action = fc.oneof(
      fc.record({ kind: fc.constant('answer' as const), who: fc.nat(5), option: fc.constantFrom('1', '2', '3', 'a', 'b') }),
      fc.record({ kind: fc.constant('type' as const), who: fc.nat(5), words: fc.constantFrom('my name is', 'call me on', 'I live in', 'hello') }),
      fc.record({ kind: fc.constant('leave' as const), who: fc.nat(5) }),
      fc.record({ kind: fc.constant('next' as const) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(id, { minLength: 2, maxLength: 6 }), fc.array(action, { maxLength: 25 }), async (ids, actions) => {
        const { say, seen, setUp } = quizClass();
        const code = await setUp();
        const typed = new Map<string, string[]>();
        for (const who of ids) await say(who, `join ${code}`);
        await say('patron', 'Start the quiz');
        for (const step of actions) {
          if (step.kind === 'next') {
            await say('patron', 'Next question');
            continue;
          }
          const who = ids[step.who % ids.length]!;
          if (step.kind === 'answer') await say(who, step.option);
          if (step.kind === 'leave') await say(who, 'leave');
          if (step.kind === 'type') {
            // Free text carries the sender's own id, so a relay anywhere would show it to someone else.
            const text = `${step.words} ${who}`;
            typed.set(who, [...(typed.get(who) ?? []), text]);
            await say(who, text);
          }
        }
        for (const [viewer, messages] of seen) {
          const shown = messages.map((m) => `${m.text}\n${m.choices.map((c) => c.label).join('\n')}`).join('\n');
          for (const other of ids.filter((i) => i !== viewer)) expect(shown, `${viewer} saw ${other}`).not.toContain(other);
          for (const [author, texts] of typed) {
            if (author !== viewer) for (const text of texts) expect(shown).not.toContain(text);
          }
        }
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});
