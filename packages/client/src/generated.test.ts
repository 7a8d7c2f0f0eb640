// The generated files are committed. This check regenerates them in memory from the current spec bundles and
// compares with what git has (the index, i.e. staged or committed), not with the files on disk: turbo runs
// `generate` before `test`, so the files on disk are always fresh. The generator's reading of the x-paykit-*
// extensions is tested over the small fixture spec, never a vendor's.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { GenerationError, pascalName, readVendor, renderApi, renderGeneratedFiles } from '../scripts/generate.js';
import { fixtureSpec } from './test-support/fixture-client.js';
import { readFromIndex } from './test-support/git-index.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const spec = () => structuredClone(fixtureSpec);
const vendorOf = (edited: unknown) => readVendor(edited, 'fixture').vendor;

describe('generated files', () => {
  test('the committed generated files match a fresh generation from the spec', async () => {
    const fresh = await renderGeneratedFiles();
    const stale = Object.entries(fresh)
      .filter(([path, content]) => readFromIndex(path, packageDir) !== content)
      .map(([path]) => path);
    expect(stale, `out of date with the spec: ${stale.join(', ')}; run pnpm generate and commit`).toEqual([]);
  });

  test('the drift check reads generated files of any size (beyond execFileSync’s 1 MiB default)', () => {
    const repo = mkdtempSync(join(tmpdir(), 'paykit-drift-'));
    try {
      const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'pipe' });
      git('init', '-q');
      const big = `export type Big = ${JSON.stringify('x'.repeat(3 * 1024 * 1024))};\n`;
      writeFileSync(join(repo, 'big.ts'), big);
      git('add', 'big.ts');
      expect(readFromIndex('big.ts', repo)).toBe(big);
      expect(readFromIndex('missing.ts', repo)).toBeUndefined();
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });

  test('generation is deterministic', async () => {
    expect(await renderGeneratedFiles()).toEqual(await renderGeneratedFiles());
  });

  test('one entry point per API, named after it, and the package exports iterate over the APIs', async () => {
    const files = await renderGeneratedFiles();
    const exportsMap = JSON.parse(files['package.json'] ?? '{}').exports;
    expect(Object.keys(exportsMap)).toEqual(['.', './connect', './ten99policy', './package.json']);
    expect(pascalName('ten99policy')).toBe('Ten99Policy');
    expect(pascalName('acme-pay_v2')).toBe('AcmePayV2');
    const entry = (await renderApi('fixture', spec()))['src/generated/fixture/index.ts'];
    expect(entry).toContain('export function createFixtureClient(options: FixtureClientOptions): FixtureClient');
    expect(entry).toContain('export type Session = Schemas["Session"];');
    expect(entry).not.toContain('vendors/fixture'); // no vendor folder: nothing re-exported
  });
});

describe('vendor knowledge read from the spec (x-paykit-*)', () => {
  test('the idempotency header is the parameter marked x-paykit-idempotency-key, with its limit and replays', () => {
    expect(vendorOf(spec()).idempotencyHeaders).toEqual({
      '/sessions': { POST: ['X-Idempotency-Key', 256, true] },
      '/sessions/{sessionId}/cancel': { POST: ['X-Idempotency-Key', 256, true] },
      '/refunds': { POST: ['Request-Token', 64, false] },
    });
  });

  test('the default host is the production server, wherever it is listed; a variable host gives none', () => {
    const edited = spec();
    expect(vendorOf(edited).defaultBaseUrl).toBe('https://api.example.test'); // the sandbox is listed first
    edited.servers[1].url = 'https://{region}.api.example.test';
    expect(vendorOf(edited).defaultBaseUrl).toBeNull();
  });

  test('the error-code field and the secret fields come from their extensions', () => {
    expect(vendorOf(spec())).toMatchObject({ name: 'Fixture API', errorCodeField: 'code', secretFields: ['url'] });
  });

  test.each([
    [
      'no production server',
      (s: any) => delete s.servers[1]['x-paykit-environment'],
      /fixture: 0 servers are marked as production \(spec\/fixture\/openapi.yaml, #\/servers\)\. Fix: mark exactly one server/,
    ],
    [
      'two production servers',
      (s: any) => (s.servers[0]['x-paykit-environment'] = 'production'),
      /2 servers are marked as production/,
    ],
    [
      'an idempotency header without its extension',
      (s: any) => delete s.components.parameters.IdempotencyKey['x-paykit-idempotency-key'],
      /parameter X-Idempotency-Key looks like an idempotency key but has no x-paykit-idempotency-key \(spec\/fixture\/components\/parameters\/IdempotencyKey.yaml/,
    ],
    [
      'a replays that is not a boolean',
      (s: any) => (s.components.parameters.IdempotencyKey['x-paykit-idempotency-key'] = { replays: 'yes' }),
      /must sit on a header parameter and say \{ replays: true \| false \}/,
    ],
    [
      'one header promising replays here and not there',
      (s: any) => (s.paths['/refunds'].post.parameters[0].name = 'X-Idempotency-Key'),
      /X-Idempotency-Key says replays: false here and replays: true on another operation .*Fix: the vendor promises one thing/,
    ],
    [
      'no error-code field',
      (s: any) => delete s.components.schemas.Error.properties.code['x-paykit-error-code'],
      /no error-code field is marked/,
    ],
    [
      'two error-code fields',
      (s: any) => (s.components.schemas.Error.properties.message['x-paykit-error-code'] = true),
      /several error-code fields are marked \(code, message\)/,
    ],
    [
      'a scheme the client cannot serve',
      (s: any) => (s.components.securitySchemes.ApiKeyAuth = { type: 'openIdConnect', openIdConnectUrl: 'https://x' }),
      /security scheme "ApiKeyAuth" \(openIdConnect\) is not one the client can serve .*securitySchemes\/ApiKeyAuth.yaml/,
    ],
  ])('%s fails generation with the API, the file and the fix', (_, edit, message) => {
    const edited = spec();
    edit(edited);
    expect(() => readVendor(edited, 'fixture')).toThrow(GenerationError);
    expect(() => readVendor(edited, 'fixture')).toThrow(message);
  });

  test('security per operation: an operation that differs from the root is listed, with its own scheme', () => {
    const edited = spec();
    edited.components.securitySchemes.Bearer = { type: 'http', scheme: 'bearer' };
    edited.paths['/refunds'].post.security = [{ Bearer: [] }];
    expect(vendorOf(edited).auth).toEqual({
      schemes: {
        ApiKeyAuth: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        Bearer: { type: 'http', scheme: 'bearer' },
      },
      root: 'ApiKeyAuth',
      operations: { '/status': { GET: null }, '/refunds': { POST: 'Bearer' } },
    });
  });

  test('an operation with `security: []` (e.g. an OAuth2 token endpoint) is anonymous, whatever the root says', () => {
    const edited = spec();
    edited.paths['/refunds'].post.security = [];
    expect(vendorOf(edited).auth.operations).toEqual({ '/status': { GET: null }, '/refunds': { POST: null } });
  });

  test('open enums become the known values or any string; closed enums stay closed', async () => {
    const types = (await renderApi('fixture', spec()))['src/generated/fixture/types.ts'];
    expect(types).toContain('status: components["schemas"]["SessionStatus"] | (string & {});');
    expect(types).toContain('channel?: ("web" | "app") | (string & {});');
    expect(types).toContain('SessionStatus: "pending" | "completed";');
  });

  test('a spec edit shows up in the types', async () => {
    const edited = spec();
    edited.components.schemas.Session.properties.card_brand = { type: 'string', enum: ['visa', 'amex'] };
    const types = (await renderApi('fixture', edited))['src/generated/fixture/types.ts'];
    expect(types).toContain('card_brand?: "visa" | "amex";');
  });
});
