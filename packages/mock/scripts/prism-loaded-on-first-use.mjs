// What the patches of Prism (patches/ at the repo root) load on first use instead of at import, as Prism's code
// requires them, and what else the engine bundle (scripts/bundle-engine.mjs) leaves where pnpm installed it. The
// tests check that none of the first loads at start and that the bundle holds none of them; a patch that moves
// another require adds it here.
export const LOADED_ON_FIRST_USE = [
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
];

/**
 * What Prism loads at start but the bundle leaves where pnpm installed it. Prism's $ref parser calls Node's
 * `url.resolve` on every spec it reads, which Node 24 deprecates (DEP0169) with a warning printed to the terminal,
 * unless the caller is inside node_modules: a dependency's business, as in Prism's CLI. Bundled, it no longer is.
 */
export const KEPT_WHERE_INSTALLED = ['@stoplight/json-schema-ref-parser'];

/**
 * Those the bundle leaves out. The 2019-09/2020-12 validators stay in: ajv-formats, bundled, must extend the same
 * Ajv it is bundled with (a second Ajv from node_modules silently loses `formatMinimum`); esbuild still runs them
 * only when first required.
 */
export const LEFT_OUT_OF_THE_BUNDLE = [
  ...LOADED_ON_FIRST_USE.filter((name) => !name.startsWith('ajv/')),
  ...KEPT_WHERE_INSTALLED,
];

/** Whether `file` (a path) is the module `name`, or inside it, as installed in a node_modules folder. */
export const isModuleFile = (/** @type {string} */ file, /** @type {string} */ name) => {
  const path = file.replaceAll('\\', '/');
  return path.includes(`/node_modules/${name}/`) || path.includes(`/node_modules/${name}.`);
};
