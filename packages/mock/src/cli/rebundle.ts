import { spawn } from 'node:child_process';

/** Keeps what a tool printed for an error message, without holding on to a chatty tool's whole output. */
const OUTPUT_LIMIT = 16_000;

function runScript(specDir: string, script: string): Promise<string | undefined> {
  // Under `pnpm run`, npm_execpath is pnpm's own entry script: reuse it rather than trusting PATH.
  const execPath = process.env['npm_execpath'];
  const [command, args] =
    execPath && /\.c?js$/.test(execPath) ? [process.execPath, [execPath, 'run', script]] : ['pnpm', ['run', script]];
  return new Promise((resolve) => {
    let output = '';
    const keep = (text: string): void => {
      output = (output + text).slice(-OUTPUT_LIMIT);
    };
    const child = spawn(command, args, { cwd: specDir, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.setEncoding('utf8').on('data', keep);
    child.stderr.setEncoding('utf8').on('data', keep);
    child.once('error', (error) => resolve(`could not run pnpm: ${error.message}`));
    child.once('close', (code) => resolve(code === 0 ? undefined : output));
  });
}

/**
 * Lints and bundles the spec with the spec package's own scripts (the ones turbo runs), so the mock serves exactly
 * what a build would. Resolves with undefined on success, or with the tool's output (Redocly names the file and line
 * of each problem) when the spec does not validate or bundle.
 */
export async function rebundle(specDir: string): Promise<string | undefined> {
  return (await runScript(specDir, 'lint')) ?? (await runScript(specDir, 'bundle'));
}

/** Bundles without linting: a first start on a fresh clone, where the bundle does not exist yet. */
export function bundleOnly(specDir: string): Promise<string | undefined> {
  return runScript(specDir, 'bundle');
}
