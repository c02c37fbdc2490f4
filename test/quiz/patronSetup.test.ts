import { describe, expect, it } from 'vitest';
import { projectPath } from '../../src/app/projectPath.js';
import { lessonKeys } from '../../dialogs/shared/lessonKeys.js';
import { QuizBank } from '../../src/quiz/QuizBank.js';
import { loadSeeds } from '../../src/seeds/loadSeeds.js';
import { createTestApp, testPatronCode } from '../support/testApp.js';
import { joinCodeIn, quizClass } from './quizClass.js';

/* Setting a club quiz up, as the patron sees it, in English and in Kiswahili. */

const keysOf = (messages: { key: string }[]) => messages.map((m) => m.key);
const toMenu = { en: ['hi', 'English', '5', 'ok'], sw: ['habari', 'Kiswahili', '5', 'sawa'] } as const;
const locales = ['en', 'sw'] as const;

describe.each(locales)('club quiz set-up (%s)', (locale) => {
  const word = <T,>(en: T, sw: T): T => (locale === 'en' ? en : sw);

  it('tells a patron on a service with no patron codes that club quizzes are not set up yet, and whom to ask', async () => {
    const { app, say } = quizClass(createTestApp({ PATRON_CODES: '' }));
    for (const text of toMenu[locale]) await say('patron', text);
    const opened = await say('patron', app.translator.t(locale, 'menu:item.quiz'));
    // No code is asked for, and nothing is said about a wrong one: the menu comes straight back.
    expect(keysOf(opened.messages)).toEqual(['quiz:host.notSetUp', 'menu:title']);
    expect(opened.messages[0]!.text).toContain(word('not set up on this service yet', 'bado hazijawekwa kwenye huduma hii'));
    expect(opened.messages[0]!.text).toContain(word('ask the people who run this service', 'waombe wanaoendesha huduma hii'));
  });

  it('says how long to wait after wrong patron codes, and lets the right one in when the wait is over', async () => {
    const { app, say } = quizClass();
    for (const text of [...toMenu[locale], app.translator.t(locale, 'menu:item.quiz')]) await say('patron', text);
    const first = await say('patron', 'CLUB-TEST-0002');
    expect(first.messages[0]!.text).toBe(app.translator.t(locale, 'quiz:host.codeWrong'));
    await say('patron', 'CLUB-TEST-0003');
    // The third wrong code says when the next try may be made.
    const third = await say('patron', 'CLUB-TEST-0004');
    expect(third.messages[0]!.text).toBe(word("That code didn't work. Check it, and type it again in 30 seconds.", 'Msimbo huo haukufanya kazi. Uangalie, kisha uuandike tena baada ya sekunde 30.'));
    app.now.value = new Date(app.now.value.getTime() + 12_000);
    const soon = await say('patron', testPatronCode);
    expect(soon.messages[0]!.text).toBe(word("Too many codes that didn't work. Please wait 20 seconds, then try again.", 'Misimbo mingi mno haikufanya kazi. Tafadhali subiri sekunde 20, kisha ujaribu tena.'));
    app.now.value = new Date(app.now.value.getTime() + 19_000);
    const fourth = await say('patron', 'CLUB-TEST-0005');
    expect(fourth.messages[0]!.text).toContain(word('type it again in 1 minute.', 'uuandike tena baada ya dakika 1.'));
    app.now.value = new Date(app.now.value.getTime() + 61_000);
    expect(keysOf((await say('patron', testPatronCode)).messages)).toEqual(['quiz:host.band']);
  });

  it('has Back at every step of setting up, each going one step back, and "back" typed takes it', async () => {
    const { app, say, last } = quizClass();
    const back = word('back', 'rudi');
    const prompt = () => last('patron')!;
    for (const text of [...toMenu[locale], app.translator.t(locale, 'menu:item.quiz')]) await say('patron', text);
    expect(prompt().choices.map((c) => c.label)).toContain(app.translator.t(locale, 'quiz:host.back'));
    await say('patron', back);
    expect(prompt().key).toBe('menu:title');

    await say('patron', app.translator.t(locale, 'menu:item.quiz'));
    const steps: [string, string][] = [
      [testPatronCode, 'quiz:host.band'],
      ['1', 'quiz:host.topic'],
      [app.translator.t(locale, 'quiz:topic.mixed'), 'quiz:host.count'],
      ['1', 'quiz:host.time'],
    ];
    let before = 'quiz:host.code';
    for (const [answer, next] of steps) {
      await say('patron', answer);
      expect(prompt().key).toBe(next);
      expect(prompt().choices.map((c) => c.id)).toContain('back');
      // Back shows the step before again, then the same answer comes forward once more.
      await say('patron', back);
      expect(prompt().key).toBe(before);
      await say('patron', answer);
      expect(prompt().key).toBe(next);
      before = next;
    }
    await say('patron', '1');
    expect(prompt().key).toBe('quiz:host.lobby');
  });

  it('runs a quiz for a club of mixed ages (10 to 17) with the questions made for ages 10 to 12', async () => {
    const seeds = loadSeeds(projectPath('seeds'));
    const { app, say, last } = quizClass();
    const youngest = new QuizBank(seeds.lessons, seeds.quiz)
      .all()
      .filter((q) => q.band === 'age10_12')
      .map((q) => app.translator.t(locale, lessonKeys(q.band, q.lesson)[q.kind](q.question.id).question));
    for (const text of [...toMenu[locale], app.translator.t(locale, 'menu:item.quiz'), testPatronCode]) await say('patron', text);
    expect(last('patron')!.choices.map((c) => c.label)).toContain(word('Mixed ages (10 to 17)', 'Umri mchanganyiko (miaka 10 hadi 17)'));
    const topic = await say('patron', word('Mixed ages', 'Umri mchanganyiko'));
    expect(topic.messages[0]!.text).toMatch(word(/^Mixed ages: I'll use the questions made for ages 10 to 12/, /^Umri mchanganyiko: nitatumia maswali yaliyoandaliwa kwa miaka 10 hadi 12/));
    await say('patron', app.translator.t(locale, 'quiz:topic.mixed'));
    await say('patron', '1');
    const lobby = await say('patron', '1');
    expect(lobby.events).toEqual([{ type: 'quiz_session_started', audience: 'mixed', questions: 5 }]);
    await say('kid', `join ${joinCodeIn(lobby.messages[0]!.text)}`);
    for (let n = 1; n <= 5; n++) {
      const asked = await say('patron', n === 1 ? app.translator.t(locale, 'quiz:host.start') : app.translator.t(locale, 'quiz:host.nextQuestion'));
      const question = asked.messages[0]!.text.split('\n\n')[1]!;
      expect(youngest, `question ${n}`).toContain(question);
      await say('patron', app.translator.t(locale, 'quiz:host.reveal'));
    }
  });

  it('gives a join text that says exactly what to send, and names the bot on Telegram while Telegram runs', async () => {
    const { setUp, last } = quizClass();
    const code = await setUp({ locale });
    const plain = last('patron')!.text;
    expect(plain).toContain(word(`send this message: join ${code}`, `utume ujumbe huu: jiunge ${code}`));
    // Without Telegram running, nothing is said about Telegram.
    expect(plain).not.toMatch(/Telegram|t\.me|@/);

    const telegram = quizClass();
    telegram.app.translator.define('telegramBot', 'linda_test_bot');
    const linked = await telegram.setUp({ locale });
    const text = telegram.last('patron')!.text;
    expect(text).toContain(word(`send this message: join ${linked}\nOn Telegram, the bot is @linda_test_bot.\n`, `utume ujumbe huu: jiunge ${linked}\nKwenye Telegram, bot ni @linda_test_bot.\n`));
    expect(text).toContain(`https://t.me/linda_test_bot?start=join-${linked}`);
    expect(text).toContain(word(`/join ${linked}`, `/jiunge ${linked}`));
  });

  it('never shows a child an example code to copy when the code they sent is wrong', async () => {
    const { say } = quizClass();
    await say('kid', word('join QQQQQ', 'jiunge QQQQQ'));
    const reply = await say('kid', word('join K7P3Q', 'jiunge K7P3Q'));
    const told = reply.messages[0]!;
    expect(told.key).toBe('quiz:join.unknown');
    expect(told.text).toContain(word('send the word join followed by the code', 'tuma neno jiunge likifuatwa na msimbo'));
    expect(told.text).not.toMatch(/\b[A-Z0-9]{5}\b/);
  });

  it('says how long to wait, to a child who typed too many wrong codes, and to everyone while joining is paused', async () => {
    const { app, say, setUp } = quizClass();
    const code = await setUp({ locale });
    const join = word('join', 'jiunge');
    for (const guess of ['QQQQQ', 'WWWWW', 'XXXXX', 'YYYYY', 'ZZZZZ']) await say('kid', `${join} ${guess}`);
    const wait = await say('kid', `${join} ${code}`);
    expect(wait.messages[0]!.text).toContain(word('Please wait 10 minutes', 'Tafadhali subiri dakika 10'));
    for (let n = 0; n < 60; n++) await app.engine.handle('console', `guesser-${n}`, { type: 'text', text: `${join} QQQQ${'ABCDEFGHJKMNPQRSTUVWXYZ23456789'[n % 31]}` });
    const busy = await say('classmate', `${join} ${code}`);
    expect(busy.messages[0]!.key).toBe('quiz:join.busy');
    expect(busy.messages[0]!.text).toContain(word('Please wait 1 minute', 'Tafadhali subiri dakika 1'));
  });
});
