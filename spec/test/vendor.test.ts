import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { apis, bundlePath } from '../index.js';
import { formatLocation, parseLocation, pointerToJsonPath, vendorFacts } from '../vendor.js';

// vendorFacts() over the hand-written bundles (every fact from a mark) and over small documents shaped like the
// vendors' published ones (Stripe's nested error, Square's errors array, Twilio's bodiless errors, the petstore's
// http server), which carry no marks at all.

const doc = <T extends Record<string, unknown>>(extra: T) => ({
  openapi: '3.0.3',
  info: { title: 'Acme — payments', version: '1' },
  paths: {},
  ...extra,
});
const errorResponses = (ref: string) => ({
  '200': { description: 'ok' },
  '404': { description: 'missing', content: { 'application/json': { schema: { $ref: ref } } } },
  default: { description: 'error', content: { 'application/json': { schema: { $ref: ref } } } },
});

/** Stripe's shape: `{"error":{"code":…}}`, https server with a trailing slash, no idempotency parameter. */
const stripeLike = () =>
  doc({
    servers: [{ url: 'https://api.stripe.com/' }],
    paths: { '/v1/charges/{id}': { get: { responses: errorResponses('#/components/schemas/error') } } },
    components: {
      securitySchemes: { basicAuth: { type: 'http', scheme: 'basic' } },
      schemas: {
        error: {
          type: 'object',
          required: ['error'],
          properties: { error: { $ref: '#/components/schemas/api_errors' } },
        },
        api_errors: {
          type: 'object',
          properties: {
            code: { type: 'string', maxLength: 5000 },
            message: { type: 'string' },
            client_secret: { type: 'string' },
            next_page_token: { type: 'string' },
          },
        },
      },
    },
  });

/** Square's shape: `{"errors":[{"code":…}]}`, an inline idempotency key in the request body's sibling header. */
const squareLike = () =>
  doc({
    servers: [
      { url: 'https://connect.squareupsandbox.com', description: 'Sandbox' },
      { url: 'https://connect.squareup.com' },
    ],
    paths: {
      '/v2/payments': {
        post: {
          operationId: 'CreatePayment',
          parameters: [{ name: 'idempotency-key', in: 'header', schema: { type: 'string', maxLength: 45 } }],
          responses: errorResponses('#/components/schemas/ErrorResponse'),
        },
      },
    },
    components: {
      schemas: {
        ErrorResponse: {
          type: 'object',
          properties: { errors: { type: 'array', items: { $ref: '#/components/schemas/Error' } } },
        },
        Error: { type: 'object', properties: { category: { type: 'string' }, code: { type: 'string' } } },
      },
    },
  });

describe('vendorFacts over the hand-written APIs', () => {
  it.each(apis)('%s: every fact comes from a mark: no suggestion, no gap', async (api) => {
    const facts = vendorFacts(JSON.parse(await readFile(bundlePath(api), 'utf8')), api);
    expect(facts.gaps).toEqual([]);
    expect(facts.suggestions).toEqual([]);
    const all = [
      ...Object.values(facts.servers),
      ...facts.idempotency,
      ...facts.secrets,
      ...(facts.errorCode ? [facts.errorCode] : []),
    ];
    expect(all.length).toBeGreaterThan(3);
    expect(all.filter((fact) => fact.source !== 'mark')).toEqual([]);
  });

  it('reads what each of them says', async () => {
    const read = async (api: (typeof apis)[number]) =>
      vendorFacts(JSON.parse(await readFile(bundlePath(api), 'utf8')), api);
    const connect = await read('connect');
    expect(connect).toMatchObject({
      title: 'Telness Connect API',
      defaultBaseUrl: null, // https://{host}: no fixed host
      servers: { production: { url: 'https://{host}' }, mock: { port: 4010 } },
      errorCode: { location: ['code'], text: 'code', schema: '#/components/schemas/ApiError' },
      secrets: [],
      refusalStatus: { ApiKeyAuth: 401 },
    });
    expect(new Set(connect.idempotency.map((f) => `${f.header} ${f.replays} ${f.maxLength}`))).toEqual(
      new Set(['X-Idempotency-Key true 256']),
    );
    const ten99 = await read('ten99policy');
    expect(ten99).toMatchObject({
      defaultBaseUrl: 'https://api.1099policy.com',
      servers: { mock: { port: 4011 } },
      errorCode: { location: ['error_code'], schema: '#/components/schemas/ApiError' },
      refusalStatus: { BasicAuth: 403, BearerAuth: 403 },
    });
    expect(ten99.secrets.map((s) => s.field)).toEqual(['url', 'url']);
    expect(ten99.idempotency.map((f) => [f.method, f.header, f.replays])).toEqual([
      ['POST', 'Idempotency-Key', false],
      ['POST', 'Idempotency-Key', false],
    ]);
  });
});

describe('vendorFacts without marks', () => {
  it("finds Stripe's nested error code, its production server, and secret-looking fields", () => {
    const facts = vendorFacts(stripeLike(), 'stripe');
    expect(facts.title).toBe('Acme');
    expect(facts.servers.production).toMatchObject({ url: 'https://api.stripe.com/', source: 'inferred' });
    expect(facts.defaultBaseUrl).toBe('https://api.stripe.com');
    expect(facts.errorCode).toMatchObject({
      location: ['error', 'code'],
      text: 'error.code',
      schema: '#/components/schemas/error',
      source: 'inferred',
    });
    expect(facts.secrets).toMatchObject([{ field: 'client_secret', source: 'inferred' }]); // not next_page_token
    expect(facts.refusalStatus).toEqual({ basicAuth: 401 });
    expect(facts.suggestions).toEqual([
      {
        target: '$.servers[0]',
        update: { 'x-paykit-environment': 'production' },
        description: expect.stringMatching(/^inferred: https:\/\/api.stripe.com\/ is the first https server/),
      },
      {
        target: '$.components.schemas.error',
        update: { 'x-paykit-error-code': 'error.code' },
        description: expect.stringMatching(/^inferred: error.code is a string code property/),
      },
      {
        target: '$.components.schemas.api_errors.properties.client_secret',
        update: { 'x-paykit-secret': true },
        description: 'inferred: string property client_secret is named like a secret',
      },
      {
        target: '$.components.securitySchemes.basicAuth',
        update: { 'x-paykit-refusal-status': 401 },
        description: expect.stringMatching(/^inferred: no status documented for basicAuth/),
      },
    ]);
    // No mock server and no idempotency header: nothing to say, not a gap.
    expect(facts.gaps).toEqual([]);
  });

  it("finds Square's errors[].code, its sandbox by description, and its lower-case idempotency header", () => {
    const facts = vendorFacts(squareLike(), 'square');
    expect(facts.servers).toMatchObject({
      sandbox: { url: 'https://connect.squareupsandbox.com', source: 'inferred' },
      production: { url: 'https://connect.squareup.com', source: 'inferred' },
    });
    expect(facts.errorCode).toMatchObject({ location: ['errors', 0, 'code'], text: 'errors[0].code' });
    expect(facts.idempotency).toEqual([
      {
        path: '/v2/payments',
        method: 'POST',
        operationId: 'CreatePayment',
        header: 'idempotency-key',
        maxLength: 45,
        replays: false,
        pointer: '#/paths/~1v2~1payments/post/parameters/0',
        source: 'inferred',
        reason: 'header idempotency-key is a known idempotency header; the document promises no replays',
      },
    ]);
    expect(facts.suggestions).toContainEqual({
      target: "$.paths['/v2/payments'].post.parameters[?(@.name == 'idempotency-key')]",
      update: { 'x-paykit-idempotency-key': { replays: false } },
      description: expect.stringContaining('inferred: header idempotency-key'),
    });
  });

  it("Twilio's bodiless errors: no error code, said once as a gap, and nothing else refused", () => {
    const facts = vendorFacts(
      doc({
        servers: [{ url: 'https://api.twilio.com' }],
        paths: { '/x': { get: { responses: { '200': { description: 'ok' }, '404': { description: 'missing' } } } } },
      }),
      'twilio',
    );
    expect(facts.errorCode).toBeNull();
    expect(facts.gaps).toEqual([expect.stringMatching(/^twilio: no 4xx\/5xx response declares a JSON body.* Fix: /)]);
    expect(facts.defaultBaseUrl).toBe('https://api.twilio.com');
  });

  it('an error body without a string code property: null, with a gap naming the schema', () => {
    const petstore = doc({
      servers: [{ url: 'http://petstore.swagger.io/v1' }],
      paths: { '/pets': { get: { responses: errorResponses('#/components/schemas/Error') } } },
      components: {
        schemas: { Error: { properties: { code: { type: 'integer' }, message: { type: 'string' } } } },
      },
    });
    const facts = vendorFacts(petstore, 'petstore');
    expect(facts.errorCode).toBeNull();
    expect(facts.errorBody).toBe('#/components/schemas/Error'); // a body all the same, without a string code
    expect(facts.defaultBaseUrl).toBeNull();
    expect(facts.servers).toEqual({});
    expect(facts.gaps).toEqual([
      expect.stringMatching(
        /server http:\/\/petstore.swagger.io\/v1 \(#\/servers\/0\) is not https.*callers pass baseUrl/,
      ),
      expect.stringMatching(/the error body #\/components\/schemas\/Error has no string property named code/),
    ]);
  });

  it('servers: a loopback one is the mock, a variable host has no default, a variable without default neither', () => {
    const facts = vendorFacts(
      doc({ servers: [{ url: 'https://{region}.example.com' }, { url: 'http://localhost:4020/v1' }] }),
      'x',
    );
    expect(facts.servers.mock).toMatchObject({ url: 'http://localhost:4020/v1', port: 4020, source: 'inferred' });
    expect(facts.servers.production).toMatchObject({ url: 'https://{region}.example.com' });
    expect(facts.defaultBaseUrl).toBeNull();
    // `.test` is the reserved example TLD, not a test server; a `sandbox` label is a sandbox.
    const examples = vendorFacts(
      doc({ servers: [{ url: 'https://sandbox.api.example.test' }, { url: 'https://api.example.test/v1' }] }),
      'x',
    );
    expect(examples.servers).toMatchObject({
      sandbox: { url: 'https://sandbox.api.example.test' },
      production: { url: 'https://api.example.test/v1' },
    });
    const withVariable = vendorFacts(
      doc({ servers: [{ url: 'https://api.example.com/{version}', variables: { version: { default: 'v2' } } }] }),
      'x',
    );
    expect(withVariable.defaultBaseUrl).toBe('https://api.example.com/v2');
    const noDefault = vendorFacts(doc({ servers: [{ url: 'https://api.example.com/{version}' }] }), 'x');
    expect(noDefault.defaultBaseUrl).toBeNull();
    expect(noDefault.gaps).toContainEqual(expect.stringContaining('server variable {version} of'));
  });

  it('idempotency: recognised names in any case, on the path item too; an operation may override', () => {
    const facts = vendorFacts(
      doc({
        paths: {
          '/orders': {
            parameters: [{ name: 'PAYPAL-REQUEST-ID', in: 'header', schema: { type: 'string' } }],
            post: { responses: {} },
            put: {
              parameters: [{ name: 'PayPal-Request-Id', in: 'header', 'x-paykit-idempotency-key': { replays: true } }],
              responses: {},
            },
            patch: { parameters: [{ name: 'X-Idempotency-Nonce', in: 'header' }], responses: {} },
          },
        },
      }),
      'paypal',
    );
    expect(facts.idempotency.map((f) => [f.method, f.header, f.replays, f.source])).toEqual([
      ['PUT', 'PayPal-Request-Id', true, 'mark'],
      ['POST', 'PAYPAL-REQUEST-ID', false, 'inferred'],
      ['PATCH', 'PAYPAL-REQUEST-ID', false, 'inferred'],
    ]);
    expect(facts.gaps).toContainEqual(
      expect.stringMatching(
        /header X-Idempotency-Nonce .* looks like an idempotency key but is not one paykit recognises/,
      ),
    );
  });
});

describe('vendorFacts over a broken document', () => {
  it('a $ref cycle or a dangling $ref is passed over, never followed forever', () => {
    const facts = vendorFacts(
      doc({
        paths: { '/x': { get: { responses: errorResponses('#/components/schemas/A') } } },
        components: { schemas: { A: { $ref: '#/components/schemas/B' }, B: { $ref: '#/components/schemas/A' } } },
        servers: [{ url: 'https://api.example.com' }],
      }),
      'x',
    );
    expect(facts.errorCode).toBeNull();
    expect(facts.defaultBaseUrl).toBe('https://api.example.com');
    const dangling = vendorFacts(
      doc({ paths: { '/x': { get: { responses: errorResponses('#/components/schemas/Missing') } } } }),
      'x',
    );
    expect(dangling.errorCode).toBeNull();
  });
});

describe('vendorFacts with marks', () => {
  it('a location on the error body schema, or on the root, wins over inference', () => {
    const onSchema = stripeLike();
    (onSchema.components.schemas.error as Record<string, unknown>)['x-paykit-error-code'] = 'error.message';
    expect(vendorFacts(onSchema, 'stripe').errorCode).toEqual({
      location: ['error', 'message'],
      text: 'error.message',
      schema: '#/components/schemas/error',
      source: 'mark',
    });
    const onRoot = { ...squareLike(), 'x-paykit-error-code': 'errors[0].category' };
    expect(vendorFacts(onRoot, 'square').errorCode).toMatchObject({
      location: ['errors', 0, 'category'],
      schema: '#/components/schemas/ErrorResponse',
      source: 'mark',
    });
  });

  it('`x-paykit-error-code: true` on a nested property gives its location in the error body', () => {
    const marked = stripeLike();
    (marked.components.schemas.api_errors.properties.code as Record<string, unknown>)['x-paykit-error-code'] = true;
    expect(vendorFacts(marked, 'stripe').errorCode).toEqual({
      location: ['error', 'code'],
      text: 'error.code',
      schema: '#/components/schemas/error',
      source: 'mark',
    });
  });

  it('`x-paykit-secret: false` says a secret-looking field is not one', () => {
    const marked = stripeLike();
    (marked.components.schemas.api_errors.properties.client_secret as Record<string, unknown>)['x-paykit-secret'] =
      false;
    expect(vendorFacts(marked, 'stripe').secrets).toEqual([]);
  });

  it('locations and JSONPath targets are written as Overlay and vendors write them', () => {
    expect(parseLocation('errors[0].code')).toEqual(['errors', 0, 'code']);
    expect(parseLocation('error..code')).toBeUndefined();
    expect(formatLocation(['errors', 0, 'code'])).toBe('errors[0].code');
    expect(pointerToJsonPath("#/paths/~1v1~1it's/post/parameters/0")).toBe("$.paths['/v1/it\\'s'].post.parameters[0]");
  });
});

describe('the suggestions, applied by Redocly as an overlay', () => {
  it('turn every inferred fact into a mark: the bundle then needs no suggestion', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'paykit-vendor-'));
    try {
      const stripe = stripeLike();
      const vendor = {
        ...squareLike(),
        paths: { ...squareLike().paths, ...stripe.paths },
        components: {
          ...stripe.components,
          schemas: { ...squareLike().components.schemas, ...stripe.components.schemas },
        },
      };
      const before = vendorFacts(vendor, 'acme');
      expect(before.suggestions.length).toBeGreaterThanOrEqual(5);
      const overlay = {
        overlay: '1.0.0',
        info: { title: 'acme marks', version: '1.0.0' },
        actions: before.suggestions,
      };
      await writeFile(join(dir, 'openapi.json'), JSON.stringify(vendor));
      await writeFile(join(dir, 'marks.overlay.yaml'), stringify(overlay));
      const cli = createRequire(import.meta.url).resolve('@redocly/cli/bin/cli.js');
      await promisify(execFile)(
        process.execPath,
        [cli, 'bundle', 'openapi.json', '--overlay', 'marks.overlay.yaml', '-o', 'bundle.json', '--ext', 'json'],
        { cwd: dir },
      );
      const after = vendorFacts(JSON.parse(await readFile(join(dir, 'bundle.json'), 'utf8')), 'acme');
      expect(after.suggestions).toEqual([]);
      const strip = (facts: typeof before) => {
        const { gaps, suggestions, ...rest } = facts;
        return JSON.parse(
          JSON.stringify(rest, (key, value) => (key === 'source' || key === 'reason' ? undefined : value)),
        );
      };
      expect(strip(after)).toEqual(strip(before));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
