#!/usr/bin/env node
// `pnpm typecheck`: every program a workspace package's `typecheck` script checks, in one `tsc -b` process. The
// programs share most of their declarations (TypeScript's libraries, @types/node, vitest's), which one process parses
// once instead of once per program (Node 24: 53-60 s of CPU as seven `tsc` runs, 28-33 s so); each program is still
// checked whole, with its own tsconfig. The packages' `typecheck` scripts stay the list, and still check one package
// alone (`pnpm --filter @paykit/mock typecheck`).
//
// `node scripts/typecheck.mjs --list` prints the programs instead; `node scripts/typecheck.mjs <tsconfig>…` checks more
// programs in the same process (the import test adds its typed-call consumers there).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** `tsc --noEmit` or `tsc -p <config>` (flags in any order): what each part of a `typecheck` script may be. */
const TSC = /^tsc((?: --noEmit| -p \S+)*)$/;

/** The workspace's package folders, as pnpm reads them from pnpm-workspace.yaml. */
function workspacePackages() {
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
const projects = [...typecheckProjects(), ...extra];
if (args.includes('--list')) {
  for (const project of projects) console.log(relative(root, project));
  process.exit(0);
}

// A solution file with no files of its own and a reference to each program; outside git's view.
const solution = join(root, 'node_modules/.cache/paykit-typecheck/tsconfig.json');
mkdirSync(dirname(solution), { recursive: true });
const references = projects.map((project) => ({ path: relative(dirname(solution), project) }));
writeFileSync(solution, `${JSON.stringify({ files: [], references }, null, 2)}\n`);

// --force: `tsc -b` would otherwise skip a program its build info calls up to date, judged by the program's own files'
// times, blind to a package it reaches through node_modules (turbo already skips this task when nothing changed).
const tsc = join(root, 'node_modules/typescript/bin/tsc');
const result = spawnSync(process.execPath, [tsc, '-b', '--force', '--noEmit', solution], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
