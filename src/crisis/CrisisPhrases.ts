import { z } from 'zod';

const phrase = z.string().regex(/^[a-z0-9*' -]+$/, 'lower-case words; * at the end of a word matches any ending');

/**
 * The crisis phrase lists, kept as data so that child-protection staff can extend them.
 * `strong` phrases always interrupt; `weak` ones ("killing me") only when the message has no
 * light-hearted context word ("lol", "game"). `synonyms` map SMS and Sheng spellings to one form.
 */
export const CrisisPhrases = z.strictObject({
  languages: z.strictObject({
    en: z.strictObject({ strong: z.array(phrase).min(1), weak: z.array(phrase) }),
    sw: z.strictObject({ strong: z.array(phrase).min(1), weak: z.array(phrase) }),
    sheng: z.strictObject({ strong: z.array(phrase).min(1), weak: z.array(phrase) }),
  }),
  lightHearted: z.array(phrase),
  /** Openings of a question about a word ("what is sextortion?"), which is curiosity, not a crisis. */
  definitionQuestions: z.array(phrase),
  synonyms: z.record(
    z.string().regex(/^[a-z0-9]+$/, 'one lower-case word'),
    z.string().regex(/^[a-z0-9]+( [a-z0-9]+)*$/, 'lower-case words'),
  ),
});
export type CrisisPhrases = z.infer<typeof CrisisPhrases>;
