import { spawn } from 'node:child_process';
import { projectPath } from '../../src/app/projectPath.js';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run `src/main.ts` as `npm start` would, with the given arguments, environment and input (as another user with `asUser`, through runuser). */
export function runCli(args: string[], env: Record<string, string>, input: string, asUser?: string): Promise<CliRun> {
  return runScript('src/main.ts', args, env, input, asUser);
}

/** Run one of the project's scripts (`npm run report` is src/monitoring/reportCommand.ts) the same way. */
export function runScript(script: string, args: string[], env: Record<string, string>, input = '', asUser?: string): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const command = [process.execPath, '--import', 'tsx', projectPath(script), ...args];
    const [file, ...argv] = asUser ? ['runuser', '-u', asUser, '--', ...command] : command;
    const child = spawn(file!, argv, {
      cwd: projectPath(''),
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += String(d)));
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}
