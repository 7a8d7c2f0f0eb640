#!/usr/bin/env node
// `pnpm typecheck`: every program a workspace package's `typecheck` script checks, in one process (as `tsc -b`). The
// programs share most of their declarations (TypeScript's libraries, @types/node, vitest's), which one process parses
// once instead of once per program (Node 24: 53-60 s of CPU as seven `tsc` runs, 28-33 s so); each program is still
// checked whole, with its own tsconfig. The packages' `typecheck` scripts stay the list, and still check one package
// alone (`pnpm --filter @paykit/mock typecheck`).
//
// `node scripts/typecheck.mjs --list` prints the programs instead; `node scripts/typecheck.mjs <tsconfig>…` checks more
// programs in the same process (the import test adds its typed-call consumers there).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

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
const cache = join(root, 'node_modules/.cache/paykit-typecheck');
const solution = join(cache, 'tsconfig.json');
mkdirSync(cache, { recursive: true });
const references = projects.map((project) => ({ path: relative(cache, project) }));
writeFileSync(solution, `${JSON.stringify({ files: [], references }, null, 2)}\n`);

// Each program is checked incrementally: its build info, kept in the cache above, holds a hash and the diagnostics
// of every file the program read, node_modules included, so a run re-checks only the files whose content (or whose
// imports' declarations) changed. Node 20, after a Connect description edit: 18 s of CPU, 40 s with `tsc -b --force`.
// Two departures from plain `tsc -b`, each because its up-to-date check judges a program by the times of its own
// files, blind to a package it reaches through node_modules:
// - the packages' tsconfigs stay as they are (non-incremental, as `pnpm --filter <pkg> typecheck` runs them): the
//   incremental option and the build info's path are set here (recording the state costs a first run, as on CI's
//   clean clone, about 6 s of CPU more);
// - that build info is always called older than its inputs, so every program is always rebuilt, from its old state
//   (TypeScript 5.9 still reads it, and rebuilds because each tsconfig is then newer than it: an upgrade that changes
//   this would show as a slower check, not a missed error, since the state vouches only for files of equal hash).
// turbo already skips this task when nothing it reads changed.
const buildInfo = (config) => join(cache, `${relative(root, config).replaceAll('/', '__')}.tsbuildinfo`);
const pretty = Boolean(ts.sys.writeOutputIsTTY?.());
const reportDiagnostic = ts.createDiagnosticReporter(ts.sys, pretty);
const host = ts.createSolutionBuilderHost(
  ts.sys,
  undefined,
  reportDiagnostic,
  ts.createBuilderStatusReporter(ts.sys, pretty),
  (errors) => errors > 0 && ts.sys.write(`\nFound ${errors} error${errors === 1 ? '' : 's'}.\n`),
);
const configHost = { ...ts.sys, onUnRecoverableConfigFileDiagnostic: reportDiagnostic };
host.getParsedCommandLine = (config) => {
  const parsed = ts.getParsedCommandLineOfConfigFile(config, { noEmit: true }, configHost);
  if (parsed && config !== solution)
    Object.assign(parsed.options, { incremental: true, tsBuildInfoFile: buildInfo(config) });
  return parsed;
};
const modifiedTime = host.getModifiedTime.bind(host);
host.getModifiedTime = (file) =>
  file.startsWith(cache) && file.endsWith('.tsbuildinfo') ? new Date(0) : modifiedTime(file);

process.exit(ts.createSolutionBuilder(host, [solution], {}).build());
