import { execFileSync } from 'node:child_process';

/**
 * A file as git's index has it (staged, else committed), or undefined when git has no such file. Read without an
 * output limit: a generated file may be many megabytes (execFileSync's default maxBuffer is 1 MiB).
 */
export function readFromIndex(path: string, cwd: string): string | undefined {
  try {
    return execFileSync('git', ['show', `:./${path}`], {
      cwd,
      encoding: 'utf8',
      stdio: 'pipe',
      maxBuffer: Number.POSITIVE_INFINITY,
    });
  } catch (error) {
    if ((error as { status?: unknown }).status === 128) return undefined; // not in the index
    throw error;
  }
}
