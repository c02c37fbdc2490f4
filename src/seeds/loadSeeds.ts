import { z } from 'zod';
import { CrisisPhrases } from '../crisis/CrisisPhrases.js';
import { NationalService } from './NationalService.js';
import { readSeedFile } from './readSeedFile.js';

/** Everything in seeds/, validated. Loaded once at start-up so a bad file stops the start, not a chat. */
export interface Seeds {
  nationalServices: NationalService[];
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
  return {
    nationalServices: national.services,
    crisisPhrases: readSeedFile(dir, 'crisis-phrases.json', CrisisPhrases),
  };
}
