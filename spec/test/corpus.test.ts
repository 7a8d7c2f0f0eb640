// The corpus (test/corpus/: real published documents, see SOURCES.md) imported with `pnpm api:add` and no edit, in one
// scratch copy of the repository: then `pnpm lint`, `pnpm build` and `pnpm typecheck` pass, a typed call through each
// new client entry point compiles, and each mock answers a GET and a POST of its API with 2xx bodies that validate
// against the response schemas. Stripe's document goes through the same in `pnpm bench` (bench/src/import/).
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

  it.each([['lint'], ['build'], ['typecheck']])(
    'pnpm %s passes',
    async (task) => {
      const result = await run('pnpm', [task], repo.dir, 600_000);
      expect(result.code, result.output).toBe(0);
    },
    600_000,
  );

  it('compiles a typed call through each new entry point, and each mock answers a GET and a POST validly', async () => {
    const dir = join(repo.dir, 'bench/corpus-check');
    await appendFile(join(repo.dir, '.git/info/exclude'), '/bench/corpus-check/\n');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'tsconfig.json'), JSON.stringify({ extends: '../tsconfig.json', include: ['*.ts'] }));
    await writeFile(join(dir, 'check.ts'), CHECK);
    const typecheck = await run('pnpm', ['--filter', '@paykit/bench', 'exec', 'tsc', '-p', 'corpus-check'], repo.dir);
    expect(typecheck.code, typecheck.output).toBe(0);
    const checked = await run('pnpm', ['--filter', '@paykit/bench', 'exec', 'tsx', 'corpus-check/check.ts'], repo.dir);
    expect(checked.code, checked.output).toBe(0);
    const results = JSON.parse(checked.stdout.trim().split('\n').pop() ?? '');
    expect(results).toEqual([
      { api: 'twilio', get: { status: 200, valid: true }, post: { status: 201, valid: true } },
      { api: 'petstore', get: { status: 200, valid: true }, post: { status: 201, valid: true } },
      // A webhooks-only document: no path to call, so no mock to start (the mock refuses a spec without operations).
      { api: 'webhook-example', get: null, post: null },
    ]);
  }, 300_000);
});

/**
 * Type-checked with tsc (a wrong path, body or option would not compile), then run with tsx: each mock gets the
 * first parameterless GET with a JSON 2xx response and the POST with the fewest required body fields, with a body
 * sampled from the request schema; each 2xx body is validated against its response schema.
 */
const CHECK = `import { createPetstoreClient } from '@paykit/client/petstore';
import { createTwilioClient } from '@paykit/client/twilio';
import { createWebhookExampleClient, type Pet } from '@paykit/client/webhook-example';
import { startMock } from '@paykit/mock';
import type { ApiName } from '@paykit/spec';
import { createSchemaValidator } from '@paykit/spec/validator';

// Typed calls, compiled, never sent: the paths and bodies come from the vendors' documents.
export const typedCalls = (baseUrl: string) => [
  createPetstoreClient({ baseUrl }).GET('/pets', { params: { query: { limit: 10 } } }),
  createPetstoreClient({ baseUrl }).POST('/pets', { body: { id: 1, name: 'Rex' } }),
  createTwilioClient({ baseUrl, apiKey: 'AC123' }).GET('/2010-04-01/Accounts.json', {}),
  createTwilioClient({ baseUrl, apiKey: 'AC123' }).POST('/2010-04-01/Accounts.json', { body: { FriendlyName: 'x' } }),
  createWebhookExampleClient({ baseUrl }),
];
// A webhooks-only API: its payloads are typed from the document.
export const pet: Pet = { id: 1, name: 'Rex', tag: 'dog' };
// @ts-expect-error: \`name\` is required by the webhook's Pet schema
export const notAPet: Pet = { id: 1 };

type Schema = Record<string, any>;
const METHODS = ['get', 'post'] as const;

function deref(bundle: Schema, node: Schema | undefined): Schema | undefined {
  let current = node;
  while (current?.$ref) {
    current = String(current.$ref).slice(2).split('/').reduce((at: any, key) => at?.[key.replaceAll('~1', '/').replaceAll('~0', '~')], bundle);
  }
  return current;
}

function sample(bundle: Schema, raw: Schema | undefined): unknown {
  const schema = deref(bundle, raw) ?? {};
  if (schema.example !== undefined) return schema.example;
  if (schema.default !== undefined) return schema.default;
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  const branch = schema.oneOf?.[0] ?? schema.anyOf?.[0];
  if (branch) return sample(bundle, branch);
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map((part: Schema) => sample(bundle, part)));
  const type = [schema.type].flat()[0];
  if (type === 'object' || schema.properties) {
    return Object.fromEntries((schema.required ?? []).map((key: string) => [key, sample(bundle, schema.properties?.[key])]));
  }
  if (type === 'integer' || type === 'number') return 1;
  if (type === 'boolean') return true;
  if (type === 'array') return [];
  if (schema.format === 'uri') return 'https://example.com/';
  return 'x';
}

const escape = (key: string) => key.replaceAll('~', '~0').replaceAll('/', '~1');

function pick(bundle: Schema, method: (typeof METHODS)[number]) {
  const candidates = Object.entries(bundle.paths ?? {}).flatMap(([path, item]: [string, any]) => {
    const operation = item?.[method];
    if (!operation || path.includes('{')) return [];
    const parameters = [...(item.parameters ?? []), ...(operation.parameters ?? [])].map((p) => deref(bundle, p));
    if (parameters.some((p) => p?.required)) return [];
    const body = deref(bundle, operation.requestBody);
    const [type, media] = Object.entries(body?.content ?? {})[0] ?? [];
    const schema = deref(bundle, (media as Schema | undefined)?.schema);
    return [{ path, operation, type, schema, weight: (schema?.required ?? []).length }];
  });
  return candidates.sort((a, b) => a.weight - b.weight)[0];
}

async function call(api: ApiName, url: string, bundle: Schema, method: (typeof METHODS)[number]) {
  const chosen = pick(bundle, method);
  if (!chosen) return null;
  const headers: Record<string, string> = { accept: 'application/json', authorization: 'Basic ' + btoa('AC123:authtoken') };
  let body: string | undefined;
  if (method === 'post' && chosen.type) {
    const value = sample(bundle, chosen.schema) as Record<string, unknown>;
    headers['content-type'] = chosen.type;
    body = chosen.type.includes('json') ? JSON.stringify(value) : new URLSearchParams(Object.entries(value).map(([k, v]) => [k, String(v)])).toString();
  }
  const response = await fetch(url + chosen.path, { method: method.toUpperCase(), headers, body, signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  const status = response.status;
  const content = deref(bundle, chosen.operation.responses?.[String(status)])?.content ?? {};
  const mediaType = Object.keys(content).find((type) => type.includes('json'));
  if (!mediaType) return { status, valid: status < 300 && text === '' };
  const pointer = '#/paths/' + escape(chosen.path) + '/' + method + '/responses/' + status + '/content/' + escape(mediaType) + '/schema';
  const result = createSchemaValidator(api, bundle).validate(pointer, JSON.parse(text));
  if (!result.valid) console.error(api, method, chosen.path, result.errors);
  return { status, valid: status < 300 && result.valid };
}

const results = [];
for (const api of ['twilio', 'petstore', 'webhook-example'] as ApiName[]) {
  const bundle = (await import('@paykit/spec/' + api + '.json', { with: { type: 'json' } })).default as Schema;
  if (Object.keys(bundle.paths ?? {}).length === 0) {
    results.push({ api, get: null, post: null });
    continue;
  }
  // Bodies generated from the response schemas (seeded): the vendors' own examples do not always match them
  // (Twilio's list examples give relative URIs where the schema says format: uri).
  const mock = await startMock({ api, dynamic: true, seed: 1 });
  try {
    results.push({ api, get: await call(api, mock.url, bundle, 'get'), post: await call(api, mock.url, bundle, 'post') });
  } finally {
    await mock.stop();
  }
}
console.log(JSON.stringify(results));
`;
