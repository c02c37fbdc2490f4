import type { BotApiEmulator, Chat, StoredMessage } from './BotApiEmulator.js';

/**
 * A person in a chat with the bot, played through the emulator: says things, presses buttons,
 * and reads the bot's replies in order, each reply read once.
 */
export class FakeUser {
  readonly from: { id: number; first_name: string; username: string };
  private read = 0;

  constructor(
    private readonly emulator: BotApiEmulator,
    id: number,
    name: string,
    readonly chat: Chat = emulator.privateChat(id, name),
  ) {
    // A username as Telegram users have, so tests can check it is never shown.
    this.from = { id, first_name: name, username: `${name.toLowerCase()}_tg` };
  }

  say(text: string): Promise<StoredMessage> {
    return this.emulator.send(this.from, this.chat, { text });
  }

  send(content: Record<string, unknown>): Promise<StoredMessage> {
    return this.emulator.send(this.from, this.chat, content);
  }

  /** Press the button with this label (or choice id, the callback data before its "~version") on a bot message; returns the query id. */
  press(message: StoredMessage, labelOrData: string): Promise<string> {
    const buttons = ((message.replyMarkup?.inline_keyboard ?? []) as { text: string; callback_data: string }[][]).flat();
    const button = buttons.find((b) => b.text === labelOrData || b.callback_data === labelOrData || b.callback_data.split('~')[0] === labelOrData);
    if (!button) throw new Error(`no button "${labelOrData}" on the message (buttons: ${buttons.map((b) => b.text).join(', ')})`);
    return this.emulator.press(this.from, message, button.callback_data);
  }

  /** The next `count` messages the bot sends in this chat. */
  async replies(count: number, timeoutMs = 15_000): Promise<StoredMessage[]> {
    const from = this.read;
    const all = await this.emulator.waitFor(
      () => {
        const sent = this.emulator.botMessagesIn(this.chat.id);
        return sent.length >= from + count && sent;
      },
      `${count} bot message(s) in chat ${this.chat.id} (after ${from})`,
      timeoutMs,
    );
    this.read = from + count;
    return all.slice(from, from + count);
  }

  /** Every message the bot sent here that nobody has read yet (none, if it stayed silent). */
  unread(): StoredMessage[] {
    return this.emulator.botMessagesIn(this.chat.id).slice(this.read);
  }
}
