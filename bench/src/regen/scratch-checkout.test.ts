import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { withScratchCheckout } from './scratch-checkout.js';

const fixture = fileURLToPath(new URL('../test-fixtures/interrupted-checkout.ts', import.meta.url));
const temp = mkdtempSync(join(tmpdir(), 'paykit-bench-test-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** A one-commit repository with an empty package, so that the checkout's `pnpm install` has nothing to fetch. */
function makeRepo(name: string): string {
  const repo = join(temp, name);
  mkdirSync(repo);
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'pipe' });
  git('init', '-q');
  writeFileSync(join(repo, 'package.json'), '{ "name": "scratch-test", "private": true }\n');
  git('add', '.');
  git('-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', 'commit', '-qm', 'init');
  return repo;
}

const worktreeEntries = (repo: string) => {
  const dir = join(repo, '.git', 'worktrees');
  return existsSync(dir) ? readdirSync(dir) : [];
};

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether `pid` is still there after a grace period. An interrupted run stops its child before it exits; CI runs on a
 * loaded machine twice found the "child" alive, most likely pid 0 read from a pid file not yet written (the fixture
 * now renames it into place, and the test asserts a real pid). A child really left behind sleeps 60 s, so the grace
 * period hides no leak.
 */
async function stillRunningAfterGrace(pid: number): Promise<boolean> {
  for (let waited = 0; waited < 5_000 && isRunning(pid); waited += 50) await sleep(50);
  return isRunning(pid);
}

describe('withScratchCheckout', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`on ${signal}, stops its child, removes the worktree and its .git/worktrees entry, and exits ${128 + constants.signals[signal]}`, async () => {
      const repo = makeRepo(`repo-${signal}`);
      const pidFile = join(temp, `${signal}.pid`);
      const run = spawn(process.execPath, ['--import', 'tsx', fixture, repo, pidFile], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      run.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
      const exit = once(run, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
      const [line] = (await once(createInterface({ input: run.stdout }), 'line')) as [string];
      const { checkout } = JSON.parse(line) as { checkout: string };
      const childPid = Number(readFileSync(pidFile, 'utf8'));
      assert.ok(Number.isInteger(childPid) && childPid > 0, `the child's pid, not ${JSON.stringify(childPid)}`);
      assert.ok(existsSync(checkout) && worktreeEntries(repo).length === 1, 'the checkout exists while the run works');

      run.kill(signal);
      const [code] = await exit;

      assert.equal(code, 128 + constants.signals[signal], stderr);
      assert.equal(existsSync(checkout), false, 'scratch checkout left behind');
      assert.deepEqual(worktreeEntries(repo), [], 'stale .git/worktrees entry left behind');
      assert.equal(await stillRunningAfterGrace(childPid), false, 'child process left running');
    });
  }

  it('prunes worktree entries whose directory is gone before adding its own, and removes its own afterwards', async () => {
    const repo = makeRepo('repo-stale');
    const stale = join(temp, 'stale-worktree');
    execFileSync('git', ['worktree', 'add', '--detach', stale, 'HEAD'], { cwd: repo, stdio: 'pipe' });
    rmSync(stale, { recursive: true, force: true });
    assert.equal(worktreeEntries(repo).length, 1);

    const seen = await withScratchCheckout(repo, async (checkout) => ({
      checkout,
      entries: worktreeEntries(repo).length,
    }));

    assert.equal(seen.entries, 1, 'only the scratch checkout is registered while it runs');
    assert.equal(existsSync(seen.checkout), false);
    assert.deepEqual(worktreeEntries(repo), []);
  });
});
