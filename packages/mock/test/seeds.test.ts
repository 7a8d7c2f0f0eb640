import { readFileSync } from 'node:fs';
import { createConnectClient } from '@paykit/client/connect';
import { createTen99PolicyClient } from '@paykit/client/ten99policy';
import { describe, expect, inject, it } from 'vitest';
import { withoutSecrets } from './support/secrets.js';

// The three vendor documents the project started from (/work/shared/seeds, response bodies copied verbatim into
// fixtures/seeds): asked plainly, with no Prefer header, the mock answers each seed operation with its seed.
const seed = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`./fixtures/seeds/${name}.json`, import.meta.url), 'utf8'));

const connect = createConnectClient({ apiKey: 'dummy-key', baseUrl: inject('connectMockUrl') });
const ten99policy = createTen99PolicyClient({ apiKey: 't9k_test_dummy', baseUrl: inject('ten99policyMockUrl') });

describe('the seed operations answer with their seed examples', () => {
  it('Connect GET /payment-sessions/{paymentSessionId}', async () => {
    const { data, response } = await connect.GET('/payment-sessions/{paymentSessionId}', {
      params: { path: { paymentSessionId: 'd2e3f4a5-b6c7-8901-2345-012345678901' } },
    });
    expect(response.status).toBe(200);
    expect(data).toEqual(seed('connect-get-payment-session'));
  });

  it('Connect POST /payment-profiles/sessions/{paymentProfileSessionId}/cancel', async () => {
    const { data, response } = await connect.POST('/payment-profiles/sessions/{paymentProfileSessionId}/cancel', {
      params: { path: { paymentProfileSessionId: '69321a62-f1fe-461f-8761-a19ae6587bb2' } },
      body: { reason: 'Customer decided not to save payment method' },
    });
    expect(response.status).toBe(200);
    expect(data).toEqual(seed('connect-cancel-payment-profile-session'));
  });

  it('1099Policy POST /api/v1/payment/sessions/{session}/cancel', async () => {
    const { data, response } = await ten99policy.POST('/api/v1/payment/sessions/{session}/cancel', {
      params: { path: { session: 'hps_9Yc2LmQ4' } },
    });
    expect(response.status).toBe(200);
    // The seed carries a session `url`, whose token is a secret: compared by digest so it never prints.
    expect(withoutSecrets(data)).toEqual(withoutSecrets(seed('ten99policy-cancel-payment-session')));
  });
});
