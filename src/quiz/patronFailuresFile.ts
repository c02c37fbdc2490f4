import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { writeFileAtomic } from '../storage/writeFileAtomic.js';
import type { PatronFailures, PatronFailureStore } from './PatronGate.js';

const Failures = z.strictObject({
  byKey: z.record(z.string().regex(/^[0-9a-f]{32}$/), z.strictObject({ count: z.number().int().min(1), last: z.number() })),
  recent: z.array(z.number()),
});

/**
 * Wrong patron codes kept in a small file (DATA_DIR/patron-failures.json), written atomically on
 * each change, so a restart does not clear them. It holds hashes of pseudonyms, counts and times:
 * never a code, nothing typed. A file that cannot be read starts empty, with a warning.
 */
export function patronFailuresFile(file: string, warn: (line: string) => void): PatronFailureStore {
  return {
    load(): PatronFailures | undefined {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
      const parsed = Failures.safeParse(safeJson(text));
      if (!parsed.success) warn(`${file} could not be read; patron-code failures start again from none`);
      return parsed.success ? parsed.data : undefined;
    },
    save(failures: PatronFailures): void {
      writeFileAtomic(file, `${JSON.stringify(failures)}\n`);
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
