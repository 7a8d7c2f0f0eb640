// Per-API content hashes and the manifest beside dist/ that records them: a step (bundle, docs) redoes an API only
// when the hash of that API's inputs differs from the one recorded when its output was last written. Turborepo caches
// the spec package's tasks as a whole (an unchanged run is a full cache hit); this manifest makes a miss pay only for
// the APIs whose files changed, so an edit to Connect does not re-bundle Stripe.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { specDir } from './config.js';

/** Every file under a folder, sorted, as absolute paths. @param {string} dir @returns {string[]} */
function filesUnder(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/**
 * A hash of named parts and of every file under the given folders (path and bytes).
 * @param {{ parts?: unknown[], dirs?: string[], files?: string[] }} inputs
 */
export function hashInputs({ parts = [], dirs = [], files = [] }) {
  const hash = createHash('sha256');
  hash.update(JSON.stringify(parts));
  for (const file of [...dirs.flatMap(filesUnder), ...files]) {
    hash.update(`\0${relative(specDir, file)}\0`);
    hash.update(existsSync(file) ? readFileSync(file) : 'missing');
  }
  return hash.digest('hex');
}

/** The manifest of one step: `api → hash` of the inputs its current output was made from. */
export class Manifest {
  /** @param {string} file absolute path */
  constructor(file) {
    this.file = file;
    /** @type {Record<string, string>} */
    this.hashes = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  }

  /** Whether `output` exists and was made from inputs with this hash. @param {string} api @param {string} hash @param {string} output */
  isFresh(api, hash, output) {
    return this.hashes[api] === hash && existsSync(output);
  }

  /** @param {string} api @param {string} hash */
  record(api, hash) {
    this.hashes[api] = hash;
    mkdirSync(dirname(this.file), { recursive: true });
    writeFileSync(`${this.file}.tmp`, `${JSON.stringify(this.hashes, null, 2)}\n`);
    renameSync(`${this.file}.tmp`, this.file);
  }
}

/** The manifests live in dist/manifest/ (outputs of the bundle and docs tasks, never committed). */
export const manifestPath = (/** @type {string} */ step) => join(specDir, 'dist', 'manifest', `${step}.json`);
