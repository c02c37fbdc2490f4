import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { SeedError } from './SeedError.js';

/** Read and validate one JSON seed file; any problem becomes a SeedError that names file, record and field. */
export function readSeedFile<T extends z.ZodType>(dir: string, name: string, schema: T): z.infer<T> {
  const file = path.join(dir, name);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new SeedError(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new SeedError(`${file}: is not valid JSON (${(error as Error).message})`);
  }
  const result = schema.safeParse(data);
  if (!result.success) throw SeedError.fromZod(file, result.error, data);
  return result.data;
}
