import { createConnectClient, type FetchLike } from '@paykit/client/connect';
import { createTen99PolicyClient } from '@paykit/client/ten99policy';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { defaults } from '../src/server/config.js';
import type { Vendors } from '../src/server/vendors.js';
import { FAULT_HEADER, FORCED_ERROR_HEADER } from '../src/shared/steering-headers.js';
import { captureServerLog, expectNothingSecret, freePort, startSample, type Sample } from './helpers.js';

/**
 * Every failure the client can report reaches the page as one readable sentence. The faults come from the mock's
 * front door (through the dev tools' presets), so these run against the real client and the real mocks.
 */

// The helper's default timeout: every call here that should succeed has ample time, even on a loaded machine.
let sample: Sample;
/** A 0.4 s timeout, used only with the timeout preset, whose mock delay (10.4 s) makes the timeout certain. */
let impatient: Sample;
beforeAll(async () => {
  [sample, impatient] = await Promise.all([
    startSample(),
    startSample({ VENDOR_TIMEOUT_MS: '400', VENDOR_MAX_RETRIES: '1' }),
  ]);
});
afterAll(() => Promise.all([sample?.close(), impatient?.close()]));

const lookupWithFault = (fault: string, on = sample) =>
  on.call('GET', '/api/connect/payment-sessions/d2e3f4a5-b6c7-8901-2345-012345678901', {
    headers: { [FAULT_HEADER]: fault },
  });

describe('vendor failures, as the page sees them', () => {
  // The ones that wait run side by side: each waits out the mock's Retry-After (2 s), the timeout or the mock's delay,
  // on a sample of its own or the shared one, which keeps nothing between calls that another test reads.
  // The mock's injected faults: whichever error body it answers with, the page gets the words and its message.
  test.concurrent('a vendor that keeps answering 429 is reported as rate limiting, after the retries', async () => {
    const answer = await lookupWithFault('rate-limited');
    expect(answer.status).toBe(429);
    expect(answer.json.error.message).toBe(
      'Telness Connect is rate limiting this server and kept refusing after the retries. Try again in a moment.',
    );
    expect(answer.json.error.vendorMessage).toEqual(expect.stringMatching(/\S/));
    expectNothingSecret(answer.text, sample.config);
  });

  test.concurrent('a vendor that keeps answering 503 to a lookup is reported as unavailable, after the retries', async () => {
    const answer = await lookupWithFault('down');
    expect(answer.status).toBe(502);
    expect(answer.json.error.message).toBe(
      'Telness Connect is unavailable at the moment, even after the retries. Try again in a moment.',
    );
    expect(answer.json.error.vendorMessage).toEqual(expect.stringMatching(/\S/));
  });

  // The spec's own ApiError examples, served by Prism: the body the mock's injected faults are moving to.
  test.concurrent("a 429 with the vendor's own error body reads the same, with its code and message", async () => {
    const answer = await sample.call('GET', '/api/connect/payment-sessions/d2e3f4a5-b6c7-8901-2345-012345678901', {
      headers: { [FORCED_ERROR_HEADER]: 'connect.getPaymentSession:429/rateLimited' },
    });
    expect(answer.status).toBe(429);
    expect(answer.json.error).toEqual({
      message:
        'Telness Connect is rate limiting this server and kept refusing after the retries. Try again in a moment.',
      code: 'RATE_LIMITED',
      vendorMessage: 'Too many requests. Retry after the delay in the Retry-After header.',
    });
  });

  test.concurrent("a 503 with 1099Policy's own error body (error_code) reads the same, with its code and message", async () => {
    const answer = await sample.call('POST', '/api/ten99policy/sessions/hps_9Yc2LmQ4/cancel', {
      body: {},
      headers: { [FORCED_ERROR_HEADER]: 'ten99policy.cancelPaymentSession:503/unavailable' },
    });
    expect(answer.status).toBe(502);
    expect(answer.json.error).toEqual({
      // The mock's 503 carries Retry-After, which proves nothing was done: even this POST was retried.
      message: '1099Policy is unavailable at the moment, even after the retries. Try again in a moment.',
      code: 'general_error',
      vendorMessage: 'The service is temporarily unavailable. Try again later.',
    });
  });

  test.concurrent('a vendor slower than the timeout is reported with the limit and the attempts', async () => {
    const answer = await lookupWithFault('timeout', impatient);
    expect(answer.status).toBe(504);
    expect(answer.json.error.message).toBe(
      'Telness Connect did not answer within 0.4 s (2 attempts). Try again in a moment.',
    );
    expectNothingSecret(answer.text, impatient.config);
  });

  test.concurrent('a slow vendor still answers', async () => {
    const answer = await sample.call('POST', '/api/ten99policy/sessions', {
      body: { contractor: 'cn_AbCdEfGh12', returnUrl: 'https://app.yourplatform.com/settings/billing/return' },
      headers: { [FAULT_HEADER]: 'slow' },
    });
    expect(answer.status).toBe(201);
  });

  test('a bare 503 (no Retry-After) to a 1099Policy POST is not retried, and the words claim no retries', async () => {
    // 1099Policy promises no replay of an idempotency key, so a POST is repeated only on proof that nothing was done.
    const sent: string[] = [];
    const bare = await startSample(
      {},
      { vendors: vendorsAskingPrism('code=503, example=unavailable', { dropRetryAfter: true, sent }) },
    );
    try {
      const answer = await bare.call('POST', '/api/ten99policy/sessions/hps_9Yc2LmQ4/cancel', { body: {} });
      expect(answer.status).toBe(502);
      expect(answer.json.error.message).toBe('1099Policy is unavailable at the moment. Try again in a moment.');
      expect(sent).toEqual(['POST /api/v1/payment/sessions/hps_9Yc2LmQ4/cancel']);
    } finally {
      await bare.close();
    }
  });

  test("an RFC 9457 problem document (Prism's own errors) gives its detail as the vendor's message", async () => {
    // Prism answers a status the spec does not define with its own problem+json 404.
    const prism = await startSample({}, { vendors: vendorsAskingPrism('code=418') });
    try {
      const answer = await prism.call('GET', '/api/connect/payment-sessions/d2e3f4a5-b6c7-8901-2345-012345678901');
      expect(answer.status).toBe(404);
      expect(answer.json.error).toEqual({
        message: 'Telness Connect has no such session.',
        vendorMessage: 'Requested status code 418 is not defined in the document.',
      });
    } finally {
      await prism.close();
    }
  });

  test('a vendor nobody listens for is reported as unreachable, with where it was looked for', async () => {
    const port = await freePort(); // nothing listens there
    const offline = await startSample({ TEN99POLICY_BASE_URL: `http://127.0.0.1:${port}`, VENDOR_MAX_RETRIES: '0' });
    try {
      const answer = await offline.call('POST', '/api/ten99policy/sessions/hps_9Yc2LmQ4/cancel', { body: {} });
      expect(answer.status).toBe(502);
      expect(answer.json.error.message).toBe(
        `Could not reach 1099Policy at http://127.0.0.1:${port} (1 attempt). Is the mock running? \`pnpm mock\` starts both (PAYKIT_TEN99POLICY_PORT moves the mock and this app together).`,
      );
      expectNothingSecret(answer.text, offline.config);
    } finally {
      await offline.close();
    }
  });

  test('an unknown scenario or behaviour is refused instead of being passed to the vendor', async () => {
    const scenario = await sample.call('GET', '/api/connect/payment-sessions/x', {
      headers: { [FORCED_ERROR_HEADER]: 'connect.getPaymentSession:200/noSuchExample' },
    });
    expect(scenario.status).toBe(400);
    expect(scenario.json.error.message).toBe('Unknown vendor error to force; pick one from the list');
    const fault = await lookupWithFault('meltdown');
    expect(fault.status).toBe(400);
  });
});

describe('the server log', () => {
  test('shows the retries, and never a key, the webhook secret or a single-use link', async () => {
    const log = captureServerLog();
    try {
      const created = await sample.call('POST', '/api/ten99policy/sessions', {
        body: { contractor: 'cn_AbCdEfGh12', returnUrl: 'https://app.yourplatform.com/settings/billing/return' },
      });
      expect(created.json.session.url).toContain('/__paykit/pages/');
      // Both wait (the mock's Retry-After, the timeout): side by side.
      await Promise.all([lookupWithFault('rate-limited'), lookupWithFault('timeout', impatient)]);
    } finally {
      log.stop();
    }
    expect(log.text()).toContain(
      'paykit: Telness Connect API GET /payment-sessions/d2e3f4a5-b6c7-8901-2345-012345678901: 429; retry 1 of 1',
    );
    expect(log.text()).toContain(
      'paykit: Telness Connect API GET /payment-sessions/d2e3f4a5-b6c7-8901-2345-012345678901: timed out; retry 1 of 1',
    );
    expectNothingSecret(log.text(), sample.config);
  });
});

describe('with the dev tools off', () => {
  let production: Sample;
  beforeAll(async () => {
    production = await startSample({ SAMPLE_DEV_TOOLS: 'off' });
  });
  afterAll(() => production?.close());

  test('the page is told there are none, the simulator is not mounted and steering headers do nothing', async () => {
    expect((await production.call('GET', '/api/config')).json.devTools).toBeNull();
    const simulator = await production.call('POST', '/api/dev/webhooks/send', { body: { example: 'x' } });
    expect(simulator.status).toBe(404);
    const answer = await production.call('POST', '/api/connect/payment-sessions', {
      body: { orderId: 'order-dev-tools-off' },
      headers: { [FORCED_ERROR_HEADER]: 'connect.createPaymentSession:429/rateLimited', [FAULT_HEADER]: 'down' },
    });
    expect(answer.status).toBe(201);
    expect(answer.json.session).toMatchObject({ kind: 'embedded', orderId: 'order-dev-tools-off', status: 'PENDING' });
  });
});

/** The vendor clients of a sample, each adding `Prefer: <prefer>` to every call, as no page can. */
/**
 * Clients whose every request asks the mock for `prefer`; `dropRetryAfter` strips Retry-After from the answers (a
 * load balancer's bare 503), `sent` records each request.
 */
function vendorsAskingPrism(prefer: string, { dropRetryAfter = false, sent = [] as string[] } = {}): Vendors {
  const fetch: FetchLike = async (request, init) => {
    sent.push(`${request.method} ${new URL(request.url).pathname}`);
    request.headers.set('prefer', prefer);
    const response = await globalThis.fetch(request, init);
    if (!dropRetryAfter) return response;
    const headers = new Headers(response.headers);
    headers.delete('retry-after');
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  };
  return {
    connect: createConnectClient({ apiKey: defaults.CONNECT_API_KEY, baseUrl: inject('connectMockUrl'), fetch }),
    ten99policy: createTen99PolicyClient({
      apiKey: defaults.TEN99POLICY_API_KEY,
      baseUrl: inject('ten99policyMockUrl'),
      fetch,
    }),
  };
}
