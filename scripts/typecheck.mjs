#!/usr/bin/env node
// `pnpm typecheck`: every program a workspace package's `typecheck` script checks, and the root's own scripts, in one
// `tsc -b` process over a solution that references them all, which parses the declarations they share (TypeScript's
// libraries, @types/node, vitest's) once; each program is still checked whole, with its own tsconfig. The packages'
// `typecheck` scripts stay the list, and still check one package alone (`pnpm --filter @paykit/mock typecheck`). It
// also fails when a JavaScript file git tracks is in none of the programs.
//
// `node scripts/typecheck.mjs --list` prints the programs instead; `node scripts/typecheck.mjs <tsconfig>…` checks more
// programs in the same process.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** `tsc --noEmit` or `tsc -p <config>` (flags in any order): what each part of a `typecheck` script may be. */
const TSC = /^tsc((?: --noEmit| -p \S+)*)$/;

/** The workspace's package folders, as pnpm reads them from pnpm-workspace.yaml. */
function workspacePackages() {
  /** @type {{ path: string }[]} */
  const listed = JSON.parse(
    execFileSync('pnpm', ['-r', 'ls', '--depth', '-1', '--json'], { cwd: root, encoding: 'utf8' }),
  );
  return listed.map((entry) => entry.path).filter((path) => path !== root);
}

/**
 * Every tsconfig a package's `typecheck` script runs `tsc` on. Throws on a script of another shape, so that a check a
 * package declares is never silently left out.
 */
function typecheckProjects() {
  return workspacePackages().flatMap((dir) => {
    /** @type {string | undefined} */
    const script = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).scripts?.typecheck;
    if (script === undefined) return [];
    return script.split('&&').map((part) => {
      const flags = TSC.exec(part.trim())?.[1];
      if (flags === undefined)
        throw new Error(`${relative(root, dir)}/package.json: typecheck runs "${part.trim()}", not tsc`);
      return join(dir, / -p (\S+)/.exec(flags)?.[1] ?? 'tsconfig.json');
    });
  });
}

const args = process.argv.slice(2);
const extra = args.filter((arg) => arg !== '--list').map((path) => resolve(path));
// The root is no workspace package, so has no `typecheck` script: its own scripts (this one among them) are a program
// of their own.
const projects = [...typecheckProjects(), join(root, 'scripts/tsconfig.json'), ...extra];
if (args.includes('--list')) {
  for (const project of projects) console.log(relative(root, project));
  process.exit(0);
}

// A solution file with no files of its own and a reference to each program; outside git's view.
const cache = join(root, 'node_modules/.cache/paykit-typecheck');
const solution = join(cache, 'tsconfig.json');
mkdirSync(cache, { recursive: true });
const references = projects.map((project) => ({ path: relative(cache, project) }));
writeFileSync(solution, `${JSON.stringify({ files: [], references }, null, 2)}\n`);

// Every program is checked from scratch (`--force`): `tsc -b` judges a program up to date by the times of its own
// files, blind to a package it reaches through node_modules, and TypeScript 7's incremental state, reused, kept a stale
// view of @paykit/client's dist (a planted declaration went unseen).
// TypeScript 7 checks with four checkers per program, and builds programs side by side, by default; each checker
// checks the shared declarations (lib, @types/node, the client's dist) again, which pays only on idle cores. On this
// 2-core machine, where `pnpm test` runs it beside every other task, the seven package programs cost 4.8-5.6 s of CPU
// on one thread (4.4-5 s alone), 6.1-7.2 s with one checker per program (3.2-3.6 s alone) and 8.6-9.6 s by default
// (4.5-5 s alone); TypeScript 5.9's solution builder took 27 s. With the root's scripts added: 5.8 s on one thread.
const threads = availableParallelism() > 2 ? ['--checkers', '1'] : ['--singleThreaded'];
const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin/tsc');
// `--listFiles` names each program's files on stdout, between the diagnostics, for the check below.
const pretty = process.stdout.isTTY ? ['--pretty'] : [];
const { status, error, stdout } = spawnSync(
  process.execPath,
  [tsc, '-b', '--force', ...threads, ...pretty, '--listFiles', solution],
  { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['inherit', 'pipe', 'inherit'] },
);
if (error) console.error(`pnpm typecheck: could not run ${tsc}: ${error.message}`);
// Its file lines are absolute paths (dependencies' too, wherever pnpm keeps them); diagnostics name files relatively.
const lines = (stdout ?? '').split('\n');
const listed = lines.filter((line) => isAbsolute(line));
const inPrograms = new Set(listed.filter((line) => line.startsWith(`${root}/`)).map((line) => relative(root, line)));
process.stdout.write(lines.filter((line) => !isAbsolute(line)).join('\n'));

// tsc leaves a file out of a program without a word when a declaration file of its name sits beside it (index.js
// beside index.d.ts) or when no tsconfig includes its folder: every JavaScript file git tracks must be in one.
const listing = spawnSync('git', ['ls-files', '-z', '--', '*.js', '*.mjs', '*.cjs'], { cwd: root, encoding: 'utf8' });
if (listing.status !== 0) {
  console.error(
    'pnpm typecheck: not a git checkout (git ls-files failed), so no check that every JavaScript file is in a program',
  );
}
const tracked = listing.status === 0 ? listing.stdout.split('\0').filter(Boolean) : [];
const unchecked = tracked.filter((file) => !inPrograms.has(file));
if (status === 0 && unchecked.length > 0) {
  console.error(
    `pnpm typecheck: ${unchecked.length} JavaScript file(s) in no program, so never checked: ${unchecked.join(', ')}` +
      "\n  add each to its package's tsconfig (`files` when a .d.ts of its name sits beside it)",
  );
}
// exitCode, not exit(): the output written above to a pipe is flushed first.
process.exitCode = status === 0 && unchecked.length > 0 ? 1 : (status ?? 1);
