import { createConnectClient, type FetchLike } from '@paykit/client/connect';
import { createTen99PolicyClient } from '@paykit/client/ten99policy';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { defaults } from '../src/server/config.js';
import { startSample, type Sample } from './helpers.js';

/** Every route that takes a body reads and checks it before anything is sent to a vendor. */

let sample: Sample;
/** Every call the sample's vendor clients made, as "METHOD path". */
const vendorCalls: string[] = [];
beforeAll(async () => {
  const fetch: FetchLike = (request, init) => {
    vendorCalls.push(`${request.method} ${new URL(request.url).pathname}`);
    return globalThis.fetch(request, init);
  };
  sample = await startSample(
    {},
    {
      vendors: {
        connect: createConnectClient({ apiKey: defaults.CONNECT_API_KEY, baseUrl: inject('connectMockUrl'), fetch }),
        ten99policy: createTen99PolicyClient({
          apiKey: defaults.TEN99POLICY_API_KEY,
          baseUrl: inject('ten99policyMockUrl'),
          fetch,
        }),
      },
    },
  );
});
afterAll(() => sample?.close());

const json = { 'content-type': 'application/json' };
const routes = [
  ['/api/ten99policy/sessions/hps_9Yc2LmQ4/cancel', 'takes no fields'],
  ['/api/ten99policy/sessions', 'takes only contractor, returnUrl'],
  ['/api/connect/profile-sessions', 'takes only orderId'],
  ['/api/connect/payment-sessions', 'takes only orderId, hosted'],
  ['/api/connect/profile-sessions/69321a62-f1fe-461f-8761-a19ae6587bb2/cancel', 'takes only reason'],
  ['/api/dev/webhooks/send', 'takes only example, forged'],
] as const;

describe('request bodies', () => {
  test.each(routes)(
    'POST %s: malformed JSON, a non-object or an empty body is a 400, and no vendor is called',
    async (path) => {
      vendorCalls.length = 0;
      for (const rawBody of ['{"reason":', '[]', '"cancel"', 'null', '']) {
        const answer = await sample.call('POST', path, { rawBody, headers: json });
        expect(answer.status).toBe(400);
        expect(answer.json.error.message).toBe('The request body must be a JSON object.');
      }
      expect(vendorCalls).toEqual([]);
    },
  );

  test.each(routes)(
    'POST %s: a field it does not take is named and refused, and no vendor is called',
    async (path, takes) => {
      vendorCalls.length = 0;
      const answer = await sample.call('POST', path, {
        body: { contractor: 'cn_AbCdEfGh12', orderId: 'x', reason: 'r', example: 'e', sesion: 'hps_x' },
      });
      expect(answer.status).toBe(400);
      expect(answer.json.error.message).toMatch(new RegExp(`^Unknown field .*"sesion".*: this request ${takes}\\.$`));
      expect(vendorCalls).toEqual([]);
    },
  );

  test('the 1099Policy cancel route with an empty JSON object sends the cancel', async () => {
    const created = await sample.call('POST', '/api/ten99policy/sessions', {
      body: { contractor: 'cn_AbCdEfGh12', returnUrl: 'https://app.yourplatform.com/settings/billing/return' },
    });
    const id = created.json.session.id as string;
    vendorCalls.length = 0;
    const answer = await sample.call('POST', `/api/ten99policy/sessions/${id}/cancel`, { body: {} });
    expect(answer.status).toBe(200);
    expect(answer.json.session.status).toBe('cancelled');
    expect(vendorCalls).toEqual([`POST /api/v1/payment/sessions/${id}/cancel`]);
  });

  test('a field of the wrong type is named', async () => {
    const forged = await sample.call('POST', '/api/dev/webhooks/send', { body: { example: 'x', forged: 'yes' } });
    expect(forged.json.error.message).toBe('Forged must be true or false.');
    const reason = await sample.call('POST', '/api/connect/profile-sessions/x/cancel', { body: { reason: 42 } });
    expect(reason.json.error.message).toBe('Reason must be text.');
  });
});
