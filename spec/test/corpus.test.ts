// The corpus (test/corpus/: real published documents, see SOURCES.md) imported with `pnpm api:add` and no edit, in one
// scratch copy of the repository: then `pnpm lint` and `pnpm build` pass and so does every type check of
// `pnpm typecheck`, a typed call through each new client entry point compiles, and each mock answers a GET and a POST
// of its API with 2xx bodies that validate against the response schemas (bench/src/import/mock-check.ts). Stripe's
// document goes through the same in `pnpm bench` (bench/src/import/figures.ts).
import { execFileSync } from 'node:child_process';
import { appendFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchRepo, run, type ScratchRepo } from './support/scratch-repo.js';

const corpus = join(import.meta.dirname, 'corpus');
/** API name → compressed document. */
const IMPORTS = {
  twilio: 'twilio_api_v2010.json.gz',
  petstore: 'petstore.yaml.gz',
  'webhook-example': 'webhook-example.yaml.gz',
} as const;

let repo: ScratchRepo;
const inputs = () => `${repo.dir}-corpus`;

beforeAll(async () => {
  repo = await createScratchRepo();
  await mkdir(inputs(), { recursive: true });
  for (const file of Object.values(IMPORTS)) {
    const text = execFileSync('gunzip', ['-c', join(corpus, file)], { maxBuffer: 1 << 30 });
    await writeFile(join(inputs(), file.replace(/\.gz$/, '')), text);
  }
}, 120_000);

afterAll(async () => {
  await repo?.remove();
  if (repo) await rm(inputs(), { recursive: true, force: true });
});

describe('the corpus, imported with no edit', () => {
  it.each(Object.entries(IMPORTS))(
    'pnpm api:add %s <its published document>',
    async (name, file) => {
      const source = join(inputs(), file.replace(/\.gz$/, ''));
      const result = await run('pnpm', ['--silent', 'api:add', name, source], repo.dir, 300_000);
      expect(result.code, result.output).toBe(0);
      expect(result.stdout).toContain('Inferred (written to paykit.overlay.yaml');
      expect(result.stdout).toContain(`is ready`);
      // As published: the vendor's bytes, not a re-serialisation.
      expect(await readFile(join(repo.dir, 'spec', name, file.replace(/\.gz$/, '')))).toEqual(await readFile(source));
    },
    300_000,
  );

  it.each([['lint'], ['build']])(
    'pnpm %s passes',
    async (task) => {
      const result = await run('pnpm', [task], repo.dir, 600_000);
      expect(result.code, result.output).toBe(0);
    },
    600_000,
  );

  it('passes every type check of pnpm typecheck', async () => {
    // `pnpm typecheck` without turbo (`pnpm build` above made what it would build first): every package's typecheck
    // program, each whole with its own tsconfig, in one `tsc -b --force` (scripts/typecheck.mjs).
    const listed = await run('node', ['scripts/typecheck.mjs', '--list'], repo.dir);
    expect(listed.stdout.split('\n')).toContain('packages/client/tsconfig.json');
    const result = await run('pnpm', ['typecheck:all'], repo.dir, 600_000);
    expect(result.code, result.output).toBe(0);
  }, 600_000);

  it('compiles a typed call through each new entry point', async () => {
    const dir = join(repo.dir, 'bench/corpus-check');
    await appendFile(join(repo.dir, '.git/info/exclude'), '/bench/corpus-check/\n');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'tsconfig.json'), JSON.stringify({ extends: '../tsconfig.json', include: ['*.ts'] }));
    await writeFile(join(dir, 'typed-calls.ts'), TYPED_CALLS);
    const typecheck = await run('pnpm', ['--filter', '@paykit/bench', 'exec', 'tsc', '-p', 'corpus-check'], repo.dir);
    expect(typecheck.code, typecheck.output).toBe(0);
  }, 300_000);

  it('answers a GET and a POST of each API from its mock, with 2xx bodies that validate against the schemas', async () => {
    const apis = Object.keys(IMPORTS);
    const checked = await run(
      'pnpm',
      ['--filter', '@paykit/bench', 'exec', 'tsx', 'src/import/mock-check.ts', ...apis],
      repo.dir,
    );
    expect(checked.code, checked.output).toBe(0);
    expect(JSON.parse(checked.stdout.trim().split('\n').pop() ?? '')).toEqual([
      { api: 'twilio', get: { status: 200, valid: true }, post: { status: 201, valid: true } },
      { api: 'petstore', get: { status: 200, valid: true }, post: { status: 201, valid: true } },
      // A webhooks-only document: no path to call.
      { api: 'webhook-example', get: null, post: null },
    ]);
  }, 300_000);
});

/** Type-checked with tsc: a wrong path, body or option would not compile. Never run (the mocks are checked above). */
const TYPED_CALLS = `import { createPetstoreClient } from '@paykit/client/petstore';
import { createTwilioClient } from '@paykit/client/twilio';
import { createWebhookExampleClient, type Pet } from '@paykit/client/webhook-example';

export const typedCalls = (baseUrl: string) => [
  createPetstoreClient({ baseUrl }).GET('/pets', { params: { query: { limit: 10 } } }),
  createPetstoreClient({ baseUrl }).POST('/pets', { body: { id: 1, name: 'Rex' } }),
  createTwilioClient({ baseUrl, apiKey: 'AC123' }).GET('/2010-04-01/Accounts.json', {}),
  createTwilioClient({ baseUrl, apiKey: 'AC123' }).POST('/2010-04-01/Accounts.json', { body: { FriendlyName: 'x' } }),
  // @ts-expect-error: not a path of the petstore
  createPetstoreClient({ baseUrl }).GET('/owners'),
  createWebhookExampleClient({ baseUrl }),
];
// A webhooks-only API: its payloads are typed from the document.
export const pet: Pet = { id: 1, name: 'Rex', tag: 'dog' };
// @ts-expect-error: \`name\` is required by the webhook's Pet schema
export const notAPet: Pet = { id: 1 };
`;
