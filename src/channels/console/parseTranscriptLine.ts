import type { Inbound } from '../../runtime/Inbound.js';
import { TranscriptLine } from './TranscriptLine.js';

export interface ParsedLine {
  from: string;
  chat: string;
  inbound: Inbound;
}

/** Turn one transcript input line into who said what; a bad JSON line throws with what is expected. */
export function parseTranscriptLine(line: string): ParsedLine {
  if (!line.trimStart().startsWith('{')) return { from: 'user', chat: 'user', inbound: { type: 'text', text: line } };
  let data: unknown;
  try {
    data = JSON.parse(line);
  } catch (error) {
    // Newer Node versions add "(line 1 column 14)" to the position: the same line says the same on every version.
    const reason = (error as Error).message.replace(/ \(line \d+ column \d+\)$/, '');
    throw new Error(`not valid JSON (${reason}); send plain text, or a JSON object such as {"from":"a","text":"hi"}`);
  }
  const result = TranscriptLine.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`${issue?.path.join('.') || 'line'}: ${issue?.message ?? 'not valid'}`);
  }
  const l = result.data;
  const inbound: Inbound =
    l.text !== undefined
      ? { type: 'text', text: l.text }
      : l.choice !== undefined
        ? { type: 'choice', id: l.choice }
        : l.location !== undefined
          ? { type: 'location', ...l.location }
          : l.media !== undefined
            ? { type: 'media', kind: l.media }
            : { type: 'command', command: l.command ?? 'help' };
  return { from: l.from, chat: l.chat ?? l.from, inbound };
}
