// Runs the Redocly CLI this package pins, as a child of this Node (no pnpm/npx wrapper in between).
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { specDir } from './config.js';

const cli = join(dirname(createRequire(import.meta.url).resolve('@redocly/cli/package.json')), 'bin/cli.js');

/** @param {string[]} args @param {{ quiet?: boolean }} [options] quiet: keep Redocly's output for the error only */
export function redocly(args, { quiet = false } = {}) {
  return execFileSync(process.execPath, [cli, ...args], {
    cwd: specDir,
    stdio: quiet ? 'pipe' : 'inherit',
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
}
