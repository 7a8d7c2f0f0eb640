// Bundles the mock's one module that speaks to Prism (src/engine/prism.ts) together with the modules Prism loads at
// start into dist/engine/prism.js, over what tsc wrote there. Why: in pnpm's layout, finding Prism's ~360 CommonJS
// modules (symlinks, package.json reads, stats) takes about a third of the mock's start, more than compiling them.
// What Prism loads only on first use (patches/) stays out of the bundle, required from where pnpm installed it, so it
// is still loaded only then. The mock's tests run the sources; every test that starts a mock through the vitest
// global setup (client, sample, api:add) runs this bundle.
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outfile = join(root, 'dist/engine/prism.js');

/** What the patches load on first use: required at run time, never bundled (the bundle would parse all of it). */
const LOADED_ON_FIRST_USE = new RegExp(
  `^(${[
    '@faker-js/faker',
    'json-schema-faker',
    'seedrandom',
    '@stoplight/http-spec/oas2/operation',
    '@stoplight/http-spec/postman/operation',
    'node-fetch',
    'http-proxy-agent',
    'https-proxy-agent',
    'pino',
    'fast-xml-parser',
    'lodash/fp',
    '@stoplight/yaml',
    '@stoplight/json-schema-merge-allof',
    'ajv/dist/2019',
    'ajv/dist/2020',
  ].join('|')})$`,
);

/** Where Node would find `path` required from a module of `resolveDir`. */
const installed = (/** @type {string} */ path, /** @type {string} */ resolveDir) =>
  createRequire(join(resolveDir, 'importer.js')).resolve(path);

/** @type {import('esbuild').Plugin} */
const prismModules = {
  name: 'prism-modules',
  setup(bundler) {
    // Left out, and required from where pnpm installed it, relative to the bundle (the repo may move).
    bundler.onResolve({ filter: LOADED_ON_FIRST_USE }, ({ path, resolveDir }) => {
      const fromBundle = relative(dirname(outfile), installed(path, resolveDir));
      return { path: fromBundle.startsWith('.') ? fromBundle : `./${fromBundle}`, external: true };
    });
    // jsonc-parser's `main` is a UMD build whose requires esbuild cannot follow; its ESM build bundles cleanly.
    bundler.onResolve({ filter: /^jsonc-parser$/ }, ({ path, resolveDir }) => ({
      path: installed(path, resolveDir).replace(/lib[/\\]umd[/\\]main\.js$/, 'lib/esm/main.js'),
    }));
  },
};

await build({
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
  logLevel: 'warning',
});
