// `pnpm api:add` end to end, in one scratch copy of the repository, in the order a user goes:
// - bad arguments are refused by name and rule, and nothing is written;
// - a third vendor's own OpenAPI document (test/fixtures/acme-pay.yaml) is imported: copied verbatim with an overlay,
//   registered and generated, its docs page built, the drift checks pass (and on CI ask for the commit), and nothing
//   outside spec/ and the generated files is edited;
// - the corpus (test/corpus/: real published documents, see SOURCES.md) is imported beside it with no edit;
// - with the four new APIs, `pnpm build` and `pnpm lint` pass and so does every type check of `pnpm typecheck`, typed
//   calls through each new client entry point compile, acme-pay's contract tests pass and its typed client calls its
//   mock, and each corpus mock answers a GET and a POST with 2xx bodies that validate (bench/src/import/mock-check.ts);
// - `pnpm api:update acme-pay` takes a new version of its document.
// One copy for all four imports, not one for acme-pay and one for the corpus: the install, `pnpm build` (which builds
// the mock the contract tests run) and the type check each run once. Stripe's document goes through the same in
// `pnpm bench` (bench/src/import/figures.ts).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { apis } from '../index.js';
import { CONSUMER, TYPED_CALLS } from './support/import-consumers.js';
import { createScratchRepo, run, type ScratchRepo } from './support/scratch-repo.js';

/** Inside the repository, so the same path works in the scratch copy. */
const fixture = 'spec/test/fixtures/acme-pay.yaml';
const corpus = join(import.meta.dirname, 'corpus');
/** API name → compressed document of the corpus. */
const IMPORTS = {
  twilio: 'twilio_api_v2010.json.gz',
  petstore: 'petstore.yaml.gz',
  'webhook-example': 'webhook-example.yaml.gz',
} as const;

/** What `pnpm generate` may write outside spec/: generated folders and the client's generated `exports`. */
const isGenerated = (path: string) =>
  path.startsWith('spec/') || /(^|\/)generated\//.test(path) || path === 'packages/client/package.json';

let repo: ScratchRepo;
/** The corpus documents, uncompressed: outside the scratch repository, so that they never show in its git status. */
const corpusInputs = () => `${repo.dir}-corpus`;
const apiAdd = (...args: string[]) => run('pnpm', ['--silent', 'api:add', ...args], repo.dir);
/** The same script without pnpm's start-up (pnpm api:add runs exactly this from the root). */
const apiAddScript = (...args: string[]) => run(process.execPath, ['spec/scripts/api-add.js', ...args], repo.dir);
/**
 * The scratch copy's api:add module, whose paths (spec/, redocly.yaml) are the copy's: the refusals call its entry
 * function in this process instead of starting Node and loading Redocly once per case (about a second of CPU each).
 */
let apiAddModule: typeof import('../scripts/api-add.js');

beforeAll(async () => {
  repo = await createScratchRepo();
  apiAddModule = await import(pathToFileURL(join(repo.dir, 'spec/scripts/api-add.js')).href);
  await mkdir(corpusInputs(), { recursive: true });
  for (const file of Object.values(IMPORTS)) {
    const text = execFileSync('gunzip', ['-c', join(corpus, file)], { maxBuffer: 1 << 30 });
    await writeFile(join(corpusInputs(), file.replace(/\.gz$/, '')), text);
  }
}, 120_000);

afterAll(async () => {
  await repo?.remove();
  if (repo) await rm(corpusInputs(), { recursive: true, force: true });
});

/** The workspace's packages (pnpm-workspace.yaml's folders and `<folder>/*` globs), in that order, with their scripts. */
async function workspacePackages(root: string): Promise<{ dir: string; scripts: Record<string, string> }[]> {
  const { packages } = YAML.parse(await readFile(join(root, 'pnpm-workspace.yaml'), 'utf8')) as { packages: string[] };
  const dirs = await Promise.all(
    packages.map(async (pattern) =>
      pattern.endsWith('/*')
        ? (await readdir(join(root, pattern.slice(0, -2)))).sort().map((name) => `${pattern.slice(0, -1)}${name}`)
        : [pattern],
    ),
  );
  return Promise.all(
    dirs
      .flat()
      .filter((dir) => existsSync(join(root, dir, 'package.json')))
      .map(async (dir) => ({
        dir,
        scripts: JSON.parse(await readFile(join(root, dir, 'package.json'), 'utf8')).scripts ?? {},
      })),
  );
}

/**
 * Asserts that a file of the copy holds the published document byte for byte. Buffer.equals, not `toEqual`: vitest's
 * deep equality walks a Buffer element by element, 6.9 s of CPU for twilio's 1.9 MB.
 */
async function expectSameBytes(copied: string, published: string): Promise<void> {
  const same = (await readFile(join(repo.dir, copied))).equals(await readFile(published));
  expect(same, `${copied} differs from ${published}`).toBe(true);
}

/** Where the typed calls go in the copy: under bench/src/, so files of bench's own program (bench/tsconfig.json). */
const CALLS_DIR = 'bench/src/import-calls';

/** Writes a file of the typed calls into the copy, kept out of its git status through its own exclude file. */
async function writeCalls(file: string, text: string): Promise<void> {
  await mkdir(join(repo.dir, CALLS_DIR), { recursive: true });
  await writeFile(join(repo.dir, CALLS_DIR, file), text);
}

describe('pnpm api:add refuses bad arguments by name and rule, and writes nothing', () => {
  const documents: Record<string, string> = {
    'swagger.yaml': 'swagger: "2.0"\ninfo: { title: Old, version: "1" }\npaths: {}\n',
    'openapi-32.yaml': 'openapi: 3.2.0\ninfo: { title: New, version: "1" }\npaths: {}\n',
    'broken.yaml': 'openapi: 3.1.0\ninfo: [unclosed\n',
    // Valid JSON to JSON.parse, which would keep the last `title`: refused as the YAML parser refuses it.
    'repeated-key.json': '{"openapi": "3.1.0", "info": {"title": "One", "title": "Two", "version": "1"}, "paths": {}}',
    'external.json': JSON.stringify({
      openapi: '3.1.0',
      info: { title: 'Split', version: '1' },
      paths: { '/x': { $ref: 'paths/x.yaml' } },
    }),
    'remote.yaml': [
      'openapi: 3.1.0',
      'info: { title: Remote, version: "1" }',
      'paths: {}',
      'components:',
      '  schemas:',
      '    Money: { $ref: "https://schemas.example/common.json#/Money" }',
      '',
    ].join('\n'),
    // A $ref inside an extension that resolves nowhere: the bundle would carry it to the mock.
    'dangling.yaml': [
      'openapi: 3.1.0',
      'info: { title: Dangling, version: "1" }',
      'paths: {}',
      'components:',
      '  schemas:',
      '    Money: { type: object, x-example-of: { $ref: "#/components/schemas/Missing" } }',
      '',
    ].join('\n'),
  };

  // Outside the scratch repository, so that they never show in its git status.
  const inputs = () => `${repo.dir}-inputs`;
  beforeAll(async () => {
    await mkdir(inputs(), { recursive: true });
    for (const [name, text] of Object.entries(documents)) await writeFile(join(inputs(), name), text);
  });

  it.each([
    [[], '', 'expected 2 arguments, got 0'],
    [['AcmePay', fixture], '<name> "AcmePay"', 'must be a lower-case identifier'],
    [['acme_pay', fixture], '<name> "acme_pay"', 'must be a lower-case identifier'],
    [[apis[0] ?? '', fixture], `<name> "${apis[0]}"`, 'is already registered in spec/redocly.yaml'],
    [['rules', fixture], '<name> "rules"', 'is reserved'],
    [['acme-pay', 'missing.yaml'], '<openapi-file>', 'missing.yaml: no such file'],
    [['acme-pay', '@inputs/swagger.yaml'], '<openapi-file>', 'is Swagger 2.0: convert it to OpenAPI 3.0 or 3.1 first'],
    [
      ['acme-pay', '@inputs/openapi-32.yaml'],
      '<openapi-file>',
      'must be OpenAPI 3.0 or 3.1 (its `openapi` field is "3.2.0")',
    ],
    [['acme-pay', '@inputs/broken.yaml'], '<openapi-file>', 'is neither JSON nor YAML'],
    [['acme-pay', '@inputs/repeated-key.json'], '<openapi-file>', 'is neither JSON nor YAML (Map keys must be unique'],
    [['acme-pay', '@inputs/external.json'], '<openapi-file>', '#/paths/~1x/$ref refers to'],
    [
      ['acme-pay', '@inputs/remote.yaml'],
      '<openapi-file>',
      'remote.yaml #/components/schemas/Money/$ref refers to https://schemas.example/common.json, which paykit never fetches: add --ref https://schemas.example/common.json=<its local copy>',
    ],
    [
      ['acme-pay', '@inputs/dangling.yaml'],
      '<openapi-file>',
      "#/components/schemas/Money/x-example-of: Can't resolve $ref",
    ],
    [['acme-pay', '@inputs/remote.yaml', '--ref', 'common.json'], '--ref common.json', 'must be <url>=<local file>'],
  ])(
    '%j: %s %s',
    async (args, argument, rule) => {
      // The command line prints an ApiAddError as `pnpm api:add: <message>` and exits 2 (the case below).
      const argv = args.map((arg) => arg.replace('@inputs', inputs()));
      const refusal = await apiAddModule.main(argv, repo.dir).then(
        (code) => new Error(`exited ${code} instead of refusing`),
        (error: unknown) => error,
      );
      expect(refusal).toBeInstanceOf(apiAddModule.ApiAddError);
      const { message } = refusal as Error;
      expect(message.slice(0, argument.length)).toBe(argument);
      expect(message).toContain(rule);
      expect(await repo.changedPaths()).toEqual([]);
    },
    // A hang guard, not a timed assertion: under 1 s alone, these took up to 31 s beside the rest of `pnpm test`.
    120_000,
  );

  it('prints a refusal on the command line by name and rule, with no stack, and exits 2', async () => {
    const result = await apiAddScript('acme-pay', join(inputs(), 'dangling.yaml'));
    expect(result.code, result.output).toBe(2);
    expect(result.stderr).toContain(`pnpm api:add: <openapi-file> ${join(inputs(), 'dangling.yaml')}: `);
    expect(result.stderr).toContain("#/components/schemas/Money/x-example-of: Can't resolve $ref");
    expect(result.stderr).not.toContain('    at ');
    expect(await repo.changedPaths()).toEqual([]);
  }, 120_000);

  afterAll(async () => {
    await rm(inputs(), { recursive: true, force: true });
  });
});

describe('pnpm api:add acme-pay <its published document>', () => {
  it('copies it verbatim into spec/acme-pay/ with an overlay, registers it with its own lint severity and generates', async () => {
    const result = await apiAdd('acme-pay', fixture);
    expect(result.code, result.output).toBe(0);
    expect(result.stdout).toContain('Inferred (written to paykit.overlay.yaml');
    expect(result.stdout).toContain('acme-pay@v2 is ready');

    const config = await readFile(join(repo.dir, 'spec/redocly.yaml'), 'utf8');
    expect(config).toContain(
      '  acme-pay@v2:\n    root: acme-pay/acme-pay.yaml\n    output: dist/acme-pay.json\n    overlays:\n      - acme-pay/paykit.overlay.yaml\n    extends:\n      - payments/vendor\n',
    );
    await expectSameBytes('spec/acme-pay/acme-pay.yaml', join(repo.dir, fixture));
    const overlay = await readFile(join(repo.dir, 'spec/acme-pay/paykit.overlay.yaml'), 'utf8');
    expect(overlay).toMatch(/^overlay: 1\.0\.0$/m);
    expect(existsSync(join(repo.dir, 'spec/acme-pay/paths')), 'no split').toBe(false);
    expect(await readFile(join(repo.dir, 'spec/generated/apis.d.ts'), 'utf8')).toContain(
      `export type ApiName = ${[...apis, 'acme-pay'].map((api) => `'${api}'`).join(' | ')};`,
    );
  }, 300_000);

  it('builds its docs page', async () => {
    const result = await run('pnpm', ['bundle'], repo.dir);
    expect(result.code, result.output).toBe(0);
    const page = await readFile(join(repo.dir, 'spec/dist/docs/acme-pay.html'), 'utf8');
    expect(page).toContain('Acme Pay API');
  }, 300_000);

  it('passes the drift checks with the import not yet committed; on CI they ask for the commit', async () => {
    for (const script of ['spec/scripts/generate.js', 'packages/client/scripts/generate.js']) {
      const check = (CI: string) => run(process.execPath, [script, '--check'], repo.dir, 300_000, { CI });
      const local = await check('');
      expect(local.code, local.output).toBe(0);
      const ci = await check('true');
      expect(ci.code, ci.output).toBe(1);
      expect(ci.stderr).toMatch(
        /generated\/.*: committed without what the spec generates \(CI checks git\): run pnpm generate and commit/,
      );
    }
  }, 300_000);

  it("runs pnpm generate's steps: its step list names each workspace package's generate script, after the spec's bundle", async () => {
    const { GENERATE_STEPS } = await import(pathToFileURL(join(repo.dir, 'spec/scripts/api-import.js')).href);
    const packages = await workspacePackages(repo.dir);
    const scripts = (name: 'generate' | 'bundle') =>
      packages.flatMap(({ dir, scripts }) => (scripts[name] ? [[dir, scripts[name]]] : []));
    expect(GENERATE_STEPS.map(([dir, script]: string[]) => [dir, `node ${script}`])).toEqual([
      ...scripts('bundle').filter(([dir]) => dir === 'spec'),
      ...scripts('generate'),
    ]);
  });

  it('edits nothing outside spec/ and the generated files', async () => {
    const changed = await repo.changedPaths();
    expect(changed).toContain('spec/redocly.yaml');
    expect(changed.filter((path) => !isGenerated(path))).toEqual([]);
  });
});

describe('the corpus, imported beside it with no edit', () => {
  it.each(Object.entries(IMPORTS))(
    'pnpm api:add %s <its published document>',
    async (name, file) => {
      const source = join(corpusInputs(), file.replace(/\.gz$/, ''));
      const result = await apiAdd(name, source);
      expect(result.code, result.output).toBe(0);
      expect(result.stdout).toContain('Inferred (written to paykit.overlay.yaml');
      expect(result.stdout).toContain(`is ready`);
      // As published: the vendor's bytes, not a re-serialisation.
      await expectSameBytes(`spec/${name}/${file.replace(/\.gz$/, '')}`, source);
    },
    300_000,
  );
});

describe('the workspace with the four new APIs', () => {
  // The programs below run as their package's own scripts do (`node --import tsx`, its vitest), in its folder:
  // `pnpm --filter … exec tsx` added pnpm's start-up and tsx's CLI, which starts a second Node, about 1 s of CPU each.
  const benchDir = () => join(repo.dir, 'bench');
  beforeAll(async () => {
    await appendFile(join(repo.dir, '.git/info/exclude'), `/${CALLS_DIR}/\n`);
    await writeCalls('consumer.ts', CONSUMER);
    await writeCalls('typed-calls.ts', TYPED_CALLS);
  });

  it('pnpm build passes', async () => {
    const result = await run('pnpm', ['build'], repo.dir, 600_000);
    expect(result.code, result.output).toBe(0);
  }, 600_000);

  // The checks below only read the built copy. Concurrent: the type check is one long single-threaded tsc, and the
  // others (mostly waiting on Node start-up, mocks and Chromium) fit beside it on the second core. Each asserts with
  // its own test's `expect`, so that a failure is reported against the right test.
  it.concurrent('passes every type check of pnpm typecheck, and the typed calls through the new entry points', async ({
    expect,
  }) => {
    // `pnpm typecheck` without turbo (`pnpm build` above made what it would build first): every package's `typecheck`
    // program, whole and each with its own tsconfig, in one process (`tsc -b`) that parses their shared declarations
    // once (scripts/typecheck.mjs). The typed calls are files of bench's program, so checked with it: as programs of
    // their own (bench's options) they added about 3 s of CPU to it.
    const listed = await run('node', ['scripts/typecheck.mjs', '--list'], repo.dir);
    expect(listed.stdout.split('\n')).toEqual(
      expect.arrayContaining(['packages/client/tsconfig.json', 'bench/tsconfig.json']),
    );
    // The files of bench's program as tsc resolves its tsconfig (`--showConfig`, paths relative to bench/).
    const shown = await run(
      process.execPath,
      ['node_modules/typescript/bin/tsc', '-p', 'bench', '--showConfig'],
      repo.dir,
    );
    expect(shown.code, shown.output).toBe(0);
    expect((JSON.parse(shown.stdout) as { files: string[] }).files).toEqual(
      expect.arrayContaining(
        ['consumer.ts', 'typed-calls.ts'].map((file) => `./${CALLS_DIR.replace(/^bench\//, '')}/${file}`),
      ),
    );
    const result = await run('node', ['scripts/typecheck.mjs'], repo.dir, 600_000);
    expect(result.code, result.output).toBe(0);
  }, 600_000);

  it.concurrent('pnpm lint passes', async ({ expect }) => {
    const result = await run('pnpm', ['lint'], repo.dir, 600_000);
    expect(result.code, result.output).toBe(0);
  }, 600_000);

  it.concurrent('runs the contract tests of acme-pay, which pass', async ({ expect }) => {
    // The new API's cases only: the other APIs' contract tests run in the mock's own tests, on the same files.
    const result = await run(
      'node_modules/.bin/vitest',
      ['run', 'contract', '--testNamePattern', '^acme-pay contract '],
      join(repo.dir, 'packages/mock'),
    );
    expect(result.code, result.output).toBe(0);
    expect(result.stdout).toContain('[contract acme-pay]');
    expect(result.stdout).toMatch(/Tests +\d+ passed/);
  }, 600_000);

  it.concurrent('calls the acme-pay mock through its typed client entry point, @paykit/client/acme-pay', async ({
    expect,
  }) => {
    const called = await run(process.execPath, ['--import', 'tsx', 'src/import-calls/consumer.ts'], benchDir());
    expect(called.code, called.output).toBe(0);
    expect(JSON.parse(called.stdout.trim().split('\n').pop() ?? '')).toEqual({
      created: { id: 'cs_8f2a61', status: 'open' },
      fetched: { id: 'cs_8f2a61', status: 'open', amount: 1250 },
    });
  }, 300_000);

  it.concurrent('answers a GET and a POST of each corpus API from its mock, with 2xx bodies that validate against the schemas', async ({
    expect,
  }) => {
    const checked = await run(
      process.execPath,
      ['--import', 'tsx', 'src/import/mock-check.ts', ...Object.keys(IMPORTS)],
      benchDir(),
    );
    expect(checked.code, checked.output).toBe(0);
    expect(JSON.parse(checked.stdout.trim().split('\n').pop() ?? '')).toEqual([
      { api: 'twilio', get: { status: 200, valid: true }, post: { status: 201, valid: true } },
      { api: 'petstore', get: { status: 200, valid: true }, post: { status: 201, valid: true } },
      // A webhooks-only document: no path to call.
      { api: 'webhook-example', get: null, post: null },
    ]);
  }, 300_000);

  it('the imports and the build edit nothing outside spec/ and the generated files', async () => {
    const changed = await repo.changedPaths();
    for (const api of ['acme-pay', ...Object.keys(IMPORTS)])
      expect(changed).toContain(`spec/${api}/paykit.overlay.yaml`);
    expect(changed.filter((path) => !isGenerated(path))).toEqual([]);
  });
});

describe('pnpm api:update acme-pay <a new version of its document>', () => {
  it('keeps the overlay, names the action that no longer matches and prints the classed changes', async () => {
    const overlayPath = join(repo.dir, 'spec/acme-pay/paykit.overlay.yaml');
    const overlay = YAML.parse(await readFile(overlayPath, 'utf8'));
    overlay.actions.push({
      target: "$.paths['/v2/checkout-sessions/{sessionId}/void'].post",
      description: 'added by the test',
      update: { 'x-internal': false },
    });
    await writeFile(overlayPath, YAML.stringify(overlay));
    // Version 2.1 of the vendor's document: the void operation is gone, a summary changed.
    const published = await readFile(join(repo.dir, fixture), 'utf8');
    const lines = published.split('\n');
    const from = lines.indexOf('  /v2/checkout-sessions/{sessionId}/void:');
    let to = from + 1;
    while (to < lines.length && (lines[to] === '' || lines[to]?.startsWith('   '))) to++;
    const dir = `${repo.dir}-update`;
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'acme-pay.yaml'), [...lines.slice(0, from), ...lines.slice(to)].join('\n'));

    const result = await run('pnpm', ['--silent', 'api:update', 'acme-pay', join(dir, 'acme-pay.yaml')], repo.dir);
    await rm(dir, { recursive: true, force: true });
    expect(result.code, result.output).toBe(0);
    expect(result.stdout).toContain('paykit.overlay.yaml: 1 action(s) no longer match anything');
    expect(result.stdout).toContain("$.paths['/v2/checkout-sessions/{sessionId}/void'].post  (added by the test)");
    expect(result.stdout).toMatch(/breaking: \[Removed\] operation POST \/v2\/checkout-sessions\/\{sessionId\}\/void/);
    expect(YAML.parse(await readFile(overlayPath, 'utf8')).actions).toContainEqual(
      expect.objectContaining({ description: 'added by the test' }),
    );
  }, 300_000);
});
