import { describe, expect, it } from 'vitest';
import { leaderboard, questionNameKey, type Player } from '../../src/quiz/quizSessionMachine.js';
import { lessonKeys } from '../../dialogs/shared/lessonKeys.js';
import { projectPath } from '../../src/app/projectPath.js';
import { formatNumbered } from '../../src/channels/shared/formatNumbered.js';
import { readLocales } from '../../src/i18n/readLocales.js';
import { QuizBank } from '../../src/quiz/QuizBank.js';
import { loadSeeds } from '../../src/seeds/loadSeeds.js';
import type { TestApp } from '../support/testApp.js';
import { quizClass } from './quizClass.js';

/* What a club quiz shows while it runs and when it ends: the options, the leaderboard and the
 * patron's summary, in English and in Kiswahili. */

const seeds = loadSeeds(projectPath('seeds'));
const bank = new QuizBank(seeds.lessons, seeds.quiz);
const locales = ['en', 'sw'] as const;

/** The bank's question whose text a child was shown, and the numbers of its right and a wrong option. */
function optionsOf(app: TestApp, locale: 'en' | 'sw', shown: string) {
  const text = shown.split('\n\n').slice(1).join('\n\n');
  const q = bank.all().find((q) => app.translator.t(locale, lessonKeys(q.band, q.lesson)[q.kind](q.question.id).question) === text);
  if (!q) throw new Error(`not a question of the bank: ${text}`);
  const right = q.question.options.findIndex((o) => o.correct) + 1;
  return { q, right: String(right), wrong: String(right === 1 ? 2 : 1) };
}

describe.each(locales)('a club quiz as it runs and ends (%s)', (locale) => {
  const word = (en: string, sw: string) => (locale === 'en' ? en : sw);
  const join = word('join', 'jiunge');

  it('numbers the options the same for the patron and for every child: 1, 2, 3', async () => {
    const { app, say, seen, setUp } = quizClass();
    const code = await setUp({ locale });
    await say('kid', `${join} ${code}`);
    const host = (await say('patron', app.translator.t(locale, 'quiz:host.start'))).messages[0]!;
    const shown = seen.get('kid')!.at(-1)!;
    expect(shown.key).toBe('quiz:player.question');
    const options = host.text.split('\n').filter((line) => /^\d\. /.test(line));
    expect(options.length).toBeGreaterThanOrEqual(3);
    expect(options.map((line) => line.slice(0, 2))).toEqual(options.map((_, i) => `${i + 1}.`));
    // A child's chat on WhatsApp or the console numbers its choices: the same numbers, the same words.
    const numbered = formatNumbered(shown, '').split('\n');
    for (const line of options) expect(numbered).toContain(line);
    expect(host.text).not.toMatch(/^[A-D]\. /m);
  });

  it('shows the top three with their points, sharing a place on a tie, and never anyone with no points', async () => {
    const { app, say, seen, setUp } = quizClass();
    const code = await setUp({ locale, band: '1', count: '1' });
    for (const kid of ['amina', 'baraka', 'chebet', 'dedan', 'esther']) await say(kid, `${join} ${code}`);
    await say('patron', app.translator.t(locale, 'quiz:host.start'));
    for (let n = 1; n <= 5; n++) {
      // Amina and Baraka get every question; Chebet the first two; Dedan the first; Esther none.
      for (const [kid, upTo] of [['amina', 5], ['baraka', 5], ['chebet', 2], ['dedan', 1], ['esther', 0]] as const) {
        const mine = [...seen.get(kid)!].reverse().find((m) => m.key === 'quiz:player.question')!;
        const options = optionsOf(app, locale, mine.text);
        await say(kid, n <= upTo ? options.right : options.wrong);
      }
      await say('patron', app.translator.t(locale, n < 5 ? 'quiz:host.nextQuestion' : 'quiz:host.results'));
    }
    const finished = seen.get('esther')!.find((m) => m.key.startsWith('quiz:player.finished'))!;
    expect(finished.key).toBe('quiz:player.finishedZero');
    const board = finished.text.split('\n').filter((line) => /^(\d\. |…)/.test(line));
    expect(board).toHaveLength(3);
    expect(board[0]).toMatch(new RegExp(`^1\\. .+: ${word('5 points', 'alama 5')}$`));
    expect(board[1]).toMatch(new RegExp(`^1\\. .+: ${word('5 points', 'alama 5')}$`));
    expect(board[2]).toMatch(new RegExp(`^3\\. .+: ${word('2 points', 'alama 2')}$`));
    expect(finished.text).not.toMatch(new RegExp(`: ${word('0 points', 'alama 0')}`));
    expect(finished.text).toContain(word('No points this time, but now you know the answers.', 'Hukupata alama safari hii, lakini sasa unayajua majibu.'));
    // A child who scored sees their own score and the same board.
    const amina = seen.get('amina')!.find((m) => m.key.startsWith('quiz:player.finished'))!;
    expect(amina.text).toContain(word('You got 5 of 5 right.', 'Majibu sahihi: 5 kati ya 5.'));
    expect(amina.text).toContain(board.join('\n'));
  });

  it('shows no leaderboard when nobody scored, and tells each child kindly', async () => {
    const { app, say, seen, setUp } = quizClass();
    const code = await setUp({ locale, count: '1' });
    await say('kid', `${join} ${code}`);
    await say('patron', app.translator.t(locale, 'quiz:host.start'));
    await say('kid', optionsOf(app, locale, seen.get('kid')!.at(-1)!.text).wrong);
    await say('patron', app.translator.t(locale, 'quiz:host.end'));
    const finished = seen.get('kid')!.find((m) => m.key.startsWith('quiz:player.finished'))!;
    expect(finished.key).toBe('quiz:player.finishedNoTop');
    expect(finished.text).not.toContain(word('Top players', 'Walioongoza'));
    expect(finished.text).not.toMatch(/\b0\b/);
  });

  it("gives the patron a summary naming each question, with its share right and the lesson to go over", async () => {
    const { app, say, seen, setUp } = quizClass();
    const code = await setUp({ locale, band: '1', count: '1' });
    for (const kid of ['amina', 'baraka']) await say(kid, `${join} ${code}`);
    const asked: ReturnType<typeof optionsOf>[] = [];
    await say('patron', app.translator.t(locale, 'quiz:host.start'));
    for (let n = 1; n <= 5; n++) {
      const question = [...seen.get('amina')!].reverse().find((m) => m.key === 'quiz:player.question')!;
      const options = optionsOf(app, locale, question.text);
      asked.push(options);
      // Amina gets the odd questions right, Baraka only the first.
      await say('amina', n % 2 === 1 ? options.right : options.wrong);
      await say('baraka', n === 1 ? options.right : options.wrong);
      await say('patron', app.translator.t(locale, n < 5 ? 'quiz:host.nextQuestion' : 'quiz:host.results'));
    }
    const summary = seen.get('patron')!.find((m) => m.key === 'quiz:host.summary')!;
    const shares = [100, 0, 50, 0, 50];
    const order = [1, 3, 2, 4, 0]; // the hardest first; equal shares in the order asked
    const lines = order.map((i) => {
      const { q } = asked[i]!;
      const name = app.translator.t(locale, questionNameKey(q));
      const lesson = app.translator.t(locale, lessonKeys(q.band, q.lesson).title);
      return word(`• Question ${i + 1}, ${shares[i]}% right: ${name}\n   Lesson: ${lesson}`, `• Swali ${i + 1}, ${shares[i]}% walipatia: ${name}\n   Somo: ${lesson}`);
    });
    expect(summary.text).toContain(lines.join('\n'));
  });
});

describe('the patron’s summary and the leaderboard, from their parts', () => {
  const resources = readLocales(projectPath('locales'));
  const at = (locale: 'en' | 'sw', key: string): unknown =>
    key.split(':')[1]!.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], resources[locale][key.split(':')[0]!]);

  it('has a short name, in both languages, for every question the bank can ask, and none for a question it cannot', () => {
    const keys = bank.all().map(questionNameKey);
    for (const locale of locales) {
      for (const key of keys) {
        const name = at(locale, key);
        expect(typeof name, `${locale} ${key}`).toBe('string');
        expect((name as string).length, `${locale} ${key} is short`).toBeLessThanOrEqual(70);
      }
      const named = Object.entries(resources[locale].quiz!['question'] as Record<string, Record<string, string>>).flatMap(([lesson, qs]) =>
        Object.keys(qs).map((id) => `quiz:question.${lesson}.${id}`),
      );
      expect(named.sort()).toEqual([...keys].sort());
    }
  });

  it('lists only players with points, three at most, equal points sharing a place, and says how many more share the last place', () => {
    const player = (animal: string, score: number): Player => ({ adjective: 'swift', animal, score, answer: null, left: false });
    const lines = (players: Player[]) => leaderboard(players).map((m) => [m.key, m.vars?.rank ?? m.vars?.count, m.vars?.score]);
    expect(lines([player('lion', 0), player('hare', 0)])).toEqual([]);
    expect(lines([player('lion', 1), player('hare', 0), player('zebra', 3)])).toEqual([
      ['quiz:rank', 1, 3],
      ['quiz:rankOne', 2, 1],
    ]);
    expect(lines([player('lion', 2), player('hare', 4), player('zebra', 2), player('eagle', 2), player('hippo', 2), player('kobe', 1)])).toEqual([
      ['quiz:rank', 1, 4],
      ['quiz:rank', 2, 2],
      ['quiz:rank', 2, 2],
      ['quiz:rankMore', 2, 2],
    ]);
    expect(lines([player('lion', 1), player('hare', 1), player('zebra', 1), player('eagle', 1)]).at(-1)).toEqual(['quiz:rankMoreOne', 1, 1]);
  });
});
