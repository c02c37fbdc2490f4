import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Location, MessageTypes } from 'whatsapp-web.js';
import { checkChromium } from '../../../src/channels/whatsapp/checkChromium.js';
import { messageToInbound } from '../../../src/channels/whatsapp/messageToInbound.js';
import { renderForWhatsApp } from '../../../src/channels/whatsapp/renderForWhatsApp.js';
import { RecentMessages } from '../../../src/channels/shared/RecentMessages.js';
import type { Command } from '../../../src/runtime/Inbound.js';
import { incoming, media } from './FakeWhatsApp.js';

const amina = '254700000001@c.us';
const club = '120363000000000001@g.us';
const commands: Record<string, Command> = { help: 'help', msaada: 'help', stop: 'stop', acha: 'stop' };
const match = (text: string): Command | null => commands[text.toLowerCase()] ?? null;

describe('messageToInbound', () => {
  it('reads private text, from phone-number and linked ids, with the chat id as the user', () => {
    expect(messageToInbound(incoming(amina, 'hello'), match)).toEqual({ chatId: amina, userId: amina, inbound: { type: 'text', text: 'hello' } });
    expect(messageToInbound(incoming('123456789@lid', '2'), match)?.inbound).toEqual({ type: 'text', text: '2' });
    expect(messageToInbound(incoming(amina, '   '), match)).toBeNull();
  });

  it('reads a location for this turn only, as numbers', () => {
    const location = { latitude: '-1.2921', longitude: '36.8219' } as Location;
    const message = incoming(amina, 'base64-preview-not-a-caption', { type: 'location' as MessageTypes, location });
    expect(messageToInbound(message, match)?.inbound).toEqual({ type: 'location', latitude: -1.2921, longitude: 36.8219 });
    expect(messageToInbound(incoming(amina, '', { type: 'location' as MessageTypes }), match)).toBeNull();
  });

  it('gives the kind of media, a caption only where the user can type one, and never the file', () => {
    expect(messageToInbound(media(amina, 'image', ' hi '), match)?.inbound).toEqual({ type: 'media', kind: 'photo', caption: 'hi' });
    expect(messageToInbound(media(amina, 'video'), match)?.inbound).toEqual({ type: 'media', kind: 'video' });
    expect(messageToInbound(media(amina, 'document', 'cv.pdf'), match)?.inbound).toEqual({ type: 'media', kind: 'document', caption: 'cv.pdf' });
    expect(messageToInbound(media(amina, 'ptt', 'AAAA/preview'), match)?.inbound).toEqual({ type: 'media', kind: 'voice' });
    expect(messageToInbound(media(amina, 'sticker', 'UklGR'), match)?.inbound).toEqual({ type: 'media', kind: 'sticker' });
    expect(messageToInbound(media(amina, 'audio'), match)?.inbound).toEqual({ type: 'media', kind: 'audio' });
    expect(messageToInbound(incoming(amina, 'BEGIN:VCARD', { type: 'vcard' as MessageTypes }), match)?.inbound).toEqual({ type: 'media', kind: 'other' });
    expect(messageToInbound(media(amina, 'some_future_type'), match)?.inbound).toEqual({ type: 'media', kind: 'other' });
  });

  it('stays silent on reactions, revoked messages and notifications', () => {
    for (const type of ['reaction', 'revoked', 'e2e_notification', 'notification_template', 'call_log', 'protocol']) {
      expect(messageToInbound(incoming(amina, 'x', { type: type as MessageTypes }), match)).toBeNull();
    }
  });

  it('in a group, takes only a whole command after / or !, from its author', () => {
    const member = '254700000003@c.us';
    const say = (body: string, author: string | null = member) => messageToInbound(incoming(club, body, author ? { author } : {}), match);
    expect(say('/help')).toEqual({ chatId: club, userId: member, inbound: { type: 'command', command: 'help' } });
    expect(say('!acha')?.inbound).toEqual({ type: 'command', command: 'stop' });
    for (const body of ['help', 'I need help', '/help me please', '/unknown', '/', '! help']) expect(say(body)).toBeNull();
    expect(say('/help', null)).toBeNull();
    expect(messageToInbound({ ...media(club, 'image'), author: member }, match)).toBeNull();
  });

  it('ignores status updates, broadcasts, newsletters and its own messages', () => {
    expect(messageToInbound(incoming('status@broadcast', 'hi', { isStatus: true }), match)).toBeNull();
    expect(messageToInbound(incoming(amina, 'hi', { fromMe: true }), match)).toBeNull();
    expect(messageToInbound(incoming(amina, 'hi', { broadcast: true }), match)).toBeNull();
    expect(messageToInbound(incoming('1203630@newsletter', 'hi'), match)).toBeNull();
  });
});

describe('renderForWhatsApp', () => {
  it('is the text alone without choices, and numbered lines with the hint with them', () => {
    expect(renderForWhatsApp({ key: 'k', text: 'Hello', choices: [] }, 'Reply with a number.')).toEqual(['Hello']);
    expect(renderForWhatsApp({ key: 'k', text: 'Pick', choices: [{ id: 'a', label: 'A' }, { id: 'b', label: 'B' }] }, 'Reply with a number.')).toEqual([
      'Pick\n\n1. A\n2. B\nReply with a number.',
    ]);
  });
});

describe('RecentMessages, with WhatsApp string ids', () => {
  it('keeps the last 100 ids of a chat, for 48 hours at most, and hands them over once', () => {
    const now = { ms: 0 };
    const sent = new RecentMessages<string>({ clock: () => now.ms });
    for (let i = 0; i < 120; i++) sent.remember('a', `m${i}`);
    sent.remember('b', 'other');
    const taken = sent.takeAllExcept('a', ['m119']);
    expect(taken).toHaveLength(99);
    expect(taken[0]).toBe('m20');
    expect(sent.takeAllExcept('a', [])).toEqual(['m119']);
    expect(sent.takeAllExcept('a', [])).toEqual([]);
    now.ms = 48 * 3_600_000;
    expect(sent.takeAllExcept('b', [])).toEqual([]);
  });

  it('bounds the number of chats', () => {
    const sent = new RecentMessages<string>({ maxChats: 2 });
    sent.remember('a', '1');
    sent.remember('b', '2');
    sent.remember('c', '3');
    expect(sent.takeAllExcept('a', [])).toEqual([]);
    expect(sent.takeAllExcept('c', [])).toEqual(['3']);
  });
});

describe('checkChromium', () => {
  it('names the path and the package when there is no browser', () => {
    expect(() => checkChromium('/nowhere/chromium')).toThrow("CHROMIUM_PATH: no browser at /nowhere/chromium. Install Debian's package: apt-get install chromium");
    const dir = mkdtempSync(join(tmpdir(), 'chromium-'));
    expect(() => checkChromium(dir)).toThrow(/no browser at/);
    const notExecutable = join(dir, 'chromium');
    writeFileSync(notExecutable, '');
    expect(() => checkChromium(notExecutable)).toThrow(/no browser at/);
    const executable = join(dir, 'chrome');
    writeFileSync(executable, '', { mode: 0o700 });
    expect(() => checkChromium(executable)).not.toThrow();
  });
});
