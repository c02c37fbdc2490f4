import { Bot } from 'grammy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TelegramChannel } from '../../../src/channels/telegram/TelegramChannel.js';
import type { Channel } from '../../../src/domain/Channel.js';
import type { Inbound } from '../../../src/runtime/Inbound.js';
import type { RenderedMessage } from '../../../src/runtime/RenderedMessage.js';
import type { TurnResult } from '../../../src/runtime/TurnResult.js';
import { RecordingLogger } from '../../support/testApp.js';
import { BotApiEmulator, botUser } from './BotApiEmulator.js';
import { FakeUser } from './FakeUser.js';

/* The channel alone, in this process, in front of an engine that answers what the test says:
 * layouts and edge cases no dialog reaches yet. Updates go straight to bot.handleUpdate, so each
 * action has been handled when it returns. */

const token = '123456789:not-a-real-token_only-for-tests-0123';

class ScriptedEngine {
  readonly turns: { channel: Channel; platformId: string; inbound: Inbound }[] = [];
  next: Partial<TurnResult> & { messages: RenderedMessage[] } = { messages: [] };

  async handle(channel: Channel, platformId: string, inbound: Inbound): Promise<TurnResult> {
    this.turns.push({ channel, platformId, inbound });
    return { locale: 'en', events: [], eraseChat: false, ...this.next };
  }
}

const question = (text: string, ...ids: string[]): RenderedMessage => ({ key: 'q', text, choices: ids.map((id) => ({ id, label: `Label ${id}` })) });

let emulator: BotApiEmulator;
let engine: ScriptedEngine;
let logger: RecordingLogger;

/** A fresh channel on the same emulator: what a restart looks like to users. */
function startChannel(): void {
  const bot = new Bot(token, { botInfo: botUser, client: { apiRoot: emulator.apiRoot } });
  bot.use(new TelegramChannel({ engine, logger, groupNotice: (name) => `Talk to me privately: @${name}` }).composer());
  emulator.sink = (update) => bot.handleUpdate(update as never);
}

beforeEach(async () => {
  emulator = await BotApiEmulator.start(token);
  engine = new ScriptedEngine();
  logger = new RecordingLogger();
  startChannel();
});

afterEach(() => emulator.close());

describe('TelegramChannel', () => {
  it('gives the engine the user id as text and the channel name, and nothing at all from a group chat', async () => {
    const user = new FakeUser(emulator, 31, 'A');
    await user.say('hello');
    await user.say('/language');
    const member = new FakeUser(emulator, 32, 'B', emulator.group(-100_31, 'Club'));
    await member.say('hello all');
    await member.say('/stop');
    expect(engine.turns).toEqual([
      { channel: 'telegram', platformId: '31', inbound: { type: 'text', text: 'hello' } },
      { channel: 'telegram', platformId: '31', inbound: { type: 'command', command: 'language' } },
    ]);
    expect(member.unread().map((m) => m.text)).toEqual([`Talk to me privately: @${botUser.username}`]);
  });

  it('asks for a location with a reply keyboard, and the next reply without buttons takes it away', async () => {
    const user = new FakeUser(emulator, 33, 'A');
    engine.next = { messages: [{ ...question('Where are you?', 'list', 'help'), locationButton: '📍 Send my location' }] };
    await user.say('find help near me');
    const [where] = user.unread();
    expect(where!.replyMarkup).toEqual({
      keyboard: [[{ text: '📍 Send my location', request_location: true }], [{ text: 'Label list' }], [{ text: 'Label help' }]],
      resize_keyboard: true,
      one_time_keyboard: true,
    });
    engine.next = { messages: [{ key: 'r', text: 'Here is help near you.', choices: [] }, question('Anything else?', 'menu')] };
    await user.send({ location: { latitude: -1.28, longitude: 36.82 } });
    expect(engine.turns.at(-1)!.inbound).toEqual({ type: 'location', latitude: -1.28, longitude: 36.82 });
    const [results, next] = user.unread().slice(1);
    expect(results!.replyMarkup).toEqual({ remove_keyboard: true });
    expect(next!.replyMarkup).toHaveProperty('inline_keyboard');
  });

  it('shows the location request in Kiswahili to a Kiswahili speaker, and never in a group', async () => {
    const user = new FakeUser(emulator, 34, 'A');
    engine.next = { locale: 'sw', messages: [{ ...question('Uko wapi?', 'list'), locationButton: '📍 Tuma mahali nilipo' }] };
    await user.say('tafuta msaada');
    expect(user.unread()[0]!.replyMarkup?.keyboard[0][0].text).toBe('📍 Tuma mahali nilipo');
    const member = new FakeUser(emulator, 35, 'B', emulator.group(-100_35, 'Club'));
    await member.say('/menu');
    expect(member.unread()[0]!.replyMarkup).toBeUndefined();
  });

  it('splits a long reply and puts the buttons under its last part', async () => {
    const user = new FakeUser(emulator, 36, 'A');
    const long = Array.from({ length: 6 }, (_, i) => `${i + 1}. ${'x'.repeat(1500)}`).join('\n\n');
    engine.next = { messages: [{ ...question(long, 'ok') }] };
    await user.say('steps');
    const parts = user.unread();
    expect(parts.length).toBeGreaterThan(2);
    expect(parts.map((p) => p.text).join('\n\n')).toBe(long);
    expect(parts.slice(0, -1).every((p) => p.replyMarkup === undefined)).toBe(true);
    expect(parts.at(-1)!.replyMarkup).toHaveProperty('inline_keyboard');
  });

  it('after a restart, a press on a keyboard it sent before still counts (the engine checks it)', async () => {
    const user = new FakeUser(emulator, 37, 'A');
    engine.next = { messages: [question('Pick one', 'a', 'b')] };
    await user.say('hi');
    const [asked] = user.unread();
    startChannel();
    await user.press(asked!, 'b');
    expect(engine.turns.at(-1)!.inbound).toEqual({ type: 'choice', id: 'b' });
    expect(asked!.text).toBe('Pick one\n\n✓ Label b');
  });

  it('sends a press with its question\'s version, and an old keyboard the engine calls stale only loses its buttons', async () => {
    const user = new FakeUser(emulator, 38, 'A');
    engine.next = { messages: [question('First', 'yes', 'help')], version: 'v1' };
    await user.say('hi');
    const [first] = user.unread();
    expect(((first!.replyMarkup?.inline_keyboard ?? []) as { callback_data: string }[][]).flat().map((b) => b.callback_data)).toEqual(['yes~v1', 'help~v1']);
    engine.next = { messages: [question('Second', 'yes', 'help')], version: 'v2' };
    await user.say('something typed');
    engine.next = { messages: [question('Second', 'yes', 'help')], version: 'v2', stale: true };
    await user.press(first!, 'yes');
    expect(engine.turns.at(-1)!.inbound).toEqual({ type: 'choice', id: 'yes', version: 'v1' });
    expect(first!.replyMarkup).toBeUndefined();
    expect(first!.text).toBe('First');
  });

  it('sends every message in a private chat protected from forwarding and saving', async () => {
    const user = new FakeUser(emulator, 45, 'A');
    engine.next = { messages: [question('Pick', 'a'), { key: 'x', text: 'x'.repeat(5000), choices: [] }] };
    await user.say('hi');
    const sends = emulator.callsOf('sendMessage', 45);
    expect(sends.length).toBe(3);
    expect(sends.every((c) => c.payload.protect_content === true)).toBe(true);
  });

  it('in a group, any command gets a pointer to a private chat; no dialog, no keyboard, no engine turn', async () => {
    const club = emulator.group(-100_39, 'Club');
    const member = new FakeUser(emulator, 39, 'A', club);
    await member.say('/start');
    await member.say(`/help@${botUser.username}`);
    const notices = member.unread();
    expect(notices.map((m) => m.text)).toEqual([`Talk to me privately: @${botUser.username}`, `Talk to me privately: @${botUser.username}`]);
    expect(notices.every((m) => m.replyMarkup === undefined)).toBe(true);
    expect(engine.turns).toEqual([]);
  });

  it('answers and ignores a press whose data is not a choice id', async () => {
    const user = new FakeUser(emulator, 41, 'A');
    engine.next = { messages: [question('Pick', 'a')] };
    await user.say('hi');
    const turns = engine.turns.length;
    const query = await emulator.press(user.from, user.unread()[0]!, 'x'.repeat(65));
    expect(emulator.isAnswered(query)).toBe(true);
    expect(engine.turns).toHaveLength(turns);
  });

  it('erases only in private chats, and keeps the reply that says so', async () => {
    const user = new FakeUser(emulator, 42, 'A');
    engine.next = { messages: [question('One', 'a'), question('Two', 'b')] };
    await user.say('hi');
    engine.next = { eraseChat: true, messages: [{ key: 'e', text: 'Erased.', choices: [] }] };
    await user.say('erase');
    // The child's two messages (1, 4) go with the bot's two (2, 3); the reply saying so stays.
    expect(emulator.callsOf('deleteMessages', 42).map((c) => c.payload.message_ids)).toEqual([[1, 2, 3, 4]]);
    expect(emulator.messagesIn(42).filter((m) => !m.deleted).map((m) => m.text)).toEqual(['Erased.']);

    const member = new FakeUser(emulator, 43, 'B', emulator.group(-100_43, 'Club'));
    await member.say('/forget');
    expect(emulator.callsOf('deleteMessages', -100_43)).toEqual([]);
  });

  it('logs a failed call by method and code only, and carries on with the turn', async () => {
    const user = new FakeUser(emulator, 44, 'A');
    engine.next = { messages: [question('Pick', 'a')] };
    await user.say('hi');
    emulator.failNext('editMessageText', { code: 400 });
    await user.press(user.unread()[0]!, 'a');
    expect(emulator.botMessagesIn(44)).toHaveLength(2);
    expect(logger.lines).toEqual([{ level: 'warn', fields: { err: 'GrammyError', method: 'editMessageText', code: 400 }, message: 'a Telegram call failed; carrying on' }]);
  });
});
