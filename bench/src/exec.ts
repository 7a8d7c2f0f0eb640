import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { onInterrupt } from './interrupt.js';

export interface Exec {
  ms: number;
  output: string;
}

/** Runs a command to completion, timing spawn to exit; fails with the tail of its output when it fails. */
export async function exec(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<Exec> {
  const started = performance.now();
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const closed = once(child, 'close').catch(() => undefined);
  // A SIGTERM sent to the bench alone (turbo stopping it) does not reach its children: stop them, and wait, so that
  // nothing still writes into a directory the next cleanup removes.
  const release = onInterrupt(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    await closed;
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk));
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', resolve);
    });
    const ms = performance.now() - started;
    if (code !== 0)
      throw new Error(`\`${[command, ...args].join(' ')}\` in ${options.cwd} exited ${code}:\n${output.slice(-4000)}`);
    return { ms, output };
  } finally {
    release();
  }
}
