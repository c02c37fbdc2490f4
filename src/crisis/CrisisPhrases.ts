import { z } from 'zod';
import { HelpTopic } from './HelpTopic.js';

const alternative = String.raw`(\*?'?[a-z0-9][a-z0-9']*|'?[a-z0-9][a-z0-9']*\*)`;
const word = `${alternative}(\\|${alternative})*`;
const phrase = z
  .string()
  .regex(
    new RegExp(`^${word}([ -]${word})*$`),
    'lower-case words; * at the start or the end of a word matches any beginning or ending; a|b matches either word',
  );
const lists = z.strictObject({ strong: z.array(phrase).min(1), weak: z.array(phrase), hints: z.array(phrase) });

/**
 * The crisis phrase lists, kept as data so that child-protection staff can extend them without a
 * programmer. `strong` phrases always interrupt; a `weak` one ("killing me") does when nothing in the
 * message says it is play or ordinary life ("lol", "game", "homework": `lightHearted`); `hints`
 * ("hotel", "scared") only count together, two of them or with a weak phrase. A phrase that shares
 * words with a `benign` one ("killing time", "alinipiga picha": took my photo) does not count.
 * `definitionQuestions` recognise a short question about a word ("what is ...", "... ni nini"), and
 * `topics` say which help situation each such word leads to. `synonyms` map SMS and Sheng spellings
 * to one form before anything is compared. In a phrase, `|` joins single words only: "he|she hurt
 * me" is two phrases, and "want to die|be dead" is not "want to be dead".
 */
export const CrisisPhrases = z.strictObject({
  languages: z.strictObject({ en: lists, sw: lists, sheng: lists }),
  lightHearted: z.array(phrase),
  benign: z.array(phrase),
  definitionQuestions: z.strictObject({
    /** The question words themselves: "what is", "ni nini". */
    frames: z.array(phrase).min(1),
    /** Words that may stand around the term without changing the question: "a", "the", "mean". */
    fillers: z.array(phrase),
  }),
  topics: z.partialRecord(HelpTopic, z.array(phrase).min(1)),
  synonyms: z.record(
    z.string().regex(/^[a-z0-9]+$/, 'one lower-case word'),
    z.string().regex(/^[a-z0-9]+( [a-z0-9]+)*$/, 'lower-case words'),
  ),
});
/** The validated contents of seeds/crisis-phrases.json. */
export type CrisisPhrases = z.infer<typeof CrisisPhrases>;
