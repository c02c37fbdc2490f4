import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../../src/config/loadConfig.js';
import { startWhatsAppCloud, type RunningWhatsAppCloud } from '../../../../src/channels/whatsapp/cloud/startWhatsAppCloud.js';
import { createTestApp, testPatronCode, type TestApp } from '../../../support/testApp.js';
import { FakeCloudUser } from './FakeCloudUser.js';
import { GraphApiEmulator, type SentMessage } from './GraphApiEmulator.js';

/* The Cloud API channel in this process, with the real engine (memory storage, a clock the test
 * moves), answering signed webhooks from a local Graph API emulator and sending through it. Each
 * test is its own person. The pace to one person is fast here; CloudSender's own tests keep Meta's. */

export const cloudSecrets = {
  WHATSAPP_CLOUD_TOKEN: 'EAAGtestTokenOnlyForTheEmulator0123456789',
  WHATSAPP_PHONE_NUMBER_ID: '106540352242922',
  WHATSAPP_APP_SECRET: '0123456789abcdef0123456789abcdef',
  WHATSAPP_VERIFY_TOKEN: 'verify-token-for-tests',
};

let emulator: GraphApiEmulator;
let app: TestApp;
let cloud: RunningWhatsAppCloud;
let serial = 0;
const person = (name: string) => new FakeCloudUser(emulator, `2547${String(10_000_000 + ++serial * 7919).slice(-8)}`, name);
const en = (key: string, vars?: Record<string, string | number>) => app.translator.t('en', key, vars);
const sw = (key: string, vars?: Record<string, string | number>) => app.translator.t('sw', key, vars);

beforeAll(async () => {
  emulator = await GraphApiEmulator.start({ token: cloudSecrets.WHATSAPP_CLOUD_TOKEN, appSecret: cloudSecrets.WHATSAPP_APP_SECRET, phoneNumberId: cloudSecrets.WHATSAPP_PHONE_NUMBER_ID });
  app = createTestApp();
  const config = { ...loadConfig({ ...cloudSecrets, WHATSAPP_GRAPH_API_ROOT: emulator.root, WHATSAPP_WEBHOOK_HOST: '127.0.0.1' }), WHATSAPP_WEBHOOK_PORT: 0 };
  cloud = await startWhatsAppCloud(config, {
    engine: app.engine,
    translator: app.translator,
    logger: app.logger,
    outbox: app.outbox,
    clock: () => app.now.value.getTime(),
    pace: { burst: 1_000, everyMs: 1 },
    retry: { attempts: 4, baseDelayMs: 5, maxDelayMs: 20 },
  });
  emulator.webhookUrl = `http://127.0.0.1:${cloud.port}/whatsapp`;
});

afterAll(async () => {
  await cloud?.stop();
  await emulator?.close();
});

/** Do something as a person, wait for every turn and send to finish, and read what the bot sent them. */
async function act(user: FakeCloudUser, action: () => Promise<unknown>): Promise<SentMessage[]> {
  await action();
  expect(await cloud.channel.idle(10_000)).toBe(true);
  const count = user.unread().length;
  return count > 0 ? user.replies(count) : [];
}

/** The choice with this id (a button or row carries "id~version"). */
function pick(user: FakeCloudUser, message: SentMessage | undefined, id: string): string {
  const choice = user.choicesOf(message!).find((c) => c.id === id || c.id.startsWith(`${id}~`));
  if (!choice) throw new Error(`no choice ${id} in ${JSON.stringify(user.choicesOf(message!))}`);
  return choice.id;
}

const press = (user: FakeCloudUser, message: SentMessage | undefined, id: string) => act(user, () => user.press(message!, pick(user, message, id)));
const say = (user: FakeCloudUser, text: string) => act(user, () => user.say(text));
const kind = (message: SentMessage | undefined) => (message?.type === 'interactive' ? String((message.body.interactive as { type: string }).type) : message?.type);

/** Hi, a language, 13-15, OK: a person at the main menu; returns the menu message. */
async function onboard(user: FakeCloudUser, language: 'en' | 'sw' = 'en'): Promise<SentMessage> {
  const [, languageQuestion] = await say(user, 'hi');
  const [audience] = await press(user, languageQuestion, language);
  const [privacy] = await press(user, audience, 'age13_15');
  const [menu] = await press(user, privacy, 'ok');
  return menu!;
}

describe.concurrent('WhatsApp Cloud API: conversations through buttons and lists', () => {
  it('onboards in English: buttons for up to three choices, a list with short titles and the whole label beneath for more', async () => {
    const amina = person('Amina Wanjiru');
    const [welcome, language] = await say(amina, 'hi');
    expect(kind(welcome)).toBe('text');
    expect(kind(language)).toBe('button');
    expect(amina.choicesOf(language!).map((c) => c.title)).toEqual([en('common:language.en'), en('common:language.sw'), en('common:choice.help')]);
    const [audience] = await press(amina, language, 'en');
    expect(kind(audience)).toBe('list');
    expect(amina.textOf(audience!)).toBe(en('onboarding:audience'));
    const rows = amina.choicesOf(audience!);
    // A label that fits a row (24) is the title itself; a longer one gets its short label, with the whole label beneath.
    expect(rows[1]).toEqual({ id: expect.stringMatching(/^age13_15~/), title: en('common:audience.age13_15') });
    expect(rows[3]).toEqual({ id: expect.stringMatching(/^caregiver~/), title: en('common:audience.caregiver_short'), description: en('common:audience.caregiver') });
    expect((audience!.body.interactive as { action: { button: string } }).action.button).toBe(en('common:listButton'));
    const [privacy] = await press(amina, audience, 'age13_15');
    expect(amina.textOf(privacy!)).toBe(en('privacy:note.teen.short'));
    const [menu] = await press(amina, privacy, 'ok');
    expect(amina.textOf(menu!)).toBe(en('menu:title'));
    expect(amina.choicesOf(menu!).map((c) => c.id.split('~')[0])).toEqual(['lessons', 'referral', 'settings', 'help']);
    // Every message read arrives marked read (blue ticks).
    expect(emulator.reads.length).toBeGreaterThanOrEqual(4);
  });

  it('onboards in Kiswahili, and the choices and list button are in Kiswahili from the next message on', async () => {
    const baraka = person('Baraka Otieno');
    const [, language] = await say(baraka, 'habari');
    const [audience] = await press(baraka, language, 'sw');
    expect(baraka.textOf(audience!)).toBe(sw('onboarding:audience'));
    expect(baraka.choicesOf(audience!)[4]).toMatchObject({ title: sw('common:audience.patron_short'), description: sw('common:audience.patron') });
    expect((audience!.body.interactive as { action: { button: string } }).action.button).toBe(sw('common:listButton'));
    const [privacy] = await press(baraka, audience, 'age13_15');
    const [menu] = await press(baraka, privacy, 'ok');
    expect(baraka.textOf(menu!)).toBe(sw('menu:title'));
  });

  it('goes through lessons, places near a shared location and help in Kiswahili, with Kiswahili buttons and lists', async () => {
    const juma = person('Juma');
    const menu = await onboard(juma, 'sw');
    expect(juma.choicesOf(menu).map((c) => c.title)).toContain(sw('common:choice.help'));
    const [lessons] = await press(juma, menu, 'lessons');
    expect(juma.textOf(lessons!)).toContain(sw('lessons:heading.age13_15'));
    const [card] = await say(juma, '1');
    expect(juma.choicesOf(card!).map((c) => c.title)).toContain(sw('lessons:next'));
    const [menuAgain] = await say(juma, 'menyu');
    const [need] = await press(juma, menuAgain, 'referral');
    expect(juma.textOf(need!)).toBe(sw('referral:need'));
    const asked = await press(juma, need, 'counselling');
    expect(asked.map((m) => juma.textOf(m))).toContain(sw('common:shareLocationBody'));
    const places = await act(juma, () => juma.shareLocation(-1.29, 36.82));
    expect(places.map((m) => juma.textOf(m)).join('\n')).toContain('Nairobi');
    const help = await say(juma, 'msaada');
    expect(help.map((m) => juma.textOf(m)).join('\n')).toContain(sw('help:now').slice(0, 30));
    expect(emulator.rejected).toEqual([]);
  });

  it('runs a lesson to its quick question, answered from a list, and typed numbers still work', async () => {
    const chebet = person('Chebet');
    const menu = await onboard(chebet);
    const [list] = await press(chebet, menu, 'lessons');
    // Nine lessons, another age group, the menu and help: more than a list's ten rows, so numbered text.
    expect(kind(list)).toBe('text');
    expect(chebet.textOf(list!)).toMatch(/\n1\. .*\n2\. /);
    let [page] = await say(chebet, '1');
    for (let i = 0; i < 12 && !chebet.choicesOf(page!).some((c) => /^a~/.test(c.id)); i++) [page] = (await press(chebet, page, 'next')).slice(-1);
    expect(chebet.choicesOf(page!).map((c) => c.id.split('~')[0])).toEqual(['a', 'b', 'c', 'leave', 'menu', 'help']);
    const answer = await press(chebet, page, 'b');
    expect(answer.length).toBeGreaterThan(0);
    // A typed number is the choice it stands for, as on every text channel.
    const [again] = await say(chebet, 'menu');
    const [lessons] = await say(chebet, '1');
    expect(chebet.textOf(lessons!).split('\n')[0]).toBe(chebet.textOf(list!).split('\n')[0]);
    expect(kind(again)).toBe('list');
  });

  it('finds places near a shared location: a location request after the question, and the places after the location', async () => {
    const dalia = person('Dalia');
    const menu = await onboard(dalia);
    const [need] = await press(dalia, menu, 'referral');
    const asked = await press(dalia, need, 'medical');
    const request = asked.find((m) => kind(m) === 'location_request_message');
    expect(request, 'a location request').toBeDefined();
    expect(dalia.textOf(request!)).toBe(en('common:shareLocationBody'));
    const places = await act(dalia, () => dalia.shareLocation(-0.09, 34.77));
    const text = places.map((m) => dalia.textOf(m)).join('\n');
    expect(text).toContain('Kisumu');
  });

  it('answers "I am in danger" with the emergency numbers at once', async () => {
    const esther = person('Esther');
    await onboard(esther);
    const reply = await say(esther, 'mtu ananifuata nyumbani naogopa sana');
    const text = reply.map((m) => esther.textOf(m)).join('\n');
    expect(text).toMatch(/999|112|116/);
  });

  it('changes the language in settings, and "erase this chat" says how to delete the chat on the phone (the Cloud API cannot)', async () => {
    const faith = person('Faith');
    const menu = await onboard(faith);
    const [settings] = await press(faith, menu, 'settings');
    expect(kind(settings)).toBe('list');
    const [languageQuestion] = await press(faith, settings, 'language');
    const afterLanguage = await press(faith, languageQuestion, 'sw');
    expect(afterLanguage.map((m) => faith.textOf(m)).join('\n')).toContain(sw('settings:title'));
    const settingsSw = afterLanguage.at(-1);
    const erased = await press(faith, settingsSw, 'eraseChat');
    expect(faith.textOf(erased[0]!)).toBe(sw('common:chatErasedPhone'));
    expect(erased.map((m) => faith.textOf(m))).not.toContain(sw('common:chatErased'));
    // The quick exit cannot clear the chat either: it says so, and how, instead of a neutral "Done".
    const exited = await say(faith, 'funga');
    expect(exited.map((m) => faith.textOf(m))).toEqual([sw('common:chatErasedPhone')]);
  });

  it('says what a photo, a voice note and a sticker are, never fetches one, and reads a caption for danger', async () => {
    const gloria = person('Gloria');
    await onboard(gloria);
    for (const media of ['image', 'voice', 'sticker', 'document'] as const) {
      const reply = await act(gloria, () => gloria.sendMedia(media));
      expect(reply.length, media).toBeGreaterThan(0);
    }
    const crisis = await act(gloria, () => gloria.sendMedia('image', 'nataka kujiua'));
    expect(crisis.map((m) => gloria.textOf(m)).join('\n')).toContain('116');
    expect(emulator.mediaFetches()).toBe(0);
  });

  it('handles a redelivered message once', async () => {
    const hawa = person('Hawa');
    await onboard(hawa);
    const first = await say(hawa, 'menu');
    const before = cloud.channel.stats.duplicates;
    const again = await act(hawa, () => hawa.redeliverLast());
    expect(first.length).toBeGreaterThan(0);
    expect(again).toEqual([]);
    expect(cloud.channel.stats.duplicates).toBe(before + 1);
  });

});

describe('WhatsApp Cloud API: the webhook', () => {
  it('ignores status updates (sent, delivered, read): nothing is handled and nothing sent', async () => {
    const imani = person('Imani');
    await onboard(imani);
    const handled = cloud.channel.stats.handled;
    for (const status of ['sent', 'delivered', 'read'] as const) expect((await emulator.deliverStatus(status, imani.waId)).status).toBe(200);
    await cloud.channel.idle(5_000);
    expect(cloud.channel.stats.handled).toBe(handled);
    expect(imani.unread()).toEqual([]);
  });
  it("answers Meta's verification with the challenge, and refuses a wrong token", async () => {
    const ok = await emulator.verify({ 'hub.mode': 'subscribe', 'hub.verify_token': cloudSecrets.WHATSAPP_VERIFY_TOKEN, 'hub.challenge': '1158201444' });
    expect(ok).toEqual({ status: 200, text: '1158201444' });
    expect((await emulator.verify({ 'hub.mode': 'subscribe', 'hub.verify_token': 'wrong-token-xx', 'hub.challenge': '1' })).status).toBe(403);
    expect((await emulator.verify({ 'hub.mode': 'unsubscribe', 'hub.verify_token': cloudSecrets.WHATSAPP_VERIFY_TOKEN, 'hub.challenge': '1' })).status).toBe(403);
  });

  it('refuses a bad or missing signature with 401 and handles nothing; a signed body that is not JSON gets 400', async () => {
    const jabari = person('Jabari');
    const message = { from: jabari.waId, id: emulator.newMessageId(), timestamp: '1764583200', type: 'text', text: { body: 'hi' } };
    const body = emulator.envelope({ messages: [message] });
    const handled = cloud.channel.stats.handled;
    expect((await emulator.post(body, { signature: null })).status).toBe(401);
    expect((await emulator.post(body, { signature: `sha256=${'0'.repeat(64)}` })).status).toBe(401);
    expect((await emulator.post(body, { signature: 'sha1=abc' })).status).toBe(401);
    // Signed over other bytes: the body was changed on the way.
    expect((await emulator.post(JSON.stringify(body), { signature: emulator.sign(JSON.stringify({ ...body, object: 'page' })) })).status).toBe(401);
    expect((await emulator.post('{"object": "whatsapp_business_account", "entry": [')).status).toBe(400);
    expect((await emulator.post({ object: 'page', entry: [] })).status).toBe(400);
    await cloud.channel.idle(5_000);
    expect(cloud.channel.stats.handled).toBe(handled);
    expect(jabari.unread()).toEqual([]);
  });

  it('refuses a body over 1 MB with 413', async () => {
    const huge = { object: 'whatsapp_business_account', entry: [], pad: 'x'.repeat(1_100_000) };
    expect((await emulator.post(huge)).status).toBe(413);
  });

  it('handles every message of a batched webhook, and skips one it cannot read without losing the others', async () => {
    const [kamau, lulu] = [person('Kamau'), person('Lulu')];
    const text = (user: FakeCloudUser, body: string) => ({ from: user.waId, id: emulator.newMessageId(), timestamp: '1764583200', type: 'text', text: { body } });
    const unreadable = { id: emulator.newMessageId(), type: 'text', text: { body: 'no sender' } };
    const delivery = await emulator.post(emulator.envelope({ messages: [text(kamau, 'hi'), unreadable, text(lulu, 'hi')] }));
    expect(delivery.status).toBe(200);
    await cloud.channel.idle(5_000);
    expect(kamau.unread().length).toBe(2);
    expect(lulu.unread().length).toBe(2);
    expect(app.logger.lines.some((l) => l.message.includes('could not be read'))).toBe(true);
  });

  it('waits and tries again after 429 and 5xx, and the reply arrives', async () => {
    const malaika = person('Malaika');
    emulator.failNext(2, { status: 429, code: 130429 });
    emulator.failNext(1, { status: 503 });
    const [welcome] = await say(malaika, 'hi');
    expect(kind(welcome)).toBe('text');
    const statuses = emulator.requests.filter((r) => r.path.endsWith('/messages')).map((r) => r.status);
    expect(statuses).toEqual(expect.arrayContaining([429, 503, 200]));
    expect(app.logger.lines.some((l) => l.message.includes('asked to wait'))).toBe(true);
  });
});

describe('WhatsApp Cloud API: a club quiz', () => {
  it('a patron runs a quiz and two children play it from lists; questions reach them without their writing', async () => {
    const patron = person('Mwalimu Njeri');
    const child = person('Neema');
    // The patron types, as a text channel allows.
    const [, language] = await say(patron, 'hi');
    const [audience] = await press(patron, language, 'en');
    const [privacy] = await press(patron, audience, 'patron');
    const [menu] = await press(patron, privacy, 'ok');
    await press(patron, menu, 'quiz');
    const [band] = (await say(patron, testPatronCode)).slice(-1);
    const [topic] = await press(patron, band, 'age13_15');
    const [count] = await press(patron, topic, 'mixed');
    const [time] = await press(patron, count, '5');
    const lobby = await press(patron, time, 'none');
    const code = /join ([A-Z0-9]{5})/.exec(lobby.map((m) => patron.textOf(m)).join('\n'))?.[1];
    expect(code, lobby.map((m) => patron.textOf(m)).join('\n')).toBeDefined();

    const second = person('Zawadi');
    for (const player of [child, second]) {
      await onboard(player);
      const joined = await say(player, `join ${code}`);
      expect(player.textOf(joined[0]!)).toMatch(/^You're in!/);
    }
    await press(patron, lobby.at(-1), 'start');
    await app.quiz.settled();
    await cloud.channel.idle(5_000);
    for (const [player, answer] of [[child, 'a'], [second, 'b']] as const) {
      const [question] = player.unread().length > 0 ? await player.replies(player.unread().length) : [];
      expect(kind(question)).toBe('list');
      expect(player.choicesOf(question!).map((c) => c.id.split('~')[0])).toEqual(['a', 'b', 'c', 'help']);
      const saved = await press(player, question, answer);
      expect(player.textOf(saved[0]!).startsWith(en('quiz:player.answered'))).toBe(true);
    }
  });

  it('skips and counts a quiz message to a person who last wrote over 24 hours ago', async () => {
    const before = cloud.channel.stats.outsideWindow;
    const stale = new Date(app.now.value.getTime() - 25 * 3_600_000).toISOString().slice(0, 13);
    await cloud.channel.push('254700000999', { locale: 'en', messages: [{ key: 'x', text: 'question', choices: [] }], events: [], eraseChat: false, heard: `${stale}:00Z` });
    await cloud.channel.push('254700000998', { locale: 'en', messages: [{ key: 'x', text: 'question', choices: [] }], events: [], eraseChat: false });
    expect(cloud.channel.stats.outsideWindow).toBe(before + 2);
    expect(emulator.messagesTo('254700000999')).toEqual([]);
    const fresh = new Date(app.now.value.getTime() - 23 * 3_600_000).toISOString().slice(0, 13);
    await cloud.channel.push('254700000997', { locale: 'en', messages: [{ key: 'x', text: 'question', choices: [] }], events: [], eraseChat: false, heard: `${fresh}:00Z` });
    expect(emulator.messagesTo('254700000997')).toHaveLength(1);
  });
});

describe('WhatsApp Cloud API: what it never does', () => {
  it('never sends a message Meta would refuse, never fetches media, and never logs a profile name or number', () => {
    expect(emulator.rejected).toEqual([]);
    expect(emulator.mediaFetches()).toBe(0);
    const logged = JSON.stringify(app.logger.lines);
    for (const name of ['Amina', 'Baraka', 'Chebet', 'Njeri', 'Neema', '2547']) expect(logged).not.toContain(name);
  });
});
