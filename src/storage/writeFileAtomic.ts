import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';

/**
 * Write a whole file so that a reader, a killed process or a power cut sees the old content or the
 * new, never half: write a temporary file, sync it to disk, then rename it over the old one.
 */
export function writeFileAtomic(file: string, data: string, mode = 0o600): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  const fd = openSync(temp, 'w', mode);
  try {
    writeSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, file);
}
