// `node scripts/changes.js` (first step of the spec package's `test`): for every API whose files differ from git HEAD
// (hand-written or imported, staged or not), prints the operations, parameters and schemas that changed against
// HEAD's version, classed breaking / non-breaking / annotation (scripts/api-changes.js). Informational: it never fails
// on a change, and with nothing changed it costs one `git status`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadConfig } from '@redocly/openapi-core';
import { changesReport } from './api-changes.js';
import { bundleApi } from './bundle-api.js';
import { configPath, readApis, specDir } from './config.js';

/** @param {string[]} args */
const git = (args) => execFileSync('git', args, { cwd: specDir, encoding: 'utf8', maxBuffer: 1 << 30, stdio: 'pipe' });

/** The APIs (of the working tree's list) with a file that differs from HEAD. @returns {string[]} */
export function changedApis() {
  // Porcelain paths are relative to the repository's root: spec/<api>/….
  const status = git(['status', '--porcelain', '--untracked-files=all', '--', '.']);
  const folders = new Set(
    status
      .split('\n')
      .filter(Boolean)
      .map((line) => line.slice(3).replace(/^"|"$/g, '').split('/')[1]),
  );
  return readApis()
    .map((api) => api.name)
    .filter((name) => folders.has(name));
}

/**
 * Bundles HEAD's version of one API in a scratch folder, or undefined when HEAD does not have it.
 * @param {import('@redocly/openapi-core').Config} config @param {string} name
 */
async function bundleAtHead(config, name) {
  let headConfig;
  try {
    headConfig = git(['show', 'HEAD:./redocly.yaml']);
  } catch {
    return undefined;
  }
  const entry = readApis(headConfig).find((api) => api.name === name);
  if (!entry) return undefined;
  const scratch = mkdtempSync(join(specDir, `.changes-${name}-`));
  try {
    const archive = execFileSync('git', ['archive', '--format=tar', `HEAD:spec/${name}`], {
      cwd: join(specDir, '..'),
      maxBuffer: 1 << 30,
    });
    execFileSync('tar', ['-xf', '-', '-C', scratch], { input: archive });
    const rel = relative(specDir, scratch);
    const inside = (/** @type {string} */ path) => join(rel, path.slice(name.length + 1));
    return await bundleApi(config, {
      ...entry,
      root: inside(entry.root),
      overlays: entry.overlays.map(inside),
      dir: scratch,
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export async function main() {
  let changed;
  try {
    changed = changedApis();
  } catch {
    console.log('spec changes: not a git checkout, nothing to compare');
    return;
  }
  if (changed.length === 0) {
    console.log('spec changes: no API differs from HEAD');
    return;
  }
  const config = await loadConfig({ configPath });
  for (const name of changed) {
    const entry = readApis().find((api) => api.name === name);
    if (!entry) continue;
    try {
      const before = await bundleAtHead(config, name);
      const after = await bundleApi(config, entry);
      console.log(
        before
          ? changesReport(`${entry.key} (vs HEAD)`, before, after)
          : `${entry.key} (vs HEAD): new API, not in HEAD`,
      );
    } catch (error) {
      // Informational: a bundle that does not build is reported by the bundle task, not here.
      console.log(`${entry.key} (vs HEAD): not compared (${/** @type {Error} */ (error).message.split('\n')[0]})`);
    }
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
