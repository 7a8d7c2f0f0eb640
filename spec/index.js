import { fileURLToPath } from 'node:url';
import { apis } from './generated/apis.js';

export { apis };

/** Whether `name` is an API of redocly.yaml (narrows a string from a CLI flag or an environment variable). */
/** @param {string} name @returns {name is import('./generated/apis.js').ApiName} */
export function isApiName(name) {
  return /** @type {readonly string[]} */ (apis).includes(name);
}

/** @param {string} api */
function known(api) {
  if (!isApiName(api))
    throw new TypeError(`Unknown API "${api}": expected one of ${apis.join(', ')} (spec/redocly.yaml apis:)`);
  return api;
}

/** Absolute path of an API's bundled single-file spec (produced by `pnpm bundle`). */
/** @param {string} api */
export function bundlePath(api) {
  return fileURLToPath(new URL(`./dist/${known(api)}.json`, import.meta.url));
}

/** Absolute path of an API's source folder, `spec/<api>/` (its root `openapi.yaml`, `paths/`, `components/`). */
/** @param {string} api */
export function apiDir(api) {
  return fileURLToPath(new URL(`./${known(api)}`, import.meta.url));
}
