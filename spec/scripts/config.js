// Reads the one list of APIs: `apis:` in redocly.yaml. Everything else in paykit is derived from it.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

export const specDir = fileURLToPath(new URL('..', import.meta.url));
export const configPath = fileURLToPath(new URL('../redocly.yaml', import.meta.url));

/** An API name: the folder under spec/, the bundle's name, the client's entry point and a TypeScript string type. */
export const API_NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/**
 * @typedef {{ name: string, key: string, root: string, output: string, overlays: string[], imported?: boolean }} ApiEntry
 *   `key` is Redocly's alias (`name@version`); `root`, `output` and `overlays` are relative to spec/; `imported`: a
 *   vendor's published document (`extends: [payments/vendor]`, as pnpm api:add registers it), to which the house rules
 *   for hand-written specs (lint severities, the reference pages' labels and types) do not apply.
 */

/**
 * Every entry of `apis:`, in file order, checked against the house layout (`<name>/…` root, `dist/<name>.json`
 * bundle) so that `bundlePath(api)` and `apiDir(api)` can be derived from the name alone.
 * @param {string} [text] the YAML, read from redocly.yaml when omitted
 * @returns {ApiEntry[]}
 */
export function readApis(text = readFileSync(configPath, 'utf8')) {
  const config = YAML.parse(text);
  const apis = config?.apis;
  if (!apis || typeof apis !== 'object' || Array.isArray(apis) || Object.keys(apis).length === 0) {
    throw new Error(`${configPath}: \`apis:\` must map each API (\`name@version\`) to its root document`);
  }
  return Object.entries(apis).map(([key, entry]) => {
    const name = key.split('@')[0] ?? '';
    const where = `${configPath}: apis.${key}`;
    if (!API_NAME.test(name)) {
      throw new Error(`${where}: the API name "${name}" must be a lower-case identifier (a-z, 0-9, inner hyphens)`);
    }
    const root = entry?.root;
    if (typeof root !== 'string' || !root.startsWith(`${name}/`)) {
      throw new Error(`${where}.root must be a document inside the API's folder (${name}/openapi.yaml)`);
    }
    if (entry.output !== `dist/${name}.json`) {
      throw new Error(`${where}.output must be dist/${name}.json (bundlePath derives it from the name)`);
    }
    const overlays = entry.overlays ?? [];
    if (!Array.isArray(overlays) || overlays.some((overlay) => !String(overlay).startsWith(`${name}/`))) {
      throw new Error(`${where}.overlays must list overlay files inside the API's folder (${name}/…)`);
    }
    const imported = Array.isArray(entry.extends) && entry.extends.includes('payments/vendor');
    return { name, key, root, output: entry.output, overlays: overlays.map(String), imported };
  });
}
