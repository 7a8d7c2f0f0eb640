// The drift check of generated files, as openapi-typescript's `--check` does it: a fresh generation must equal the
// files on disk, so a developer's uncommitted spec edit with its regenerated files passes; on CI (`CI` set, a clean
// clone) it must also equal what git has, so a spec committed without its regenerated files fails there.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Whether this runs on CI: `CI` set to anything but `0` or `false` (every CI service sets it). */
export function onCi(env = process.env) {
  return Boolean(env.CI) && !/^(0|false)$/i.test(env.CI ?? '');
}

/**
 * A file as git's index has it (staged, else committed: on a clean clone, the commit), or undefined when git has no
 * such file. Read without an output limit: a generated file may be many megabytes.
 * @param {string} path relative to `cwd` @param {string} cwd
 * @returns {string | undefined}
 */
export function readFromGit(path, cwd) {
  try {
    return execFileSync('git', ['show', `:./${path}`], {
      cwd,
      encoding: 'utf8',
      stdio: 'pipe',
      maxBuffer: Number.POSITIVE_INFINITY,
    });
  } catch (error) {
    if (/** @type {{ status?: unknown }} */ (error).status === 128) return undefined; // not in the index
    throw error;
  }
}

/**
 * One message per generated file that drifted: on disk (any machine), or, on CI, in git.
 * @param {Record<string, string>} fresh path (relative to `dir`) → what a generation from the spec writes there
 * @param {string} dir
 * @param {{ ci?: boolean }} [options] `ci` defaults to {@link onCi}
 * @returns {string[]}
 */
export function generatedDrift(fresh, dir, { ci = onCi() } = {}) {
  const problems = [];
  for (const [path, text] of Object.entries(fresh)) {
    const file = join(dir, path);
    if ((existsSync(file) ? readFileSync(file, 'utf8') : undefined) !== text) {
      problems.push(`${path}: differs from what the spec generates: run pnpm generate`);
    } else if (ci && readFromGit(path, dir) !== text) {
      problems.push(`${path}: committed without what the spec generates (CI checks git): run pnpm generate and commit`);
    }
  }
  return problems;
}
