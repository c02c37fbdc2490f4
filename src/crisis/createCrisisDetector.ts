import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SeedError } from '../seeds/SeedError.js';
import type { Seeds } from '../seeds/loadSeeds.js';
import { ClassifierCrisisDetector } from './ClassifierCrisisDetector.js';
import { LinearModel } from './LinearModel.js';
import { PhraseCrisisDetector } from './PhraseCrisisDetector.js';
import { SmallTalk } from './SmallTalk.js';

/** Where the trained model lives, beside the phrase lists it was trained with. */
export const crisisModelFile = 'crisis-model.json.gz';

/**
 * The crisis detector the app runs: the phrase lists, small talk and the trained model from seeds/.
 * A missing or damaged model stops start-up with a message that says how to make it again.
 */
export function createCrisisDetector(seeds: Seeds, seedsDir: string): ClassifierCrisisDetector {
  const file = path.join(seedsDir, crisisModelFile);
  let model: LinearModel;
  try {
    model = LinearModel.deserialize(readFileSync(file));
  } catch (error) {
    throw new SeedError(`${file}: the crisis model could not be read (${(error as Error).message}); make it again with: npm run train:crisis`);
  }
  return new ClassifierCrisisDetector(new PhraseCrisisDetector(seeds.crisisPhrases), model, new SmallTalk(seeds.smallTalk));
}
