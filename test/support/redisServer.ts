import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createConnection } from 'node:net';
import { createClient } from '@redis/client';
import { freePort } from './freePort.js';

/** Debian's redis-server; .ci/run installs it when missing. */
export const redisServerPath = '/usr/bin/redis-server';
export const haveRedis = existsSync(redisServerPath);

/**
 * A throwaway Redis on the loopback address, on a free port, with persistence off: nothing it holds
 * outlives it. `stop` kills it (as a crash would); `start` again brings it back on the same port, empty.
 */
export class RedisServer {
  private child: ChildProcess | undefined;

  private constructor(readonly port: number) {}

  static async start(): Promise<RedisServer> {
    if (!haveRedis) throw new Error(`${redisServerPath} is missing: apt-get install -y redis-server (.ci/run does this)`);
    const server = new RedisServer(await freePort());
    await server.start();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.child = spawn(redisServerPath, ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'], {
      stdio: 'ignore',
    });
    const child = this.child;
    const deadline = Date.now() + 10_000;
    while (!(await answers(this.port))) {
      if (child.exitCode !== null) throw new Error(`redis-server on port ${this.port} exited at once (${child.exitCode}): is the port taken?`);
      if (Date.now() > deadline) throw new Error(`redis-server did not answer on port ${this.port} within 10 s`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    // Whatever answers must be this server, not another test's on a port handed out twice.
    const admin = createClient({ url: this.url });
    await admin.connect();
    try {
      const pid = /process_id:(\d+)/.exec(await admin.info('server'))?.[1];
      if (Number(pid) !== child.pid) {
        child.kill('SIGKILL');
        throw new Error(`port ${this.port} is held by another redis-server (process ${pid}), not the one this test started`);
      }
    } finally {
      await admin.close();
    }
  }

  /** Every key now held. */
  async keys(): Promise<string[]> {
    return (await this.dump()).split('\n').map((line) => line.split(' ')[0]!).filter(Boolean);
  }

  /** Every key and its value as text, a line each (a sorted set's members, space-separated): to search for what must not be there. */
  async dump(): Promise<string> {
    const admin = createClient({ url: this.url });
    await admin.connect();
    const lines: string[] = [];
    try {
      for await (const keys of admin.scanIterator({ COUNT: 1000 })) {
        for (const key of keys) {
          const type = await admin.type(key);
          const value = type === 'string' ? await admin.get(key) : type === 'zset' ? (await admin.zRange(key, 0, -1)).join(' ') : `(${type})`;
          lines.push(`${key} ${value}`);
        }
      }
    } finally {
      await admin.close();
    }
    return lines.join('\n');
  }

  /** Empty it, between tests that share one server. */
  async flush(): Promise<void> {
    const admin = createClient({ url: this.url });
    await admin.connect();
    await admin.flushAll();
    await admin.close();
  }

  /** Kill it at once (SIGKILL), as a crash would, and wait until it is gone. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }
}

/** True when something answers PING with PONG on the port. */
function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.setTimeout(500);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(String(data).startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}
