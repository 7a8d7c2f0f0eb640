import { fileURLToPath } from 'node:url';

/** The vendor APIs described in this package, by their folder and bundle name. */
export const apis = /** @type {const} */ (['connect', 'ten99policy']);

/** Absolute path of an API's bundled single-file spec (produced by `pnpm bundle`). */
export function bundlePath(api) {
  if (!apis.includes(api)) throw new TypeError(`Unknown API "${api}": expected one of ${apis.join(', ')}`);
  return fileURLToPath(new URL(`./dist/${api}.json`, import.meta.url));
}
