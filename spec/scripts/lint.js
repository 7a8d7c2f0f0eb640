// `pnpm lint` (spec's lint task): Redocly's linter (@redocly/openapi-core, the CLI's engine) on every API of
// redocly.yaml with its own rules (hand-written: recommended-strict and the house rules as errors; imported:
// payments/vendor, every finding a warning) and on each API's overlays, reading remote `$ref`s from the local copies
// the API maps (paykit.refs.yaml) instead of fetching them, like the bundle step. Fails when any API has an error.
import { join } from 'node:path';
import { formatProblems, getTotals, lint, loadConfig } from '@redocly/openapi-core';
import { OfflineResolver, readRefMap } from './bundle-api.js';
import { configPath, readApis, specDir } from './config.js';

const config = await loadConfig({ configPath });
let errors = 0;
for (const entry of readApis()) {
  const apiConfig = config.forAlias(entry.key);
  const resolver = new OfflineResolver(readRefMap(join(specDir, entry.name)), entry.name);
  for (const file of [entry.root, ...entry.overlays]) {
    const problems = await lint({ ref: join(specDir, file), config: apiConfig, externalRefResolver: resolver });
    const totals = getTotals(problems);
    errors += totals.errors;
    if (problems.length > 0) formatProblems(problems, { totals, format: 'codeframe', maxProblems: 100, cwd: specDir });
    console.log(`${entry.key} ${file}: ${totals.errors} error(s), ${totals.warnings} warning(s)`);
  }
}
if (errors > 0) process.exitCode = 1;
