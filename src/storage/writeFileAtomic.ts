import { renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Write a whole file so that a reader (or a crash) sees the old content or the new, never half. */
export function writeFileAtomic(file: string, data: string, mode = 0o600): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  writeFileSync(temp, data, { mode });
  renameSync(temp, file);
}
