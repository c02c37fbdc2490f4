import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from './ConfigError.js';

/** What an expected filesystem error means, in words. */
const reasons: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'not permitted',
  EROFS: 'the disk is read-only',
  ENOTDIR: 'part of the path is a file, not a folder',
  EEXIST: 'it is a file, not a folder',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  ENAMETOOLONG: 'the path is too long',
  ELOOP: 'the path loops through links',
  EISDIR: 'a folder stands where a file should be',
};

/**
 * Before anything is stored: DATA_DIR must be a folder this process can create, write and read back.
 * A test file is written, read and removed. Paths under /proc and /sys are refused (they are not
 * storage, and some never answer). Every failure is one line naming DATA_DIR and what is wrong.
 */
export function checkDataDir(dataDir: string): void {
  const full = path.resolve(dataDir);
  if (/^\/(proc|sys|dev)(\/|$)/.test(full)) {
    throw new ConfigError(`DATA_DIR=${dataDir} is under /${full.split('/')[1]}, which is not storage: choose a folder on a disk, such as ./data.`);
  }
  const fail = (what: string, error: unknown): never => {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    throw new ConfigError(`DATA_DIR=${dataDir} cannot be ${what}: ${reasons[code] ?? (code || 'unknown error')}. Expected a folder this user can write, such as ./data.`);
  };
  try {
    mkdirSync(full, { recursive: true, mode: 0o700 });
  } catch (error) {
    fail('created', error);
  }
  const probe = path.join(full, `.write-test-${process.pid}`);
  try {
    writeFileSync(probe, 'ok', { mode: 0o600 });
  } catch (error) {
    fail('written', error);
  }
  try {
    if (readFileSync(probe, 'utf8') !== 'ok') throw Object.assign(new Error('read back something else'), { code: 'EIO' });
  } catch (error) {
    fail('read', error);
  } finally {
    rmSync(probe, { force: true });
  }
}
