// `pnpm bundle` (docs task): one offline API reference page per API of redocly.yaml, dist/docs/<api>.html, built from
// the API's bundle (overlays applied, remote `$ref`s already resolved offline) with redocly.yaml's `openapi:` options.
// Only the pages whose bundle, template or options changed are rebuilt (dist/manifest/docs.json).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { configPath, readApis, specDir } from './config.js';
import { hashInputs, Manifest, manifestPath } from './inputs-hash.js';
import { redocly } from './redocly.js';

const text = readFileSync(configPath, 'utf8');
const options = YAML.parse(text).openapi ?? {};
const manifest = new Manifest(manifestPath('docs'));
const fixed = [join(specDir, 'redoc/offline.hbs'), fileURLToPath(import.meta.url)];
for (const { name, output: bundle } of readApis(text)) {
  const page = `dist/docs/${name}.html`;
  const hash = hashInputs({ parts: [options], files: [join(specDir, bundle), ...fixed] });
  if (manifest.isFresh(name, hash, join(specDir, page))) {
    console.log(`${page}: unchanged`);
    continue;
  }
  redocly(['build-docs', bundle, '-o', page, '--inlineBundle']);
  manifest.record(name, hash);
}
