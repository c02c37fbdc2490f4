import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectPath } from '../../src/app/projectPath.js';
import { replayTranscript } from '../support/replayTranscript.js';
import { TranscriptFile } from '../support/TranscriptFile.js';

const dir = projectPath('test/transcripts');
const files = readdirSync(dir).filter((f) => f.endsWith('.transcript'));

describe('golden transcripts', () => {
  it('exist, in both languages', () => {
    expect(files.some((f) => f.startsWith('en-'))).toBe(true);
    expect(files.some((f) => f.startsWith('sw-'))).toBe(true);
  });

  it.each(files)('%s replays exactly as recorded', async (name) => {
    const transcript = TranscriptFile.read(path.join(dir, name));
    expect(transcript.outputs, 'record it with: npm run transcripts:record').toHaveLength(transcript.inputs.length);
    const actual = await replayTranscript(transcript.inputs);
    expect(actual).toHaveLength(transcript.inputs.length);
    actual.forEach((line, i) => {
      expect(JSON.parse(line), `${name}, turn ${i + 1}: > ${transcript.inputs[i]}`).toEqual(JSON.parse(transcript.outputs[i]!));
    });
  });
});
