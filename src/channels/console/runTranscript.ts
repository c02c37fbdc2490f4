import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { App } from '../../app/createApp.js';
import type { RenderedMessage } from '../../runtime/RenderedMessage.js';
import { parseTranscriptLine } from './parseTranscriptLine.js';

/**
 * Transcript mode: one turn per input line, exactly one JSON line out per line in, written at once,
 * so a program (a test, a demo script) can hold a conversation. Several users can talk ("from");
 * what a turn sends to other users (a quiz question to every player) is in the same line, each
 * message marked with the chat it went to. Nothing else goes to `output`.
 */
export async function runTranscript(input: Readable, output: Writable, app: Pick<App, 'engine' | 'quiz' | 'outbox'>): Promise<void> {
  const others: (RenderedMessage & { chat: string })[] = [];
  app.outbox.register('console', async (chat, result) => {
    others.push(...result.messages.map((m) => ({ chat, ...m })));
  });
  const lines = createInterface({ input, crlfDelay: Infinity });
  let number = 0;
  for await (const line of lines) {
    number++;
    let reply: unknown;
    try {
      const { from, chat, inbound } = parseTranscriptLine(line);
      const result = await app.engine.handle('console', from, inbound);
      await app.quiz.settled();
      reply = { out: [...result.messages.map((m) => ({ chat, ...m })), ...others.splice(0)], events: result.events };
    } catch (error) {
      reply = { out: [], events: [], error: `line ${number}: ${(error as Error).message}` };
    }
    output.write(`${JSON.stringify(reply)}\n`);
  }
}
