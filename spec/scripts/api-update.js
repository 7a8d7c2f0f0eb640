// `pnpm api:update <name> <openapi-file> [--ref <url>=<local file>]…`: replaces an imported API's vendor document
// (and the files it `$ref`s) with a new published version, keeps paykit.overlay.yaml, re-applies it, names every
// overlay action whose target no longer matches anything, prints what changed (operations, parameters, schemas,
// classed breaking / non-breaking / annotation by api-smart-diff), then runs `pnpm generate`'s steps. All or nothing,
// like api:add: the new folder is staged and bundled in a scratch folder before it replaces the old one.
import { copyFileSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { paths as jsonPaths } from 'jsonpath-rfc9535';
import YAML from 'yaml';
import { changesReport } from './api-changes.js';
import {
  ApiImportError,
  bundleStaged,
  collectDependencies,
  generate,
  OVERLAY_FILE,
  readCommandLine,
  readDocument,
  runAsCommand,
  stageFolder,
} from './api-import.js';
import { BundleError, readRefMap } from './bundle-api.js';
import { configPath, readApis, specDir } from './config.js';

const USAGE = 'usage: pnpm api:update <name> <openapi-file> [--ref <url>=<local file>]…';

/**
 * The overlay actions whose target selects nothing in `document` (the vendor's bundle, before the overlay).
 * @param {any} overlay parsed overlay @param {unknown} document
 * @returns {{ index: number, target: string, description?: string }[]}
 */
export function unmatchedActions(overlay, document) {
  return (overlay?.actions ?? []).flatMap((/** @type {any} */ action, /** @type {number} */ index) => {
    let matches = 0;
    try {
      matches = jsonPaths(/** @type {any} */ (document), String(action.target)).length;
    } catch {
      // An invalid JSONPath matches nothing; Redocly's overlay check names the syntax error.
    }
    return matches === 0 ? [{ index, target: String(action.target), description: action.description }] : [];
  });
}

/** @param {string[]} argv */
export async function main(argv) {
  const commandLine = readCommandLine(argv, USAGE);
  if (!commandLine) {
    console.log(USAGE);
    return 0;
  }
  const { name, fileArgument, refs, cwd } = commandLine;
  const entries = readApis();
  const entry = entries.find((api) => api.name === name);
  if (!entry) {
    throw new ApiImportError(
      `<name> "${name}": is not registered (apis: ${entries.map((api) => api.name).join(', ')})`,
    );
  }
  const target = join(specDir, name);
  const overlayPath = join(target, OVERLAY_FILE);
  if (!entry.overlays.includes(`${name}/${OVERLAY_FILE}`) || !existsSync(overlayPath)) {
    throw new ApiImportError(
      `<name> "${name}": is hand-written (no ${OVERLAY_FILE}): edit spec/${name}/ instead; api:update replaces imported documents`,
    );
  }
  const file = resolve(cwd, fileArgument);
  const document = readDocument(file);
  // Remote documents mapped by the previous import stay mapped unless a new --ref replaces them.
  const known = new Map([...readRefMap(target), ...refs]);
  const dependencies = collectDependencies(file, document, known);
  const oldRoot = entry.root.slice(name.length + 1);
  const newRoot = basename(file);

  const scratch = mkdtempSync(join(specDir, `.api-update-${name}-`));
  let report;
  try {
    const staged = join(scratch, name);
    stageFolder(staged, file, dependencies);
    copyFileSync(overlayPath, join(staged, OVERLAY_FILE));
    const asPublished = await bundleStaged(name, staged, newRoot).catch(refuseBundle(file));
    const overlay = YAML.parse(readFileSync(overlayPath, 'utf8'));
    const unmatched = unmatchedActions(overlay, asPublished);
    const bundled = await bundleStaged(name, staged, newRoot, [OVERLAY_FILE]).catch(refuseBundle(OVERLAY_FILE));
    const before = JSON.parse(readFileSync(join(specDir, entry.output), 'utf8'));
    report = [
      unmatched.length === 0
        ? `${OVERLAY_FILE}: all ${overlay?.actions?.length ?? 0} actions still match`
        : [
            `${OVERLAY_FILE}: ${unmatched.length} action(s) no longer match anything (applied as no-ops; fix or remove them):`,
            ...unmatched.map((action) => `  actions[${action.index}] ${action.target}  (${action.description ?? ''})`),
          ].join('\n'),
      changesReport(`${entry.key} changes`, before, bundled),
    ].join('\n\n');
    // Swap the folders: the old one is removed only once the new one is in place.
    const old = join(scratch, 'old');
    renameSync(target, old);
    renameSync(staged, target);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  if (oldRoot !== newRoot) {
    const text = readFileSync(configPath, 'utf8');
    const config = YAML.parseDocument(text);
    config.setIn(['apis', entry.key, 'root'], `${name}/${newRoot}`);
    writeFileSync(`${configPath}.api-update`, config.toString({ lineWidth: 0 }));
    renameSync(`${configPath}.api-update`, configPath);
  }
  console.log(`spec/${name}/: ${newRoot} replaces ${oldRoot}; ${OVERLAY_FILE} kept\n\n${report}`);
  console.log("\ngenerating (pnpm generate's steps: spec bundle, spec generate, client generate)");
  try {
    generate();
  } catch {
    console.error(`\nspec/${name}/ is updated, but generation failed (above): fix spec/${name}/${OVERLAY_FILE}.`);
    return 1;
  }
  return 0;
}

/** @param {string} what */
const refuseBundle = (what) => (/** @type {unknown} */ error) => {
  if (error instanceof BundleError) throw new ApiImportError(`${what}: ${error.message}`);
  throw error;
};

await runAsCommand(import.meta, 'pnpm api:update', main);
