import fc from 'fast-check';
import type { Message } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import { callbackData, parseCallbackData } from '../../../src/channels/telegram/callbackData.js';
import { deepLinkJoin } from '../../../src/channels/telegram/deepLinkJoin.js';
import { ExpiringMap } from '../../../src/channels/shared/ExpiringMap.js';
import { messageToInbound } from '../../../src/channels/telegram/messageToInbound.js';
import { RecentMessages } from '../../../src/channels/shared/RecentMessages.js';
import { renderForTelegram } from '../../../src/channels/telegram/renderForTelegram.js';
import { splitText, telegramTextLimit } from '../../../src/channels/shared/splitText.js';

const hour = 3_600_000;

describe('splitText', () => {
  it('leaves a text under the limit alone', () => {
    expect(splitText('Hello\n\nHabari')).toEqual(['Hello\n\nHabari']);
  });

  it('splits a long text at paragraph boundaries, every part under the limit', () => {
    const paragraphs = Array.from({ length: 12 }, (_, i) => `${i + 1}. ${'step '.repeat(80).trim()}`);
    const parts = splitText(paragraphs.join('\n\n'), 1000);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(1000);
    expect(parts.join('\n\n')).toBe(paragraphs.join('\n\n'));
    for (const part of parts) expect(part).toMatch(/^\d+\. step/);
  });

  it('splits one paragraph too long for a message at line breaks, then between words', () => {
    const lines = Array.from({ length: 30 }, (_, i) => `• line ${i} ${'word '.repeat(10).trim()}`);
    const parts = splitText(lines.join('\n'), 200);
    expect(parts.join('\n')).toBe(lines.join('\n'));
    const words = splitText('word '.repeat(100).trim(), 42);
    for (const part of words) expect(part).toMatch(/^word( word)*$/);
  });

  it('cuts a single huge word without breaking an emoji in two', () => {
    const parts = splitText('a' + '😀'.repeat(10), 4);
    expect(parts.join('')).toBe('a' + '😀'.repeat(10));
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(4);
    for (const part of parts) expect(part).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
  });

  it('for any text: parts are within the limit, none is blank, and no visible character is lost or moved', () => {
    const piece = fc.constantFrom('\n\n', '\n', ' ', 'word', 'neno', '😀', 'x'.repeat(50));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 200 }), fc.integer({ min: 60, max: 300 }), (pieces, limit) => {
        const text = pieces.join('');
        const parts = splitText(text, limit);
        for (const part of parts) {
          expect(part.length).toBeLessThanOrEqual(limit);
          expect(part.trim()).not.toBe('');
        }
        expect(parts.join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
      }),
    );
  });

  it('keeps room under Telegram\'s 4096 for the "✓ choice" added after a press', () => {
    expect(telegramTextLimit).toBeLessThanOrEqual(4096 - 64);
  });
});

describe('renderForTelegram', () => {
  const choices = [
    { id: 'en', label: 'English' },
    { id: 'help', label: 'Get help now' },
  ];

  it('puts the choices on an inline keyboard, one a row, under the last part only', () => {
    const text = `${'a'.repeat(3000)}\n\n${'b'.repeat(3000)}`;
    const parts = renderForTelegram({ key: 'k', text, choices });
    expect(parts).toHaveLength(2);
    expect(parts[0]!.keyboard).toBeUndefined();
    expect(parts[1]!.keyboard).toEqual({
      inline_keyboard: [[{ text: 'English', callback_data: 'en' }], [{ text: 'Get help now', callback_data: 'help' }]],
    });
  });

  it('sends a message without choices without a keyboard', () => {
    expect(renderForTelegram({ key: 'k', text: 'Done.', choices: [] })).toEqual([{ text: 'Done.' }]);
  });

  it('asks for a location with a reply keyboard button, the choices as buttons that send their label', () => {
    const [part] = renderForTelegram({ key: 'k', text: 'Where are you?', choices, locationButton: '📍 Send my location' });
    expect(part!.keyboard).toEqual({
      keyboard: [[{ text: '📍 Send my location', request_location: true }], [{ text: 'English' }], [{ text: 'Get help now' }]],
      resize_keyboard: true,
      one_time_keyboard: true,
    });
  });

  it('refuses a choice id that cannot be callback data (over 64 bytes, or not plain ASCII)', () => {
    expect(callbackData('childrens_office_047')).toBe('childrens_office_047');
    expect(() => callbackData('x'.repeat(65))).toThrow(/1 to 64 bytes/);
    expect(() => callbackData('ndiyo, sawa')).toThrow();
    expect(() => callbackData('')).toThrow();
    expect(parseCallbackData('x'.repeat(64))).toEqual({ id: 'x'.repeat(64) });
    expect(parseCallbackData('../../etc')).toBeNull();
  });

  it('carries the version of the question after a "~", and reads back only well-formed data', () => {
    expect(callbackData('yes', 'Ab3_-x')).toBe('yes~Ab3_-x');
    expect(parseCallbackData('yes~Ab3_-x')).toEqual({ id: 'yes', version: 'Ab3_-x' });
    for (const bad of ['yes~', '~Ab3', 'yes~a~b', 'yes~a b', `yes~${'a'.repeat(17)}`, `${'x'.repeat(60)}~abcdef`]) {
      expect(parseCallbackData(bad), bad).toBeNull();
    }
  });
});

describe('deepLinkJoin', () => {
  it('reads the join code of a club quiz link, for this bot only', () => {
    expect(deepLinkJoin('/start join-k7p3q', 'linda_test_bot')).toBe('K7P3Q');
    expect(deepLinkJoin('/start@Linda_Test_Bot join-K7P3Q', 'linda_test_bot')).toBe('K7P3Q');
    for (const text of ['/start', '/start join-', '/start join-K7', '/start join-K7P3Q extra', '/start@other_bot join-K7P3Q', 'join K7P3Q', '/start hello']) {
      expect(deepLinkJoin(text, 'linda_test_bot'), text).toBeNull();
    }
  });
});

describe('messageToInbound', () => {
  const bot = 'linda_test_bot';
  const base = { message_id: 5, date: 0, from: { id: 42, is_bot: false, first_name: 'A' } };
  const dm = (extra: Record<string, unknown>) => ({ ...base, chat: { id: 42, type: 'private', first_name: 'A' }, ...extra }) as unknown as Message;
  const group = (extra: Record<string, unknown>) => ({ ...base, chat: { id: -100, type: 'supergroup', title: 'Club' }, ...extra }) as unknown as Message;

  it('in a private chat: commands, text, location and the kind of any media', () => {
    expect(messageToInbound(dm({ text: '/start' }), bot)).toEqual({ type: 'command', command: 'start' });
    expect(messageToInbound(dm({ text: '/start campaign42' }), bot)).toEqual({ type: 'command', command: 'start' });
    expect(messageToInbound(dm({ text: '/start join-k7p3q' }), bot)).toEqual({ type: 'join', code: 'K7P3Q' });
    expect(messageToInbound(dm({ text: '/exit' }), bot)).toEqual({ type: 'command', command: 'exit' });
    expect(messageToInbound(dm({ text: '/forget' }), bot)).toEqual({ type: 'command', command: 'forget' });
    expect(messageToInbound(dm({ text: `/Help@${bot}` }), bot)).toEqual({ type: 'command', command: 'help' });
    expect(messageToInbound(dm({ text: '/quiz' }), bot)).toEqual({ type: 'text', text: '/quiz' });
    expect(messageToInbound(dm({ text: '2' }), bot)).toEqual({ type: 'text', text: '2' });
    expect(messageToInbound(dm({ location: { latitude: -1.3, longitude: 36.8 } }), bot)).toEqual({ type: 'location', latitude: -1.3, longitude: 36.8 });
    const media: [string, string][] = [
      ['photo', 'photo'],
      ['video', 'video'],
      ['video_note', 'video'],
      ['animation', 'video'],
      ['voice', 'voice'],
      ['audio', 'audio'],
      ['sticker', 'sticker'],
      ['document', 'document'],
      ['contact', 'other'],
    ];
    for (const [field, kind] of media) {
      expect(messageToInbound(dm({ [field]: {} }), bot)).toEqual({ type: 'media', kind });
      // The caption goes to crisis detection only; the engine never keeps it.
      expect(messageToInbound(dm({ [field]: {}, caption: 'help me' }), bot)).toEqual({ type: 'media', kind, caption: 'help me' });
    }
  });

  it('in a group: only known commands for this bot; chatter, media and other bots\' commands get nothing', () => {
    expect(messageToInbound(group({ text: '/help' }), bot)).toEqual({ type: 'command', command: 'help' });
    expect(messageToInbound(group({ text: `/menu@${bot}` }), bot)).toEqual({ type: 'command', command: 'menu' });
    expect(messageToInbound(group({ text: '/help@other_bot' }), bot)).toBeNull();
    expect(messageToInbound(group({ text: 'help' }), bot)).toBeNull();
    expect(messageToInbound(group({ text: 'hello everyone' }), bot)).toBeNull();
    expect(messageToInbound(group({ text: '/quiz' }), bot)).toBeNull();
    expect(messageToInbound(group({ photo: [] }), bot)).toBeNull();
    expect(messageToInbound(group({ location: { latitude: 1, longitude: 2 } }), bot)).toBeNull();
  });

  it('ignores bots, channels, anonymous admins and service messages', () => {
    expect(messageToInbound(dm({ text: 'hi', from: { id: 9, is_bot: true, first_name: 'B' } }), bot)).toBeNull();
    expect(messageToInbound(group({ text: '/help', sender_chat: { id: -100, type: 'supergroup', title: 'Club' } }), bot)).toBeNull();
    expect(messageToInbound({ ...dm({}), chat: { id: -5, type: 'channel', title: 'C' } } as unknown as Message, bot)).toBeNull();
    expect(messageToInbound(dm({ pinned_message: {} }), bot)).toBeNull();
  });
});

describe('what the channel keeps in memory', () => {
  it('ExpiringMap forgets entries untouched too long and the least recently touched past its bound', () => {
    const now = { value: 0 };
    const map = new ExpiringMap<string, number>({ maxEntries: 2, ttlMs: 1000, clock: () => now.value });
    map.set('a', 1);
    map.set('b', 2);
    map.get('a');
    map.set('a', 1);
    map.set('c', 3);
    expect([map.get('a'), map.get('b'), map.get('c')]).toEqual([1, undefined, 3]);
    now.value = 1500;
    expect(map.get('a')).toBeUndefined();
    expect(map.size).toBe(0);
  });

  it('RecentMessages keeps the last 100 per chat, under 48 hours old, and gives them up once', () => {
    const now = { value: 0 };
    const recent = new RecentMessages({ clock: () => now.value });
    for (let id = 1; id <= 130; id++) recent.remember(7, id);
    recent.remember(8, 1);
    const taken = recent.takeAllExcept(7, [130]);
    expect(taken).toEqual(Array.from({ length: 99 }, (_, i) => i + 31));
    expect(recent.takeAllExcept(7, [])).toEqual([130]);
    expect(recent.takeAllExcept(7, [])).toEqual([]);

    recent.remember(9, 1);
    now.value = 47 * hour;
    recent.remember(9, 2);
    now.value = 48 * hour;
    expect(recent.takeAllExcept(9, [])).toEqual([2]);
    expect(recent.takeAllExcept(8, [])).toEqual([]);
  });
});
