// `node swap-dist.mjs <fresh> [<dist>]`: puts a freshly built folder in the place of a package's dist/ with two
// renames. The build writes into <fresh>, so a process running from dist/ meanwhile (the sample under `pnpm dev`, a
// mock) never finds it deleted or half-written, as it did when builds emptied dist/ first.
import { existsSync, renameSync, rmSync } from 'node:fs';

const [fresh, dist = 'dist'] = process.argv.slice(2);
if (!fresh || !existsSync(fresh)) {
  console.error(`swap-dist: the fresh build folder ${fresh ? `"${fresh}" does not exist` : 'is missing'}`);
  process.exit(2);
}
const old = `${dist}.old-${process.pid}`;
if (existsSync(dist)) renameSync(dist, old);
renameSync(fresh, dist);
rmSync(old, { recursive: true, force: true });
