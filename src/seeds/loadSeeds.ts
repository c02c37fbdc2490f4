import { z } from 'zod';
import { CrisisPhrases } from '../crisis/CrisisPhrases.js';
import { HelpGuide } from './HelpGuide.js';
import { NationalService } from './NationalService.js';
import { readSeedFile } from './readSeedFile.js';
import { SeedError } from './SeedError.js';

/** Everything in seeds/, validated. Loaded once at start-up so a bad file stops the start, not a chat. */
export interface Seeds {
  nationalServices: NationalService[];
  helpGuide: HelpGuide;
  crisisPhrases: CrisisPhrases;
}

export function loadSeeds(dir: string): Seeds {
  const national = readSeedFile(
    dir,
    'national-services.json',
    z.strictObject({ services: z.array(NationalService).min(1) }).refine(
      (d) => new Set(d.services.map((s) => s.id)).size === d.services.length,
      { message: 'two services have the same id', path: ['services'] },
    ),
  );
  const seeds: Seeds = {
    nationalServices: national.services,
    helpGuide: readSeedFile(dir, 'help-guide.json', HelpGuide),
    crisisPhrases: readSeedFile(dir, 'crisis-phrases.json', CrisisPhrases),
  };
  checkReferences(seeds);
  return seeds;
}

/** What one file names must exist, verified, in another: a help page can only show verified numbers. */
function checkReferences({ nationalServices, helpGuide }: Seeds): void {
  const problems: string[] = [];
  const verified = new Set(nationalServices.filter((s) => s.verified).map((s) => s.id));
  const situations = new Set(helpGuide.situations.map((s) => s.id));
  const grouped = new Set(helpGuide.groups.flatMap((g) => g.situations));
  const service = (where: string, name: string) => {
    if (!verified.has(name)) problems.push(`help-guide.json › ${where}: "${name}" is not a verified service in national-services.json`);
  };
  helpGuide.now.services.forEach((name, i) => service(`now › services[${i}]`, name));
  helpGuide.situations.forEach((s, i) => {
    s.services.forEach((name, j) => service(`situations[${i}] (id ${s.id}) › services[${j}]`, name));
    if (!grouped.has(s.id)) problems.push(`help-guide.json › situations[${i}] (id ${s.id}): not in any group, so no one can reach it`);
    if (s.forAdults && !situations.has(s.forAdults)) {
      problems.push(`help-guide.json › situations[${i}] (id ${s.id}) › forAdults: no situation "${s.forAdults}"`);
    }
  });
  helpGuide.groups.forEach((g, i) =>
    g.situations.forEach((name, j) => {
      if (!situations.has(name)) problems.push(`help-guide.json › groups[${i}] (id ${g.id}) › situations[${j}]: no situation "${name}"`);
    }),
  );
  if (problems.length > 0) throw new SeedError(problems.join('\n'));
}
