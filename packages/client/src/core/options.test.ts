import { describe, expect, test } from 'vitest';
import { createConnectClient, type ConnectClientOptions } from '../generated/connect/index.js';
import { createTen99PolicyClient } from '../generated/ten99policy/index.js';
import { fakeFetch, json } from '../test-support/fake-fetch.js';
import { PaykitValidationError } from './errors.js';
import { DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS, resolveOptions } from './options.js';

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
    const error = refusal(() => createConnectClient(options as ConnectClientOptions));
    expect(error.field).toBe('apiKey');
    expect(error.message).toBe('Invalid apiKey: is required: visible ASCII characters only');
  });

  test('no options at all is refused with a clear error: the apiKey is missing', () => {
    const error = refusal(() => createConnectClient(undefined as unknown as ConnectClientOptions));
    expect(error.message).toBe('Invalid apiKey: is required: visible ASCII characters only');
  });

  test('an apiKey with a line break is refused without quoting it', () => {
    const error = refusal(() =>
      createConnectClient({ baseUrl: 'https://apiv2.example.com', apiKey: `${SECRET}\nX-Evil: 1` }),
    );
    expect(error.field).toBe('apiKey');
    expect(`${error.message} ${String(error)} ${JSON.stringify(error)} ${error.stack}`).not.toContain(SECRET);
  });

  test('defaults: production host from the spec, 2 retries, 30 s per attempt', () => {
    const connect = resolveOptions({ apiKey: SECRET }, 'https://apiv2.example.com');
    expect(connect).toMatchObject({ baseUrl: 'https://apiv2.example.com', maxRetries: 2, timeoutMs: 30_000 });
    expect(DEFAULT_MAX_RETRIES).toBe(2);
    expect(DEFAULT_TIMEOUT_MS).toBe(30_000);
  });

  test('1099Policy calls its production host by default; Connect, whose host is unpublished, needs baseUrl', async () => {
    const fetch = fakeFetch(json(200, {}));
    await createTen99PolicyClient({ apiKey: SECRET, fetch }).POST('/api/v1/payment/sessions/{session}/cancel', {
      params: { path: { session: 'hps_1' } },
    });
    expect(fetch.sent.map((r) => r.url)).toEqual(['https://api.1099policy.com/api/v1/payment/sessions/hps_1/cancel']);
    const error = refusal(() => createConnectClient({ apiKey: SECRET, fetch } as unknown as ConnectClientOptions));
    expect(error.field).toBe('baseUrl');
    expect(error.message).toBe('Invalid baseUrl: is required: this vendor publishes no production host to default to');
    expect(fetch.sent).toHaveLength(1);
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

  const BASE_URL_RULE = 'must be an https: URL (http: on localhost/127.x/[::1]) without credentials, query or fragment';

  test.each([
    ['http: off loopback', 'http://api.example.com'],
    ['another scheme', 'ftp://127.0.0.1'],
    ['not absolute', 'api.example.com'],
    ['a query', 'https://api.example.com/?a=1'],
    ['an empty query', 'https://api.example.com/?'],
    ['a fragment', 'https://api.example.com/#x'],
    ['an empty fragment', 'https://api.example.com/#'],
    ['empty', ''],
    ['not a string', 42],
  ])('a baseUrl with %s (%s) is refused, naming the field and the rule', (_, baseUrl) => {
    const error = refusal(() => createConnectClient({ apiKey: SECRET, baseUrl: baseUrl as string }));
    expect(error.field).toBe('baseUrl');
    expect(error.rule).toBe(BASE_URL_RULE);
    expect(error.message).toBe(`Invalid baseUrl: ${BASE_URL_RULE}`);
  });

  test('a baseUrl with credentials is refused without quoting them', () => {
    const error = refusal(() =>
      createConnectClient({ apiKey: SECRET, baseUrl: 'https://user:hunter2@api.example.com' }),
    );
    expect(error.rule).toBe(BASE_URL_RULE);
    expect(`${error.message} ${JSON.stringify(error)} ${error.stack}`).not.toContain('hunter2');
  });

  test.each([
    ['maxRetries', -1, 'must be an integer from 0 to 10'],
    ['maxRetries', 1.5, 'must be an integer from 0 to 10'],
    ['maxRetries', 11, 'must be an integer from 0 to 10'],
    ['timeoutMs', 0, 'must be an integer from 1 to 2147483647'],
    ['timeoutMs', 0.5, 'must be an integer from 1 to 2147483647'],
    ['timeoutMs', Number.POSITIVE_INFINITY, 'must be an integer from 1 to 2147483647'],
    ['timeoutMs', 2 ** 31, 'must be an integer from 1 to 2147483647'],
    ['timeoutMs', '100', 'must be an integer from 1 to 2147483647'],
  ])('%s = %s is refused: %s', (field, value, rule) => {
    const error = refusal(() =>
      createConnectClient({ baseUrl: 'https://apiv2.example.com', apiKey: SECRET, [field]: value }),
    );
    expect(error.field).toBe(field);
    expect(error.rule).toBe(rule);
  });

  test('the limits themselves are accepted', () => {
    expect(
      resolveOptions({ apiKey: SECRET, maxRetries: 10, timeoutMs: 2 ** 31 - 1 }, 'https://a.example'),
    ).toMatchObject({
      maxRetries: 10,
      timeoutMs: 2 ** 31 - 1,
    });
    expect(resolveOptions({ apiKey: SECRET, maxRetries: 0, timeoutMs: 1 }, 'https://a.example')).toMatchObject({
      maxRetries: 0,
      timeoutMs: 1,
    });
  });

  test('fetch must be a function, logger an object', () => {
    expect(
      refusal(() =>
        createConnectClient({ baseUrl: 'https://apiv2.example.com', apiKey: SECRET, fetch: 'no' as never }),
      ),
    ).toMatchObject({
      field: 'fetch',
      rule: 'must be a function',
    });
    expect(
      refusal(() =>
        createConnectClient({ baseUrl: 'https://apiv2.example.com', apiKey: SECRET, logger: 'no' as never }),
      ),
    ).toMatchObject({
      field: 'logger',
      rule: 'must be an object like console',
    });
  });

  test('without a global fetch, the fetch option is required', () => {
    const globalFetch = globalThis.fetch;
    Reflect.deleteProperty(globalThis, 'fetch');
    try {
      expect(refusal(() => createConnectClient({ baseUrl: 'https://apiv2.example.com', apiKey: SECRET })).field).toBe(
        'fetch',
      );
    } finally {
      globalThis.fetch = globalFetch;
    }
  });

  test('a per-call baseUrl follows the same rules, and a per-call fetch is refused (it would skip retries)', async () => {
    const fetch = fakeFetch(json(200, {}));
    const client = createConnectClient({ baseUrl: 'https://apiv2.example.com', apiKey: SECRET, fetch });
    const params = { path: { paymentSessionId: 'ps_1' } };
    await expect(
      client.GET('/payment-sessions/{paymentSessionId}', { params, baseUrl: 'http://api.example.com' }),
    ).rejects.toMatchObject({
      field: 'baseUrl',
    });
    await expect(client.GET('/payment-sessions/{paymentSessionId}', { params, fetch })).rejects.toMatchObject({
      field: 'fetch',
    });
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
