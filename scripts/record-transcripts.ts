/**
 * Records the golden transcripts in test/transcripts: runs each file's `>` lines through transcript
 * mode and writes what the bot answered under them. Run it after a deliberate change of behaviour or
 * wording, then read the diff: it is what users will see differently.
 *   npm run transcripts:record            all files
 *   npm run transcripts:record -- NAME    one file (test/transcripts/NAME.transcript)
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { projectPath } from '../src/app/projectPath.js';
import { replayTranscript } from '../test/support/replayTranscript.js';
import { TranscriptFile } from '../test/support/TranscriptFile.js';

const dir = projectPath('test/transcripts');
const only = process.argv[2];
const names = readdirSync(dir).filter((f) => f.endsWith('.transcript') && (!only || f === `${only}.transcript`));
for (const name of names) {
  const transcript = TranscriptFile.read(path.join(dir, name));
  transcript.record(await replayTranscript(transcript.inputs));
  process.stdout.write(`recorded ${name} (${transcript.inputs.length} turns)\n`);
}
