// Clients of small specs shaped like vendors' published documents, with no x-paykit mark: what the generator
// infers (@paykit/spec/vendor) reaches the caller at run time. Stripe nests its error code, Square lists errors,
// Twilio takes HTTP basic with an account SID and auth token, Square's OAuth2 is an authorization-code flow.
import { describe, expect, test } from 'vitest';
import { readVendor } from '../../scripts/generate.js';
import { fakeFetch, json } from '../test-support/fake-fetch.js';
import { accessTokens } from './access-token.js';
import { createVendorClient, type VendorDefinition } from './client.js';
import { PaykitValidationError } from './errors.js';
import type { AnyClientOptions } from './options.js';

type Client = {
  GET(path: string, init?: unknown): Promise<{ data?: unknown; error?: any; response: Response }>;
};

/** A one-operation document: `GET /v1/things/{id}`, its errors answered with `errorSchema`. */
function document(errorSchema: unknown, securityScheme: unknown = { type: 'http', scheme: 'bearer' }) {
  return {
    openapi: '3.0.3',
    info: { title: 'Vendor', version: '1' },
    servers: [{ url: 'https://api.vendor.example/' }],
    security: [{ main: [] }],
    paths: {
      '/v1/things/{id}': {
        get: {
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object' } } } },
            ...(errorSchema
              ? { default: { description: 'error', content: { 'application/json': { schema: errorSchema } } } }
              : { '404': { description: 'not found' } }),
          },
        },
      },
    },
    components: { securitySchemes: { main: securityScheme } },
  };
}

function client(spec: unknown, options: AnyClientOptions, ...answers: Parameters<typeof fakeFetch>) {
  const fetch = fakeFetch(...answers);
  // What a generated entry adds for an API taking the caller's token.
  const read = readVendor(spec, 'vendor').vendor as VendorDefinition;
  const takesToken = Object.values(read.auth.schemes).some((scheme) => scheme.type === 'accessToken');
  const vendor = takesToken ? { ...read, accessTokens } : read;
  return { client: createVendorClient(vendor, { ...options, fetch }) as unknown as Client, fetch };
}

const get = (c: Client) => c.GET('/v1/things/{id}', { params: { path: { id: 'th_1' } }, maxRetries: 0 });

describe('error codes anywhere in the body', () => {
  test('a Stripe 404 {error: {code}} reaches the caller as error.code, with the message beside it', async () => {
    const stripe = document({
      type: 'object',
      properties: {
        error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } } },
      },
    });
    const body = { error: { code: 'resource_missing', message: 'No such thing: th_1', type: 'invalid_request_error' } };
    const { client: c, fetch } = client(stripe, { apiKey: 'sk_test_1' }, json(404, body));
    const { error } = await get(c);
    expect(error).toMatchObject({ status: 404, code: 'resource_missing', body });
    expect(error.message).toBe('Vendor responded 404 resource_missing: No such thing: th_1');
    expect(fetch.sent[0]?.url).toBe('https://api.vendor.example/v1/things/th_1'); // default base URL, inferred
  });

  test("Square's errors[0].code", async () => {
    const square = document({
      type: 'object',
      properties: {
        errors: { type: 'array', items: { type: 'object', properties: { code: { type: 'string' } } } },
      },
    });
    const { client: c } = client(square, { apiKey: 'k' }, json(404, { errors: [{ code: 'NOT_FOUND' }] }));
    expect((await get(c)).error).toMatchObject({ status: 404, code: 'NOT_FOUND' });
  });

  test('no error body declared (Twilio): status and body, no code; a body of another shape, no code', async () => {
    const { client: c } = client(document(null), { apiKey: 'k' }, json(404, { code: 20404, message: 'Not found' }));
    const { error } = await get(c);
    expect(error).toMatchObject({ status: 404, code: undefined, body: { code: 20404, message: 'Not found' } });
    expect(error.message).toBe('Vendor responded 404: Not found');
  });
});

describe('HTTP basic with a user name and password (Twilio)', () => {
  const twilio = document(null, { type: 'http', scheme: 'basic' });

  test('sends Authorization: Basic base64("AC123:authtoken") and redacts both secrets', async () => {
    const echo = { message: 'Account AC123 with token authtoken is not allowed' };
    const { client: c, fetch } = client(twilio, { username: 'AC123', password: 'authtoken' }, json(403, echo));
    const { error } = await get(c);
    expect(fetch.sent[0]?.headers.get('authorization')).toBe(`Basic ${btoa('AC123:authtoken')}`);
    const shown = `${error.message} ${JSON.stringify(error)} ${String(error)} ${error.stack}`;
    expect(shown).not.toContain('AC123');
    expect(shown).not.toContain('authtoken');
  });

  test('the API key form still works: the key as user name, an empty password', async () => {
    const { client: c, fetch } = client(twilio, { apiKey: 'key_1' }, json(200, {}));
    await get(c);
    expect(fetch.sent[0]?.headers.get('authorization')).toBe(`Basic ${btoa('key_1:')}`);
  });

  test.each([
    [{ username: 'AC123' }, 'password'],
    [{ password: 'authtoken' }, 'username'],
    [{ username: 'AC:123', password: 'authtoken' }, 'username'],
    [{}, 'apiKey'],
  ])('%o is refused, naming %s', (options, field) => {
    expect(() => client(twilio, options)).toThrow(PaykitValidationError);
    expect(() => client(twilio, options)).toThrow(expect.objectContaining({ field }));
  });
});

describe('a caller-supplied OAuth2 access token (authorization code, OpenID Connect)', () => {
  const square = document(null, {
    type: 'oauth2',
    flows: { authorizationCode: { authorizationUrl: 'https://a.example', tokenUrl: 'https://t.example', scopes: {} } },
  });
  const bearer = (fetch: ReturnType<typeof fakeFetch>) => fetch.sent.map((r) => r.headers.get('authorization'));

  test('a string token is sent as a bearer token; without a refresh callback a 401 is the answer', async () => {
    const { client: c, fetch } = client(square, { accessToken: 'EAAA_token_1' }, json(401, { message: 'expired' }));
    expect((await get(c)).error).toMatchObject({ status: 401 });
    expect(bearer(fetch)).toEqual(['Bearer EAAA_token_1']);
  });

  test('on a 401 the refresh callback is called once, the call sent again, and the new token kept', async () => {
    let refreshes = 0;
    const refreshAccessToken = async () => `EAAA_token_${++refreshes + 1}`;
    const { client: c, fetch } = client(
      square,
      { accessToken: 'EAAA_token_1', refreshAccessToken },
      json(401, {}),
      json(200, { id: 'th_1' }),
      json(200, { id: 'th_1' }),
    );
    expect((await get(c)).data).toEqual({ id: 'th_1' });
    expect((await get(c)).data).toEqual({ id: 'th_1' });
    expect(refreshes).toBe(1);
    expect(bearer(fetch)).toEqual(['Bearer EAAA_token_1', 'Bearer EAAA_token_2', 'Bearer EAAA_token_2']);
  });

  test('a refused refreshed token is not refreshed again: one refresh per call', async () => {
    let refreshes = 0;
    const { client: c } = client(
      square,
      { accessToken: () => 'EAAA_a', refreshAccessToken: () => `EAAA_b${++refreshes}` },
      json(401, {}),
      json(401, { message: 'token EAAA_b1 revoked' }),
    );
    const { error } = await get(c);
    expect(refreshes).toBe(1);
    expect(error).toMatchObject({ status: 401 });
    expect(`${error.message} ${JSON.stringify(error)}`).not.toContain('EAAA_b1');
  });

  test('a function is asked before each attempt', async () => {
    const tokens = ['EAAA_x', 'EAAA_y'];
    const { client: c, fetch } = client(
      square,
      { accessToken: async () => tokens.shift() ?? 'none' },
      json(200, {}),
      json(200, {}),
    );
    await get(c);
    await get(c);
    expect(bearer(fetch)).toEqual(['Bearer EAAA_x', 'Bearer EAAA_y']);
  });

  test.each([
    [{}, 'accessToken'],
    [{ accessToken: '' }, 'accessToken'],
    [{ accessToken: 't', refreshAccessToken: 'nope' }, 'refreshAccessToken'],
  ])('%o is refused, naming %s', (options, field) => {
    expect(() => client(square, options as AnyClientOptions)).toThrow(expect.objectContaining({ field }));
  });

  test('a function giving no token fails the call, naming the option', async () => {
    const { client: c } = client(square, { accessToken: () => '' });
    await expect(get(c)).rejects.toMatchObject({ name: 'PaykitValidationError', field: 'accessToken' });
  });
});
