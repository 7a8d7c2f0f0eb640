// `pnpm api:add <name> <openapi-file>`: imports a vendor's published OpenAPI 3.0/3.1 document (JSON or YAML, one file)
// into spec/<name>/ (Redocly's split: paths/, components/), registers it in redocly.yaml's `apis:` under a lint
// severity of its own (its findings are reported, not fatal), then runs `pnpm generate`.
// The import is all or nothing: arguments are checked before anything is written, the split goes to a scratch folder
// that is renamed into place, and redocly.yaml is replaced in one rename.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import YAML from 'yaml';
import { API_NAME, configPath, readApis, specDir } from './config.js';
import { redocly } from './redocly.js';

const USAGE = 'usage: pnpm api:add <name> <openapi-file>   e.g. pnpm api:add acme-pay ./acme-pay-openapi.yaml';

/** Folders of spec/ and names of @paykit/client that an API folder or entry point must not take. */
const RESERVED = new Set(['dist', 'docs', 'generated', 'node_modules', 'rules', 'scripts', 'seeds', 'test', 'core']);

/** A refusal of the command line: printed without a stack. */
export class ApiAddError extends Error {
  /** @override */
  name = 'ApiAddError';
}

/** @param {string} name @param {string[]} registered */
export function checkName(name, registered) {
  const refuse = (/** @type {string} */ rule) => {
    throw new ApiAddError(`<name> "${name}": ${rule}`);
  };
  if (!API_NAME.test(name))
    refuse('must be a lower-case identifier: a-z and 0-9, words joined by single hyphens (acme-pay)');
  if (registered.includes(name)) refuse(`is already registered in spec/redocly.yaml (apis: ${registered.join(', ')})`);
  if (RESERVED.has(name)) refuse(`is reserved (paykit's own folders: ${[...RESERVED].join(', ')})`);
  if (existsSync(join(specDir, name))) refuse(`spec/${name}/ already exists: remove it or choose another name`);
}

/**
 * Reads and checks the vendor's document: one self-contained OpenAPI 3.0 or 3.1 file, JSON or YAML.
 * @param {string} file absolute path
 * @returns {Record<string, any>}
 */
export function readDocument(file) {
  const refuse = (/** @type {string} */ rule) => {
    throw new ApiAddError(`<openapi-file> ${file}: ${rule}`);
  };
  if (!existsSync(file)) refuse('no such file');
  if (!statSync(file).isFile()) refuse('is not a file');
  let document;
  try {
    // YAML 1.2 is a superset of JSON: one parser reads both, and refuses duplicate keys.
    document = YAML.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    refuse(`is neither JSON nor YAML (${/** @type {Error} */ (error).message.split('\n')[0]})`);
  }
  if (!document || typeof document !== 'object' || Array.isArray(document))
    refuse('must hold an OpenAPI document (an object)');
  if (document.swagger) refuse(`is Swagger ${document.swagger}: convert it to OpenAPI 3.0 or 3.1 first`);
  if (typeof document.openapi !== 'string' || !/^3\.[01]\.\d+$/.test(document.openapi)) {
    refuse(`must be OpenAPI 3.0 or 3.1 (its \`openapi\` field is ${JSON.stringify(document.openapi ?? null)})`);
  }
  if (typeof document.info?.title !== 'string' || document.info.version == null) {
    refuse('must have `info.title` and `info.version`');
  }
  if (document.paths !== undefined && (typeof document.paths !== 'object' || document.paths === null)) {
    refuse('`paths` must be an object');
  }
  const external = externalRef(document);
  if (external) refuse(`must be one self-contained file, but refers to ${external} (bundle it first: redocly bundle)`);
  return document;
}

/** The first `$ref` that points outside the document, if any. @param {unknown} node @returns {string | undefined} */
function externalRef(node) {
  if (!node || typeof node !== 'object') return undefined;
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string' && !value.startsWith('#')) return value;
    const found = externalRef(value);
    if (found) return found;
  }
  return undefined;
}

/** Redocly's alias of the API: `<name>@v<major of info.version>` (`@v1` when the version has no number). */
export function aliasOf(/** @type {string} */ name, /** @type {unknown} */ version) {
  const major = /^v?(\d+)/i.exec(String(version))?.[1];
  return `${name}@v${major ?? '1'}`;
}

/**
 * redocly.yaml with the new API appended to `apis:`, comments and order kept. The imported API lints under
 * `recommended` with the house rules set at the root downgraded to `warn`: the vendor's document is reported on, not
 * refused, while the hand-written APIs stay under `recommended-strict`. paykit's own plugin rules (`payments/…`,
 * e.g. the x-paykit-* extension check) keep their severity: they judge what paykit's users add, not the vendor.
 * @param {string} text @param {string} name @param {string} alias @param {string} source
 */
export function registerApi(text, name, alias, source) {
  const config = YAML.parseDocument(text);
  const rootRules = Object.keys(/** @type {Record<string, unknown>} */ (config.toJS().rules ?? {})).filter(
    (rule) => !rule.startsWith('payments/'),
  );
  const entry = config.createNode({
    root: `${name}/openapi.yaml`,
    output: `dist/${name}.json`,
    extends: ['recommended'],
    ...(rootRules.length > 0 && { rules: Object.fromEntries(rootRules.map((rule) => [rule, 'warn'])) }),
  });
  const pair = config.createPair(alias, entry);
  /** @type {YAML.Scalar} */ (pair.key).commentBefore =
    ` Imported with pnpm api:add from ${source}: the vendor's own document, its lint findings reported as warnings.`;
  const apis = config.get('apis');
  if (!YAML.isMap(apis)) throw new ApiAddError(`${configPath}: \`apis:\` must be a map`);
  apis.items.push(pair);
  return config.toString({ lineWidth: 0 });
}

/** @param {string[]} argv */
export function main(argv) {
  const args = argv[0] === '--' ? argv.slice(1) : argv;
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  if (args.length !== 2) throw new ApiAddError(`expected 2 arguments, got ${args.length}\n${USAGE}`);
  const [name = '', fileArgument = ''] = args;
  const registered = readApis().map((api) => api.name);
  checkName(name, registered);
  // pnpm runs root scripts from the root; INIT_CWD is where the user typed the command.
  const file = resolve(process.env.INIT_CWD ?? process.cwd(), fileArgument);
  const document = readDocument(file);
  const alias = aliasOf(name, document.info.version);
  const configText = readFileSync(configPath, 'utf8');
  const newConfig = registerApi(configText, name, alias, basename(file));

  const target = join(specDir, name);
  const scratch = mkdtempSync(join(specDir, `.api-add-${name}-`));
  try {
    // Normalised to YAML first, so that a JSON document is split into the same YAML layout.
    const normalised = join(scratch, 'source.yaml');
    writeFileSync(normalised, YAML.stringify(document, { lineWidth: 0 }));
    const out = join(scratch, 'split');
    try {
      redocly(['split', normalised, '--outDir', out], { quiet: true });
    } catch (error) {
      const output = /** @type {{ stdout?: string, stderr?: string }} */ (error);
      throw new ApiAddError(
        `<openapi-file> ${file}: redocly split failed:\n${output.stdout ?? ''}${output.stderr ?? ''}`,
      );
    }
    renameSync(out, target);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  try {
    const staged = `${configPath}.api-add`;
    writeFileSync(staged, newConfig);
    renameSync(staged, configPath);
  } catch (error) {
    rmSync(target, { recursive: true, force: true });
    throw error;
  }
  const shown = relative(process.cwd(), file);
  console.log(`spec/${name}/: imported ${shown.startsWith('..') ? file : shown} as ${alias} (spec/redocly.yaml apis:)`);

  console.log(`\nLint findings of ${alias} (reported, not fatal):`);
  try {
    redocly(['lint', alias]);
  } catch {
    console.log(`${alias} has lint errors: \`pnpm lint\` fails until spec/${name}/ is fixed.`);
  }

  console.log('\npnpm generate');
  try {
    execFileSync('pnpm', ['generate'], { cwd: resolve(specDir, '..'), stdio: 'inherit' });
  } catch {
    console.error(
      [
        `\nspec/${name}/ is imported and registered, but generation failed (above).`,
        `Fix spec/${name}/ (the x-paykit-* extensions are in spec/README.md), then run pnpm generate.`,
        `To undo the import: remove spec/${name}/ and apis.${alias} from spec/redocly.yaml, then run pnpm generate.`,
      ].join('\n'),
    );
    return 1;
  }
  console.log(`\n${alias} is ready: spec/${name}/, its bundle, its docs page (pnpm bundle) and its generated client.`);
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof ApiAddError)) throw error;
    console.error(`pnpm api:add: ${error.message}`);
    process.exitCode = 2;
  }
}
