// `pnpm api:add <name> <openapi-file> [--ref <url>=<local file>]…`: imports a vendor's published OpenAPI 3.0/3.1
// document as published: spec/<name>/ holds the vendor's file byte for byte (JSON or YAML, never split or rewritten),
// the files it `$ref`s, local copies of the remote documents it `$ref`s, and paykit.overlay.yaml: what paykit inferred
// (vendorFacts' suggestions), as OpenAPI Overlay actions the bundle step applies. It prints every inference and every
// gap in one run, registers `<name>@v<major>` in redocly.yaml (`overlays:`, lint findings as warnings), then runs
// `pnpm generate`'s steps (api-import.js `generate`). All or nothing: everything is read, bundled and checked in a
// scratch folder before it is renamed into place, and redocly.yaml is replaced in one rename.
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import YAML from 'yaml';
import { vendorFacts } from '../vendor.js';
import {
  ApiImportError,
  bundleStaged,
  collectDependencies,
  generate,
  OVERLAY_FILE,
  readCommandLine,
  readDocument,
  renderOverlay,
  runAsCommand,
  stageFolder,
} from './api-import.js';
import { BundleError } from './bundle-api.js';
import { bundleInputsHash, writeBundle } from './bundle.js';
import { API_NAME, configPath, readApis, specDir } from './config.js';

export { ApiImportError as ApiAddError, readDocument };

const USAGE =
  'usage: pnpm api:add <name> <openapi-file> [--ref <url>=<local file>]…   e.g. pnpm api:add acme-pay ./acme-pay-openapi.yaml';

/** Folders of spec/ and names of @paykit/client that an API folder or entry point must not take. */
const RESERVED = new Set(['dist', 'docs', 'generated', 'node_modules', 'rules', 'scripts', 'seeds', 'test', 'core']);

/** @param {string} name @param {string[]} registered */
export function checkName(name, registered) {
  const refuse = (/** @type {string} */ rule) => {
    throw new ApiImportError(`<name> "${name}": ${rule}`);
  };
  if (!API_NAME.test(name))
    refuse('must be a lower-case identifier: a-z and 0-9, words joined by single hyphens (acme-pay)');
  if (registered.includes(name)) refuse(`is already registered in spec/redocly.yaml (apis: ${registered.join(', ')})`);
  if (RESERVED.has(name)) refuse(`is reserved (paykit's own folders: ${[...RESERVED].join(', ')})`);
  if (existsSync(join(specDir, name))) refuse(`spec/${name}/ already exists: remove it or choose another name`);
}

/** Redocly's alias of the API: `<name>@v<major of info.version>` (`@v1` when the version has no number). */
export function aliasOf(/** @type {string} */ name, /** @type {unknown} */ version) {
  const major = /^v?(\d+)/i.exec(String(version))?.[1];
  return `${name}@v${major ?? '1'}`;
}

/**
 * redocly.yaml with the new API appended to `apis:`, comments and order kept. The imported API lints under
 * `payments/vendor` (Redocly's `recommended`, every rule at `warn`) with the house rules set at the root downgraded to
 * `warn` too: the vendor's document is reported on, not refused, while the hand-written APIs stay under
 * `recommended-strict`. paykit's own plugin rules (`payments/…`) keep their severity: they judge the overlay's marks.
 * @param {string} text @param {string} name @param {string} alias @param {string} source @param {string} document
 */
export function registerApi(text, name, alias, source, document) {
  const config = YAML.parseDocument(text);
  const rootRules = Object.keys(/** @type {Record<string, unknown>} */ (config.toJS().rules ?? {})).filter(
    (rule) => !rule.startsWith('payments/'),
  );
  const entry = config.createNode({
    root: `${name}/${document}`,
    output: `dist/${name}.json`,
    overlays: [`${name}/${OVERLAY_FILE}`],
    extends: ['payments/vendor'],
    ...(rootRules.length > 0 && { rules: Object.fromEntries(rootRules.map((rule) => [rule, 'warn'])) }),
  });
  const pair = config.createPair(alias, entry);
  /** @type {YAML.Scalar} */ (pair.key).commentBefore =
    ` Imported with pnpm api:add from ${source}: the vendor's document as published, paykit's marks in its overlay.`;
  const apis = config.get('apis');
  if (!YAML.isMap(apis)) throw new ApiImportError(`${configPath}: \`apis:\` must be a map`);
  apis.items.push(pair);
  return config.toString({ lineWidth: 0 });
}

/**
 * The inferences and gaps of vendorFacts, printed in one list.
 * @param {ReturnType<typeof vendorFacts>} facts
 */
export function factsReport(facts) {
  const lines = [`Inferred (written to ${OVERLAY_FILE}, one action each):`];
  if (facts.suggestions.length === 0) lines.push('  nothing');
  for (const suggestion of facts.suggestions) lines.push(`  ${suggestion.target}: ${suggestion.description}`);
  lines.push('Gaps (not found and not inferred: the API works without them; add a mark to the overlay to fill one):');
  if (facts.gaps.length === 0) lines.push('  none');
  for (const gap of facts.gaps) lines.push(`  ${gap}`);
  return lines.join('\n');
}

/**
 * @param {string[]} argv
 * @param {string} [cwd] where relative files are resolved: where the user typed the command, by default
 */
export async function main(argv, cwd) {
  const commandLine = readCommandLine(argv, USAGE, cwd);
  if (!commandLine) {
    console.log(USAGE);
    return 0;
  }
  const { name, fileArgument, refs } = commandLine;
  const registered = readApis().map((api) => api.name);
  checkName(name, registered);
  const file = resolve(commandLine.cwd, fileArgument);
  const document = readDocument(file);
  const dependencies = collectDependencies(file, document, refs);
  const alias = aliasOf(name, document.info.version);
  const newConfig = registerApi(readFileSync(configPath, 'utf8'), name, alias, basename(file), basename(file));

  const target = join(specDir, name);
  const scratch = mkdtempSync(join(specDir, `.api-add-${name}-`));
  let report;
  let bundled;
  try {
    const staged = join(scratch, name);
    stageFolder(staged, file, dependencies);
    const asPublished = await bundleStaged(name, staged, basename(file)).catch((error) => {
      if (error instanceof BundleError) throw new ApiImportError(`<openapi-file> ${file}: ${error.message}`);
      throw error;
    });
    const facts = vendorFacts(asPublished, name);
    writeFileSync(join(staged, OVERLAY_FILE), renderOverlay(document.info.title, facts.suggestions));
    // The overlay must apply to the document as published: bundled again with it, and checked the same way.
    bundled = await bundleStaged(name, staged, basename(file), [OVERLAY_FILE]).catch((error) => {
      if (error instanceof BundleError) throw new ApiImportError(`${OVERLAY_FILE}: ${error.message}`);
      throw error;
    });
    report = factsReport(facts);
    renameSync(staged, target);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  try {
    const staged = `${configPath}.api-add`;
    writeFileSync(staged, newConfig);
    renameSync(staged, configPath);
  } catch (error) {
    rmSync(target, { recursive: true, force: true });
    throw error;
  }
  // The bundle made above is the one `pnpm bundle` would make: written with its inputs' hash, it is not made again.
  const entry = readApis(newConfig).find((api) => api.name === name);
  if (entry) writeBundle(entry, bundled, bundleInputsHash(YAML.parse(newConfig), entry));
  const shown = relative(process.cwd(), file);
  console.log(`spec/${name}/: imported ${shown.startsWith('..') ? file : shown} as ${alias} (spec/redocly.yaml apis:)`);
  console.log(`\n${report}`);

  console.log("\ngenerating (pnpm generate's steps: spec bundle, spec generate, client generate)");
  try {
    generate();
  } catch {
    console.error(
      [
        `\nspec/${name}/ is imported and registered, but generation failed (above).`,
        `Fix spec/${name}/${OVERLAY_FILE} (the x-paykit-* marks are in spec/README.md), then run pnpm generate.`,
        `To undo the import: remove spec/${name}/ and apis.${alias} from spec/redocly.yaml, then run pnpm generate.`,
      ].join('\n'),
    );
    return 1;
  }
  console.log(
    `\n${alias} is ready: spec/${name}/, its bundle and docs page (pnpm bundle), its client @paykit/client/${name}. ` +
      `Its lint findings are warnings: pnpm lint shows them.`,
  );
  return 0;
}

await runAsCommand(import.meta, 'pnpm api:add', main);
