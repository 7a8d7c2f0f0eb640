import { describe, expect, test } from 'vitest';
import { createConnectClient } from '../connect/index.js';
import { createTen99PolicyClient } from '../ten99policy/index.js';
import { fakeFetch, json } from '../test-support/fake-fetch.js';
import { authHeader } from './auth.js';

describe('auth', () => {
  test('Connect sends the key in X-API-Key, as its spec declares', async () => {
    const fetch = fakeFetch(json(200, {}));
    await createConnectClient({ baseUrl: 'https://apiv2.example.com', apiKey: 'connect-key-1', fetch }).GET('/payment-sessions/{paymentSessionId}', {
      params: { path: { paymentSessionId: 'ps_1' } },
    });
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

  test('bearer schemes send Authorization: Bearer, and every wire form of the key is listed for redaction', () => {
    expect(authHeader({ type: 'http', scheme: 'bearer' }, 'k1')).toEqual({
      header: { Authorization: 'Bearer k1' },
      secrets: ['k1'],
    });
    // The encoded form contains no copy of the key but is longer: it is redacted first.
    expect(authHeader({ type: 'http', scheme: 'basic' }, 'k1').secrets).toEqual([btoa('k1:'), 'k1']);
    expect(authHeader({ type: 'apiKey', name: 'X-API-Key' }, 'k1').header).toEqual({ 'X-API-Key': 'k1' });
  });
});
