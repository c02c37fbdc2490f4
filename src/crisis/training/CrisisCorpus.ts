import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { MessageLanguage, Situation, Who } from '../Situation.js';

/** One labelled message, as the helpers who wrote the lots labelled it (see test/crisis/README.md). */
export const LabelledMessage = z
  .strictObject({
    text: z.string().min(1).max(4096),
    tier: z.enum(['interrupt', 'checkin', 'none']),
    situation: Situation.nullable(),
    who: Who.nullable(),
    language: MessageLanguage,
  })
  .refine((m) => (m.tier === 'none') === (m.situation === null) && (m.tier === 'none') === (m.who === null), {
    message: 'situation and who are null exactly when tier is "none"',
  });
export type LabelledMessage = z.infer<typeof LabelledMessage>;

/** A lot: the messages of one file, and where they came from. */
export interface Lot {
  name: string;
  messages: LabelledMessage[];
}

/** Every lot in a folder (one JSON array per file), each message checked, with the file and index of any bad one. */
export function readLots(dir: string): Lot[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const data: unknown = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
      const parsed = z.array(LabelledMessage).safeParse(data);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new Error(`${path.join(dir, file)} › ${issue.path.join(' › ')}: ${issue.message}`);
      }
      return { name: path.basename(file, '.json'), messages: parsed.data };
    });
}

/** The same message twice (case and spaces aside) in one lot or across lots is kept once. */
export function dedupe(messages: LabelledMessage[]): LabelledMessage[] {
  const seen = new Set<string>();
  return messages.filter((m) => {
    const key = textKey(m.text);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export const textKey = (text: string) => text.toLowerCase().replace(/\s+/g, ' ').trim();
