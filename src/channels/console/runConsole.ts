import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { App } from '../../app/createApp.js';
import type { Inbound } from '../../runtime/Inbound.js';
import type { TurnResult } from '../../runtime/TurnResult.js';
import { formatNumbered } from '../shared/formatNumbered.js';

const user = 'console-user';

/**
 * The terminal chat: what a newcomer sees after `npm start`. Choices are numbered; the user types
 * a number, a label's words in either language, or a command such as "help" or "stop".
 */
export async function runConsole(input: Readable, output: Writable, app: Pick<App, 'engine' | 'translator' | 'outbox'>): Promise<void> {
  const { engine, translator } = app;
  const lines = createInterface({ input, output, prompt: '> ', terminal: (output as { isTTY?: boolean }).isTTY ?? false });
  // Piped input can end while a turn is still being answered: its answer is printed, with no prompt after.
  let closed = false;
  lines.once('close', () => (closed = true));
  const prompt = () => {
    if (!closed) lines.prompt();
  };
  const print = (result: TurnResult) => {
    // "Erase this chat" on a terminal: clear the screen and its scrollback.
    if (result.eraseChat && (output as { isTTY?: boolean }).isTTY) output.write('\x1b[2J\x1b[3J\x1b[H');
    for (const message of result.messages) {
      output.write(`\n${formatNumbered(message, translator.t(result.locale, 'common:hint.number'))}\n`);
    }
    output.write('\n');
    prompt();
  };
  // A quiz's timer can move on while nobody types: its messages are printed when they come.
  app.outbox.register('console', async (_, result) => print(result));
  const show = async (inbound: Inbound) => print(await engine.handle('console', user, inbound));
  // Take the iterator before the first turn, so lines typed (or piped) meanwhile are not lost.
  const typed = lines[Symbol.asyncIterator]();
  await show({ type: 'command', command: 'start' });
  for await (const line of { [Symbol.asyncIterator]: () => typed }) {
    if (line.trim() === '') {
      prompt();
      continue;
    }
    await show({ type: 'text', text: line });
  }
}
