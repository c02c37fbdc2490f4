import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../config/ConfigError.js';
import { writeFileAtomic } from '../storage/writeFileAtomic.js';

/**
 * The pseudonym secret: PSEUDONYM_SECRET when set; otherwise the one generated into the data
 * folder on first run (so a demo works with no set-up), reported once through `notice`.
 */
export function loadOrCreateSecret(configured: string | undefined, dataDir: string, notice: (line: string) => void): string {
  if (configured) return configured;
  const file = path.join(dataDir, 'pseudonym-secret');
  let existing: string | undefined;
  try {
    existing = readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (existing !== undefined) {
    // A short key would let anyone recompute pseudonyms from phone numbers; never use one.
    if (existing.length < 32) {
      throw new ConfigError(`${file} holds a secret shorter than 32 characters. Set PSEUDONYM_SECRET, or restore the file from a backup.`);
    }
    return existing;
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileAtomic(file, `${secret}\n`);
  notice(`Generated a pseudonym secret in ${file}. Keep it with the data; set PSEUDONYM_SECRET in production.`);
  return secret;
}
