import { createHash } from 'node:crypto';
import { modelHeads } from '../ClassifierCrisisDetector.js';
import { hashedFeatures } from '../hashedFeatures.js';
import type { LinearModel } from '../LinearModel.js';
import type { PhraseCrisisDetector } from '../PhraseCrisisDetector.js';
import type { Seeds } from '../../seeds/loadSeeds.js';
import type { LabelledMessage } from './CrisisCorpus.js';
import { addNoise } from './noise.js';
import { type Example, seededRandom, trainLinearModel } from './trainLinearModel.js';

/** The training settings. Changing one changes `trainedOn`, so the committed model is known to be stale. */
export const trainingOptions = {
  dims: 2 ** 17,
  epochs: 10,
  learningRate: 0.2,
  l2: 1e-6,
  seed: 20261201,
  noisyCopies: 1,
  folds: 5,
  /**
   * The most interrupts on harmless messages, and check-ins on them, that the thresholds may allow in
   * cross-validation. Below the targets (0.03 and 0.15), because new messages do worse than
   * cross-validation: the first blind lot had 0.042 false interrupts where cross-validation said 0.025.
   */
  maxFalseInterrupts: 0.02,
  maxHarmlessCheckins: 0.1,
  /** Bump when the features or the detector's use of them change. */
  featureVersion: 1,
};

/** Training examples for messages: each message as written, and noisy copies (never of a measured message). */
export function examplesOf(messages: LabelledMessage[], phrases: PhraseCrisisDetector, seed: number): Example[] {
  const random = seededRandom(seed);
  const example = (m: LabelledMessage, text: string): Example => ({
    features: hashedFeatures(text, trainingOptions.dims, phrases.examine(text).evidence),
    labels: { tier: m.tier, situation: m.situation, who: m.who, language: m.language },
  });
  return messages.flatMap((m) => [
    example(m, m.text),
    ...Array.from({ length: trainingOptions.noisyCopies }, () => example(m, addNoise(m.text, random))),
  ]);
}

/**
 * Words typed alone as answers to the bot's own questions, harmless by themselves: every county
 * name, alias and headquarters ("Eldoret" at "where are you?"). Trained as harmless; never measured.
 */
export function answerExamples(seeds: Seeds, phrases: PhraseCrisisDetector): Example[] {
  const names = seeds.counties.flatMap((c) => [c.name, c.headquarters, ...c.aliases]);
  return [...new Set(names)].map((text) => ({
    features: hashedFeatures(text, trainingOptions.dims, phrases.examine(text).evidence),
    labels: { tier: 'none', situation: null, who: null, language: null },
  }));
}

export function train(messages: LabelledMessage[], phrases: PhraseCrisisDetector, seeds: Seeds, trainedOn = ''): LinearModel {
  return trainLinearModel(
    [...examplesOf(messages, phrases, trainingOptions.seed), ...answerExamples(seeds, phrases)],
    { ...trainingOptions, heads: Object.fromEntries(Object.entries(modelHeads).map(([k, v]) => [k, [...v]])) },
    trainedOn,
  );
}

/** A hash of everything a model depends on: the messages, the phrase lists and the settings. */
export function fingerprint(messages: LabelledMessage[], phrasesJson: string, seeds: Seeds): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify(trainingOptions));
  hash.update(phrasesJson);
  hash.update(JSON.stringify(seeds.counties));
  for (const m of messages) hash.update(JSON.stringify(m));
  return hash.digest('hex');
}

/** Each message's fold, dealt round-robin after a seeded shuffle, so every fold has a share of every lot. */
export function foldsOf(count: number, folds: number, seed: number): number[] {
  const order = Array.from({ length: count }, (_, i) => i);
  const random = seededRandom(seed);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const fold = new Array<number>(count);
  order.forEach((at, k) => (fold[at] = k % folds));
  return fold;
}
