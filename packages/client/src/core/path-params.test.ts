import { describe, expect, test } from 'vitest';
import { createConnectClient } from '../generated/connect/index.js';
import { createTen99PolicyClient } from '../generated/ten99policy/index.js';
import { fakeFetch, json } from '../test-support/fake-fetch.js';
import { PaykitValidationError } from './errors.js';

describe('path parameters', () => {
  test.each([
    ['../../admin', '/payment-sessions/..%2F..%2Fadmin'],
    ['a/b', '/payment-sessions/a%2Fb'],
    ['x?expand=all', '/payment-sessions/x%3Fexpand%3Dall'],
    ['x#frag', '/payment-sessions/x%23frag'],
    ['100%', '/payment-sessions/100%25'],
    ['%2e%2e', '/payment-sessions/%252e%252e'],
    ['ü id', '/payment-sessions/%C3%BC%20id'],
  ])('the id %j stays inside its path segment', async (id, path) => {
    const fetch = fakeFetch(json(200, {}));
    await createConnectClient({ baseUrl: 'https://apiv2.example.com', apiKey: 'k', fetch }).GET(
      '/payment-sessions/{paymentSessionId}',
      {
        params: { path: { paymentSessionId: id } },
      },
    );
    const sent = new URL(fetch.sent[0]?.url ?? '');
    expect(sent.pathname).toBe(path);
    expect(sent.search).toBe('');
    expect(sent.hash).toBe('');
  });

  test('the segment is kept on POST paths too', async () => {
    const fetch = fakeFetch(json(200, {}));
    await createTen99PolicyClient({ apiKey: 'k', fetch }).POST('/api/v1/payment/sessions/{session}/cancel', {
      params: { path: { session: '../../contractors/cn_1' } },
    });
    expect(new URL(fetch.sent[0]?.url ?? '').pathname).toBe(
      '/api/v1/payment/sessions/..%2F..%2Fcontractors%2Fcn_1/cancel',
    );
  });

  const rule = "must be a non-empty string (well-formed Unicode) or a number, not '.' or '..'";

  test.each([['..'], ['.'], [''], [undefined], [null], [{ id: 1 }], [Number.NaN], ['\uD800']])(
    'the id %j is refused and nothing is sent',
    async (id) => {
      const fetch = fakeFetch();
      const call = createConnectClient({ baseUrl: 'https://apiv2.example.com', apiKey: 'k', fetch }).GET(
        '/payment-sessions/{paymentSessionId}',
        {
          params: { path: { paymentSessionId: id as string } },
        },
      );
      await expect(call).rejects.toBeInstanceOf(PaykitValidationError);
      await expect(call).rejects.toMatchObject({ field: 'params.path.paymentSessionId', rule });
      expect(fetch.sent).toHaveLength(0);
    },
  );

  test('a number id is sent as its decimal text', async () => {
    const fetch = fakeFetch(json(200, {}));
    await createConnectClient({ baseUrl: 'https://apiv2.example.com', apiKey: 'k', fetch }).GET(
      '/payment-sessions/{paymentSessionId}',
      {
        params: { path: { paymentSessionId: 42 as unknown as string } },
      },
    );
    expect(new URL(fetch.sent[0]?.url ?? '').pathname).toBe('/payment-sessions/42');
  });

  test('leaving out the path parameters altogether is refused too', async () => {
    const fetch = fakeFetch();
    const client = createConnectClient({ baseUrl: 'https://apiv2.example.com', apiKey: 'k', fetch });
    const call = (client.GET as (path: string, init?: object) => Promise<unknown>)(
      '/payment-sessions/{paymentSessionId}',
    );
    await expect(call).rejects.toMatchObject({ field: 'params.path.paymentSessionId', rule });
    expect(fetch.sent).toHaveLength(0);
  });
});
