import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/*
 * Test files run side by side in several processes, and each may start its own servers. A port the
 * kernel calls free in one process can be handed to another a moment later, or taken while a test
 * has killed its server and is about to start it again on the same port. So each port handed out
 * is also reserved, by a file named after it that holds this process's id, until this process ends.
 * A file whose process is gone no longer reserves its port.
 */
const folder = path.join(tmpdir(), 'linda-test-ports');
const mine = new Set<string>();
let cleanup = false;

/** Remove the reservations of processes that have ended (the test run's global teardown). */
export function releaseEndedReservations(): void {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return;
  }
  for (const name of names) {
    const holder = readSafely(path.join(folder, name));
    if (holder !== '' && !alive(Number(holder))) rmSync(path.join(folder, name), { force: true });
  }
}

/** A port nobody listens on right now, on the loopback address, that no other test process holds. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await askKernel();
    if (reserve(port)) return port;
  }
  throw new Error(`no free port could be reserved in ${folder} after 50 tries`);
}

function askKernel(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function reserve(port: number): boolean {
  mkdirSync(folder, { recursive: true, mode: 0o777 });
  const file = path.join(folder, String(port));
  if (!cleanup) {
    cleanup = true;
    process.once('exit', () => {
      for (const held of mine) rmSync(held, { force: true });
    });
  }
  for (let tries = 0; tries < 2; tries++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      mine.add(file);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readSafely(file);
      // An empty file is being written by its holder right now.
      if (holder === '' || alive(Number(holder))) return false;
      // Left by a process that has ended: take it over.
      rmSync(file, { force: true });
    }
  }
  return false;
}

function readSafely(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
