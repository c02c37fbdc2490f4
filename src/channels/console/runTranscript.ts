import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Engine } from '../../runtime/Engine.js';
import { parseTranscriptLine } from './parseTranscriptLine.js';

/**
 * Transcript mode: one turn per input line, exactly one JSON line out per line in, written at once,
 * so a program (a test, a demo script) can hold a conversation. Nothing else goes to `output`.
 */
export async function runTranscript(input: Readable, output: Writable, engine: Engine): Promise<void> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let number = 0;
  for await (const line of lines) {
    number++;
    let reply: unknown;
    try {
      const { from, chat, inbound } = parseTranscriptLine(line);
      const result = await engine.handle('console', from, inbound);
      reply = { out: result.messages.map((m) => ({ chat, ...m })), events: result.events };
    } catch (error) {
      reply = { out: [], events: [], error: `line ${number}: ${(error as Error).message}` };
    }
    output.write(`${JSON.stringify(reply)}\n`);
  }
}
