import { describe, expect, test } from 'vitest';
import { createConnectClient } from '../connect/index.js';
import { createTen99PolicyClient } from '../ten99policy/index.js';
import { fakeFetch, json } from '../test-support/fake-fetch.js';
import { PaykitValidationError } from './errors.js';
import { DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS, resolveOptions, type ClientOptions } from './options.js';

const SECRET = 'sk_live_options_secret_0001';

function refusal(make: () => unknown): PaykitValidationError {
  try {
    make();
  } catch (error) {
    expect(error).toBeInstanceOf(PaykitValidationError);
    return error as PaykitValidationError;
  }
  throw new Error('expected a PaykitValidationError');
}

describe('client options', () => {
  test.each([
    ['missing', {}],
    ['empty', { apiKey: '' }],
    ['not a string', { apiKey: 42 }],
  ])('apiKey %s is refused with an error naming the field', (_, options) => {
    const error = refusal(() => createConnectClient(options as ClientOptions));
    expect(error.field).toBe('apiKey');
    expect(error.message).toBe('Invalid apiKey: is required and must be a non-empty string');
  });

  test('no options at all is refused with a clear error', () => {
    const error = refusal(() => createConnectClient(undefined as unknown as ClientOptions));
    expect(error.field).toBe('options');
  });

  test('an apiKey with a line break is refused without quoting it', () => {
    const error = refusal(() => createConnectClient({ apiKey: `${SECRET}\nX-Evil: 1` }));
    expect(error.field).toBe('apiKey');
    expect(`${error.message} ${String(error)} ${JSON.stringify(error)} ${error.stack}`).not.toContain(SECRET);
  });

  test('defaults: production host from the spec, 2 retries, 30 s per attempt', () => {
    const connect = resolveOptions({ apiKey: SECRET }, 'https://apiv2.example.com');
    expect(connect).toMatchObject({ baseUrl: 'https://apiv2.example.com', maxRetries: 2, timeoutMs: 30_000 });
    expect(DEFAULT_MAX_RETRIES).toBe(2);
    expect(DEFAULT_TIMEOUT_MS).toBe(30_000);
  });

  test('each vendor client calls its production host by default', async () => {
    const fetch = fakeFetch(json(200, {}), json(200, {}));
    await createConnectClient({ apiKey: SECRET, fetch }).GET('/payment-sessions/{paymentSessionId}', {
      params: { path: { paymentSessionId: 'ps_1' } },
    });
    await createTen99PolicyClient({ apiKey: SECRET, fetch }).POST('/api/v1/payment/sessions/{session}/cancel', {
      params: { path: { session: 'hps_1' } },
    });
    expect(fetch.sent.map((r) => r.url)).toEqual([
      'https://apiv2.example.com/payment-sessions/ps_1',
      'https://api.1099policy.com/api/v1/payment/sessions/hps_1/cancel',
    ]);
  });

  test.each([
    'http://localhost:4010',
    'http://127.0.0.1:4011/',
    'http://[::1]:8080',
    'https://proxy.example.com/connect/',
  ])('baseUrl %s is accepted (https, or http on loopback)', (baseUrl) => {
    const { baseUrl: resolved } = resolveOptions({ apiKey: SECRET, baseUrl }, 'https://unused.example');
    expect(resolved).toBe(baseUrl.replace(/\/$/, ''));
  });

  test.each([
    ['http://api.example.com', 'must use https: (http: is allowed only for localhost/127.x/[::1])'],
    ['ftp://127.0.0.1', 'must use https: (http: is allowed only for localhost/127.x/[::1])'],
    ['api.example.com', 'must be an absolute URL such as https://api.example.com'],
    ['https://api.example.com/?a=1', 'must not contain a query string or fragment'],
    ['https://api.example.com/#x', 'must not contain a query string or fragment'],
    ['', 'must be a non-empty URL string'],
  ])('baseUrl %s is refused: %s', (baseUrl, rule) => {
    const error = refusal(() => createConnectClient({ apiKey: SECRET, baseUrl }));
    expect(error.field).toBe('baseUrl');
    expect(error.rule).toBe(rule);
  });

  test('a baseUrl with credentials is refused without quoting them', () => {
    const error = refusal(() => createConnectClient({ apiKey: SECRET, baseUrl: 'https://user:hunter2@api.example.com' }));
    expect(error.rule).toBe('must not contain credentials; pass the key as `apiKey`');
    expect(error.message).not.toContain('hunter2');
  });

  test.each([
    ['maxRetries', -1],
    ['maxRetries', 1.5],
    ['maxRetries', 11],
    ['timeoutMs', 0],
    ['timeoutMs', Number.POSITIVE_INFINITY],
    ['timeoutMs', 2 ** 31],
    ['timeoutMs', '100'],
  ])('%s = %s is refused', (field, value) => {
    const error = refusal(() => createConnectClient({ apiKey: SECRET, [field]: value }));
    expect(error.field).toBe(field);
  });

  test('fetch must be a function, logger an object', () => {
    expect(refusal(() => createConnectClient({ apiKey: SECRET, fetch: 'no' as never })).field).toBe('fetch');
    expect(refusal(() => createConnectClient({ apiKey: SECRET, logger: 'no' as never })).field).toBe('logger');
  });

  test('a per-call baseUrl follows the same rules, and a per-call fetch is refused (it would skip retries)', async () => {
    const fetch = fakeFetch(json(200, {}));
    const client = createConnectClient({ apiKey: SECRET, fetch });
    const params = { path: { paymentSessionId: 'ps_1' } };
    await expect(client.GET('/payment-sessions/{paymentSessionId}', { params, baseUrl: 'http://api.example.com' })).rejects.toMatchObject({
      field: 'baseUrl',
    });
    await expect(client.GET('/payment-sessions/{paymentSessionId}', { params, fetch })).rejects.toMatchObject({ field: 'fetch' });
    expect(fetch.sent).toHaveLength(0);
    await client.GET('/payment-sessions/{paymentSessionId}', { params, baseUrl: 'https://eu.example.com/v2/' });
    expect(fetch.sent[0]?.url).toBe('https://eu.example.com/v2/payment-sessions/ps_1');
  });

  test('the fetch override receives every request', async () => {
    const fetch = fakeFetch(json(200, { ok: true }));
    const client = createConnectClient({ apiKey: SECRET, baseUrl: 'http://127.0.0.1:9', fetch });
    const { response } = await client.GET('/payment-sessions/{paymentSessionId}', {
      params: { path: { paymentSessionId: 'ps_1' } },
    });
    expect(response.status).toBe(200);
    expect(fetch.sent).toHaveLength(1);
    expect(fetch.sent[0]?.url).toBe('http://127.0.0.1:9/payment-sessions/ps_1');
  });
});
