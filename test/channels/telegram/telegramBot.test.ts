import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectPath } from '../../../src/app/projectPath.js';
import { loadSeeds } from '../../../src/seeds/loadSeeds.js';
import { createTestApp, testPatronCode } from '../../support/testApp.js';
import { BotApiEmulator, botUser, type StoredMessage } from './BotApiEmulator.js';
import { BotProcess } from './BotProcess.js';
import { FakeUser } from './FakeUser.js';

/* The real bot, started as `npm start` starts it with TELEGRAM_BOT_TOKEN, talking to a local Bot
 * API emulator (TELEGRAM_API_ROOT) instead of Telegram. Each test is its own user, so the tests of
 * the first group run side by side, as real users would; Telegram's pace of one message a second
 * per chat is kept, so each test takes a few seconds. */

const token = '123456789:not-a-real-token_only-for-tests-0123';
/** Telegram-like user ids, distinctive enough to search the logs and data for. */
const id = (n: number) => 482_719_000 + n;
const { translator } = createTestApp();
const lessons = loadSeeds(projectPath('seeds')).lessons.sets.age13_15;
const en = (key: string, vars?: Record<string, string | number>) => translator.t('en', key, vars);
const sw = (key: string) => translator.t('sw', key);

const dataDir = mkdtempSync(path.join(tmpdir(), 'telegram-'));
let emulator: BotApiEmulator;
let bot: BotProcess;

beforeAll(async () => {
  emulator = await BotApiEmulator.start(token);
  bot = BotProcess.start({
    TELEGRAM_BOT_TOKEN: token,
    TELEGRAM_API_ROOT: emulator.apiRoot,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    PATRON_CODES: testPatronCode,
  });
  await bot.waitForLog(/the Telegram bot is running/);
});

afterAll(async () => {
  await bot?.stop('SIGKILL');
  await emulator?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** /start, English, 13-15, "OK, got it": a user at the main menu. */
async function onboard(user: FakeUser): Promise<void> {
  await user.say('/start');
  const [, language] = await user.replies(2);
  await user.press(language!, 'English');
  const [audience] = await user.replies(1);
  await user.press(audience!, 'I am 13 to 15 years old');
  const [privacy] = await user.replies(1);
  await user.press(privacy!, 'OK, got it');
  const [menu] = await user.replies(1);
  expect(menu!.text).toBe(en('menu:title'));
}

/** Type a choice's label (one call a step, where a press costs two: the pressed keyboard is edited too) and read the one reply. */
async function choose(user: FakeUser, label: string): Promise<StoredMessage> {
  await user.say(label);
  const [reply] = await user.replies(1);
  return reply!;
}

const labels = (message: { replyMarkup?: Record<string, any> | undefined } | undefined) =>
  ((message?.replyMarkup?.inline_keyboard ?? []) as { text: string }[][]).map((row) => row.map((b) => b.text).join(' | '));

describe.concurrent('the Telegram bot, polling', () => {
  it('starts as npm start does with a token: polling, commands registered in both languages, no terminal chat', async () => {
    expect(emulator.callsOf('deleteWebhook')).toHaveLength(1);
    // On a busy machine the first poll can come a moment after start-up.
    await emulator.waitFor(() => emulator.callsOf('getUpdates').length > 0, 'the first getUpdates');
    const commands = emulator.callsOf('setMyCommands').map((c) => c.payload);
    expect(commands).toHaveLength(2);
    const english = commands.find((c) => c.language_code === undefined);
    const kiswahili = commands.find((c) => c.language_code === 'sw');
    expect(english?.commands).toEqual([
      { command: 'help', description: en('common:choice.help') },
      { command: 'menu', description: en('common:choice.menu') },
      { command: 'language', description: en('settings:item.language') },
      { command: 'stop', description: 'Stop the chat at once' },
      { command: 'exit', description: en('common:choice.exit') },
      { command: 'forget', description: en('settings:item.forget') },
    ]);
    expect(kiswahili?.commands.map((c: { command: string }) => c.command)).toEqual(['help', 'menu', 'language', 'stop', 'exit', 'forget']);
    expect(kiswahili?.commands[0].description).toBe(sw('common:choice.help'));
    // The profile a child sees before writing: free, private, and the numbers, in both languages.
    const described = emulator.callsOf('setMyDescription').map((c) => c.payload);
    expect(described).toEqual([{ description: en('common:telegram.description') }, { description: sw('common:telegram.description'), language_code: 'sw' }]);
    expect(described[0]!.description).toMatch(/999.*112.*116/s);
    const short = emulator.callsOf('setMyShortDescription').map((c) => c.payload);
    expect(short).toEqual([
      { short_description: en('common:telegram.shortDescription') },
      { short_description: sw('common:telegram.shortDescription'), language_code: 'sw' },
    ]);
    expect(short.every((c) => c.short_description.length <= 120)).toBe(true);
    expect(bot.stdout).toBe('');
  });

  it('takes a newcomer from /start through onboarding by button presses to the menu', async () => {
    const amina = new FakeUser(emulator, id(1), 'Amina');
    await amina.say('/start');
    const [welcome, language] = await amina.replies(2);
    expect(welcome!.text).toBe(en('onboarding:welcome'));
    expect(welcome!.replyMarkup).toBeUndefined();
    expect(language!.text).toBe(en('onboarding:language'));
    expect(labels(language)).toEqual(['English', 'Kiswahili', 'Get help now']);

    const query = await amina.press(language!, 'English');
    const [audience] = await amina.replies(1);
    expect(emulator.isAnswered(query)).toBe(true);
    // The pressed keyboard gives way to what was chosen, so it cannot be pressed again.
    expect(language!.text).toBe(`${en('onboarding:language')}\n\n✓ English`);
    expect(language!.replyMarkup).toBeUndefined();
    expect(audience!.text).toBe(en('onboarding:audience'));
    expect(labels(audience)).toContain('I am 13 to 15 years old');

    await amina.press(audience!, 'I am 13 to 15 years old');
    const [privacy] = await amina.replies(1);
    expect(privacy!.text).toBe(en('privacy:note.teen.short'));
    // A quick second tap on the same button, before the edit shows, is answered and nothing more.
    const again = await emulator.press(amina.from, audience!, 'age13_15');
    await emulator.waitFor(() => emulator.isAnswered(again), 'the second tap answered');

    await amina.press(privacy!, 'OK, got it');
    const [menu] = await amina.replies(1);
    expect(menu!.text).toBe(en('menu:title'));
    expect(labels(menu)).toContain(en('menu:item.settings'));
    expect(labels(menu).at(-1)).toBe('Get help now');
    expect(amina.unread()).toEqual([]);

    // Telegram's pace: about one message a second in a chat (calls that change the chat included;
    // a little slack for a busy test machine; unpaced, they would be milliseconds apart).
    const paced = emulator.calls.filter((c) => Number(c.payload.chat_id) === id(1)).map((c) => c.at);
    for (let i = 1; i < paced.length; i++) expect(paced[i]! - paced[i - 1]!).toBeGreaterThanOrEqual(800);
  });

  it('takes a lesson: leaves it for the menu, resumes it, answers by button, and finishes it', async () => {
    const zawadi = new FakeUser(emulator, id(30), 'Zawadi');
    await onboard(zawadi);
    const lesson = lessons[0]!;
    const title = en(`lessons-age13_15:${lesson.id}.title`);
    // Typed labels (one call a step) for the way there; presses for the answers.
    await choose(zawadi, en('menu:item.lessons'));
    let card = await choose(zawadi, title);
    expect(card.text).toContain(en(`lessons-age13_15:${lesson.id}.card.${lesson.cards[0]}`).slice(0, 40));
    await choose(zawadi, 'menu');
    let list = await choose(zawadi, en('menu:item.lessons'));
    expect(labels(list)[0]).toBe(`▶ ${title}`);
    await choose(zawadi, title);
    card = await choose(zawadi, en('lessons:continue'));
    for (let n = 1; n <= lesson.cards.length; n++) card = await choose(zawadi, en('lessons:next'));
    let check = card;
    for (const question of lesson.checks) {
      await zawadi.press(check, question.options.find((o) => o.correct)!.id);
      const [feedback, next] = await zawadi.replies(2);
      expect(feedback!.text).toMatch(/^✅/);
      check = next!;
    }
    expect(check.text).toContain(`${lesson.checks.length} of ${lesson.checks.length}`);
    list = await choose(zawadi, en('lessons:allLessons'));
    expect(labels(list)[0]).toBe(`✓ ${title}`);
  }, 60_000);

  it('answers /help with the numbers to call, from anywhere', async () => {
    const baraka = new FakeUser(emulator, id(2), 'Baraka');
    await baraka.say('/help');
    const [help] = await baraka.replies(1);
    expect(help!.text).toBe(en('help:now'));
    expect(help!.text).toContain('116');
    expect(labels(help).length).toBeGreaterThan(0);
  });

  it('understands free text, numbers and label text as well as buttons', async () => {
    const chebet = new FakeUser(emulator, id(3), 'Chebet');
    await chebet.say('hi');
    const [welcome] = await chebet.replies(2);
    expect(welcome!.text).toBe(en('onboarding:welcome'));
    await chebet.say('2');
    const [audience] = await chebet.replies(1);
    expect(audience!.text).toBe(sw('onboarding:audience'));
    await chebet.say(sw('common:audience.age13_15'));
    const [privacy] = await chebet.replies(1);
    expect(privacy!.text).toBe(sw('privacy:note.teen.short'));
  });

  it('treats a press on an old keyboard as no choice, decided from the stored session: answered, its keyboard removed, the current question asked again', async () => {
    const daudi = new FakeUser(emulator, id(4), 'Daudi');
    await daudi.say('/start');
    const [, language] = await daudi.replies(2);
    await daudi.say('English');
    const [audience] = await daudi.replies(1);
    expect(audience!.text).toBe(en('onboarding:audience'));

    const stale = await daudi.press(language!, 'Kiswahili');
    const [again] = await daudi.replies(1);
    expect(emulator.isAnswered(stale)).toBe(true);
    expect(language!.replyMarkup).toBeUndefined();
    expect(language!.text).toBe(en('onboarding:language'));
    // Still English, still the audience question: the old "Kiswahili" did not count.
    expect(again!.text).toBe(en('onboarding:audience'));
    expect(labels(again)).toEqual(labels(audience));
    // A press on the keyboard now waiting counts, even though an old one was pressed first.
    await daudi.press(again!, en('common:audience.age13_15'));
    const [privacy] = await daudi.replies(1);
    expect(privacy!.text).toBe(en('privacy:note.teen.short'));
  });

  it('uses a shared location once, without keeping or logging it', async () => {
    const esther = new FakeUser(emulator, id(5), 'Esther');
    await esther.say('/start');
    await esther.replies(2);
    await esther.send({ location: { latitude: -1.3133, longitude: 36.7876 } });
    const [reply, carryOn] = await esther.replies(2);
    expect(reply!.text).toBe(en('common:locationUnexpected'));
    expect(carryOn!.text).toBe(en('common:carryOn'));
    expect(labels(carryOn)).toEqual(['English', 'Kiswahili', 'Get help now']);
  });

  it('refuses a photo kindly and never downloads it', async () => {
    const faith = new FakeUser(emulator, id(6), 'Faith');
    await faith.send({ photo: [{ file_id: 'secret-photo-file', file_unique_id: 'u1', width: 90, height: 90 }], caption: 'look at my cat' });
    const [refused, welcome] = await faith.replies(3);
    expect(refused!.text).toBe(en('common:mediaRefused'));
    expect(welcome!.text).toBe(en('onboarding:welcome'));
    await faith.send({ voice: { file_id: 'secret-voice-file', file_unique_id: 'u2', duration: 3 } });
    const [again, carryOn] = await faith.replies(2);
    expect(again!.text).toBe(en('common:voiceRefused'));
    expect(carryOn!.text).toBe(en('common:carryOn'));
    expect(emulator.callsOf('getFile')).toEqual([]);
    expect(emulator.fileDownloads).toEqual([]);
  });

  it('on /forget, after "Yes, forget me", deletes the earlier messages in the chat, hers and its own, but not the reply', async () => {
    const grace = new FakeUser(emulator, id(7), 'Grace');
    await onboard(grace);
    await grace.say('/forget');
    const [confirm] = await grace.replies(1);
    expect(confirm!.text).toBe(en('settings:forget.confirm'));
    const before = emulator.messagesIn(id(7)).map((m) => m.messageId);
    await grace.press(confirm!, en('settings:forget.yes'));
    const [erased] = await grace.replies(1);
    expect(erased!.text).toBe(en('common:erased'));
    const call = await emulator.waitFor(() => emulator.callsOf('deleteMessages', id(7))[0], 'deleteMessages');
    expect(call.payload.message_ids).toEqual(before);
    expect(emulator.messagesIn(id(7)).some((m) => !m.fromBot)).toBe(true);
    const left = emulator.messagesIn(id(7)).filter((m) => !m.deleted);
    expect(left.map((m) => m.messageId)).toEqual([erased!.messageId]);
  });

  it('on /exit, at once and without a question, clears both sides of the chat and leaves one neutral line', async () => {
    const halima = new FakeUser(emulator, id(40), 'Halima');
    await onboard(halima);
    await halima.say('my uncle touches me');
    await halima.replies(2);
    await halima.say('/exit');
    const [done] = await halima.replies(1);
    expect(done!.text).toBe(en('common:exited'));
    await emulator.waitFor(() => emulator.callsOf('deleteMessages', id(40))[0], 'deleteMessages');
    const left = emulator.messagesIn(id(40)).filter((m) => !m.deleted);
    expect(left.map((m) => m.text)).toEqual([en('common:exited')]);
    // In Kiswahili too.
    const juma = new FakeUser(emulator, id(41), 'Juma');
    await juma.say('habari');
    await juma.replies(2);
    await juma.say('funga');
    const [sawa] = await juma.replies(1);
    expect(sawa!.text).toBe(en('common:exited'));
    await emulator.waitFor(() => emulator.callsOf('deleteMessages', id(41))[0], 'deleteMessages');
    expect(emulator.messagesIn(id(41)).filter((m) => !m.deleted).map((m) => m.text)).toEqual([en('common:exited')]);
  });

  it('"Erase this chat" in privacy and settings deletes its earlier messages and carries on', async () => {
    const hawa = new FakeUser(emulator, id(8), 'Hawa');
    await onboard(hawa);
    const [menu] = emulator.botMessagesIn(id(8)).slice(-1);
    await hawa.press(menu!, en('menu:item.settings'));
    const [settings] = await hawa.replies(1);
    await hawa.press(settings!, en('settings:item.eraseChat'));
    const [erased, nextMenu] = await hawa.replies(2);
    expect(erased!.text).toBe(en('common:chatErased'));
    expect(nextMenu!.text).toBe(en('menu:title'));
    await emulator.waitFor(() => emulator.callsOf('deleteMessages', id(8))[0], 'deleteMessages');
    const left = emulator.botMessagesIn(id(8)).filter((m) => !m.deleted);
    expect(left.map((m) => m.messageId)).toEqual([erased!.messageId, nextMenu!.messageId]);
  });

  it('keeps two users apart when they write at the same time', async () => {
    const imani = new FakeUser(emulator, id(9), 'Imani');
    const juma = new FakeUser(emulator, id(10), 'Juma');
    await Promise.all([imani.say('/start'), juma.say('/start')]);
    const [[, imaniLanguage], [, jumaLanguage]] = await Promise.all([imani.replies(2), juma.replies(2)]);
    await Promise.all([imani.press(imaniLanguage!, 'English'), juma.press(jumaLanguage!, 'Kiswahili')]);
    const [[imaniAudience], [jumaAudience]] = await Promise.all([imani.replies(1), juma.replies(1)]);
    expect(imaniAudience!.text).toBe(en('onboarding:audience'));
    expect(jumaAudience!.text).toBe(sw('onboarding:audience'));
    expect(imani.unread()).toEqual([]);
    expect(juma.unread()).toEqual([]);
  });

  it('waits and retries when Telegram answers 429 with retry_after', async () => {
    const kioko = new FakeUser(emulator, id(11), 'Kioko');
    emulator.failNext('sendMessage', { chatId: id(11), retryAfter: 1 });
    await kioko.say('/help');
    const [help] = await kioko.replies(1);
    expect(help!.text).toBe(en('help:now'));
    const attempts = emulator.callsOf('sendMessage', id(11));
    expect(attempts.map((a) => a.status)).toEqual([429, 200]);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(1000);
    expect(kioko.unread()).toEqual([]);
  });

  it('logs an update that fails, without its content, and carries on with the next one', async () => {
    const neema = new FakeUser(emulator, id(14), 'Neema');
    emulator.failNext('sendMessage', { chatId: id(14), code: 400 });
    await neema.say('/help');
    await bot.waitForLog(/a Telegram update failed/);
    await neema.say('/help');
    const [help] = await neema.replies(1);
    expect(help!.text).toBe(en('help:now'));
    const failure = bot.stderr.split('\n').find((line) => line.includes('a Telegram update failed'));
    expect(JSON.parse(failure!)).toMatchObject({ level: 50, err: 'GrammyError', method: 'sendMessage', code: 400 });
  });

  it('gives the patron one-tap links that join a new child (after set-up) and a club group; an unknown code is said kindly', async () => {
    const patron = new FakeUser(emulator, id(50), 'Achieng');
    await patron.say('/start');
    await patron.replies(2);
    for (const label of ['English', en('common:audience.patron'), 'OK, got it']) await choose(patron, label);
    await choose(patron, en('menu:item.quiz'));
    for (const typed of [testPatronCode, en('quiz:band.age13_15'), en('quiz:topic.mixed'), en('quiz:host.questions5')]) await choose(patron, typed);
    const lobby = await choose(patron, en('quiz:host.limit.none'));
    const code = /join ([A-Z0-9]{5})/.exec(lobby.text ?? '')?.[1];
    expect(lobby.text).toContain(`https://t.me/${botUser.username}?start=join-${code}`);
    expect(lobby.text).toContain(`https://t.me/${botUser.username}?startgroup=join-${code}`);

    // A child who has never written taps the link: set-up first, then straight into the quiz.
    const wanjiru = new FakeUser(emulator, id(51), 'Wanjiru');
    await wanjiru.say(`/start join-${code}`);
    const [welcome, language] = await wanjiru.replies(2);
    expect(welcome!.text).toBe(en('onboarding:welcome'));
    await wanjiru.press(language!, 'English');
    const [audience] = await wanjiru.replies(1);
    await wanjiru.press(audience!, en('common:audience.age13_15'));
    const [privacy] = await wanjiru.replies(1);
    await wanjiru.press(privacy!, 'OK, got it');
    const [joined] = await wanjiru.replies(1);
    expect(joined!.text).toMatch(/^You're in!/);
    // The same in Kiswahili.
    const baraka = new FakeUser(emulator, id(54), 'Baraka');
    await baraka.say(`/start join-${code}`);
    const [, lugha] = await baraka.replies(2);
    await baraka.press(lugha!, 'Kiswahili');
    const [wewe] = await baraka.replies(1);
    expect(wewe!.text).toBe(sw('onboarding:audience'));
    await baraka.press(wewe!, labels(wewe)[1]!);
    const [faragha] = await baraka.replies(1);
    await baraka.press(faragha!, labels(faragha)[0]!);
    const [ameingia] = await baraka.replies(1);
    expect(ameingia!.text).toMatch(/^Umeingia!/);

    // A club group the bot was added to through the group link.
    const club = emulator.group(-100_482_719_052, 'Link club');
    const member = new FakeUser(emulator, id(52), 'Otieno', club);
    await member.say(`/start@${botUser.username} join-${code}`);
    const [groupJoined] = await member.replies(1);
    expect(groupJoined!.text).toBe(en('quiz:group.joined', { questions: 5, bot: `@${botUser.username}` }));

    // A link to a quiz that has ended, or never was.
    const late = new FakeUser(emulator, id(53), 'Late');
    await onboard(late);
    await late.say('/start join-ZZZZ9');
    const [unknown] = await late.replies(1);
    expect(unknown!.text).toBe(en('quiz:join.unknown'));
    await patron.say(en('quiz:host.end'));
  }, 90_000);

  it('plays a club quiz in a group as one message per question, edited into the answer, and pushes questions to a private player', async () => {
    const patron = new FakeUser(emulator, id(20), 'Wairimu');
    await patron.say('/start');
    await patron.replies(2);
    for (const label of ['English', en('common:audience.patron'), 'OK, got it']) await choose(patron, label);
    const askCode = await choose(patron, en('menu:item.quiz'));
    expect(askCode.text).toBe(en('quiz:host.code'));
    for (const typed of [testPatronCode, en('quiz:band.age10_12'), en('quiz:topic.mixed'), en('quiz:host.questions5')]) await choose(patron, typed);
    const lobby = await choose(patron, en('quiz:host.limit.none'));
    const code = /join ([A-Z0-9]{5})/.exec(lobby.text ?? '')?.[1];
    expect(code, lobby.text).toBeDefined();

    // A child joins from a private chat, and a club's group joins with "/join CODE".
    const club = emulator.group(-100_482_719_020, 'Quiz club');
    const jelimo = new FakeUser(emulator, id(21), 'Jelimo');
    const nyokabi = new FakeUser(emulator, id(22), 'Nyokabi', club);
    const kipchumba = new FakeUser(emulator, id(23), 'Kipchumba', club);
    await Promise.all([jelimo.say(`join ${code}`), nyokabi.say(`/join ${code}`)]);
    const [[joined], [groupJoined]] = await Promise.all([jelimo.replies(1), nyokabi.replies(1)]);
    expect(joined!.text).toMatch(/^You're in!/);
    expect(groupJoined!.text).toBe(en('quiz:group.joined', { questions: 5, bot: `@${botUser.username}` }));

    const hostQuestion = await choose(patron, en('quiz:host.start'));
    expect(hostQuestion.text).toMatch(/^Question 1 of 5/);
    // The child wrote nothing since joining: the question is pushed to them, with its buttons.
    const [[pushed], [question]] = await Promise.all([jelimo.replies(1), nyokabi.replies(1)]);
    expect(pushed!.text).toMatch(/^Question 1 of 5:/);
    expect(labels(pushed).length).toBeGreaterThan(3);
    expect(question!.text).toMatch(/^❓ Question 1 of 5:/);
    // A question has three or four options (the bank's are picked at random here): one button each.
    const data = question!.replyMarkup?.inline_keyboard.flat().map((b: { callback_data: string }) => b.callback_data);
    expect(data).toEqual(['quiz:a', 'quiz:b', 'quiz:c', 'quiz:d'].slice(0, data.length));
    expect(data.length).toBeGreaterThanOrEqual(3);

    const presses = [await nyokabi.press(question!, 'quiz:a'), await kipchumba.press(question!, 'quiz:b')];
    const toasts = await emulator.waitFor(() => presses.every((q) => emulator.toastOf(q)) && presses.map((q) => emulator.toastOf(q)!), 'both toasts');
    for (const toast of toasts) expect(toast).toMatch(/^\S+ \S+: answer saved ✓$/);
    expect(toasts[0]).not.toBe(toasts[1]);

    const revealed = await choose(patron, en('quiz:host.reveal'));
    expect(revealed.text).toMatch(/^Question 1: 2 of 3 answered/);
    await emulator.waitFor(() => question!.replyMarkup === undefined, 'the question edited into its answer');
    expect(question!.text).toMatch(/^❓ Question 1 of 5:\n\n.+\n\n✅ The answer: .+\n\n📊 2 answered, [0-2] got it right\.$/s);
    expect(emulator.botMessagesIn(club.id)).toHaveLength(2);

    await patron.say(en('quiz:host.end'));
    const [summary] = await patron.replies(2);
    expect(summary!.text).toMatch(/^The quiz is over/);
    const [finished] = await nyokabi.replies(1);
    // The options pressed were picked without knowing the answer: a board only if one of them scored, with points.
    expect(finished!.text).toMatch(/^🏁 The quiz is over! Questions asked: 1\.(\n\nTop players:\n1\. \S+ \S+: 1 point)?/);

    // Per question in the group: one message sent, one edit; never anyone's name, username or id.
    const changes = emulator.calls.filter((c) => Number(c.payload.chat_id) === club.id && c.method !== 'answerCallbackQuery');
    expect(changes.map((c) => c.method)).toEqual(['sendMessage', 'sendMessage', 'editMessageText', 'sendMessage']);
    for (const call of changes) {
      expect(changes.filter((c) => c.at >= call.at && c.at < call.at + 60_000).length, 'messages a minute in the group').toBeLessThanOrEqual(20);
    }
    const shown = [...emulator.botMessagesIn(club.id).map((m) => m.text), ...toasts].join('\n');
    for (const user of [patron, jelimo, nyokabi, kipchumba]) {
      for (const secret of [String(user.from.id), user.from.first_name, user.from.username]) expect(shown, `${secret} was shown`).not.toContain(secret);
    }
  }, 60_000);

  it('in a group, answers only commands addressed to it, with a pointer to a private chat, and never repeats what a member wrote', async () => {
    const club = emulator.group(-100_482_719_999, 'Olympic club');
    const lulu = new FakeUser(emulator, id(12), 'Lulu', club);
    await lulu.say('hello everyone, my number is 0712345678');
    await lulu.send({ photo: [{ file_id: 'group-photo', file_unique_id: 'g1', width: 9, height: 9 }] });
    await lulu.say('/help@some_other_bot');
    await lulu.say('help');
    await lulu.say(`/help@${botUser.username}`);
    const [help] = await lulu.replies(1);
    expect(help!.text).toContain(`@${botUser.username}`);
    expect(help!.text).toContain('116');
    expect(help!.text).toContain('Kuongea nami');
    expect(help!.replyMarkup).toBeUndefined();
    await lulu.say('/menu');
    const [again] = await lulu.replies(1);
    expect(again!.text).toBe(help!.text);
    expect(lulu.unread()).toEqual([]);
    const everything = emulator.botMessagesIn(club.id).map((m) => m.text).join('\n');
    expect(everything).not.toContain('0712345678');
    expect(everything).not.toContain('hello everyone');
    expect(emulator.callsOf('getFile')).toEqual([]);
  });
});

describe('the Telegram bot, afterwards', () => {
  it('wrote no chat id, user id, name or text to its logs or DATA_DIR', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => (statSync(path.join(dir, name)).isDirectory() ? files(path.join(dir, name)) : [path.join(dir, name)]));
    const stored = files(dataDir).map((f) => readFileSync(f, 'utf8')).join('\n') + bot.stderr;
    for (const secret of [String(id(1)), String(id(7)), String(id(20)), String(id(30)), 'Zawadi', String(id(22)), '482719020', 'Wairimu', 'Nyokabi', String(id(12)), String(id(14)), '482719999', 'Amina', 'Lulu', '0712345678', 'hello everyone', '-1.3133', '36.7876', 'look at this', token]) {
      expect(stored, `"${secret}" was written`).not.toContain(secret);
    }
  });

  it('on SIGTERM finishes the reply in progress, then exits cleanly', async () => {
    const mosi = new FakeUser(emulator, id(13), 'Mosi');
    await mosi.say('/start');
    await emulator.waitFor(() => emulator.callsOf('sendMessage', id(13)).length > 0 || undefined, 'the first reply to start');
    const exit = await bot.stop('SIGTERM');
    expect(exit).toEqual({ code: 0, signal: null });
    expect(emulator.botMessagesIn(id(13)).map((m) => m.text)).toEqual([en('onboarding:welcome'), en('onboarding:language')]);
  });
});
