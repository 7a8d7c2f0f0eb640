import { describe, expect, test } from 'vitest';
import { createConnectClient } from '../generated/connect/index.js';
import { createTen99PolicyClient } from '../generated/ten99policy/index.js';
import { fakeFetch, json } from '../test-support/fake-fetch.js';
import { PaykitApiError, PaykitError, PaykitValidationError } from './errors.js';

const cancelParams = { params: { path: { session: 'hps_1' } } };

describe('typed errors', () => {
  test('a non-2xx response resolves with error: a PaykitApiError carrying status, code, body and request id', async () => {
    const fetch = fakeFetch(
      json(
        409,
        { code: 'IDEMPOTENCY_KEY_REUSED', message: 'Key reused with a different request' },
        { 'x-request-id': 'req_42' },
      ),
    );
    const { data, error, response } = await createConnectClient({
      baseUrl: 'https://apiv2.example.com',
      apiKey: 'k',
      fetch,
    }).POST('/payment-sessions', {
      body: { orderId: 'o_1', paymentProvider: 'STRIPE' },
    });
    expect(data).toBeUndefined();
    expect(response.status).toBe(409);
    expect(error).toBeInstanceOf(PaykitApiError);
    expect(error).toBeInstanceOf(PaykitError);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: 'PaykitApiError',
      status: 409,
      code: 'IDEMPOTENCY_KEY_REUSED',
      requestId: 'req_42',
      body: { code: 'IDEMPOTENCY_KEY_REUSED', message: 'Key reused with a different request' },
    });
    expect(String(error)).toBe(
      'PaykitApiError: Telness Connect API responded 409 IDEMPOTENCY_KEY_REUSED: Key reused with a different request (request id req_42)',
    );
  });

  test("1099Policy errors narrow by the vendor's error_code", async () => {
    const fetch = fakeFetch(
      json(400, { error_code: 'session_not_pending', message: 'Session is already completed' }),
      json(400, { error_code: 'session_expired', message: 'Session expired' }),
    );
    const client = createTen99PolicyClient({ apiKey: 't9k_test_k', fetch });
    const outcomes: string[] = [];
    for (let i = 0; i < 2; i++) {
      const { error } = await client.POST('/api/v1/payment/sessions/{session}/cancel', cancelParams);
      if (error?.status === 400 && error.code === 'session_not_pending') outcomes.push('already final');
      else if (error?.code === 'session_expired') outcomes.push('expired');
    }
    expect(outcomes).toEqual(['already final', 'expired']);
  });

  test('a 2xx resolves with data and no error', async () => {
    const fetch = fakeFetch(json(200, { id: 'hps_1', status: 'cancelled' }));
    const result = await createTen99PolicyClient({ apiKey: 'k', fetch }).POST(
      '/api/v1/payment/sessions/{session}/cancel',
      cancelParams,
    );
    expect(result.error).toBeUndefined();
    expect(result.data).toEqual({ id: 'hps_1', status: 'cancelled' });
  });

  test('a non-JSON error body (a proxy page) is kept as text, with no code', async () => {
    const fetch = fakeFetch(
      new Response('<html>Bad gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } }),
    );
    const { error } = await createConnectClient({
      baseUrl: 'https://apiv2.example.com',
      apiKey: 'k',
      fetch,
      maxRetries: 0,
    }).GET('/payment-sessions/{paymentSessionId}', { params: { path: { paymentSessionId: 'ps_1' } } });
    expect(error).toMatchObject({ status: 502, code: undefined, body: '<html>Bad gateway</html>' });
  });

  test('an error with an empty body is still an error (plain openapi-fetch would give error: undefined)', async () => {
    const fetch = fakeFetch(new Response(null, { status: 404, headers: { 'content-length': '0' } }));
    const { error, data } = await createConnectClient({ baseUrl: 'https://apiv2.example.com', apiKey: 'k', fetch }).GET(
      '/payment-sessions/{paymentSessionId}',
      {
        params: { path: { paymentSessionId: 'ps_missing' } },
      },
    );
    expect(data).toBeUndefined();
    expect(error).toBeInstanceOf(PaykitApiError);
    expect(error).toMatchObject({ status: 404, body: undefined, requestId: undefined });
    expect(error?.message).toBe('Telness Connect API responded 404');
  });

  test('the request id is read from x-request-id or request-id', async () => {
    const fetch = fakeFetch(json(500, { message: 'oops' }, { 'request-id': 'r-7' }));
    const { error } = await createTen99PolicyClient({ apiKey: 'k', fetch, maxRetries: 0 }).POST(
      '/api/v1/payment/sessions/{session}/cancel',
      cancelParams,
    );
    expect(error?.requestId).toBe('r-7');
  });

  test('validation errors name the field and the rule, and serialise to safe JSON', () => {
    const error = new PaykitValidationError('body.return_url', 'must use https: (got http:)');
    expect(error.message).toBe('Invalid body.return_url: must use https: (got http:)');
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'PaykitValidationError',
      message: 'Invalid body.return_url: must use https: (got http:)',
      field: 'body.return_url',
      rule: 'must use https: (got http:)',
    });
  });
});
