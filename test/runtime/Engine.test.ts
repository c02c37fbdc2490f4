import { describe, expect, it } from 'vitest';
import { SessionRecord } from '../../src/runtime/SessionRecord.js';
import { keys, say } from '../support/say.js';
import { createTestApp } from '../support/testApp.js';
import { quizClass } from '../quiz/quizClass.js';

/** English, 13-15, privacy note read: the user is at the main menu. */
const toMenu = ['hi', 'English', '2', 'ok'];

describe('Engine', () => {
  it('greets a new user, asks language, band and shows the privacy note, then the menu', async () => {
    const app = createTestApp();
    const [greet, language, band, menu] = await say(app, ...toMenu);
    expect(keys(greet)).toEqual(['onboarding:welcome', 'onboarding:language']);
    expect(greet?.events).toEqual([{ type: 'session_started', channel: 'console', locale: 'en' }]);
    expect(keys(language)).toEqual(['onboarding:audience']);
    expect(keys(band)).toEqual(['privacy:note.teen.short']);
    expect(band?.events).toEqual([{ type: 'audience_set', audience: 'age13_15' }]);
    expect(keys(menu)).toEqual(['menu:title']);
    expect(menu?.messages[0]?.choices.at(-1)).toEqual({ id: 'help', label: 'Get help now' });
  });

  it('shows each band its own privacy note', async () => {
    const notes: Record<string, string> = {
      '1': 'privacy:note.child.short',
      '2': 'privacy:note.teen.short',
      '3': 'privacy:note.teen.short',
      '4': 'privacy:note.adult.short',
      '5': 'privacy:note.adult.short',
    };
    for (const [choice, note] of Object.entries(notes)) {
      const app = createTestApp();
      const results = await say(app, 'hi', '1', choice);
      expect(keys(results[2])).toEqual([note]);
    }
  });

  it('accepts a label typed in either language, with small typos, and a number', async () => {
    const app = createTestApp();
    const results = await say(app, 'hi', 'kiswahli', 'Nina miaka 16 au 17', 'SAWA, nimeelewa!');
    expect(results[1]?.locale).toBe('sw');
    expect(keys(results[2])).toEqual(['privacy:note.teen.short']);
    expect(keys(results[3])).toEqual(['menu:title']);
    expect(results[3]?.messages[0]?.text).toBe('Menyu kuu. Ungependa kufanya nini?');
  });

  it('answers a number out of range or a slip on the keypad kindly, with the same choices again', async () => {
    const app = createTestApp();
    await say(app, 'hi');
    for (const input of ['9', '', '...', '  ', '0712']) {
      const [reply] = await say(app, input);
      expect(keys(reply), JSON.stringify(input)).toEqual(['common:notUnderstood']);
      expect(reply?.messages[0]?.choices.map((c) => c.id)).toEqual(['en', 'sw', 'help']);
    }
  });

  it('takes a typed "back" or "rudi" as the Back choice where one is shown, and never reads it as a worry', async () => {
    const app = createTestApp();
    const [, , , , , help, back] = await say(app, ...toMenu, '3', 'help', 'rudi');
    expect(keys(help)).toEqual(['help:now']);
    expect(keys(back)).toEqual(['settings:title']);
    const [atMenu] = await say(app, 'menu');
    expect(keys(atMenu)).toEqual(['menu:title']);
    const [nowhere] = await say(app, 'back');
    expect(keys(nowhere)).toEqual(['common:notUnderstood']);
    expect(nowhere?.events).toEqual([]);
    const [unsure, carryOn] = await say(app, 'i feel so sad and alone', 'back');
    expect(keys(unsure)).toEqual(['help:checkin.question']);
    expect(keys(carryOn)).toEqual(['menu:title']);
  });

  it('quick exit: at once, no question, the chat erased where the channel can, one neutral line, the session kept', async () => {
    const app = createTestApp();
    await say(app, ...toMenu, '3');
    for (const word of ['exit', 'funga', '/exit']) {
      const [out] = await say(app, word);
      expect(keys(out)).toEqual(['common:exited']);
      expect(out?.eraseChat).toBe(true);
      expect(out?.messages[0]?.choices).toEqual([]);
    }
    const [menu] = await say(app, 'menu');
    expect(keys(menu)).toEqual(['menu:title']);
  });

  it("keeps the hour a person last wrote on WhatsApp only (for the 24-hour rule), and not for a quiz message it pushed", async () => {
    const app = createTestApp();
    const { Pseudonymizer } = await import('../../src/events/Pseudonymizer.js');
    const { testSecret } = await import('../support/testApp.js');
    const pseudonyms = new Pseudonymizer(testSecret);
    const stored = async (channel: 'whatsapp' | 'telegram', id: string) => SessionRecord.parse(await app.store.get(pseudonyms.conversationKey(channel, id)));
    const wrote = await app.engine.handle('whatsapp', '254700000001', { type: 'text', text: 'hi' });
    expect(wrote.heard).toBe('2026-11-28T10:00Z');
    expect((await stored('whatsapp', '254700000001')).heard).toBe('2026-11-28T10:00Z');
    await app.engine.handle('telegram', '42', { type: 'text', text: 'hi' });
    expect((await stored('telegram', '42')).heard).toBeUndefined();
    app.now.value = new Date('2026-11-28T15:40:00Z');
    const pushed = await app.engine.handle('whatsapp', '254700000001', { type: 'quiz', push: { type: 'unavailable' } });
    expect(pushed.heard).toBe('2026-11-28T10:00Z');
    await app.engine.handle('whatsapp', '254700000001', { type: 'text', text: 'menu' });
    expect((await stored('whatsapp', '254700000001')).heard).toBe('2026-11-28T15:00Z');
  });

  it('a deep link joins a set-up user at once, and a new user after set-up; an unknown code is said kindly', async () => {
    const { app, setUp } = quizClass();
    const code = await setUp();
    const join = (who: string) => app.engine.handle('console', who, { type: 'join', code });
    const newcomer = await join('new');
    expect(keys(newcomer)).toEqual(['onboarding:welcome', 'onboarding:language']);
    for (const text of ['English', '2']) await app.engine.handle('console', 'new', { type: 'text', text });
    const joined = await app.engine.handle('console', 'new', { type: 'text', text: 'ok' });
    expect(keys(joined)[0]).toBe('quiz:player.joined');
    await say(app, ...toMenu);
    const [set] = [await app.engine.handle('console', 'user', { type: 'join', code })];
    expect(keys(set)[0]).toBe('quiz:player.joined');
    const unknown = await app.engine.handle('console', 'other', { type: 'join', code: 'ZZZZ9' });
    expect(keys(unknown)).toEqual(['onboarding:welcome', 'onboarding:language']);
    for (const text of ['English', '2']) await app.engine.handle('console', 'other', { type: 'text', text });
    const told = await app.engine.handle('console', 'other', { type: 'text', text: 'ok' });
    expect(keys(told)).toEqual(['quiz:join.unknown', 'menu:title']);
  });

  it('answers small talk with a friendly line and the same choices, never a check-in', async () => {
    const app = createTestApp();
    await say(app, 'hi');
    const cases: [string, string][] = [
      ['hello', 'help:smallTalk.greeting'],
      ['sasa msee', 'help:smallTalk.greeting'],
      ['niaje', 'help:smallTalk.greeting'],
      ['asante sana', 'help:smallTalk.thanks'],
      ['ok', 'help:smallTalk.ok'],
      ['poa 👍', 'help:smallTalk.ok'],
      ['🙂', 'help:smallTalk.ok'],
    ];
    for (const [input, key] of cases) {
      const [reply] = await say(app, input);
      expect(keys(reply), input).toEqual([key]);
      expect(reply?.messages[0]?.choices.map((c) => c.id)).toEqual(['en', 'sw', 'help']);
      expect(reply?.events, input).toEqual([]);
    }
  });

  it('refuses media without keeping it, says where to report, and carries on', async () => {
    const app = createTestApp();
    await say(app, ...toMenu);
    const reply = await app.engine.handle('console', 'user', { type: 'media', kind: 'photo' });
    expect(keys(reply)).toEqual(['common:mediaRefused', 'common:carryOn']);
    expect(reply.messages[0]?.text).toContain("don't forward it");
    expect(reply.messages[0]?.text).toContain('116');
    expect(reply.messages[1]?.choices.map((c) => c.id)).toEqual(['lessons', 'referral', 'settings', 'help']);
    expect(reply.events).toEqual([{ type: 'media_refused', kind: 'photo' }]);
  });

  it('reads a caption for danger, and answers it with the emergency guidance after the refusal', async () => {
    const app = createTestApp();
    await say(app, ...toMenu);
    const calm = await app.engine.handle('console', 'user', { type: 'media', kind: 'photo', caption: 'look at my cat' });
    expect(keys(calm)).toEqual(['common:mediaRefused', 'common:carryOn']);
    const danger = await app.engine.handle('console', 'user', { type: 'media', kind: 'photo', caption: 'he says he will post my nudes' });
    expect(keys(danger)).toEqual(['common:mediaRefused', 'help:urgent.threatens_pictures', 'help:situation.threatens_pictures.steps']);
    expect(danger.events.map((e) => e.type)).toContain('crisis_detected');
  });

  it('refuses media from someone it has never met, then starts set-up', async () => {
    const app = createTestApp();
    const reply = await app.engine.handle('console', 'new', { type: 'media', kind: 'sticker' });
    expect(keys(reply)).toEqual(['common:fileRefused', 'onboarding:welcome', 'onboarding:language']);
  });

  it('records the language and age group again in a new quarter, under that quarter\'s pseudonym', async () => {
    const app = createTestApp();
    await say(app, ...toMenu);
    const before = [];
    for await (const event of app.events.read()) before.push(event);
    app.now.value = new Date('2027-01-10T09:00:00Z');
    await say(app, 'menu');
    app.now.value = new Date('2027-01-11T09:00:00Z');
    await say(app, 'menu');
    const after = [];
    for await (const event of app.events.read()) after.push(event);
    const fresh = after.slice(before.length);
    expect(fresh.map((e) => e.payload)).toEqual([
      { type: 'locale_set', locale: 'en' },
      { type: 'audience_set', audience: (before.find((e) => e.payload.type === 'audience_set')!.payload as { audience: string }).audience },
    ]);
    expect(fresh[0]!.subject).not.toBe(before[0]!.subject);
  });

  it('warns about sexual images only for photos and videos; a voice note is asked to be typed', async () => {
    const app = createTestApp();
    await say(app, ...toMenu);
    const refusal = async (kind: 'photo' | 'video' | 'voice' | 'audio' | 'sticker' | 'document' | 'other') =>
      (await app.engine.handle('console', 'user', { type: 'media', kind })).messages[0]!;
    for (const kind of ['photo', 'video'] as const) expect((await refusal(kind)).text, kind).toContain('sexual photo or video');
    for (const kind of ['voice', 'audio'] as const) expect((await refusal(kind)).key, kind).toBe('common:voiceRefused');
    for (const kind of ['voice', 'audio', 'sticker', 'document', 'other'] as const) expect((await refusal(kind)).text, kind).not.toMatch(/sexual/);
  });

  it('opens a menu item from the words people type for it, in either language', async () => {
    const app = createTestApp();
    await say(app, ...toMenu);
    const opened = async (text: string) => {
      const [reply] = await say(app, text);
      await say(app, 'menu');
      return keys(reply).at(-1);
    };
    for (const text of ['lessons', 'Masomo', 'learn']) expect(await opened(text), text).toBe('lessons:list');
    for (const text of ['find help near me', 'hospital near me', 'huduma karibu nami']) expect(await opened(text), text).toBe('referral:need');
    for (const text of ['privacy', 'faragha', 'mipangilio']) expect(await opened(text), text).toBe('settings:title');
  });

  it('cannot call: says so, with the free line that can be called or sent an SMS, and keeps no number', async () => {
    const app = createTestApp();
    await say(app, ...toMenu);
    const reply = await app.engine.handle('console', 'user', { type: 'text', text: 'pls call me on 0712345678' });
    expect(keys(reply)).toEqual(['common:cannotCall', 'common:carryOn']);
    expect(reply.messages[0]!.text).toMatch(/116.*SMS/s);
    expect(JSON.stringify(await app.store.get(app.keyOf('user')))).not.toContain('0712345678');
    const events = [];
    for await (const event of app.events.read()) events.push(event);
    expect(JSON.stringify(events)).not.toContain('0712345678');
  });

  it('says a location is not needed where no dialog asks for one', async () => {
    const app = createTestApp();
    await say(app, ...toMenu);
    const reply = await app.engine.handle('console', 'user', { type: 'location', latitude: -1.28, longitude: 36.82 });
    expect(keys(reply)).toEqual(['common:locationUnexpected', 'common:carryOn']);
    expect(JSON.stringify(await app.store.get(app.keyOf('user')))).not.toContain('36.82');
  });

  it('help from inside a dialog offers to go back there', async () => {
    const app = createTestApp();
    const [, , , , settings, help, back] = await say(app, ...toMenu, '3', 'help', 'back');
    expect(keys(settings)).toEqual(['settings:title']);
    expect(keys(help)).toEqual(['help:now']);
    expect(help?.messages[0]?.choices.map((c) => c.id)).toEqual(['danger', 'online', 'offline', 'friend', 'feelings', 'back', 'menu']);
    expect(help?.events.map((e) => e.type)).toEqual(['help_viewed', 'help_viewed', 'help_viewed']);
    expect(keys(back)).toEqual(['settings:title']);
  });

  it('help from the very first message works, and menu then asks to finish set-up', async () => {
    const app = createTestApp();
    const [help, menu] = await say(app, 'msaada', 'menu');
    expect(keys(help)).toEqual(['help:now']);
    expect(keys(menu)).toEqual(['onboarding:welcome', 'onboarding:language']);
    const [again] = await say(app, 'menu');
    expect(keys(again)).toEqual(['common:finishSetupFirst', 'onboarding:language']);
  });

  it('switching language mid-way carries on where the user was, in the new language', async () => {
    const app = createTestApp();
    const [, , lugha, english] = await say(app, 'hi', '2', 'lugha', 'English');
    expect(keys(lugha)).toEqual(['settings:language.question']);
    expect(keys(english)).toEqual(['settings:language.changed', 'onboarding:audience']);
    expect(english?.messages[1]?.text).toMatch(/^Who are you\?/);
  });

  it('stop ends at once; the next message brings the menu back', async () => {
    const app = createTestApp();
    const [, , , , , stop, next] = await say(app, ...toMenu, '3', 'stop', 'hello');
    expect(keys(stop)).toEqual(['common:stopped']);
    expect(stop?.messages[0]?.choices).toEqual([]);
    expect(keys(next)).toEqual(['menu:title']);
  });

  it('forget me asks first; no goes back, yes erases everything', async () => {
    const app = createTestApp();
    await say(app, ...toMenu, '3');
    const [ask, no] = await say(app, 'forget me', 'no, keep it');
    expect(keys(ask)).toEqual(['settings:forget.confirm']);
    expect(keys(no)).toEqual(['settings:forget.kept', 'settings:title']);
    const [, yes] = await say(app, 'nisahau', 'yes');
    expect(keys(yes)).toEqual(['common:erased']);
    expect(yes?.events).toEqual([{ type: 'forget_me' }]);
    expect(await app.store.get(app.keyOf('user'))).toBeUndefined();
    const [after] = await say(app, 'hi');
    expect(keys(after)).toEqual(['onboarding:welcome', 'onboarding:language']);
    expect(after?.events).toEqual([{ type: 'session_started', channel: 'console', locale: 'en' }]);
  });

  it('erases this chat on request, and when forgetting, but not otherwise', async () => {
    const app = createTestApp();
    const results = await say(app, ...toMenu, '3', 'erase this chat');
    expect(results.slice(0, -1).every((r) => !r.eraseChat)).toBe(true);
    expect(results.at(-1)?.eraseChat).toBe(true);
    expect(keys(results.at(-1))).toEqual(['common:chatErased', 'menu:title']);
    const [, yes] = await say(app, 'forget me', 'yes');
    expect(yes?.eraseChat).toBe(true);
  });

  it('interrupts any dialog on a crisis message, then offers to go back', async () => {
    const app = createTestApp();
    const [, , crisis, back] = await say(app, 'hi', '1', 'nataka kujiua', 'back');
    expect(keys(crisis)).toEqual(['help:urgent.self_harm', 'help:situation.self_harm.steps']);
    expect(crisis?.events[0]).toMatchObject({ type: 'crisis_detected', tier: 'interrupt', situation: 'self_harm', state: 'onboarding' });
    // Kiswahili or Sheng: the model may read either; both are answered in Kiswahili.
    expect(['sw', 'sheng']).toContain((crisis?.events[0] as { language: string }).language);
    expect(crisis?.locale).toBe('sw');
    expect(keys(back)).toEqual(['onboarding:audience']);
  });

  it('answers a question about a topic with its help page, made for the asker', async () => {
    const teen = createTestApp();
    const [, , , , question, back] = await say(teen, ...toMenu, 'what is sextortion?', 'back');
    expect(keys(question)).toEqual(['help:situation.threatens_pictures.steps']);
    expect(question?.events.map((e) => e.type)).not.toContain('crisis_detected');
    expect(keys(back)).toEqual(['menu:title']);

    const parent = createTestApp();
    const [, , , , asked] = await say(parent, 'hi', 'English', '4', 'ok', 'sextortion ni nini?');
    expect(keys(asked)).toEqual(['help:situation.child_online.steps']);
  });

  it('takes a typed label as the choice, even when its words are about abuse', async () => {
    const app = createTestApp();
    const [, , , , , , picked] = await say(app, ...toMenu, 'help', 'something happened online', 'someone threatens to share my photos');
    expect(keys(picked)).toEqual(['help:situation.threatens_pictures.steps']);
    expect(picked?.events.map((e) => e.type)).not.toContain('crisis_detected');
  });

  it('keeps each conversation apart and in order, even when turns arrive together', async () => {
    const app = createTestApp();
    const a = (text: string) => app.engine.handle('console', 'a', { type: 'text', text });
    const b = (text: string) => app.engine.handle('console', 'b', { type: 'text', text });
    const results = await Promise.all([a('hi'), b('hi'), a('2'), b('1'), a('1'), b('4'), a('ok'), b('ok')]);
    expect(results.map((r) => r.messages.at(-1)?.key)).toEqual([
      'onboarding:language',
      'onboarding:language',
      'onboarding:audience',
      'onboarding:audience',
      'privacy:note.child.short',
      'privacy:note.adult.short',
      'menu:title',
      'menu:title',
    ]);
    expect(results[6]?.locale).toBe('sw');
    expect(results[7]?.locale).toBe('en');
  });

  it('a broken conversation gets an apology and the menu, and no one else is touched', async () => {
    const app = createTestApp();
    await say(app, ...toMenu);
    await app.engine.handle('console', 'other', { type: 'text', text: 'hi' });
    const otherBefore = await app.store.get(app.keyOf('other'));
    const broken = SessionRecord.parse(await app.store.get(app.keyOf('user')));
    broken.dialog = { id: 'settings', snapshot: { status: 'active', value: 'no-such-state', context: {} } };
    await app.store.set(app.keyOf('user'), broken);

    // A stored place that no longer restores is said kindly (see dialogVersions.test.ts), and logged as a warning.
    const [reply] = await say(app, '2');
    expect(keys(reply)).toEqual(['common:updated', 'menu:title']);
    expect(app.logger.lines.filter((l) => l.level === 'warn')).toHaveLength(1);
    expect(JSON.stringify(app.logger.lines)).not.toMatch(/no-such-state|user/);
    expect(await app.store.get(app.keyOf('other'))).toEqual(otherBefore);
    const [next] = await say(app, '3');
    expect(keys(next)).toEqual(['settings:title']);
  });

  it('a dialog that fails mid-turn gets an apology and the menu, logged as an error', async () => {
    const app = createTestApp();
    await say(app, ...toMenu, 'Learn to stay safe online', '1');
    const broken = SessionRecord.parse(await app.store.get(app.keyOf('user')));
    const snapshot = broken.dialog!.snapshot as { context: Record<string, unknown> };
    broken.dialog!.snapshot = { ...snapshot, context: { ...snapshot.context, slots: null } };
    await app.store.set(app.keyOf('user'), broken);
    const reply = await app.engine.handle('console', 'user', { type: 'choice', id: 'next' });
    expect(keys(reply)).toEqual(['common:error', 'menu:title']);
    expect(app.logger.lines.filter((l) => l.level === 'error')).toHaveLength(1);
  });

  it('still answers when monitoring events cannot be recorded, and logs it without content', async () => {
    const app = createTestApp();
    app.events.append = async () => {
      throw new Error('disk full at /data/events');
    };
    const [reply] = await say(app, 'hi');
    expect(keys(reply)).toEqual(['onboarding:welcome', 'onboarding:language']);
    const logged = app.logger.lines.find((l) => l.level === 'error');
    expect(logged?.message).toBe('monitoring events not recorded');
    expect(JSON.stringify(logged)).not.toContain('disk full');
  });

  it('sets a stored record that does not parse aside, with one warning, and starts the conversation again', async () => {
    const app = createTestApp({ SESSION_DAYS: '30' });
    const newer = { v: 99, written: 'by a newer release' };
    await app.store.set(app.keyOf('user'), newer);
    const [reply] = await say(app, 'hi');
    expect(keys(reply)).toEqual(['onboarding:welcome', 'onboarding:language']);
    expect(await app.store.get(`${app.keyOf('user')}:set-aside`)).toEqual({ setAside: '2026-11-28', record: newer });
    expect(app.logger.lines.filter((l) => l.level === 'warn').map((l) => l.message)).toEqual(['a stored conversation did not parse; set aside, and the person starts again']);
    // Expiry deletes by date only: the set-aside record goes when its day is old enough, and a record
    // that is neither is kept, with a warning.
    await app.store.set('something-else', { not: 'a conversation' });
    expect(await app.engine.sweepExpired()).toBe(0);
    expect(app.logger.lines.at(-1)).toMatchObject({ level: 'warn', fields: { unreadable: 1 } });
    app.now.value = new Date('2027-01-05T10:00:00Z');
    expect(await app.engine.sweepExpired()).toBe(2);
    expect(await app.store.get(`${app.keyOf('user')}:set-aside`)).toBeUndefined();
    expect(await app.store.get('something-else')).toEqual({ not: 'a conversation' });
  });

  it('forget me deletes a record set aside too', async () => {
    const app = createTestApp();
    await app.store.set(app.keyOf('user'), { v: 99 });
    await say(app, ...toMenu, 'forget me');
    const before = await app.store.get(`${app.keyOf('user')}:set-aside`);
    expect(before).toBeDefined();
    const [erased] = await say(app, 'Yes, forget me');
    expect(keys(erased)).toContain('common:erased');
    expect(await app.store.get(`${app.keyOf('user')}:set-aside`)).toBeUndefined();
  });

  it('forgets a conversation untouched for longer than SESSION_DAYS, and the sweep deletes it', async () => {
    const app = createTestApp({ SESSION_DAYS: '30' });
    await say(app, ...toMenu);
    app.now.value = new Date('2026-12-20T10:00:00Z');
    expect(await app.engine.sweepExpired()).toBe(0);
    app.now.value = new Date('2027-01-05T10:00:00Z');
    expect(await app.engine.sweepExpired()).toBe(1);
    expect(await app.store.get(app.keyOf('user'))).toBeUndefined();

    await say(app, ...toMenu);
    app.now.value = new Date('2027-03-01T10:00:00Z');
    const [reply] = await say(app, 'hi');
    expect(keys(reply)).toEqual(['onboarding:welcome', 'onboarding:language']);
  });

  it('records monitoring events with the hour and a quarterly pseudonym, never a platform id', async () => {
    const app = createTestApp();
    await say(app, ...toMenu, 'help');
    const stored = [];
    for await (const event of app.events.read()) stored.push(event);
    expect(stored.map((e) => e.payload.type)).toEqual([
      'session_started',
      'locale_set',
      'audience_set',
      'help_viewed',
      'help_viewed',
      'help_viewed',
    ]);
    expect(new Set(stored.map((e) => e.at))).toEqual(new Set(['2026-11-28T10:00Z']));
    expect(new Set(stored.map((e) => e.subject)).size).toBe(1);
    expect(stored[0]?.subject).not.toBe(app.keyOf('user').slice(0, 16));
  });
});
