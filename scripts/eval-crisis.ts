/**
 * npm run eval:crisis: how well crisis detection does, as `name: value` lines.
 * - cv: 5-fold cross-validation on the training lots (each message judged by a model that never saw it);
 * - blind: the blind lot, written apart from the lists and the model, never trained or tuned on;
 * - speed (median per message, 280 and 4,096 characters) beside the phrase lists alone, and model memory.
 * Thresholds are those of the committed model (chosen by cross-validation at training time).
 */
import { readFileSync } from 'node:fs';
import { projectPath } from '../src/app/projectPath.js';
import { createCrisisDetector } from '../src/crisis/createCrisisDetector.js';
import { LinearModel } from '../src/crisis/LinearModel.js';
import { PhraseCrisisDetector } from '../src/crisis/PhraseCrisisDetector.js';
import { blindMessages, crossValidate, trainingMessages } from '../src/crisis/training/crossValidate.js';
import { measure, outcomeOf } from '../src/crisis/training/evaluateDetector.js';
import { loadSeeds } from '../src/seeds/loadSeeds.js';

const seeds = loadSeeds(projectPath('seeds'));
const detector = createCrisisDetector(seeds, projectPath('seeds'));
const model = LinearModel.deserialize(readFileSync(projectPath('seeds/crisis-model.json.gz')));
const print = (figures: [string, string][]) => figures.forEach(([name, value]) => console.log(`${name}: ${value}`));

const training = trainingMessages();
const folds = crossValidate(training, seeds);
for (const [i] of training.entries()) Object.assign(folds.detectorOf(i).model.thresholds, model.thresholds);
print(measure('cv', training.map((message, i) => ({ message, outcome: outcomeOf(folds.detectorOf(i), message.text) }))).figures);

const blind = blindMessages();
const blindResult = measure('blind', blind.map((message) => ({ message, outcome: outcomeOf(detector, message.text) })));
print(blindResult.figures);
if (process.argv.includes('--misses')) {
  for (const message of blind) {
    const outcome = outcomeOf(detector, message.text);
    const wrong = (message.tier === 'none') !== (outcome.tier === null) || (message.tier === 'interrupt' && outcome.tier !== 'interrupt');
    if (wrong) console.log(`# ${message.tier}/${message.situation} -> ${outcome.tier}/${outcome.situation}: ${message.text}`);
  }
}

const phrasesOnly = new PhraseCrisisDetector(seeds.crisisPhrases);
const sample = (blind.length > 0 ? blind : training).map((m) => m.text).join(' ');
const long = sample.repeat(Math.ceil(4096 / Math.max(1, sample.length))).slice(0, 4096);
const short = (blind.length > 0 ? blind : training).map((m) => m.text.padEnd(280, ' ' + m.text).slice(0, 280));
const median = (run: (text: string) => unknown, texts: string[]) => {
  for (const t of texts.slice(0, 50)) run(t);
  const times = texts.map((t) => {
    const start = performance.now();
    run(t);
    return performance.now() - start;
  });
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
};
const longTexts = Array.from({ length: 200 }, (_, i) => long.slice(i) + long.slice(0, i));
console.log(`speed_median_ms_280_chars: ${median((t) => detector.detect(t), short).toFixed(3)}`);
console.log(`speed_median_ms_280_chars_phrase_lists_only: ${median((t) => phrasesOnly.detect(t), short).toFixed(3)}`);
console.log(`speed_median_ms_4096_chars: ${median((t) => detector.detect(t), longTexts).toFixed(3)}`);
console.log(`speed_median_ms_4096_chars_phrase_lists_only: ${median((t) => phrasesOnly.detect(t), longTexts).toFixed(3)}`);
console.log(`model_memory_mb: ${(model.memoryBytes / 2 ** 20).toFixed(1)}`);
console.log(`model_file_kb: ${(readFileSync(projectPath('seeds/crisis-model.json.gz')).length / 1024).toFixed(0)}`);
