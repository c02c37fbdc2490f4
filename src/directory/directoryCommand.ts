/**
 * `npm run directory -- <command>`: the referral directory without touching code.
 *   export [file.csv]   write the directory as a spreadsheet (to stdout without a file)
 *   import file.csv     check every row; if all are valid, replace seeds/referral-services.json
 *   check [--today D]   list entries never verified or verified over a year ago
 * Options: --seeds DIR (default: the project's seeds/).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectPath } from '../app/projectPath.js';
import { loadSeeds } from '../seeds/loadSeeds.js';
import { SeedError } from '../seeds/SeedError.js';
import { writeFileAtomic } from '../storage/writeFileAtomic.js';
import { servicesFromCsv } from './servicesFromCsv.js';
import { servicesToCsv } from './servicesToCsv.js';
import { staleEntries } from './staleEntries.js';

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args.splice(i, 2)[1] : undefined;
};
const seedsDir = option('--seeds') ?? projectPath('seeds');
const today = option('--today');
const [command, file] = args;
const fail = (message: string) => {
  process.stderr.write(`${message}\n`);
  process.exit(1);
};

try {
  const seeds = loadSeeds(seedsDir);
  if (command === 'export') {
    const csv = servicesToCsv(seeds.referralServices);
    if (file) writeFileSync(file, csv);
    else process.stdout.write(csv);
  } else if (command === 'import') {
    if (!file) fail('import needs a file: npm run directory -- import directory.csv');
    const { services, errors } = servicesFromCsv(readFileSync(file!, 'utf8'));
    if (errors.length > 0) fail(`${file}: ${errors.length} problem(s); nothing was changed.\n${errors.join('\n')}`);
    const target = path.join(seedsDir, 'referral-services.json');
    writeFileAtomic(target, `${JSON.stringify({ services }, null, 1)}\n`, 0o644);
    try {
      loadSeeds(seedsDir);
    } catch (error) {
      fail(`${target} was written but the seeds no longer load together:\n${(error as Error).message}`);
    }
    process.stdout.write(`imported ${services.length} services into ${target}\n`);
  } else if (command === 'check') {
    const stale = staleEntries(seeds.referralServices, today ? new Date(today) : new Date());
    for (const entry of stale) process.stdout.write(`${entry.id}: ${entry.reason}\n`);
    process.stdout.write(`${stale.length} of ${seeds.referralServices.length} entries need checking\n`);
  } else {
    fail('usage: npm run directory -- export [file.csv] | import file.csv | check [--today YYYY-MM-DD]');
  }
} catch (error) {
  if (error instanceof SeedError) fail(`Seed data error:\n${error.message}`);
  throw error;
}
