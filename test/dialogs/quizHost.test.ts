import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { createDialogs } from '../../dialogs/createDialogs.js';
import type { DialogEmitted } from '../../dialogs/shared/DialogEmitted.js';
import type { Message } from '../../dialogs/shared/Message.js';
import type { QuizPush } from '../../dialogs/shared/QuizPush.js';
import type { QuizRequest } from '../../dialogs/shared/QuizRequest.js';
import { projectPath } from '../../src/app/projectPath.js';
import { noLessonProgress } from '../../src/domain/LessonProgress.js';
import { QuizBank } from '../../src/quiz/QuizBank.js';
import { QuizHub } from '../../src/quiz/QuizHub.js';
import { loadSeeds } from '../../src/seeds/loadSeeds.js';
import { createTestApp, seededRandom } from '../support/testApp.js';

/* The patron's dialog on its own, fed what the quiz hub would answer: the join text it gives for a
 * service on WhatsApp (WHATSAPP_NUMBER set), on Telegram, on both, or on neither. */

const seeds = loadSeeds(projectPath('seeds'));
const host = createDialogs(seeds).quizHost;
const number = '+254 700 000 000';

/** Set a quiz up in the dialog, answering its requests as the hub would; returns the lobby message. */
function lobbyWith(whatsapp: string | null): Message {
  const said: Message[] = [];
  const asked: QuizRequest[] = [];
  const actor = createActor(host, {
    input: { locale: 'en', audience: 'patron', canResume: false, crisis: false, checkin: false, topic: null, county: null, offerLocale: null, lessons: noLessonProgress(), push: null },
  });
  actor.on('*', (emitted) => {
    const e = emitted as DialogEmitted;
    if (e.type === 'say') said.push(e.message);
    if (e.type === 'quiz') asked.push(e.request);
  });
  actor.start();
  const push = (p: QuizPush) => actor.send({ type: 'QUIZ', push: p });
  push({ type: 'code', verdict: 'ask' });
  actor.send({ type: 'TEXT', text: 'CLUB-TEST-0001' });
  push({ type: 'code', verdict: 'ok' });
  for (const id of ['age13_15', 'mixed', '5', 'none']) actor.send({ type: 'CHOICE', id });
  expect(asked.map((r) => r.kind)).toEqual(['open', 'verify', 'create']);
  push({ type: 'created', code: 'K7P3Q', questions: 5, whatsapp });
  return said.at(-1)!;
}

describe('the join text the patron reads out', () => {
  it('names the bot’s WhatsApp number, in English and in Kiswahili, and says what to send', () => {
    const { translator } = createTestApp();
    const lobby = lobbyWith(number);
    expect(lobby.key).toBe('quiz:host.lobby');
    expect(translator.render('en', lobby)).toContain(
      `"Open a chat with the bot on your phone, and send this message: join K7P3Q\nOn WhatsApp, the bot's number is ${number}.\nYou will get a fun nickname.`,
    );
    expect(translator.render('sw', lobby)).toContain(
      `"Fungua mazungumzo na bot kwenye simu yako, kisha utume ujumbe huu: jiunge K7P3Q\nKwenye WhatsApp, nambari ya bot ni ${number}.\nUtapewa jina la utani`,
    );
    expect(translator.render('en', lobby)).not.toContain('Telegram');
  });

  it('names both where the service runs on Telegram too, and neither where it is not known', () => {
    const { translator } = createTestApp();
    translator.define('telegramBot', 'linda_test_bot');
    expect(translator.render('en', lobbyWith(number))).toContain(
      `join K7P3Q\nOn WhatsApp, the bot's number is ${number}.\nOn Telegram, the bot is @linda_test_bot.\nYou will get`,
    );
    expect(translator.render('sw', lobbyWith(number))).toContain(
      `jiunge K7P3Q\nKwenye WhatsApp, nambari ya bot ni ${number}.\nKwenye Telegram, bot ni @linda_test_bot.\nUtapewa`,
    );
    const plain = createTestApp().translator.render('en', lobbyWith(null));
    expect(plain).toContain('send this message: join K7P3Q\nYou will get a fun nickname.');
    expect(plain).not.toMatch(/WhatsApp|Telegram/);
  });

  it('gets the number from the quiz hub, which has it from the configuration', () => {
    const hub = (whatsappNumber?: string) =>
      new QuizHub({ bank: new QuizBank(seeds.lessons, seeds.quiz), nicknames: seeds.quiz.nicknames, patronCodes: ['CLUB-TEST-0001'], sessionMinutes: 60, random: seededRandom(), whatsappNumber });
    const create: QuizRequest = { kind: 'create', band: 'mixed', topic: 'mixed', count: 5, seconds: null };
    const address = { channel: 'console' as const, platformId: 'patron' };
    expect(hub(number).request('patron', address, create)).toEqual([{ type: 'created', code: expect.any(String), questions: 5, whatsapp: number }]);
    expect(hub().request('patron', address, create)).toEqual([{ type: 'created', code: expect.any(String), questions: 5, whatsapp: null }]);
  });

  it('takes the WhatsApp number from configuration, all the way to the lobby a patron reads', async () => {
    const { createTestApp, testPatronCode } = await import('../support/testApp.js');
    const app = createTestApp({ WHATSAPP_NUMBER: '+254 700 000 000' });
    const send = (text: string) => app.engine.handle('console', 'patron', { type: 'text', text });
    for (const text of ['hi', 'English', '5', 'ok', 'Run a club quiz', testPatronCode, '1', 'Mixed', '5 questions']) await send(text);
    const lobby = (await send('1')).messages.map((m) => m.text).join('\n');
    expect(lobby).toContain("On WhatsApp, the bot's number is +254 700 000 000.");
  });
});
