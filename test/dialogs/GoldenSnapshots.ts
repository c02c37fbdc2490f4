import { z } from 'zod';
import { DialogId } from '../../src/domain/DialogId.js';

/** test/dialogs/snapshots.json: by dialog, the machine version and a persisted snapshot of each waiting state. */
export const GoldenSnapshots = z.partialRecord(
  DialogId,
  z.strictObject({ version: z.number().int().min(1), states: z.record(z.string(), z.record(z.string(), z.unknown())) }),
);
export type GoldenSnapshots = z.infer<typeof GoldenSnapshots>;
