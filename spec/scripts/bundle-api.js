// Bundles one API of redocly.yaml into a single document with Redocly's own bundler (@redocly/openapi-core), with the
// API's overlays applied, remote `$ref`s read from the local copies the API folder maps, and a final walk that
// refuses any `$ref` left unresolved. Nothing here writes: scripts/bundle.js decides what to bundle and writes it.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { BaseResolver, bundle, Source } from '@redocly/openapi-core';
import YAML from 'yaml';
import { specDir } from './config.js';
import { NOT_JSON, readJson } from './json-text.js';

/** Beside an imported API's vendor document: remote `$ref` URL → local copy (relative to the API folder). */
export const REFS_FILE = 'paykit.refs.yaml';

/** A bundle that must not be written: the message names the API, the pointer and the fix. */
export class BundleError extends Error {
  /** @override */
  name = 'BundleError';
}

/** @param {string} url */
const withoutFragment = (url) => url.split('#')[0] ?? url;

/**
 * The remote documents an API folder maps to local copies (`paykit.refs.yaml`), as absolute paths.
 * @param {string} apiDir absolute path of spec/<api>/
 * @returns {Map<string, string>}
 */
export function readRefMap(apiDir) {
  const file = join(apiDir, REFS_FILE);
  if (!existsSync(file)) return new Map();
  const map = YAML.parse(readFileSync(file, 'utf8')) ?? {};
  return new Map(Object.entries(map).map(([url, local]) => [withoutFragment(url), join(apiDir, String(local))]));
}

/**
 * Redocly's resolver, except that a remote document is read from its mapped local copy, and an unmapped one is
 * refused rather than fetched (paykit's bundles are made offline, and the same inputs always give the same bundle),
 * and a JSON file is parsed faster.
 */
export class OfflineResolver extends BaseResolver {
  /** @param {Map<string, string>} refMap @param {string} api */
  constructor(refMap, api) {
    super();
    this.refMap = refMap;
    this.api = api;
  }

  /** @param {string} absoluteRef @override */
  async loadExternalRef(absoluteRef) {
    if (!/^https?:\/\//i.test(absoluteRef)) return super.loadExternalRef(absoluteRef);
    const url = withoutFragment(absoluteRef);
    const local = this.refMap.get(url);
    if (!local) {
      throw new Error(
        `${this.api}: remote $ref ${url} is not mapped to a local copy (never fetched): ` +
          `add --ref ${url}=<local file> to pnpm api:add or api:update`,
      );
    }
    // Named after the URL, so that the remote document's own relative `$ref`s resolve against the URL (and map).
    return new Source(absoluteRef, readFileSync(local, 'utf8'));
  }

  /**
   * A `.json` file that is plain JSON is read with JSON.parse (json-text.js): the same value as Redocly's YAML parser
   * gives, which took twilio's 2.6 MB document about 0.4 s at each bundle and lint. Anything else as Redocly reads it.
   * @param {Source} source @param {boolean} [isRoot] @override
   */
  parseDocument(source, isRoot = false) {
    const parsed = /\.json$/i.test(withoutFragment(source.absoluteRef)) ? readJson(source.body) : NOT_JSON;
    return parsed === NOT_JSON ? super.parseDocument(source, isRoot) : { source, parsed };
  }
}

/**
 * Every `$ref` in a bundled document that does not resolve inside it, as `pointer → ref` (x- extensions included:
 * Prism and other readers follow them too).
 * @param {unknown} root
 * @returns {{ pointer: string, ref: string }[]}
 */
export function danglingRefs(root) {
  /** @type {{ pointer: string, ref: string }[]} */
  const found = [];
  /** @param {unknown} node @param {string} pointer */
  const walk = (node, pointer) => {
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      const here = `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
      if (key === '$ref' && typeof value === 'string' && !resolves(root, value))
        found.push({ pointer: here, ref: value });
      else walk(value, here);
    }
  };
  walk(root, '#');
  return found;
}

/** @param {unknown} root @param {string} ref */
function resolves(root, ref) {
  if (!ref.startsWith('#')) return false;
  /** @type {unknown} */
  let node = root;
  for (const raw of ref.slice(1).split('/').slice(1)) {
    const key = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
    if (!node || typeof node !== 'object' || !Object.hasOwn(node, key)) return false;
    node = /** @type {Record<string, unknown>} */ (node)[key];
  }
  return node !== undefined;
}

/**
 * The bundled document of one API, checked: no resolver errors, no dangling `$ref`.
 * @param {import('@redocly/openapi-core').Config} config the root config (redocly.yaml)
 * @param {import('./config.js').ApiEntry & { dir?: string }} entry dir: the API folder, when not spec/<name>/ (a scratch copy)
 * @returns {Promise<any>}
 */
export async function bundleApi(config, entry) {
  const apiConfig = config.forAlias(entry.key);
  const apiDir = entry.dir ?? join(specDir, entry.name);
  const overlays = (entry.overlays ?? []).map((overlay) => join(specDir, overlay));
  const resolver = new OfflineResolver(readRefMap(apiDir), entry.name);
  const result = await bundle({
    ref: join(specDir, entry.root),
    config: apiConfig,
    externalRefResolver: resolver,
    overlays,
  });
  const errors = result.problems.filter((problem) => problem.severity === 'error');
  if (errors.length > 0) {
    const lines = errors.slice(0, 20).map((problem) => {
      const where = problem.location?.[0];
      const place = where ? `${where.source.absoluteRef.replace(`${dirname(specDir)}/`, '')} ${where.pointer}` : '';
      return `  ${place}: ${problem.message}`;
    });
    const more = errors.length > 20 ? `\n  … and ${errors.length - 20} more` : '';
    throw new BundleError(`${entry.key}: the bundle has ${errors.length} error(s):\n${lines.join('\n')}${more}`);
  }
  const document = result.bundle.parsed;
  const dangling = danglingRefs(document);
  if (dangling.length > 0) {
    const lines = dangling.slice(0, 20).map(({ pointer, ref }) => `  ${pointer}: $ref ${ref} does not resolve`);
    const more = dangling.length > 20 ? `\n  … and ${dangling.length - 20} more` : '';
    throw new BundleError(
      `${entry.key}: the bundle has ${dangling.length} dangling $ref(s) and is not written:\n${lines.join('\n')}${more}`,
    );
  }
  return document;
}
