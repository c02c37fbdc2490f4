/**
 * npm run train:crisis: trains the crisis model from the training lots in test/crisis/lots (never
 * the blind lot), chooses its thresholds by cross-validation on those lots, and writes
 * seeds/crisis-model.json.gz. Deterministic: the same lots, phrase lists and settings give the same file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectPath } from '../src/app/projectPath.js';
import { crisisModelFile } from '../src/crisis/createCrisisDetector.js';
import { PhraseCrisisDetector } from '../src/crisis/PhraseCrisisDetector.js';
import { chooseThresholds, crossValidate, trainingMessages } from '../src/crisis/training/crossValidate.js';
import { fingerprint, train } from '../src/crisis/training/buildModel.js';
import { loadSeeds } from '../src/seeds/loadSeeds.js';

const started = performance.now();
const seeds = loadSeeds(projectPath('seeds'));
const phrases = new PhraseCrisisDetector(seeds.crisisPhrases);
const messages = trainingMessages();
const predictions = crossValidate(messages, seeds);
const thresholds = chooseThresholds(messages, predictions);
const model = train(messages, phrases, seeds, fingerprint(messages, readFileSync(projectPath('seeds/crisis-phrases.json'), 'utf8'), seeds));
Object.assign(model.thresholds, thresholds);
const file = path.join(projectPath('seeds'), crisisModelFile);
const data = model.serialize();
writeFileSync(file, data);
console.log(`training_messages: ${messages.length}`);
console.log(`threshold_interrupt: ${thresholds.interrupt.toFixed(3)}`);
console.log(`threshold_clear: ${thresholds.clear.toFixed(3)}`);
console.log(`model_file_kb: ${(data.length / 1024).toFixed(0)}`);
console.log(`training_seconds: ${((performance.now() - started) / 1000).toFixed(1)}`);
