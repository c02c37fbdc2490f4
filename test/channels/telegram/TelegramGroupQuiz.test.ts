import type { Bot } from 'grammy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TelegramGroupQuiz } from '../../../src/channels/telegram/TelegramGroupQuiz.js';
import { lessonKeys } from '../../../dialogs/shared/lessonKeys.js';
import { projectPath } from '../../../src/app/projectPath.js';
import { QuizBank } from '../../../src/quiz/QuizBank.js';
import { loadSeeds } from '../../../src/seeds/loadSeeds.js';
import { createTestApp, testPatronCode, type TestApp } from '../../support/testApp.js';
import { BotApiEmulator, botUser, type StoredMessage } from './BotApiEmulator.js';
import { FakeUser } from './FakeUser.js';
import { groupQuizBot } from './groupQuizBot.js';

/* The channel and the group quiz in this process, in front of the real engine and quiz hub (memory
 * storage, seeded codes and nicknames), on the Bot API emulator without pacing: a whole club quiz
 * in a group and in private chats, quickly. Each update has been handled when handleUpdate
 * returns; what the hub pushes meanwhile has been sent once `settled()` resolves. */

const token = '123456789:not-a-real-token_only-for-tests-0123';

let emulator: BotApiEmulator;
let app: TestApp;
let groupQuiz: TelegramGroupQuiz;
let bot: Bot;

beforeEach(async () => {
  emulator = await BotApiEmulator.start(token);
  app = createTestApp();
  ({ bot, groupQuiz } = groupQuizBot(app, emulator, token));
  emulator.sink = (update) => bot.handleUpdate(update as never);
});

afterEach(() => emulator.close());

const en = (key: string, vars?: Record<string, string | number>) => app.translator.t('en', key, vars);
const sw = (key: string, vars?: Record<string, string | number>) => app.translator.t('sw', key, vars);
const settled = () => app.quiz.settled();
const seeds = loadSeeds(projectPath('seeds'));
const bank = new QuizBank(seeds.lessons, seeds.quiz);
/** The id of the right option of the question a group message shows. */
function rightOf(message: StoredMessage, locale: 'en' | 'sw' = 'en'): string {
  const q = bank.all().find((q) => message.text!.includes(`\n\n${app.translator.t(locale, lessonKeys(q.band, q.lesson)[q.kind](q.question.id).question)}\n\n`));
  return q!.question.options.find((o) => o.correct)!.id;
}
/** The options as a message lists them: "1. Nobody". */
const optionLines = (text: string | undefined) => (text ?? '').split('\n').filter((line) => /^\d\. /.test(line));
const buttonTexts = (message: StoredMessage | undefined) =>
  ((message?.replyMarkup?.inline_keyboard ?? []) as { text: string }[][]).map((row) => row.map((b) => b.text).join('|'));
const buttons = (message: StoredMessage | undefined) =>
  ((message?.replyMarkup?.inline_keyboard ?? []) as { text: string; callback_data: string }[][]).map((row) =>
    // A private chat's buttons carry their question's version after "~"; the choice is before it.
    row.map((b) => b.callback_data.split('~')[0]).join('|'),
  );

/**
 * A patron who typed their way to the lobby of a five-question quiz, without a time limit, and a
 * child who joined from a private chat (the session starts only with a player in the lobby; a
 * group's members become players when they first answer); returns the join code.
 */
async function lobby(patron: FakeUser, child = new FakeUser(emulator, patron.from.id + 1000, 'Kid')): Promise<string> {
  for (const text of ['hi', 'English', '5', 'ok', 'Run a club quiz', testPatronCode, '1', 'Mixed', '5 questions', '1']) await patron.say(text);
  const last = patron.unread().at(-1)!;
  expect(last.text).toContain('Your quiz is ready');
  const code = /join ([A-Z0-9]{5})/.exec(last.text!)![1]!;
  await child.say(`join ${code}`);
  return code;
}

/** Press an answer button in the group (as shown, or as an old screen still shows it); returns the note only the presser saw. */
async function answer(member: FakeUser, message: StoredMessage, option: string): Promise<string | undefined> {
  const query = await emulator.press(member.from, message, `quiz:${option}`);
  expect(emulator.isAnswered(query)).toBe(true);
  return emulator.toastOf(query);
}

describe('a Telegram group playing a club quiz', () => {
  it('shows each question as one message, edits it into the answer, and tells each presser alone how it went', async () => {
    const patron = new FakeUser(emulator, 501, 'Patron');
    const code = await lobby(patron);
    const club = emulator.group(-100_501, 'Quiz club');
    const wambui = new FakeUser(emulator, 502, 'Wambui', club);
    const korir = new FakeUser(emulator, 503, 'Korir', club);

    await wambui.say(`/join@${botUser.username} ${code}`);
    await settled();
    const [joined] = wambui.unread();
    expect(joined!.text).toBe(en('quiz:group.joined', { questions: 5, bot: `@${botUser.username}` }));

    await patron.say('Start the quiz');
    await settled();
    const [, question] = emulator.botMessagesIn(club.id);
    expect(question!.text).toMatch(/^❓ Question 1 of 5:\n\n.+\n\n1\. .+\n2\. .+\n3\. .+(\n4\. .+)?\n\n👇 /s);
    expect(question!.text!.endsWith(en('quiz:group.tap'))).toBe(true);
    expect(buttons(question)).toEqual(['quiz:a', 'quiz:b', 'quiz:c', 'quiz:d'].slice(0, optionLines(question!.text).length));
    // The patron reads out the same numbered options the group sees, on its buttons too.
    const read = optionLines(patron.unread().at(-1)!.text);
    expect(read.length).toBeGreaterThanOrEqual(3);
    expect(optionLines(question!.text)).toEqual(read);
    expect(buttonTexts(question)).toEqual(read);

    const right = rightOf(question!);
    const wrong = right === 'a' ? 'b' : 'a';
    const saved = await answer(wambui, question!, right);
    expect(saved).toMatch(/^\S+ \S+( \S+)?: answer saved ✓$/);
    const korirSaved = await answer(korir, question!, wrong);
    expect(korirSaved).toMatch(/: answer saved ✓$/);
    // A second press (a changed mind, a double tap) does not count twice, and says so.
    const nickname = saved!.split(':')[0]!;
    expect(await answer(wambui, question!, wrong)).toBe(`${nickname}: you already answered this one`);
    // Nobody waits for "everyone" in a group: the question stays until the patron shows the answer.
    expect(question!.replyMarkup).toBeDefined();

    const body = question!.text!.split('\n\n👇')[0]!;
    await patron.say('Show the answer');
    await settled();
    const host = patron.unread().at(-1)!;
    expect(host.text).toMatch(/^Question 1: 2 of 3 answered, [0-2] got it right\./);
    expect(question!.text).toMatch(new RegExp(`^${escape(body)}\\n\\n✅ The answer: .+\\n\\n.+\\n\\n📊 2 answered, [0-2] got it right\\.$`, 's'));
    expect(question!.replyMarkup).toBeUndefined();
    expect(emulator.botMessagesIn(club.id)).toHaveLength(2);
    expect(await answer(korir, question!, 'c')).toBe(en('quiz:group.toast.between'));

    await patron.say('Next question');
    await settled();
    const second = emulator.botMessagesIn(club.id)[2]!;
    expect(second.text).toMatch(/^❓ Question 2 of 5:/);
    // A press on the first question's message never answers the second.
    expect(await answer(korir, question!, 'a')).toBe(en('quiz:group.toast.between'));
    await answer(korir, second, rightOf(second) === 'a' ? 'b' : 'a');

    await patron.say('End the quiz');
    await settled();
    const finished = emulator.botMessagesIn(club.id)[3]!;
    expect(finished.text).toContain('🏁 The quiz is over! Questions asked: 2.');
    // Only who scored is on the board, with their points: Korir, with none, is not.
    expect(finished.text).toContain(`Top players:\n1. ${nickname}: 1 point\n\n`);
    expect(finished.text).not.toContain(korirSaved!.split(':')[0]!);
    expect(finished.text).not.toMatch(/: 0\b/);
    expect(second.replyMarkup).toBeUndefined();
    expect(await answer(korir, second, 'a')).toBe(en('quiz:group.toast.closed'));

    // One message per question, edited once; and no name, username or id of anyone, anywhere in the group.
    expect(emulator.callsOf('sendMessage', club.id)).toHaveLength(4);
    expect(emulator.callsOf('editMessageText', club.id)).toHaveLength(1);
    const shown = [...emulator.botMessagesIn(club.id).map((m) => m.text), ...emulator.callsOf('answerCallbackQuery').map((c) => String(c.payload.text))].join('\n');
    for (const user of [patron, wambui, korir]) {
      for (const secret of [String(user.from.id), user.from.first_name, user.from.username]) expect(shown).not.toContain(secret);
    }
    expect(shown).not.toContain(String(club.id));
  });

  it('joins in Kiswahili with "/jiunge", answers in Kiswahili, and a code not live gets one note in both languages', async () => {
    const patron = new FakeUser(emulator, 511, 'Patron');
    const code = await lobby(patron);
    const club = emulator.group(-100_511, 'Klabu');
    const amani = new FakeUser(emulator, 512, 'Amani', club);

    await amani.say('/join ZZZZZ');
    await amani.say(`/jiunge@some_other_bot ${code}`);
    await amani.say(`jiunge ${code.toLowerCase()} tafadhali`);
    await settled();
    expect(amani.unread().map((m) => m.text)).toEqual([`${en('quiz:group.unknown')}\n\n${sw('quiz:group.unknown')}`]);
    // No example code a child might copy as it is.
    expect(sw('quiz:group.unknown')).toContain('msimbo');
    expect(`${en('quiz:group.unknown')}\n${sw('quiz:group.unknown')}`).not.toMatch(/\b[A-Z0-9]{5}\b/);

    await amani.say(`/jiunge ${code}`);
    await settled();
    expect(amani.unread().at(-1)!.text).toBe(sw('quiz:group.joined', { questions: 5, bot: `@${botUser.username}` }));
    await patron.say('Start the quiz');
    await settled();
    const question = amani.unread().at(-1)!;
    expect(question.text).toMatch(/^❓ Swali 1 kati ya 5:\n\n.+\n\n1\. .+\n2\. .+\n3\. .+/s);
    expect(buttonTexts(question)).toEqual(optionLines(question.text));
    const toast = await answer(amani, question, rightOf(question, 'sw'));
    expect(toast).toMatch(/^\S+( \S+)? \S+: jibu limehifadhiwa ✓$/);
    await patron.say('End the quiz');
    await settled();
    const finished = amani.unread().at(-1)!.text;
    expect(finished).toContain('🏁 Chemsha bongo imeisha!');
    expect(finished).toContain(`Walioongoza:\n1. ${toast!.split(':')[0]}: alama 1\n\n`);
  });

  it('pushes the next question to a child who joined in a private chat, with buttons they can press', async () => {
    const patron = new FakeUser(emulator, 521, 'Patron');
    const child = new FakeUser(emulator, 522, 'Mumbua');
    await lobby(patron, child);
    expect(child.unread().map((m) => m.text!.split('!')[0])).toEqual(["You're in"]);

    await patron.say('Start the quiz');
    await settled();
    const [, question] = child.unread();
    expect(question!.text).toMatch(/^Question 1 of 5:/);
    expect(buttons(question).slice(0, 3)).toEqual(['a', 'b', 'c']);
    // Numbered as the patron reads them out; help keeps its own words.
    const shown = ((question!.replyMarkup?.inline_keyboard ?? []) as { text: string }[][]).map((row) => row[0]!.text);
    const read = patron.unread().find((m) => /^Question 1 of 5\. Read it out/.test(m.text ?? ''))!.text!;
    for (const [i, label] of shown.slice(0, -1).entries()) {
      expect(label).toMatch(new RegExp(`^${i + 1}\\. `));
      expect(read).toContain(label);
    }
    expect(shown.at(-1)).toBe(en('common:choice.help'));
    await child.press(question!, 'a');
    await settled();
    const after = child.unread().slice(2).map((m) => m.text);
    // The only player answered: the answer is shown to them at once, and the patron is told.
    expect(after[0]).toBe(en('quiz:player.answered'));
    expect(after.slice(1).join('\n')).toMatch(/The answer: /);
    expect(patron.unread().at(-1)!.text).toMatch(/^Question 1: 1 of 1 answered/);
  });

  it('starts nothing in a group for a code of a quiz that is over, and says so in both languages', async () => {
    const club = emulator.group(-100_541, 'Club');
    const member = new FakeUser(emulator, 542, 'Neema', club);
    const patron = new FakeUser(emulator, 541, 'Patron');
    const code = await lobby(patron);
    await patron.say('End the quiz');
    await member.say(`/join ${code}`);
    await settled();
    expect(member.unread().map((m) => m.text)).toEqual([`${en('quiz:group.unknown')}\n\n${sw('quiz:group.unknown')}`]);
  });

  it('takes the buttons away from a question left open when the quiz ends, and answers presses there', async () => {
    const patron = new FakeUser(emulator, 531, 'Patron');
    const code = await lobby(patron);
    const club = emulator.group(-100_531, 'Club');
    const member = new FakeUser(emulator, 532, 'Kerubo', club);
    await member.say(`/join ${code}`);
    await patron.say('Start the quiz');
    await settled();
    const question = member.unread().at(-1)!;
    await patron.say('End the quiz');
    await settled();
    expect(question.replyMarkup).toBeUndefined();
    // Nobody answered it right, so nobody's zero is shown: no leaderboard at all.
    expect(member.unread().at(-1)!.text).toBe(en('quiz:group.finishedNobody', { total: 1, bot: `@${botUser.username}` }));
    const query = await emulator.press(member.from, question, 'quiz:a');
    expect(emulator.toastOf(query)).toBe(en('quiz:group.toast.closed'));
    expect(await groupQuiz.idle(1000)).toBe(true);
  });

  it("answers a press that comes before the question's send has returned, once it has", async () => {
    const patron = new FakeUser(emulator, 521, 'Patron');
    const code = await lobby(patron);
    const club = emulator.group(-100_521, 'Quiz club');
    const atieno = new FakeUser(emulator, 522, 'Atieno', club);
    await atieno.say(`/join ${code}`);
    await settled();

    // The Bot API has stored the question (a fast phone shows it) but its answer is still on the way.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const send = bot.api.sendMessage.bind(bot.api);
    bot.api.sendMessage = (async (...args: Parameters<typeof send>) => {
      const sent = await send(...args);
      if (args[2]?.reply_markup) await held;
      return sent;
    }) as typeof send;
    await patron.say('Start the quiz');
    const question = await emulator.waitFor(() => emulator.botMessagesIn(club.id)[1], 'the question in the group');
    const answered = () => emulator.callsOf('answerCallbackQuery').length;
    const before = answered();
    const pressing = emulator.press(atieno.from, question, 'quiz:a');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(answered(), 'answered before the send returned').toBe(before);
    release();
    const query = await pressing;
    expect(emulator.toastOf(query)).toMatch(/: answer saved ✓$/);
    await settled();
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
