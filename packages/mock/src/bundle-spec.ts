import { spawn } from 'node:child_process';
import { OutputTail } from './output-tail.js';

/**
 * Runs the spec package's own `bundle` script (the same one turbo runs), so the mock serves exactly what a build
 * would. Resolves with undefined on success, or with the bundler's output when it failed (e.g. a spec that no longer
 * lints).
 */
export function bundleSpec(specDir: string): Promise<string | undefined> {
  // Under `pnpm run`, npm_execpath is pnpm's own entry script: reuse it rather than trusting PATH.
  const execPath = process.env.npm_execpath;
  const [command, args] =
    execPath && /\.c?js$/.test(execPath)
      ? [process.execPath, [execPath, 'run', 'bundle']]
      : ['pnpm', ['run', 'bundle']];
  return new Promise((resolve) => {
    const output = new OutputTail();
    const child = spawn(command, args, { cwd: specDir, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.setEncoding('utf8').on('data', (text: string) => output.push(text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => output.push(text));
    child.once('error', (error) => resolve(`could not run pnpm: ${error.message}`));
    child.once('close', (code) => resolve(code === 0 ? undefined : output.toString()));
  });
}
