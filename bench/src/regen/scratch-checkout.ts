import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exec } from '../exec.js';

/**
 * Runs `work` in a throwaway checkout of HEAD (a detached git worktree with its dependencies installed from the
 * pnpm store), so that the benchmark's spec edits never touch the developer's work tree, whatever state it is in.
 */
export async function withScratchCheckout<T>(repoRoot: string, work: (checkout: string) => Promise<T>): Promise<T> {
  const checkout = await mkdtemp(join(tmpdir(), 'paykit-regen-'));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repoRoot, stdio: 'pipe' });
  git('worktree', 'add', '--detach', checkout, 'HEAD');
  try {
    await exec('pnpm', ['install', '--offline', '--frozen-lockfile'], { cwd: checkout });
    return await work(checkout);
  } finally {
    git('worktree', 'remove', '--force', checkout);
    await rm(checkout, { recursive: true, force: true });
  }
}
