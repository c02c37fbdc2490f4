import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { Indicators } from './Indicators.js';
import { MonitoringError } from './MonitoringError.js';

const indicatorIds = Indicators.map((i) => i.id) as [string, ...string[]];

/**
 * Quarterly targets per indicator, with who set them. A null target is printed as "target not set";
 * `placeholder: true` marks targets nobody has agreed yet, and reports say so beside every one.
 */
export const Targets = z.strictObject({
  source: z.string().min(1, 'must say who set the targets'),
  placeholder: z.boolean(),
  perQuarter: z.partialRecord(z.enum(indicatorIds), z.number().int().min(0).nullable()),
});
export type Targets = z.infer<typeof Targets>;

/** Read and check a targets file; a problem is one line naming the file and the field. */
export function loadTargets(file: string): Targets {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new MonitoringError(`${file}: cannot be read as JSON (${(error as Error).message})`);
  }
  const result = Targets.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new MonitoringError(`${file}: ${issue?.path.join('.') || 'the file'} ${issue?.message ?? 'is not valid'}`);
}
