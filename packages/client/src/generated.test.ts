// The generated files are committed. This check regenerates them in memory from the current spec bundles and
// compares with the files on disk and, on CI (a clean clone), with what git has too (@paykit/spec/drift, whose own
// tests cover both behaviours): a developer's uncommitted spec edit with its regenerated files is green locally, a
// spec committed without them is red on CI. The generator's reading of the x-paykit-* extensions is tested over the
// small fixture spec, never a vendor's.
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { GenerationError, pascalName, readVendor, renderApi, renderGeneratedFiles } from '../scripts/generate.js';
import { apis } from '@paykit/spec';
import { generatedDrift } from '@paykit/spec/drift';
import { fixtureSpec } from './test-support/fixture-client.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const spec = () => structuredClone(fixtureSpec);
const vendorOf = (edited: unknown) => readVendor(edited, 'fixture').vendor;

describe('generated files', () => {
  test('the generated files match a fresh generation from the spec (on CI, the committed ones too)', async () => {
    expect(generatedDrift(await renderGeneratedFiles(), packageDir)).toEqual([]);
  });

  test('generation is deterministic', async () => {
    expect(await renderGeneratedFiles()).toEqual(await renderGeneratedFiles());
  });

  test('one entry point per API, named after it, and the package exports iterate over the APIs', async () => {
    const files = await renderGeneratedFiles();
    const exportsMap = JSON.parse(files['package.json'] ?? '{}').exports;
    // Derived from the list, so an imported API needs no edit here.
    expect(Object.keys(exportsMap)).toEqual(['.', ...apis.map((api) => `./${api}`), './package.json']);
    expect(pascalName('ten99policy')).toBe('Ten99Policy');
    expect(pascalName('acme-pay_v2')).toBe('AcmePayV2');
    const entry = (await renderApi('fixture', spec()))['src/generated/fixture/index.ts'];
    expect(entry).toContain('export function createFixtureClient(options: FixtureClientOptions): FixtureClient');
    expect(entry).toContain('export type Session = Schemas["Session"];');
    expect(entry).not.toContain('vendors/fixture'); // no vendor folder: nothing re-exported
  });
});

describe('vendor knowledge read from the spec (x-paykit-*, else inferred: @paykit/spec/vendor)', () => {
  test('the idempotency header is the parameter marked x-paykit-idempotency-key, with its limit and replays', () => {
    expect(vendorOf(spec()).idempotencyHeaders).toEqual({
      '/sessions': { POST: { header: 'X-Idempotency-Key', maxLength: 256, replays: true } },
      '/sessions/{sessionId}/cancel': { POST: { header: 'X-Idempotency-Key', maxLength: 256, replays: true } },
      '/refunds': { POST: { header: 'Request-Token', maxLength: 64, replays: false } },
    });
  });

  test('the default host is the production server, wherever it is listed; a variable host gives none', () => {
    const edited = spec();
    expect(vendorOf(edited).defaultBaseUrl).toBe('https://api.example.test'); // the sandbox is listed first
    edited.servers[1].url = 'https://{region}.api.example.test';
    expect(vendorOf(edited).defaultBaseUrl).toBeNull();
  });

  test('the error-code location and the secret fields come from their extensions', () => {
    expect(vendorOf(spec())).toMatchObject({ name: 'Fixture API', errorCode: ['code'], secretFields: ['url'] });
  });

  test('generation never stops on a missing mark: without any, the fixture still generates what it can infer', async () => {
    const unmarked = JSON.parse(
      JSON.stringify(spec(), (key, value) => (key.startsWith('x-paykit-') ? undefined : value)),
    );
    const read = readVendor(unmarked, 'fixture');
    expect(read.vendor).toMatchObject({
      defaultBaseUrl: 'https://api.example.test', // the sandbox server says so in its URL
      errorCode: ['code'],
      // X-Idempotency-Key is a known name (no replays promised); Request-Token is not one.
      idempotencyHeaders: {
        '/sessions': { POST: { header: 'X-Idempotency-Key', maxLength: 256, replays: false } },
        '/sessions/{sessionId}/cancel': { POST: { header: 'X-Idempotency-Key', maxLength: 256, replays: false } },
      },
    });
    const entry = (await renderApi('fixture', unmarked))['src/generated/fixture/index.ts'];
    expect(entry).toContain('export type ErrorCode = CodeAt<ApiErrorBody, ["code"]>;');
  });

  test('a nested error code is typed at its location; no error body means unknown body, string code', async () => {
    const stripeLike = spec();
    // Unmarked, inline in the shared response: its type is that response's JSON content.
    delete stripeLike.components.schemas.Error.properties.code['x-paykit-error-code'];
    stripeLike.components.responses.Error.content['application/json'].schema = {
      type: 'object',
      properties: { error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } } } },
    };
    const entry = (await renderApi('fixture', stripeLike))['src/generated/fixture/index.ts'];
    expect(readVendor(stripeLike, 'fixture').vendor.errorCode).toEqual(['error', 'code']);
    expect(entry).toContain(
      'export type ApiErrorBody = components["responses"]["Error"]["content"]["application/json"];',
    );
    expect(entry).toContain('at `error.code` of the error body');
    expect(entry).toContain('export type ErrorCode = CodeAt<ApiErrorBody, ["error","code"]>;');
    const bodiless = spec();
    bodiless.components.responses.Error = { description: 'An error, body undocumented.' };
    delete bodiless.components.schemas.Error.properties.code['x-paykit-error-code'];
    const plain = (await renderApi('fixture', bodiless))['src/generated/fixture/index.ts'];
    expect(plain).toContain('export type ApiErrorBody = unknown;');
    expect(plain).toContain('export type ErrorCode = string;');
    expect(readVendor(bodiless, 'fixture').gaps).toEqual([
      expect.stringMatching(/^fixture: no 4xx\/5xx response declares a JSON body/),
    ]);
  });

  test('no https production server: baseUrl is required by the options type, and said as a gap', async () => {
    const edited = spec();
    edited.servers = [{ url: 'http://petstore.example.test/v1' }];
    const read = readVendor(edited, 'fixture');
    expect(read.vendor.defaultBaseUrl).toBeNull();
    expect(read.gaps).toEqual([expect.stringContaining('is not https, so paykit takes no default base URL')]);
    const entry = (await renderApi('fixture', edited))['src/generated/fixture/index.ts'];
    expect(entry).toContain('export type FixtureClientOptions = ClientOptions & { baseUrl: string };');
  });

  test.each([
    ['HTTP basic', { type: 'http', scheme: 'basic' }, 'ClientOptions | BasicAuthClientOptions', ''],
    [
      'OAuth2 authorization code',
      {
        type: 'oauth2',
        flows: { authorizationCode: { authorizationUrl: 'https://a', tokenUrl: 'https://t', scopes: {} } },
      },
      'AccessTokenClientOptions',
      'accessTokens',
    ],
    [
      'OpenID Connect',
      { type: 'openIdConnect', openIdConnectUrl: 'https://x' },
      'AccessTokenClientOptions',
      'accessTokens',
    ],
  ])('%s: the options type takes what the scheme needs', async (_, scheme, options, addition) => {
    const edited = spec();
    edited.components.securitySchemes.ApiKeyAuth = scheme;
    const entry = (await renderApi('fixture', edited))['src/generated/fixture/index.ts'];
    expect(entry).toContain(`export type FixtureClientOptions = ${options};`);
    if (addition) expect(entry).toContain(`({ ...vendor, ${addition} }, options)`);
  });

  test('no security at all: the options take no credentials', async () => {
    const edited = spec();
    delete edited.security;
    for (const path of Object.values(edited.paths) as any[])
      for (const op of Object.values(path) as any[]) delete op.security;
    const entry = (await renderApi('fixture', edited))['src/generated/fixture/index.ts'];
    expect(entry).toContain('export type FixtureClientOptions = CommonClientOptions;');
  });

  test('a scheme the client cannot serve (mutual TLS) fails generation with the API, the place and the fix', () => {
    const edited = spec();
    edited.components.securitySchemes.ApiKeyAuth = { type: 'mutualTLS' };
    expect(() => readVendor(edited, 'fixture')).toThrow(GenerationError);
    expect(() => readVendor(edited, 'fixture')).toThrow(
      /security scheme "ApiKeyAuth" \(mutualTLS\) is not one the client can serve .*a mutual TLS client certificate belongs to the fetch you pass.*securitySchemes\/ApiKeyAuth.yaml.*Fix: /,
    );
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
