import { MemorySessionStore } from '../../../src/storage/MemorySessionStore.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WhatsAppChannel } from '../../../src/channels/whatsapp/WhatsAppChannel.js';
import { WhatsAppConnection } from '../../../src/channels/whatsapp/WhatsAppConnection.js';
import { createTestApp, testPatronCode, type TestApp } from '../../support/testApp.js';
import { FakeClient, incoming, media, type FakeMessage } from './FakeWhatsApp.js';

/* The channel and its connection, in front of the real engine with memory storage, on a fake
 * whatsapp-web.js client: real conversations, the way a phone would see them. Timers are fake:
 * back-off delays and pacing pauses are recorded, not waited for. */

const amina = '254700000001@c.us';
const baraka = '254700000002@c.us';
const club = '120363000000000001@g.us';

interface Harness {
  app: TestApp;
  clients: FakeClient[];
  client(): FakeClient;
  /** Back-off delays asked of the timers, in order. */
  delays: number[];
  /** Pacing pauses before sends. */
  pauses: number[];
  notices: string[];
  qrs: string[];
  removedSessions: () => number;
  channel: WhatsAppChannel;
  connection: WhatsAppConnection;
  /** A message from `from` (text or a fake message); resolves with the texts the bot sent back to that chat. */
  say(from: string, message: string | FakeMessage, chat?: string): Promise<string[]>;
}

let running: Harness[] = [];

function harness(): Harness {
  const app = createTestApp();
  const clients: FakeClient[] = [];
  const delays: number[] = [];
  const pauses: number[] = [];
  const notices: string[] = [];
  const qrs: string[] = [];
  let removed = 0;
  const now = { ms: 1_795_000_000_000 };
  let connection: WhatsAppConnection | undefined;
  const channel = new WhatsAppChannel({
    engine: app.engine,
    translator: app.translator,
    logger: app.logger,
    client: () => connection?.current,
    clock: () => now.ms,
    sleep: async (ms) => {
      pauses.push(ms);
      now.ms += ms;
    },
  });
  connection = new WhatsAppConnection({
    createClient: () => {
      const client = new FakeClient();
      clients.push(client);
      return client;
    },
    onMessage: (message) => channel.onMessage(message),
    showQr: (qr) => qrs.push(qr),
    notice: (line) => notices.push(line),
    removeSession: async () => void removed++,
    idle: (ms) => channel.idle(ms),
    logger: app.logger,
    timers: {
      set: (callback, ms) => {
        delays.push(ms);
        return setImmediate(callback);
      },
      clear: (handle) => clearImmediate(handle as NodeJS.Immediate),
    },
  });
  connection.start();
  // As startWhatsApp does: quiz questions for a chat that did not just write leave through the channel.
  app.outbox.register('whatsapp', (chatId, result) => channel.push(chatId, result));
  const client = () => {
    const last = clients.at(-1);
    if (!last) throw new Error('no client');
    return last;
  };
  const h: Harness = {
    app,
    clients,
    client,
    delays,
    pauses,
    notices,
    qrs,
    removedSessions: () => removed,
    channel,
    connection,
    async say(from, message, chat = from) {
      const current = client();
      const before = current.textsTo(chat).length;
      current.emit('message', typeof message === 'string' ? incoming(from, message) : message);
      expect(await channel.idle(5_000)).toBe(true);
      return current.textsTo(chat).slice(before);
    },
  };
  running.push(h);
  return h;
}

afterEach(async () => {
  for (const h of running) await h.connection.stop();
  running = [];
});

/** No log line may carry a chat id, a phone number or anything a user typed. */
function expectCleanLogs(app: TestApp, ...secrets: string[]): void {
  const logged = JSON.stringify(app.logger.lines);
  for (const secret of [...secrets, '2547', '@c.us', '@g.us']) expect(logged).not.toContain(secret);
}

describe('WhatsApp channel: conversations', () => {
  it('onboards to the menu by numbers, with numbered choices and the hint', async () => {
    const h = harness();
    const [welcome, language] = await h.say(amina, 'Hi');
    expect(welcome).toContain('Hello!');
    expect(language).toBe(
      'Which language would you like?\nUngependa lugha gani?\n\n1. English\n2. Kiswahili\n3. Get help now\n' + h.app.translator.t('en', 'common:hint.number'),
    );
    const [audience] = await h.say(amina, '1');
    expect(audience).toMatch(/\n1\. .*10.*12.*\n2\. .*13.*15.*\n/);
    const [privacy] = await h.say(amina, '2');
    expect(privacy).toContain('1. ');
    // On WhatsApp Web, the privacy note says what that way in means.
    expect(privacy).toContain(h.app.translator.t('en', 'privacy:whatsappWeb'));
    const menu = await h.say(amina, '1');
    expect(menu.at(-1)).toContain(h.app.translator.t('en', 'menu:title'));
    expect(h.client().outbox.every((m) => m.chatId === amina)).toBe(true);
    expectCleanLogs(h.app, 'Hi');
  });

  it('onboards by the labels\' words, in Kiswahili, and answers in Kiswahili', async () => {
    const h = harness();
    await h.say(amina, 'habari');
    const [audience] = await h.say(amina, 'Kiswahili');
    expect(audience).toContain('Wewe ni nani?');
    expect(audience).toContain(h.app.translator.t('sw', 'common:hint.number'));
    await h.say(amina, 'Nina miaka 13 hadi 15');
    const menu = await h.say(amina, 'Sawa, nimeelewa');
    expect(menu.at(-1)).toContain('Menyu kuu');
  });

  it('onboards by English words too', async () => {
    const h = harness();
    await h.say(baraka, 'hello');
    const [audience] = await h.say(baraka, 'english');
    expect(audience).toContain('1. ');
    const labels = [...audience!.matchAll(/^\d\. (.*)$/gm)].map((m) => m[1]);
    await h.say(baraka, labels[1]!);
    const [, ok] = /^1\. (.*)$/m.exec((await h.say(baraka, 'x')).join('\n')) ?? [];
    const menu = await h.say(baraka, ok!);
    expect(menu.at(-1)).toContain(h.app.translator.t('en', 'menu:title'));
  });

  it('answers help, menu and stop typed as words in both languages', async () => {
    const h = harness();
    await h.say(amina, 'Hi');
    const help = (await h.say(amina, 'help')).join('\n');
    expect(help).toContain('116');
    expect(help).toContain('999');
    const msaada = (await h.say(amina, 'msaada')).join('\n');
    expect(msaada).toContain('116');
    expect((await h.say(amina, 'menu')).join('\n')).toMatch(/\n1\. /);
    expect(await h.say(amina, 'acha')).toHaveLength(1);
    expect((await h.say(amina, 'stop')).join('\n')).not.toMatch(/\n1\. /);
  });

  it('refuses media kindly, without ever downloading it, and reads a caption only for crisis words', async () => {
    const h = harness();
    await h.say(amina, 'Hi');
    const photo = media(amina, 'image', 'look at this');
    const voice = media(amina, 'ptt');
    const sticker = media(amina, 'sticker');
    const [refusal] = await h.say(amina, photo);
    expect(refusal).toBeTruthy();
    expect((await h.say(amina, voice)).length).toBeGreaterThan(0);
    expect((await h.say(amina, sticker)).length).toBeGreaterThan(0);
    const crisis = (await h.say(amina, media(amina, 'image', 'I want to kill myself'))).join('\n');
    expect(crisis).toMatch(/116|999/);
    for (const m of [photo, voice, sticker]) expect(m.downloadMedia).not.toHaveBeenCalled();
    expectCleanLogs(h.app, 'look at this', 'kill myself');
  });

  it('ignores group chatter and media; a command in the group gets a pointer to a private chat, never a dialog', async () => {
    const h = harness();
    const member = '254700000003@c.us';
    expect(await h.say(member, incoming(club, 'hello everyone', { author: member }), club)).toEqual([]);
    expect(await h.say(member, incoming(club, 'help', { author: member }), club)).toEqual([]);
    expect(await h.say(member, { ...media(club, 'image'), author: member }, club)).toEqual([]);
    const help = await h.say(member, incoming(club, '/help', { author: member }), club);
    expect(help).toEqual([
      `${h.app.translator.t('en', 'common:groupNoticeDirect')}\n\n${h.app.translator.t('sw', 'common:groupNoticeDirect')}`,
    ]);
    expect(help.join('\n')).toContain('116');
    expect(await h.say(member, incoming(club, '!msaada', { author: member }), club)).toEqual(help);
    expect(h.client().outbox.every((m) => m.chatId === club)).toBe(true);
    expect((h.app.store as MemorySessionStore).size, 'no session was started for a group member').toBe(0);
    expectCleanLogs(h.app);
  });

  it('ignores status updates, broadcasts, newsletters and its own messages', async () => {
    const h = harness();
    expect(await h.say(amina, incoming('status@broadcast', 'hi', { isStatus: true, author: amina }), 'status@broadcast')).toEqual([]);
    expect(await h.say(amina, incoming(amina, 'hi', { fromMe: true }))).toEqual([]);
    expect(await h.say(amina, incoming(amina, 'hi', { broadcast: true }))).toEqual([]);
    expect(await h.say(amina, incoming('120363000000000002@newsletter', 'hi'), '120363000000000002@newsletter')).toEqual([]);
    expect(h.client().outbox).toEqual([]);
  });

  it('erases its own recent messages in the chat on request, except the reply it just sent', async () => {
    const h = harness();
    await h.say(amina, 'Hi');
    await h.say(amina, '1');
    await h.say(amina, '2');
    await h.say(amina, '1');
    const before = h.client().outbox.map((m) => m.id);
    await h.say(amina, h.app.translator.t('en', 'menu:item.settings'));
    const settings = h.client().outbox.at(-1)!.text;
    const eraseNumber = /^(\d)\. .*$/m.exec(settings.split('\n').filter((l) => l.includes(h.app.translator.t('en', 'settings:item.eraseChat'))).join('\n'))?.[1];
    const reply = await h.say(amina, eraseNumber!);
    expect(reply[0]).toBe(h.app.translator.t('en', 'common:chatErased'));
    const replyIds = h.client().outbox.slice(-reply.length).map((m) => m.id);
    expect(h.client().deleted).toEqual(expect.arrayContaining(before));
    expect(h.client().deleted).not.toEqual(expect.arrayContaining([replyIds[0]]));
    expect(h.client().deleted).toHaveLength(h.client().outbox.length - reply.length);
  });

  it('handles one chat\'s messages in order and two chats in parallel', async () => {
    const h = harness();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const engine = h.app.engine;
    const order: string[] = [];
    const slow = vi.spyOn(engine, 'handle').mockImplementation(async (channel, id, inbound) => {
      if (id === amina && inbound.type === 'text' && inbound.text === 'first') await gate;
      order.push(`${id === amina ? 'A' : 'B'}:${inbound.type === 'text' ? inbound.text : inbound.type}`);
      return { locale: 'en', events: [], eraseChat: false, messages: [{ key: 'k', text: `echo ${order.length}`, choices: [] }] };
    });
    const client = h.client();
    client.emit('message', incoming(amina, 'first'));
    client.emit('message', incoming(amina, 'second'));
    client.emit('message', incoming(baraka, 'other'));
    await vi.waitFor(() => expect(client.textsTo(baraka)).toHaveLength(1));
    expect(client.textsTo(amina)).toEqual([]);
    release();
    await h.channel.idle(5_000);
    expect(order).toEqual(['B:other', 'A:first', 'A:second']);
    expect(client.textsTo(amina)).toEqual(['echo 2', 'echo 3']);
    slow.mockRestore();
  });

  it('paces several replies to one chat, one a second, and splits a long text at paragraphs', async () => {
    const h = harness();
    const long = Array.from({ length: 30 }, (_, i) => `Paragraph ${i}: ${'safe online '.repeat(20)}`).join('\n\n');
    vi.spyOn(h.app.engine, 'handle').mockResolvedValue({
      locale: 'sw',
      events: [],
      eraseChat: false,
      messages: [{ key: 'k', text: long, choices: [{ id: 'a', label: 'Ndiyo' }] }],
    });
    const texts = await h.say(amina, 'x');
    expect(texts.length).toBe(2);
    for (const text of texts) expect(text.length).toBeLessThanOrEqual(4000);
    expect(texts[0]!.endsWith(' ')).toBe(true); // Ends with a paragraph's last word, not mid-word.
    expect(texts.join('\n\n')).toBe(`${long}\n\n1. Ndiyo\n${h.app.translator.t('sw', 'common:hint.number')}`);
    expect(h.pauses).toEqual([1_000]);
  });

  it('pushes a club quiz question to a child who joined, as numbered text, without the child writing', async () => {
    const h = harness();
    const patron = baraka;
    for (const text of ['hi', 'English', '5', 'ok', 'Run a club quiz', testPatronCode, '1', 'Mixed', '5 questions']) await h.say(patron, text);
    const [lobby] = await h.say(patron, '1');
    const code = /join ([A-Z0-9]{5})/.exec(lobby ?? '')?.[1];
    expect(code, lobby).toBeDefined();
    const [joined] = await h.say(amina, `join ${code}`);
    expect(joined).toMatch(/^You're in!/);

    const before = h.client().textsTo(amina).length;
    await h.say(patron, 'Start the quiz');
    await h.app.quiz.settled();
    const pushed = h.client().textsTo(amina).slice(before);
    expect(pushed).toHaveLength(1);
    expect(pushed[0]).toMatch(/^Question 1 of 5:\n\n.+\n\n1\. .+\n2\. .+\n3\. .+\n/s);
    expect(pushed[0]!.endsWith(h.app.translator.t('en', 'common:hint.number'))).toBe(true);
    // The child answers with a number, as to any reply.
    const [saved, answer] = await h.say(amina, '1');
    expect(saved!.startsWith(h.app.translator.t('en', 'quiz:player.answered'))).toBe(true);
    expect(answer).toMatch(/The answer: /);
    expectCleanLogs(h.app);
  });
});

describe('WhatsApp channel: connection', () => {
  it('shows the QR code, reconnects after a disconnect with growing delays, and answers on the new client', async () => {
    const h = harness();
    const first = h.client();
    expect(first.initialize).toHaveBeenCalledOnce();
    first.emit('qr', '2@qr-data');
    expect(h.qrs).toEqual(['2@qr-data']);
    first.emit('ready');
    await h.say(amina, 'Hi');

    first.emit('disconnected', 'CONFLICT');
    await vi.waitFor(() => expect(h.clients).toHaveLength(2));
    expect(first.destroy).toHaveBeenCalled();
    const second = h.client();
    expect(second.initialize).toHaveBeenCalledOnce();
    second.emit('disconnected', 'TIMEOUT');
    await vi.waitFor(() => expect(h.clients).toHaveLength(3));
    FakeClient.failingStarts = 1;
    h.client().emit('disconnected', 'UNPAIRED');
    await vi.waitFor(() => expect(h.clients).toHaveLength(5));
    expect(h.delays).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(h.removedSessions()).toBe(0);
    expect(h.notices.filter((l) => l.includes('could not open WhatsApp Web'))).toHaveLength(0);

    // The conversation goes on where it was, through the new client; the old one is deaf.
    const third = h.client();
    third.emit('ready');
    first.emit('message', incoming(amina, 'help'));
    const reply = await h.say(amina, '1');
    expect(reply.join('\n')).toMatch(/\n1\. /);
    expect(first.textsTo(amina)).toHaveLength(2);
    third.emit('disconnected', 'CONFLICT');
    await vi.waitFor(() => expect(h.clients).toHaveLength(6));
    expect(h.delays.at(-1)).toBe(1_000); // Ready resets the back-off.
    expectCleanLogs(h.app);
  });

  it('caps the back-off at a minute', async () => {
    const h = harness();
    for (let i = 0; i < 9; i++) {
      const client = h.client();
      client.emit('disconnected', 'TIMEOUT');
      await vi.waitFor(() => expect(h.clients).toHaveLength(i + 2));
    }
    expect(h.delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]);
  });

  it('after a logout or a refused session, deletes the session, says so and shows a new QR code', async () => {
    const h = harness();
    h.client().emit('ready');
    h.client().emit('disconnected', 'LOGOUT');
    await vi.waitFor(() => expect(h.clients).toHaveLength(2));
    expect(h.removedSessions()).toBe(1);
    expect(h.notices.at(-1)).toMatch(/logged out.*scan the new QR code/);
    h.client().emit('qr', 'new-qr');
    expect(h.qrs).toEqual(['new-qr']);
    h.client().emit('auth_failure', 'restore failed');
    h.client().emit('disconnected', 'LOGOUT'); // The library may report both: one reconnect only.
    await vi.waitFor(() => expect(h.clients).toHaveLength(3));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(h.clients).toHaveLength(3);
    expect(h.removedSessions()).toBe(2);
    expect(h.notices.at(-1)).toMatch(/session was refused/);
  });

  it('stops gracefully: finishes the reply in progress, then closes the browser, and reconnects no more', async () => {
    const h = harness();
    const client = h.client();
    client.emit('message', incoming(amina, 'Hi'));
    await h.connection.stop();
    expect(client.textsTo(amina)).toHaveLength(2);
    expect(client.destroy).toHaveBeenCalledOnce();
    client.emit('disconnected', 'CONFLICT');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(h.clients).toHaveLength(1);
  });
});
