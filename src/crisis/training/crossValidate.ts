import { existsSync } from 'node:fs';
import { projectPath } from '../../app/projectPath.js';
import type { Seeds } from '../../seeds/loadSeeds.js';
import { ClassifierCrisisDetector } from '../ClassifierCrisisDetector.js';
import type { LinearModel } from '../LinearModel.js';
import { PhraseCrisisDetector } from '../PhraseCrisisDetector.js';
import { SmallTalk } from '../SmallTalk.js';
import { dedupe, type LabelledMessage, readLots, textKey } from './CrisisCorpus.js';
import { foldsOf, train, trainingOptions } from './buildModel.js';

export const lotsDir = () => projectPath('test/crisis/lots');
/** The blind lot now in use; earlier ones, once their figures had been seen while the model changed, became training lots. */
export const blindDir = () => projectPath('test/crisis/blind3');

/** The blind lot: only ever measured, never trained or tuned on. */
export function blindMessages(): LabelledMessage[] {
  return existsSync(blindDir()) ? dedupe(readLots(blindDir()).flatMap((l) => l.messages)) : [];
}

/** Every training message, once, leaving out any that is also in the blind lot. */
export function trainingMessages(): LabelledMessage[] {
  const blind = new Set(blindMessages().map((m) => textKey(m.text)));
  return dedupe(readLots(lotsDir()).flatMap((l) => l.messages)).filter((m) => !blind.has(textKey(m.text)));
}

/** The detector the app would run with a given model. */
export function detectorWith(model: LinearModel, seeds: Seeds): ClassifierCrisisDetector {
  return new ClassifierCrisisDetector(new PhraseCrisisDetector(seeds.crisisPhrases), model, new SmallTalk(seeds.smallTalk));
}

export interface FoldResult {
  /** For each message, the detector trained without its fold. */
  detectorOf: (index: number) => ClassifierCrisisDetector;
}

/** k-fold cross-validation: a model per fold, trained on the other folds (and their noisy copies). */
export function crossValidate(messages: LabelledMessage[], seeds: Seeds): FoldResult {
  const phrases = new PhraseCrisisDetector(seeds.crisisPhrases);
  const fold = foldsOf(messages.length, trainingOptions.folds, trainingOptions.seed);
  const detectors = Array.from({ length: trainingOptions.folds }, (_, f) =>
    detectorWith(train(messages.filter((_, i) => fold[i] !== f), phrases, seeds), seeds),
  );
  return { detectorOf: (i) => detectors[fold[i]!]! };
}

/**
 * The thresholds, from out-of-fold scores: the lowest interrupt threshold whose false alarms on
 * harmless messages stay within the allowed share, then the highest "clear" threshold whose
 * check-ins on the harmless messages left stay within theirs. Recall is what is left to gain.
 */
export function chooseThresholds(messages: LabelledMessage[], folds: FoldResult): { interrupt: number; clear: number } {
  const scored = messages.map((m, i) => ({ m, read: folds.detectorOf(i).read(m.text) }));
  const harmless = scored.filter((s) => s.m.tier === 'none');
  const interruptScores = harmless.map((s) => (s.read.kind === 'scored' ? s.read.interrupt : 0)).sort((a, b) => b - a);
  const allowed = Math.floor(harmless.length * trainingOptions.maxFalseInterrupts);
  const interrupt = Math.min(0.95, Math.max(0.2, (interruptScores[allowed] ?? 0) + 1e-6));
  const left = harmless.filter((s) => s.read.kind === 'scored' && s.read.interrupt < interrupt);
  const clearScores = left.map((s) => (s.read.kind === 'scored' ? s.read.clear : 1)).sort((a, b) => a - b);
  const checkins = Math.floor(harmless.length * trainingOptions.maxHarmlessCheckins);
  const clear = Math.min(0.98, Math.max(0.05, clearScores[checkins] ?? 0.5));
  return { interrupt, clear };
}
