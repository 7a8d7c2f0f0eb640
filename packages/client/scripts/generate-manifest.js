// Which APIs `pnpm generate` may skip: one whose bundle and generator are what they were when its files were last
// written, and whose files are still those files. Turborepo caches the client's generate as a whole (an unchanged
// run is a full cache hit); this manifest makes a miss pay only for the APIs whose bundle changed, so an edit to
// Connect does not regenerate an imported Stripe. Not committed (node_modules/.cache): a fresh clone regenerates all.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const file = join(packageDir, 'node_modules/.cache/paykit-generate.json');
const scriptsDir = join(packageDir, 'scripts');

/** @param {(string | Buffer)[]} parts */
const sha = (parts) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex');
};

/** @param {string} dir @returns {string[]} */
const filesUnder = (dir) =>
  existsSync(dir)
    ? readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => join(entry.parentPath, entry.name))
        .sort()
    : [];

/** What an API's generated files are made from: its bundle, the generator's scripts and its vendor folder. */
function inputsHash(/** @type {string} */ api, /** @type {string} */ bundleText) {
  const files = [...filesUnder(scriptsDir), ...filesUnder(join(packageDir, 'src/vendors', api))];
  return sha([bundleText, ...files.flatMap((path) => [path.slice(packageDir.length), readFileSync(path)])]);
}

/** The generated files of an API as they are on disk. */
function outputsHash(/** @type {string} */ api) {
  const files = filesUnder(join(packageDir, 'src/generated', api));
  return files.length === 0 ? '' : sha(files.flatMap((path) => [path.slice(packageDir.length), readFileSync(path)]));
}

export function createGenerateManifest() {
  /** @type {Record<string, { inputs: string, outputs: string }>} */
  const recorded = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  /** @type {Record<string, string>} */
  const pending = {};
  return {
    /** Whether the API's files are up to date with this bundle. @param {string} api @param {string} bundleText */
    unchanged(api, bundleText) {
      const inputs = inputsHash(api, bundleText);
      pending[api] = inputs;
      const entry = recorded[api];
      return entry?.inputs === inputs && entry.outputs !== '' && entry.outputs === outputsHash(api);
    },
    /** Records what the files just written were made from. */
    save() {
      for (const [api, inputs] of Object.entries(pending)) recorded[api] = { inputs, outputs: outputsHash(api) };
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(`${file}.tmp`, JSON.stringify(recorded, null, 2));
      renameSync(`${file}.tmp`, file);
    },
  };
}
