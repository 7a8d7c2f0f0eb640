import { describe, expect, test } from 'vitest';
import { createConnectClient } from '../generated/connect/index.js';
import { createTen99PolicyClient } from '../generated/ten99policy/index.js';
import { fakeFetch, json } from '../test-support/fake-fetch.js';
import { fixtureClient, type FixtureClient } from '../test-support/fixture-client.js';
import type { SentRequest } from '../test-support/fake-fetch.js';
import { credentials } from './auth.js';

describe('auth', () => {
  test('Connect sends the key in X-API-Key, as its spec declares', async () => {
    const fetch = fakeFetch(json(200, {}));
    await createConnectClient({ baseUrl: 'https://apiv2.example.com', apiKey: 'connect-key-1', fetch }).GET(
      '/payment-sessions/{paymentSessionId}',
      {
        params: { path: { paymentSessionId: 'ps_1' } },
      },
    );
    const headers = fetch.sent[0]?.headers;
    expect(headers?.get('x-api-key')).toBe('connect-key-1');
    expect(headers?.has('authorization')).toBe(false);
  });

  test('1099Policy sends HTTP Basic with the key as user name and an empty password, its first scheme', async () => {
    const fetch = fakeFetch(json(200, {}));
    await createTen99PolicyClient({ apiKey: 't9k_test_abc', fetch }).POST('/api/v1/payment/sessions/{session}/cancel', {
      params: { path: { session: 'hps_1' } },
    });
    const authorization = fetch.sent[0]?.headers.get('authorization') ?? '';
    expect(authorization).toBe(`Basic ${btoa('t9k_test_abc:')}`);
    expect(atob(authorization.replace('Basic ', ''))).toBe('t9k_test_abc:');
  });

  test('a caller header cannot silently drop the key: the auth header is set on every call', async () => {
    const fetch = fakeFetch(json(200, {}), json(200, {}));
    const client = createConnectClient({ baseUrl: 'https://apiv2.example.com', apiKey: 'connect-key-2', fetch });
    const params = { path: { paymentSessionId: 'ps_1' } };
    await client.GET('/payment-sessions/{paymentSessionId}', { params });
    await client.GET('/payment-sessions/{paymentSessionId}', { params, headers: { 'X-Trace': '1' } });
    expect(fetch.sent.map((r) => r.headers.get('x-api-key'))).toEqual(['connect-key-2', 'connect-key-2']);
  });

  test('every wire form of the key is listed for redaction, longest first', () => {
    const { secrets } = credentials(
      { schemes: { B: { type: 'http', scheme: 'basic' } }, root: 'B', operations: {} },
      'k 1&',
    );
    expect(secrets).toEqual([btoa('k 1&:'), 'k%201%26', 'k+1%26', 'k 1&']);
  });
});

describe('auth from the spec (fixture API)', () => {
  const get = (client: FixtureClient) =>
    client.GET('/sessions/{sessionId}', { params: { path: { sessionId: 's_1' } } });

  test.each([
    [{ type: 'apiKey', in: 'header', name: 'X-Key' }, (r: SentRequest) => r.headers.get('x-key'), 'key-1'],
    [
      { type: 'apiKey', in: 'query', name: 'api_key' },
      (r: SentRequest) => new URL(r.url).searchParams.get('api_key'),
      'key-1',
    ],
    [{ type: 'apiKey', in: 'cookie', name: 'session' }, (r: SentRequest) => r.headers.get('cookie'), 'session=key-1'],
    [{ type: 'http', scheme: 'bearer' }, (r: SentRequest) => r.headers.get('authorization'), 'Bearer key-1'],
    [{ type: 'http', scheme: 'basic' }, (r: SentRequest) => r.headers.get('authorization'), `Basic ${btoa('key-1:')}`],
  ] as const)('%j carries the key where the scheme says', async (scheme, read, expected) => {
    const auth = { schemes: { S: scheme }, root: 'S', operations: {} };
    const { client, fetch } = fixtureClient({
      answers: [json(200, {})],
      options: { apiKey: 'key-1' },
      vendor: { auth },
    });
    await get(client);
    expect(read(fetch.sent[0]!)).toBe(expected);
  });

  test("an operation's own security replaces the root's: anonymous sends no key, another scheme its own", async () => {
    // The fixture's GET /status declares `security: [{}]`.
    const { client, fetch } = fixtureClient({ answers: [json(200, {}), json(200, {})] });
    await client.GET('/status');
    expect(fetch.sent[0]?.headers.has('x-api-key')).toBe(false);

    const auth = {
      schemes: {
        Key: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        Query: { type: 'apiKey', in: 'query', name: 'k' },
      },
      root: 'Key',
      operations: { '/sessions/{sessionId}': { GET: 'Query' } },
    } as const;
    const other = fixtureClient({ answers: [json(200, {}), json(200, {})], vendor: { auth } });
    await get(other.client);
    await other.client.GET('/status');
    expect(new URL(other.fetch.sent[0]!.url).searchParams.get('k')).toBe('k');
    expect(other.fetch.sent[0]?.headers.has('x-api-key')).toBe(false);
    expect(other.fetch.sent[1]?.headers.get('x-api-key')).toBe('k');
  });
});
