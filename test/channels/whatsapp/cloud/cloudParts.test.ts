import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudSender, defaultPairPace } from '../../../../src/channels/whatsapp/cloud/CloudSender.js';
import { readCloudMessage } from '../../../../src/channels/whatsapp/cloud/cloudInbound.js';
import { cloudLimits, renderForCloud, type CloudOutgoing } from '../../../../src/channels/whatsapp/cloud/renderForCloud.js';
import type { RenderedMessage } from '../../../../src/runtime/RenderedMessage.js';
import { RecordingLogger } from '../../../support/testApp.js';
import { GraphApiEmulator } from './GraphApiEmulator.js';

const words = { hint: 'Reply with a number.', listButton: 'Choose', shareLocation: 'Or share where you are.' };
const message = (choices: RenderedMessage['choices'], text = 'Pick one:', extra: Partial<RenderedMessage> = {}): RenderedMessage => ({ key: 'k', text, choices, ...extra });
const choice = (id: string, label: string, short?: string) => ({ id, label, ...(short ? { short } : {}) });

describe('renderForCloud', () => {
  it('lays out up to three choices as reply buttons, with the question version in each id', () => {
    const out = renderForCloud(message([choice('en', 'English'), choice('sw', 'Kiswahili'), choice('help', '🆘 Help')]), words, 'v1');
    expect(out).toEqual([{ kind: 'buttons', body: 'Pick one:', buttons: [{ id: 'en~v1', title: 'English' }, { id: 'sw~v1', title: 'Kiswahili' }, { id: 'help~v1', title: '🆘 Help' }] }]);
  });

  it('uses a short label on a button where the label is over 20 characters, and a list where a short one is missing', () => {
    const long = 'I am 13 to 15 years old';
    expect(renderForCloud(message([choice('a', long, '13 to 15 years'), choice('b', 'OK')]), words)).toEqual([
      { kind: 'buttons', body: 'Pick one:', buttons: [{ id: 'a', title: '13 to 15 years' }, { id: 'b', title: 'OK' }] },
    ]);
    // 23 characters fit a list row (24), not a button (20).
    expect(renderForCloud(message([choice('a', long), choice('b', 'OK')]), words)).toEqual([
      { kind: 'list', body: 'Pick one:', button: 'Choose', rows: [{ id: 'a', title: long }, { id: 'b', title: 'OK' }] },
    ]);
  });

  it('lays out 4 to 10 choices as a list: a short title, and the whole label beneath where the title is short', () => {
    const choices = Array.from({ length: 10 }, (_, i) => choice(`c${i}`, `A long label number ${i} that will not fit`, `Label ${i}`));
    const [list] = renderForCloud(message(choices), words) as [Extract<CloudOutgoing, { kind: 'list' }>];
    expect(list.kind).toBe('list');
    expect(list.rows[3]).toEqual({ id: 'c3', title: 'Label 3', description: 'A long label number 3 that will not fit' });
  });

  it('falls back to numbered text with the hint for more than ten choices, or a label with no short form that fits', () => {
    const eleven = Array.from({ length: 11 }, (_, i) => choice(`c${i}`, `County ${i}`));
    const [text] = renderForCloud(message(eleven), words);
    expect(text).toEqual({ kind: 'text', body: expect.stringContaining('\n1. County 0\n') });
    expect((text as { body: string }).body.endsWith('11. County 10\nReply with a number.')).toBe(true);
    const unfit = renderForCloud(message([choice('a', 'This label is far too long for a list row'), choice('b', 'OK')]), words);
    expect(unfit).toEqual([{ kind: 'text', body: 'Pick one:\n\n1. This label is far too long for a list row\n2. OK\nReply with a number.' }]);
  });

  it('never shows two buttons with the same title', () => {
    const out = renderForCloud(message([choice('a', 'Someone hurt my friend at home', 'My friend'), choice('b', 'Someone hurt my friend at school', 'My friend')]), words);
    expect(out[0]!.kind).toBe('text');
  });

  it('sends the start of a body over 1,024 characters as text first, and the end with the buttons', () => {
    const paragraphs = Array.from({ length: 12 }, (_, i) => `Paragraph ${i}. ${'Stay safe online. '.repeat(8)}`.trim());
    const out = renderForCloud(message([choice('ok', 'OK')], paragraphs.join('\n\n')), words);
    expect(out.length).toBeGreaterThan(1);
    const last = out.at(-1)!;
    expect(last.kind).toBe('buttons');
    expect(last.body.length).toBeLessThanOrEqual(cloudLimits.body);
    expect(out.map((m) => m.body).join('\n\n')).toBe(paragraphs.join('\n\n'));
    for (const m of out.slice(0, -1)) expect(m.kind).toBe('text');
  });

  it('splits a text over 4,096 characters at paragraphs', () => {
    const paragraphs = Array.from({ length: 40 }, (_, i) => `${i}: ${'word '.repeat(30)}`.trim());
    const out = renderForCloud(message([], paragraphs.join('\n\n')), words);
    expect(out.length).toBe(2);
    for (const m of out) expect(m.body.length).toBeLessThanOrEqual(cloudLimits.text);
    expect(out.map((m) => m.body).join('\n\n')).toBe(paragraphs.join('\n\n'));
  });

  it('follows a question that asks for a location with a location request', () => {
    const out = renderForCloud(message([choice('list', 'Show me the list', 'The list')], 'Where are you?', { locationButton: '📍 Send my location' }), words);
    expect(out.map((m) => m.kind)).toEqual(['buttons', 'location']);
    expect(out[1]).toEqual({ kind: 'location', body: words.shareLocation });
  });
});

describe('readCloudMessage', () => {
  const ours = '106540352242922';
  const read = (raw: unknown, phone: string | undefined = ours) => readCloudMessage(raw, phone, ours);
  const base = { from: '254712345678', id: 'wamid.X', timestamp: '1764583200' };

  it('reads text, pressed buttons and rows (with their version), a location, and media as its kind only', () => {
    expect(read({ ...base, type: 'text', text: { body: 'hi' } })).toEqual({ ok: { messageId: 'wamid.X', userId: '254712345678', inbound: { type: 'text', text: 'hi' } } });
    expect(read({ ...base, type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'en~v1', title: 'English' } } })).toMatchObject({ ok: { inbound: { type: 'choice', id: 'en', version: 'v1' } } });
    expect(read({ ...base, type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: 'age13_15', title: '13 to 15' } } })).toMatchObject({ ok: { inbound: { type: 'choice', id: 'age13_15' } } });
    expect(read({ ...base, type: 'location', location: { latitude: -1.28, longitude: 36.82, name: 'Home' } })).toMatchObject({ ok: { inbound: { type: 'location', latitude: -1.28, longitude: 36.82 } } });
    expect(read({ ...base, type: 'image', image: { id: '1', mime_type: 'image/jpeg', url: 'https://example.invalid/x', caption: ' help me ' } })).toMatchObject({ ok: { inbound: { type: 'media', kind: 'photo', caption: 'help me' } } });
    expect(read({ ...base, type: 'audio', audio: { id: '2', voice: true } })).toMatchObject({ ok: { inbound: { type: 'media', kind: 'voice' } } });
    expect(read({ ...base, type: 'sticker', sticker: { id: '3' } })).toMatchObject({ ok: { inbound: { type: 'media', kind: 'sticker' } } });
  });

  it('prefers the business-scoped user id, for people whose number WhatsApp no longer shows', () => {
    expect(read({ ...base, from_user_id: 'KE.13491208655302741918', type: 'text', text: { body: 'hi' } })).toMatchObject({ ok: { userId: 'KE.13491208655302741918' } });
    expect(read({ id: 'wamid.Y', from_user_id: 'KE.1349120865', type: 'text', text: { body: 'hi' } })).toMatchObject({ ok: { userId: 'KE.1349120865' } });
  });

  it('ignores reactions, groups, other numbers of the business and forged choice ids; says what it cannot read', () => {
    expect(read({ ...base, type: 'reaction', reaction: { message_id: 'wamid.Z', emoji: '👍' } })).toEqual({ ignored: 'reaction' });
    expect(read({ ...base, group_id: 'G1', type: 'text', text: { body: 'hi' } })).toEqual({ ignored: 'group' });
    expect(read({ ...base, type: 'text', text: { body: 'hi' } }, '999')).toEqual({ ignored: 'another number' });
    expect(read({ ...base, type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'x~y~z', title: 'x' } } })).toEqual({ ignored: 'interactive' });
    expect(read({ id: 'wamid.Q', type: 'text', text: { body: 'no sender' } })).toEqual({ unreadable: 'from' });
    expect(read({ ...base, from: 'not a number', type: 'text', text: { body: 'x' } })).toEqual({ unreadable: 'from' });
    expect(read('nonsense')).toEqual({ unreadable: 'message' });
  });
});

describe('CloudSender', () => {
  const token = 'EAAGtestTokenOnlyForTheEmulator0123456789';
  const phoneNumberId = '106540352242922';
  let emulator: GraphApiEmulator;
  beforeAll(async () => {
    emulator = await GraphApiEmulator.start({ token, appSecret: '0123456789abcdef0123456789abcdef', phoneNumberId });
  });
  afterAll(async () => emulator?.close());

  it("paces one person to Meta's rate after a burst, and others not at all", async () => {
    const waits: number[] = [];
    const sender = new CloudSender({ token, phoneNumberId, apiRoot: emulator.root, logger: new RecordingLogger(), now: () => 0, sleep: async (ms) => void waits.push(ms) });
    for (let i = 0; i < defaultPairPace.burst + 2; i++) await sender.send('254700000001', { kind: 'text', body: `message ${i}` });
    await sender.send('254700000002', { kind: 'text', body: 'another person' });
    expect(waits).toEqual([defaultPairPace.everyMs, 2 * defaultPairPace.everyMs]);
    expect(emulator.messagesTo('254700000001')).toHaveLength(defaultPairPace.burst + 2);
  });

  it('sends to a business-scoped user id (a person whose number WhatsApp hides) as the recipient, not as a number', async () => {
    const sender = new CloudSender({ token, phoneNumberId, apiRoot: emulator.root, logger: new RecordingLogger(), sleep: async () => {} });
    await sender.send('KE.13491208655302741918', { kind: 'text', body: 'hello' });
    const [sent] = emulator.messagesTo('KE.13491208655302741918');
    expect(sent!.body).toMatchObject({ recipient: 'KE.13491208655302741918' });
    expect(sent!.body.to).toBeUndefined();
  });

  it("keeps the whole number to its messages a second, across people", async () => {
    const waits: number[] = [];
    const sender = new CloudSender({ token, phoneNumberId, apiRoot: emulator.root, logger: new RecordingLogger(), throughput: 2, now: () => 0, sleep: async (ms) => void waits.push(ms) });
    for (let i = 0; i < 4; i++) await sender.send(`25470000002${i}`, { kind: 'text', body: 'hello' });
    expect(waits).toEqual([500, 1_000]);
  });

  it('tries again after 429, the pair-rate error and 5xx, then gives up after its attempts and says so without content', async () => {
    const logger = new RecordingLogger();
    const waits: number[] = [];
    const sender = new CloudSender({ token, phoneNumberId, apiRoot: emulator.root, logger, sleep: async (ms) => void waits.push(ms), retry: { attempts: 3, baseDelayMs: 100, maxDelayMs: 1_000 } });
    emulator.failNext(1, { status: 429, code: 130429, retryAfterSeconds: 1 });
    emulator.failNext(1, { status: 400, code: 131056 });
    expect(await sender.send('254700000003', { kind: 'text', body: 'secret words' })).toMatch(/^wamid\./);
    expect(waits[0]).toBe(1_000);
    emulator.failNext(3, { status: 500 });
    await expect(sender.send('254700000003', { kind: 'text', body: 'secret words' })).rejects.toThrow(/refused a text message/);
    expect(logger.lines.some((l) => l.message.includes('giving up'))).toBe(true);
    expect(JSON.stringify(logger.lines)).not.toMatch(/secret words|254700000003/);
  });

  it('does not retry what retrying cannot fix (a bad request), and sends buttons, lists and a location request Meta accepts', async () => {
    const sender = new CloudSender({ token, phoneNumberId, apiRoot: emulator.root, logger: new RecordingLogger(), sleep: async () => {} });
    const before = emulator.requests.length;
    emulator.failNext(1, { status: 400, code: 100 });
    await expect(sender.send('254700000004', { kind: 'text', body: 'x' })).rejects.toThrow();
    expect(emulator.requests.length).toBe(before + 1);
    await sender.send('254700000004', { kind: 'buttons', body: 'Pick', buttons: [{ id: 'a', title: 'A' }, { id: 'b', title: 'B' }] });
    await sender.send('254700000004', { kind: 'list', body: 'Pick', button: 'Choose', rows: [{ id: 'a', title: 'A', description: 'The letter A' }] });
    await sender.send('254700000004', { kind: 'location', body: 'Share where you are' });
    expect(emulator.rejected).toEqual([]);
    expect(emulator.messagesTo('254700000004').map((m) => (m.body.interactive as { type: string }).type)).toEqual(['button', 'list', 'location_request_message']);
  });
});
