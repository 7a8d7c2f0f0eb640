// `pnpm api:add` end to end, in a scratch copy of the repository: a third vendor's own OpenAPI document
// (test/fixtures/acme-pay.yaml) comes out with a typed client entry point that calls its mock, a docs page and
// contract tests, and nothing outside spec/ and the generated files is edited.
import { appendFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { apis } from '../index.js';
import { createScratchRepo, run, type ScratchRepo } from './support/scratch-repo.js';

/** Inside the repository, so the same path works in the scratch copy. */
const fixture = 'spec/test/fixtures/acme-pay.yaml';

/** What `pnpm generate` may write outside spec/: generated folders and the client's generated `exports`. */
const isGenerated = (path: string) =>
  path.startsWith('spec/') || /(^|\/)generated\//.test(path) || path === 'packages/client/package.json';

let repo: ScratchRepo;
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
}, 120_000);

afterAll(async () => {
  await repo?.remove();
});

describe('pnpm api:add refuses bad arguments by name and rule, and writes nothing', () => {
  const documents: Record<string, string> = {
    'swagger.yaml': 'swagger: "2.0"\ninfo: { title: Old, version: "1" }\npaths: {}\n',
    'openapi-32.yaml': 'openapi: 3.2.0\ninfo: { title: New, version: "1" }\npaths: {}\n',
    'broken.yaml': 'openapi: 3.1.0\ninfo: [unclosed\n',
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
    expect(await readFile(join(repo.dir, 'spec/acme-pay/acme-pay.yaml'))).toEqual(
      await readFile(join(repo.dir, fixture)),
    );
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

  it('runs its contract tests, which pass', async () => {
    const built = await run('pnpm', ['exec', 'turbo', 'run', 'build', '--filter=@paykit/mock...'], repo.dir);
    expect(built.code, built.output).toBe(0);
    // The new API's cases only: the other APIs' contract tests run in the mock's own tests, on the same files.
    const result = await run(
      'pnpm',
      ['--filter', '@paykit/mock', 'exec', 'vitest', 'run', 'contract', '--testNamePattern', '^acme-pay contract '],
      repo.dir,
    );
    expect(result.code, result.output).toBe(0);
    expect(result.stdout).toContain('[contract acme-pay]');
    expect(result.stdout).toMatch(/Tests +\d+ passed/);
  }, 600_000);

  it('edits nothing outside spec/ and the generated files', async () => {
    const changed = await repo.changedPaths();
    expect(changed).toContain('spec/redocly.yaml');
    expect(changed.filter((path) => !isGenerated(path))).toEqual([]);
  });

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

  it('has a typed client entry point, @paykit/client/acme-pay, that calls its mock', async () => {
    // A tiny consumer, kept out of git status through the scratch repository's own exclude file.
    const dir = join(repo.dir, 'bench/acme-pay-consumer');
    await appendFile(join(repo.dir, '.git/info/exclude'), '/bench/acme-pay-consumer/\n');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'tsconfig.json'), JSON.stringify({ extends: '../tsconfig.json', include: ['*.ts'] }));
    await writeFile(join(dir, 'consumer.ts'), CONSUMER);
    const typecheck = await run(
      'pnpm',
      ['--filter', '@paykit/bench', 'exec', 'tsc', '-p', 'acme-pay-consumer'],
      repo.dir,
    );
    expect(typecheck.code, typecheck.output).toBe(0);
    const called = await run(
      'pnpm',
      ['--filter', '@paykit/bench', 'exec', 'tsx', 'acme-pay-consumer/consumer.ts'],
      repo.dir,
    );
    expect(called.code, called.output).toBe(0);
    expect(JSON.parse(called.stdout.trim().split('\n').pop() ?? '')).toEqual({
      created: { id: 'cs_8f2a61', status: 'open' },
      fetched: { id: 'cs_8f2a61', status: 'open', amount: 1250 },
    });
  }, 300_000);
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

/** Type-checked with tsc, then run: a wrong path or body would not compile. */
const CONSUMER = `import { createAcmePayClient } from '@paykit/client/acme-pay';
import { startMock } from '@paykit/mock';

const mock = await startMock({ api: 'acme-pay' });
try {
  const client = createAcmePayClient({ baseUrl: mock.url, clientId: 'acme_client', clientSecret: 'acme_secret' });
  const created = await client.POST('/v2/checkout-sessions', {
    body: { amount: 1250, currency: 'EUR', returnUrl: 'https://shop.example/done' },
  });
  if (!created.data) throw new Error('create failed: ' + String(created.error));
  const fetched = await client.GET('/v2/checkout-sessions/{sessionId}', {
    params: { path: { sessionId: created.data.id } },
  });
  if (!fetched.data) throw new Error('get failed: ' + String(fetched.error));
  const amount: number = fetched.data.amount;
  console.log(JSON.stringify({
    created: { id: created.data.id, status: created.data.status },
    fetched: { id: fetched.data.id, status: fetched.data.status, amount },
  }));
  // Never called: a path the vendor does not have must not compile.
  // @ts-expect-error: not a path of the Acme Pay API
  const notAPath = () => client.GET('/v2/refunds');
  void notAPath;
} finally {
  await mock.stop();
}
`;
