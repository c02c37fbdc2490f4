import { spawn, type ChildProcess } from 'node:child_process';
import { projectPath } from '../../../src/app/projectPath.js';

/**
 * The real bot as `npm start` runs it (src/main.ts in its own process), with the environment a
 * test gives it. Keeps its stdout and stderr; `stop` sends a signal and waits for the exit.
 */
export class BotProcess {
  stdout = '';
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(private readonly child: ChildProcess) {
    child.stdout?.on('data', (d) => (this.stdout += String(d)));
    child.stderr?.on('data', (d) => (this.stderr += String(d)));
    this.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  }

  /** Start it; its input is `input` and then closed, as under a process manager (nothing, by default). */
  static start(env: Record<string, string>, input = ''): BotProcess {
    const child = spawn(process.execPath, ['--import', 'tsx', projectPath('src/main.ts')], {
      cwd: projectPath(''),
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child.stdin.end(input);
    return new BotProcess(child);
  }

  /** Wait until stderr (the log) matches; fail early if the process exits. */
  async waitForLog(pattern: RegExp, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let exited = false;
    void this.exited.then(() => (exited = true));
    while (!pattern.test(this.stderr)) {
      if (exited) throw new Error(`the bot exited before logging ${pattern}:\n${this.stderr}`);
      if (Date.now() > deadline) throw new Error(`the bot did not log ${pattern} within ${timeoutMs} ms:\n${this.stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 20_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}
