// What `pnpm api:add` and `pnpm api:update` share: reading and checking the vendor's document and every file it
// `$ref`s (all before anything is written), staging the API folder in a scratch directory (the vendor's files
// verbatim, the local copies of remote documents, paykit.refs.yaml), bundling it offline, and the overlay file.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadConfig } from '@redocly/openapi-core';
import YAML from 'yaml';
import { bundleApi, REFS_FILE } from './bundle-api.js';
import { configPath, specDir } from './config.js';
import { NOT_JSON, readJson } from './json-text.js';

/** The overlay an import writes into the API folder: everything paykit adds to the vendor's document. */
export const OVERLAY_FILE = 'paykit.overlay.yaml';

/** A refusal of the command line: printed without a stack. */
export class ApiImportError extends Error {
  /** @override */
  name = 'ApiImportError';
}

/**
 * Runs `main` when `meta` is the module node was started with: a refusal prints as one line and exits 2.
 * @param {ImportMeta} meta @param {string} command e.g. `pnpm api:add`
 * @param {(argv: string[]) => Promise<number>} main
 */
export async function runAsCommand(meta, command, main) {
  if (meta.url !== pathToFileURL(process.argv[1] ?? '').href) return;
  try {
    process.exitCode = await main(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof ApiImportError)) throw error;
    console.error(`${command}: ${error.message}`);
    process.exitCode = 2;
  }
}

/**
 * The steps of `pnpm generate` (turbo's `generate` tasks, after the spec's `bundle` that the client's depends on), by
 * package folder and script, in turbo's order. api:add and api:update run them directly: turbo's and pnpm's start-up
 * cost about 1.3 s of CPU a run, for a graph of three steps that each redo only what changed. The import test checks
 * this list against the workspace's `generate` scripts.
 * @type {[dir: string, script: string][]}
 */
export const GENERATE_STEPS = [
  ['spec', 'scripts/bundle.js'],
  ['spec', 'scripts/generate.js'],
  ['packages/client', 'scripts/generate.js'],
];

/** Runs `pnpm generate`'s steps, their output shown as they print it; throws when one fails. */
export function generate() {
  for (const [dir, script] of GENERATE_STEPS)
    execFileSync(process.execPath, [script], { cwd: join(specDir, '..', dir), stdio: 'inherit' });
}

/** @param {string} ref */
const isRemote = (ref) => /^https?:\/\//i.test(ref);
/** @param {string} ref */
const fileOf = (ref) => ref.split('#')[0] ?? '';

/**
 * Parses `[--ref <url>=<local file>]…` out of the arguments.
 * @param {string[]} args @param {string} cwd where relative local files are resolved
 * @returns {{ positional: string[], refs: Map<string, string> }} refs: URL (no fragment) → absolute local path
 */
export function parseArgs(args, cwd) {
  /** @type {string[]} */
  const positional = [];
  const refs = new Map();
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] ?? '';
    if (arg !== '--ref' && !arg.startsWith('--ref=')) {
      positional.push(arg);
      continue;
    }
    const value = arg === '--ref' ? args[++index] : arg.slice('--ref='.length);
    const split = value?.indexOf('=') ?? -1;
    const url = value?.slice(0, split) ?? '';
    const local = value?.slice(split + 1) ?? '';
    if (split < 1 || !isRemote(url) || url.includes('#') || !local) {
      throw new ApiImportError(
        `--ref ${value ?? ''}: must be <url>=<local file>, the URL of a remote document (http or https, no #fragment) and its local copy`,
      );
    }
    const file = resolve(cwd, local);
    if (!existsSync(file) || !statSync(file).isFile())
      throw new ApiImportError(`--ref ${value}: ${file}: no such file`);
    refs.set(url, file);
  }
  return { positional, refs };
}

/**
 * The command line of `pnpm api:add` / `api:update`: `<name> <openapi-file> [--ref <url>=<local file>]…`, read
 * relative to where the user typed it (pnpm runs root scripts from the root; INIT_CWD is that folder). Undefined
 * for `--help`.
 * @param {string[]} argv @param {string} usage @param {string} [cwd] where relative files are resolved
 * @returns {{ name: string, fileArgument: string, refs: Map<string, string>, cwd: string } | undefined}
 */
export function readCommandLine(argv, usage, cwd = process.env.INIT_CWD ?? process.cwd()) {
  const rawArgs = argv[0] === '--' ? argv.slice(1) : argv;
  if (rawArgs.includes('--help') || rawArgs.includes('-h')) return undefined;
  const { positional, refs } = parseArgs(rawArgs, cwd);
  if (positional.length !== 2) throw new ApiImportError(`expected 2 arguments, got ${positional.length}\n${usage}`);
  const [name = '', fileArgument = ''] = positional;
  return { name, fileArgument, refs, cwd };
}

/**
 * A document's text as a value. YAML 1.2 is a superset of JSON, and its parser refuses a repeated key; but a JSON
 * document (most published ones, some of megabytes) is read about 40 times faster by JSON.parse, so JSON goes there
 * first, and to the YAML parser only when it is not plain JSON (json-text.js; the YAML parser then names the problem).
 * @param {string} text
 * @returns {any} as YAML.parse's: the caller checks the shape
 */
export function parseJsonOrYaml(text) {
  const value = readJson(text);
  return value === NOT_JSON ? YAML.parse(text, { maxAliasCount: -1 }) : value;
}

/**
 * Reads and checks the vendor's document: one OpenAPI 3.0 or 3.1 file, JSON or YAML.
 * @param {string} file absolute path
 * @returns {Record<string, any>}
 */
export function readDocument(file) {
  const refuse = (/** @type {string} */ rule) => {
    throw new ApiImportError(`<openapi-file> ${file}: ${rule}`);
  };
  if (!existsSync(file)) refuse('no such file');
  if (!statSync(file).isFile()) refuse('is not a file');
  let document;
  try {
    document = parseJsonOrYaml(readFileSync(file, 'utf8'));
  } catch (error) {
    refuse(`is neither JSON nor YAML (${/** @type {Error} */ (error).message.split('\n')[0]})`);
  }
  if (!document || typeof document !== 'object' || Array.isArray(document))
    refuse('must hold an OpenAPI document (an object)');
  if (document.swagger) refuse(`is Swagger ${document.swagger}: convert it to OpenAPI 3.0 or 3.1 first`);
  if (typeof document.openapi !== 'string' || !/^3\.[01]\.\d+$/.test(document.openapi)) {
    refuse(`must be OpenAPI 3.0 or 3.1 (its \`openapi\` field is ${JSON.stringify(document.openapi ?? null)})`);
  }
  if (typeof document.info?.title !== 'string' || document.info.version == null) {
    refuse('must have `info.title` and `info.version`');
  }
  if (document.paths !== undefined && (typeof document.paths !== 'object' || document.paths === null)) {
    refuse('`paths` must be an object');
  }
  return document;
}

/** Every `$ref` that leaves the document, with its JSON pointer. @param {unknown} node @returns {{ pointer: string, ref: string }[]} */
function externalRefs(node, pointer = '#', found = /** @type {{ pointer: string, ref: string }[]} */ ([])) {
  if (!node || typeof node !== 'object') return found;
  for (const [key, value] of Object.entries(node)) {
    const here = `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
    if (key === '$ref' && typeof value === 'string' && !value.startsWith('#'))
      found.push({ pointer: here, ref: value });
    else externalRefs(value, here, found);
  }
  return found;
}

/**
 * The files the document needs besides itself, found by following its `$ref`s (and theirs): relative files, which
 * must sit in the document's folder or below it (they are copied with it, same relative paths), and remote documents,
 * which must each have a local copy named with `--ref` (never fetched). Refuses naming the file, the pointer and the fix.
 * @param {string} file the vendor's document (absolute) @param {Record<string, any>} document its parsed content
 * @param {Map<string, string>} refs `--ref` URL → local file
 * @returns {{ local: string[], remote: Map<string, string> }} local: paths relative to the document's folder
 */
export function collectDependencies(file, document, refs) {
  const root = dirname(file);
  const local = new Set();
  /** @type {Map<string, string>} */
  const remote = new Map();
  /** @type {{ at: string, parsed: unknown }[]} */
  const queue = [{ at: file, parsed: document }];
  const seen = new Set([file]);
  while (queue.length > 0) {
    const { at, parsed } = /** @type {{ at: string, parsed: unknown }} */ (queue.shift());
    const where = isRemote(at) ? at : relative(root, at) || basename(at);
    for (const { pointer, ref } of externalRefs(parsed)) {
      const target = fileOf(ref);
      const absolute = isRemote(target)
        ? target
        : isRemote(at)
          ? new URL(target, at).href
          : resolve(dirname(at), target);
      if (seen.has(absolute)) continue;
      seen.add(absolute);
      let text;
      if (isRemote(absolute)) {
        const copy = refs.get(absolute);
        if (!copy) {
          throw new ApiImportError(
            `<openapi-file> ${file}: ${where} ${pointer} refers to ${absolute}, which paykit never fetches: ` +
              `add --ref ${absolute}=<its local copy>`,
          );
        }
        remote.set(absolute, copy);
        text = readFileSync(copy, 'utf8');
      } else {
        const inside = relative(root, absolute);
        if (inside.startsWith('..') || isAbsolute(inside)) {
          throw new ApiImportError(
            `<openapi-file> ${file}: ${where} ${pointer} refers to ${absolute}, outside the document's folder: ` +
              'only files next to the document or below it are copied with it',
          );
        }
        if (!existsSync(absolute) || !statSync(absolute).isFile()) {
          throw new ApiImportError(`<openapi-file> ${file}: ${where} ${pointer} refers to ${absolute}: no such file`);
        }
        local.add(inside.split(sep).join('/'));
        text = readFileSync(absolute, 'utf8');
      }
      let parsed;
      try {
        parsed = parseJsonOrYaml(text);
      } catch (error) {
        throw new ApiImportError(
          `${absolute} (${where} ${pointer}): is neither JSON nor YAML (${/** @type {Error} */ (error).message.split('\n')[0]})`,
        );
      }
      queue.push({ at: absolute, parsed });
    }
  }
  return { local: [...local].sort(), remote };
}

/**
 * Writes the API folder into `dir`: the vendor's document and its relative files byte for byte, the remote documents'
 * local copies under refs/ with paykit.refs.yaml mapping each URL to its copy.
 * @param {string} dir @param {string} file @param {{ local: string[], remote: Map<string, string> }} dependencies
 */
export function stageFolder(dir, file, { local, remote }) {
  mkdirSync(dir, { recursive: true });
  copyFileSync(file, join(dir, basename(file)));
  for (const path of local) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    copyFileSync(join(dirname(file), path), join(dir, path));
  }
  if (remote.size === 0) return;
  /** @type {Record<string, string>} */
  const map = {};
  const used = new Set();
  for (const [url, copy] of remote) {
    let name = basename(new URL(url).pathname) || 'document';
    for (let n = 2; used.has(name); n++) name = `${n}-${basename(new URL(url).pathname)}`;
    used.add(name);
    mkdirSync(join(dir, 'refs'), { recursive: true });
    copyFileSync(copy, join(dir, 'refs', name));
    map[url] = `refs/${name}`;
  }
  writeFileSync(
    join(dir, REFS_FILE),
    `# Remote $refs of the vendor's document → their local copies (pnpm api:add --ref): the bundle reads these, offline.\n${YAML.stringify(map)}`,
  );
}

/**
 * Bundles a staged API folder offline (its overlays applied when listed), refusing dangling `$ref`s.
 * @param {string} name @param {string} dir the staged folder @param {string} document file name of the vendor's document
 * @param {string[]} [overlays] file names inside dir
 */
export async function bundleStaged(name, dir, document, overlays = []) {
  const config = await loadConfig({ configPath });
  // bundleApi resolves paths against spec/: hand it paths relative to spec/ that reach the scratch folder.
  const specDir = dirname(configPath);
  const rel = relative(specDir, dir);
  return bundleApi(config, {
    name,
    key: name,
    root: join(rel, document),
    output: '',
    overlays: overlays.map((overlay) => join(rel, overlay)),
    dir,
  });
}

/**
 * The overlay file of an import: `overlay: 1.0.0`, and one action per suggestion of vendorFacts, each described
 * ("inferred: …") and commented, so a reader sees what paykit guessed and why.
 * @param {string} title the vendor document's title
 * @param {{ target: string, update: unknown, description: string }[]} suggestions
 */
export function renderOverlay(title, suggestions) {
  const doc = new YAML.Document({
    overlay: '1.0.0',
    info: { title: `paykit marks for ${title}`, version: '1.0.0' },
    actions: suggestions.map(({ target, update, description }) => ({ target, description, update })),
  });
  doc.commentBefore =
    " What paykit adds to the vendor's document (OpenAPI Overlay 1.0), applied by the bundle step. Written by\n" +
    ' pnpm api:add from what it inferred; edit it (never the vendor document) to correct a guess or add a mark.';
  const actions = doc.get('actions');
  if (YAML.isSeq(actions)) {
    actions.items.forEach((item, index) => {
      /** @type {YAML.Node} */ (item).commentBefore = ` ${suggestions[index]?.description ?? ''}`;
    });
  }
  if (suggestions.length === 0) doc.comment = ' Nothing inferred: add actions here (target: a JSONPath, update: …).';
  return doc.toString({ lineWidth: 0 });
}
