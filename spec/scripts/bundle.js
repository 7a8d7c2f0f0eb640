// `pnpm bundle` (spec's bundle task): dist/<api>.json for every API of redocly.yaml, re-bundling only the APIs whose
// inputs changed since their bundle was written (dist/manifest/bundle.json). A bundle that fails its checks (resolver
// errors, a dangling `$ref`) is never written, and the run fails naming the API and the pointer.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import YAML from 'yaml';
import { configPath, readApis, specDir } from './config.js';
import { hashInputs, Manifest, manifestPath } from './inputs-hash.js';

const scriptFiles = ['bundle.js', 'bundle-api.js', 'json-text.js', 'inputs-hash.js', 'config.js'].map((file) =>
  fileURLToPath(new URL(file, import.meta.url)),
);
const bundlerVersion = JSON.parse(
  readFileSync(
    fileURLToPath(import.meta.resolve('@redocly/openapi-core').replace(/lib\/index\.js$/, 'package.json')),
    'utf8',
  ),
).version;

/**
 * The hash of what one API's bundle is made from: its folder, its entry and the root settings of redocly.yaml
 * (decorators and plugins could change a bundle), the bundler's version and this script.
 * @param {Record<string, any>} config the parsed redocly.yaml @param {import('./config.js').ApiEntry} entry
 */
export function bundleInputsHash(config, entry) {
  const { apis, ...root } = config;
  return hashInputs({
    parts: [bundlerVersion, root, apis[entry.key]],
    dirs: [join(specDir, entry.name)],
    files: scriptFiles,
  });
}

/**
 * Writes one API's bundle (in one rename) and records the hash of its inputs in the manifest.
 * @param {import('./config.js').ApiEntry} entry @param {unknown} document @param {string} hash
 * @param {Manifest} [manifest]
 */
export function writeBundle(entry, document, hash, manifest = new Manifest(manifestPath('bundle'))) {
  const output = join(specDir, entry.output);
  mkdirSync(dirname(output), { recursive: true });
  writeFileSync(`${output}.tmp`, `${JSON.stringify(document, null, 2)}\n`);
  renameSync(`${output}.tmp`, output);
  manifest.record(entry.name, hash);
}

async function main() {
  const text = readFileSync(configPath, 'utf8');
  const parsed = YAML.parse(text);
  const entries = readApis(text);
  const only = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
  const manifest = new Manifest(manifestPath('bundle'));
  // Redocly is loaded only when an API is to be bundled: a run with every bundle fresh (each `pnpm generate` after an
  // import, each `pnpm bundle`) spent half its CPU loading it.
  /** @type {{ config: import('@redocly/openapi-core').Config, bundler: typeof import('./bundle-api.js') }=} */
  let redocly;
  const failures = [];
  for (const entry of entries) {
    if (only.length > 0 && !only.includes(entry.name)) continue;
    const hash = bundleInputsHash(parsed, entry);
    const output = join(specDir, entry.output);
    if (manifest.isFresh(entry.name, hash, output)) {
      console.log(`${entry.output}: unchanged`);
      continue;
    }
    const started = performance.now();
    redocly ??= {
      config: await (await import('@redocly/openapi-core')).loadConfig({ configPath }),
      bundler: await import('./bundle-api.js'),
    };
    try {
      writeBundle(entry, await redocly.bundler.bundleApi(redocly.config, entry), hash, manifest);
      console.log(`${entry.output}: bundled ${entry.key} in ${Math.round(performance.now() - started)} ms`);
    } catch (error) {
      if (!(error instanceof redocly.bundler.BundleError)) throw error;
      failures.push(error.message);
    }
  }
  if (failures.length > 0) {
    console.error(failures.join('\n'));
    process.exitCode = 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
