import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

export interface Exec {
  ms: number;
  output: string;
}

/** Runs a command to completion, timing spawn to exit; fails with the tail of its output when it fails. */
export async function exec(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<Exec> {
  const started = performance.now();
  const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  const ms = performance.now() - started;
  if (code !== 0) throw new Error(`\`${[command, ...args].join(' ')}\` in ${options.cwd} exited ${code}:\n${output.slice(-4000)}`);
  return { ms, output };
}
