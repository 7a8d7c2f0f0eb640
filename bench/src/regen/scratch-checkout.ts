import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exec } from '../exec.js';
import { onInterrupt } from '../interrupt.js';

/** Prefix of the scratch checkouts in the system's temporary directory. */
export const scratchPrefix = 'paykit-regen-';

function git(repoRoot: string, ...args: string[]): void {
  execFileSync('git', args, { cwd: repoRoot, stdio: 'pipe' });
}

/**
 * Removes the scratch checkout and its entry in the developer's .git/worktrees. Synchronous, so that it also runs
 * from an exit handler. `git worktree remove` refuses a worktree it never finished adding; deleting the directory
 * and pruning covers that case.
 */
function removeCheckout(repoRoot: string, checkout: string): void {
  try {
    git(repoRoot, 'worktree', 'remove', '--force', checkout);
  } catch {
    // Not (fully) registered: the directory is removed and the entry pruned below.
  }
  rmSync(checkout, { recursive: true, force: true });
  git(repoRoot, 'worktree', 'prune');
}

/**
 * Runs `work` in a throwaway checkout of HEAD (a detached git worktree with its dependencies installed from the
 * pnpm store), so that the benchmark's spec edits never touch the developer's work tree, whatever state it is in.
 * The checkout is removed afterwards, also when the run is interrupted (Ctrl-C, SIGTERM).
 */
export async function withScratchCheckout<T>(repoRoot: string, work: (checkout: string) => Promise<T>): Promise<T> {
  // Entries whose directory is gone (a run killed with SIGKILL, which no handler sees) would otherwise pile up.
  git(repoRoot, 'worktree', 'prune');
  const checkout = mkdtempSync(join(tmpdir(), scratchPrefix));
  const release = onInterrupt(() => removeCheckout(repoRoot, checkout));
  try {
    git(repoRoot, 'worktree', 'add', '--detach', checkout, 'HEAD');
    await exec('pnpm', ['install', '--offline', '--frozen-lockfile'], { cwd: checkout });
    return await work(checkout);
  } finally {
    release();
    removeCheckout(repoRoot, checkout);
  }
}
