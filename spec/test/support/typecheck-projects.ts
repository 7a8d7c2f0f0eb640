// The TypeScript programs `pnpm typecheck` checks, read from each workspace package's `typecheck` script, so that a
// test can check them all in one `tsc -b` process: the programs share most of their declarations (TypeScript's own
// libraries, @types/node, vitest's), which `tsc -b` parses once for all of them instead of once per program, and each
// program is still checked whole, with its own tsconfig.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';

/** `tsc --noEmit` or `tsc -p <config>` (flags in any order): what each part of a `typecheck` script may be. */
const TSC = /^tsc((?: --noEmit| -p \S+)*)$/;

/** The workspace's package folders (pnpm-workspace.yaml's `packages:`: folders or `<folder>/*`), relative to root. */
export function workspacePackages(root: string): string[] {
  const { packages } = YAML.parse(readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8')) as { packages: string[] };
  return packages.flatMap((pattern) => {
    if (!pattern.endsWith('/*')) return [pattern];
    const parent = pattern.slice(0, -2);
    return readdirSync(join(root, parent), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(root, parent, entry.name, 'package.json')))
      .map((entry) => `${parent}/${entry.name}`);
  });
}

/**
 * Every tsconfig (relative to root) a package's `typecheck` script runs `tsc` on. Throws on a script of another
 * shape, so that a check `pnpm typecheck` makes is never silently left out.
 */
export function typecheckProjects(root: string): string[] {
  return workspacePackages(root).flatMap((dir) => {
    const { scripts } = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
    const script: string | undefined = scripts?.typecheck;
    if (script === undefined) return [];
    return script.split('&&').map((part) => {
      const flags = TSC.exec(part.trim())?.[1];
      if (flags === undefined) throw new Error(`${dir}/package.json: typecheck runs "${part.trim()}", not tsc`);
      const config = / -p (\S+)/.exec(flags)?.[1] ?? 'tsconfig.json';
      return `${dir}/${config}`;
    });
  });
}

/**
 * A solution tsconfig for `tsc -b`: no files of its own, a reference to each program `pnpm typecheck` checks, and to
 * each of `others` (tsconfig paths relative to root), checked in the same process so they share its parsed declarations.
 */
export function typecheckSolution(root: string, others: string[] = []): string {
  const references = [...typecheckProjects(root), ...others].map((path) => ({ path }));
  return JSON.stringify({ files: [], references }, null, 2);
}
