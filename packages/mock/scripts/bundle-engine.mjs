// Bundles the mock's one module that speaks to Prism (src/engine/prism.ts) together with the modules Prism loads at
// start into dist/engine/prism.js, over what tsc wrote there. Why: in pnpm's layout, finding Prism's ~300 CommonJS
// modules (symlinks, package.json reads, stats) took about a third of the mock's start, more than compiling them.
// What the patches make Prism load on first use (prism-loaded-on-first-use.mjs) stays out of the bundle, required
// from where pnpm installed it, so it is still loaded only then; so does Prism's $ref parser, whose calls to Node's
// deprecated url.resolve only stay silent from inside node_modules. The mock's own tests run the sources and the bundle
// (test/prism-patches.test.ts); `pnpm mock` and the vitest global setup (client, sample, api:add tests) run the
// bundle.
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LEFT_OUT_OF_THE_BUNDLE } from './prism-loaded-on-first-use.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
// The build folder: dist/, or the fresh one the build swaps in (package.json's build, scripts/swap-dist.mjs).
const outDir = join(root, process.argv[2] ?? 'dist');
const outfile = join(outDir, 'engine/prism.js');
const escaped = LEFT_OUT_OF_THE_BUNDLE.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
const leftOut = new RegExp(`^(${escaped.join('|')})$`);

/** Where Node would find `path` required from a module of `resolveDir`. */
const installed = (/** @type {string} */ path, /** @type {string} */ resolveDir) =>
  createRequire(join(resolveDir, 'importer.js')).resolve(path);

/** @type {import('esbuild').Plugin} */
const prismModules = {
  name: 'prism-modules',
  setup(bundler) {
    // Left out, and required from where pnpm installed it, relative to the bundle (the repo may move).
    bundler.onResolve({ filter: leftOut }, ({ path, resolveDir }) => {
      const fromBundle = relative(dirname(outfile), installed(path, resolveDir)).split(sep).join('/');
      return { path: fromBundle.startsWith('.') ? fromBundle : `./${fromBundle}`, external: true };
    });
    // jsonc-parser's `main` is a UMD build whose requires esbuild cannot follow; its ESM build bundles cleanly.
    bundler.onResolve({ filter: /^jsonc-parser$/ }, ({ path, resolveDir }) => {
      const umd = installed(path, resolveDir);
      const esm = umd.replace(/lib[/\\]umd[/\\]main\.js$/, 'lib/esm/main.js');
      if (esm === umd) throw new Error(`jsonc-parser: expected its UMD build at lib/umd/main.js, found ${umd}`);
      return { path: esm };
    });
  },
};

const { metafile } = await build({
  entryPoints: [join(root, 'src/engine/prism.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // The CommonJS modules inside require Node's built-ins (and the modules left out) by `require`.
  banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  plugins: [prismModules],
  sourcemap: true,
  metafile: true,
  logLevel: 'warning',
});
// What went in and what was left out, for a reader of the bundle and for test/prism-patches.test.ts.
writeFileSync(join(outDir, 'engine/prism.meta.json'), JSON.stringify(metafile));
