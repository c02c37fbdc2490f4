import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './freePort.js';

/** Debian's PostgreSQL 15; .ci/run installs it when missing. */
const bin = '/usr/lib/postgresql/15/bin';
export const havePostgres = existsSync(path.join(bin, 'initdb'));

/**
 * A throwaway PostgreSQL on the loopback address: a new cluster in a temporary folder, owned by the
 * `postgres` user (initdb and pg_ctl refuse to run as root), on a free port, trusted locally only.
 * `stop` is an immediate shutdown (as a crash would be); `start` brings the same cluster back.
 */
export class PostgresServer {
  private running = false;

  private constructor(
    private readonly dir: string,
    readonly port: number,
  ) {}

  static async start(): Promise<PostgresServer> {
    if (!havePostgres) throw new Error(`${bin}/initdb is missing: apt-get install -y postgresql (.ci/run does this)`);
    const dir = mkdtempSync(path.join(tmpdir(), 'linda-pg-'));
    chmodSync(dir, 0o777);
    const server = new PostgresServer(path.join(dir, 'data'), await freePort());
    asPostgres('initdb', ['-D', server.dir, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
    await server.start();
    return server;
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  async start(): Promise<void> {
    const options = `-p ${this.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off -c full_page_writes=off`;
    asPostgres('pg_ctl', ['-D', this.dir, '-o', options, '-w', '-t', '30', '-l', path.join(path.dirname(this.dir), 'log'), 'start']);
    this.running = true;
  }

  async stop(mode: 'immediate' | 'fast' = 'immediate'): Promise<void> {
    if (!this.running) return;
    asPostgres('pg_ctl', ['-D', this.dir, '-m', mode, '-w', 'stop']);
    this.running = false;
  }

  async destroy(): Promise<void> {
    await this.stop('fast').catch(() => {});
    rmSync(path.dirname(this.dir), { recursive: true, force: true });
  }
}

function asPostgres(program: string, args: string[]): void {
  const command = path.join(bin, program);
  const root = process.getuid?.() === 0;
  const [file, argv] = root ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  const run = spawnSync(file, argv, { encoding: 'utf8', cwd: tmpdir() });
  if (run.status !== 0) throw new Error(`${program} failed (${run.status}): ${run.stderr || run.stdout}`);
}

