import type { Concern, CrisisDetector, CrisisSignal } from './CrisisDetector.js';
import { type Features, hashedFeatures } from './hashedFeatures.js';
import type { LinearModel } from './LinearModel.js';
import type { PhraseCrisisDetector } from './PhraseCrisisDetector.js';
import { MessageLanguage, Situation, Who } from './Situation.js';
import type { SmallTalk } from './SmallTalk.js';

/** The model's heads and their classes; the training script and this detector agree on them. */
export const modelHeads = {
  tier: ['none', 'checkin', 'interrupt'],
  situation: Situation.options,
  who: Who.options,
  language: MessageLanguage.options,
} as const;

/** Situations that always need an interrupt; bullying, distress and unspecified may only need a check-in. */
const interruptOnly = Situation.options.filter((s) => s !== 'bullying' && s !== 'distress' && s !== 'unspecified');

/** Below this, the language of a message is not clear enough to answer in it. */
const languageSureAt = 0.75;

/**
 * Crisis detection in three signals: small talk first (a friendly line, never an alarm); then the
 * phrase lists, which also recognise a short question about a topic word ("what is sextortion?");
 * then a linear model over hashed words and character n-grams (it also weighs the phrase lists'
 * evidence), which copes with spellings and phrasings nobody listed. The model says how sure it is
 * that a message needs an interrupt, and whether it can clear it as harmless: a message it cannot
 * clear gets a check-in. Thresholds come with the model, chosen by cross-validation on the training
 * lots. Everything runs in this process; the text is not kept.
 */
export class ClassifierCrisisDetector implements CrisisDetector {
  constructor(
    private readonly phrases: PhraseCrisisDetector,
    readonly model: LinearModel,
    private readonly smallTalk: SmallTalk,
  ) {}

  detect(text: string): CrisisSignal | null {
    const read = this.read(text);
    if (read.kind === 'decided') return read.signal;
    const interrupt = read.interrupt >= (this.model.thresholds.interrupt ?? 0.5);
    const cleared = read.clear >= (this.model.thresholds.clear ?? 0.5);
    if (!interrupt && cleared) return null;
    return this.concern(read.features, read.situations, interrupt ? 'interrupt' : 'checkin');
  }

  /**
   * What the message is before thresholds: decided already (small talk, a topic question, curiosity),
   * or the model's probabilities that it needs an interrupt and that it is harmless.
   */
  read(
    text: string,
  ): { kind: 'decided'; signal: CrisisSignal | null } | { kind: 'scored'; interrupt: number; clear: number; features: Features; situations: Map<string, number> } {
    const smallTalk = this.smallTalk.match(text);
    if (smallTalk) return { kind: 'decided', signal: { kind: 'smallTalk', smallTalk } };
    const { signal, evidence } = this.phrases.examine(text);
    if (signal?.kind === 'topic') return { kind: 'decided', signal };
    // A short question about a word that is no help topic ("what is phishing?") is curiosity.
    if (evidence.question && signal === null) return { kind: 'decided', signal: null };
    const features = hashedFeatures(text, this.model.dims, evidence);
    const tier = this.model.predict('tier', features);
    // A message the tier head would only check in on still needs an interrupt when what it is
    // about always does ("i keep cutting my thighs"): the two heads' chances, added up.
    const situations = this.model.predict('situation', features);
    const alwaysUrgent = interruptOnly.reduce((sum, s) => sum + (situations.get(s) ?? 0), 0);
    const interrupt = (tier.get('interrupt') ?? 0) + (tier.get('checkin') ?? 0) * alwaysUrgent;
    return { kind: 'scored', interrupt, clear: tier.get('none') ?? 0, features, situations };
  }

  private concern(features: Features, situations: Map<string, number>, tier: Concern['tier']): Concern {
    // An interrupt is never only "feeling sad": that is a check-in's situation.
    const allowed = Situation.options.filter((s) => tier === 'checkin' || s !== 'distress');
    const situation = best(situations, allowed);
    const who = best(this.model.predict('who', features), Who.options);
    const languages = this.model.predict('language', features);
    const language = best(languages, MessageLanguage.options);
    // Kiswahili and Sheng are both answered in Kiswahili: how sure the model is of the answer's language.
    const english = languages.get('en') ?? 0;
    const answerSure = Math.max(english, 1 - english) >= languageSureAt;
    return { kind: 'crisis', tier, situation, who, language, languageSure: answerSure };
  }
}

function best<T extends string>(probabilities: Map<string, number>, among: readonly T[]): T {
  return among.reduce((a, b) => ((probabilities.get(b) ?? 0) > (probabilities.get(a) ?? 0) ? b : a));
}
