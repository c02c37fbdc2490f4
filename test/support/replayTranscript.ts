import { Readable, Writable } from 'node:stream';
import { runTranscript } from '../../src/channels/console/runTranscript.js';
import { createTestApp } from './testApp.js';

/**
 * Run input lines through transcript mode on a fresh app (memory storage, fixed secret and clock)
 * and return the output lines. Used to replay golden transcripts and to record them.
 */
export async function replayTranscript(inputs: string[]): Promise<string[]> {
  const app = createTestApp();
  let out = '';
  const sink = new Writable({
    write(chunk, _encoding, done) {
      out += String(chunk);
      done();
    },
  });
  await runTranscript(Readable.from(inputs.map((l) => `${l}\n`)), sink, app);
  return out.split('\n').filter(Boolean);
}
