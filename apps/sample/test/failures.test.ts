import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { captureServerLog, expectNothingSecret, startSample, type Sample } from './helpers.js';

/**
 * Every failure the client can report reaches the page as one readable sentence. The faults come from the mock's
 * front door (through the dev tools' presets), so these run against the real client and the real mocks.
 */

let sample: Sample;
beforeAll(async () => {
  sample = await startSample({ VENDOR_TIMEOUT_MS: '400', VENDOR_MAX_RETRIES: '1' });
});
afterAll(() => sample?.close());

const lookupWithFault = (fault: string) =>
  sample.call('GET', '/api/connect/payment-sessions/d2e3f4a5-b6c7-8901-2345-012345678901', {
    headers: { 'x-sample-fault': fault },
  });

describe('vendor failures, as the page sees them', () => {
  test('a vendor that keeps answering 429 is reported as rate limiting, after the retries', async () => {
    const answer = await lookupWithFault('rate-limited');
    expect(answer.status).toBe(429);
    expect(answer.json.error.message).toBe(
      'Telness Connect is rate limiting this server and kept refusing after the retries. Try again in a moment.',
    );
    expectNothingSecret(answer.text, sample.config);
  });

  test('a vendor that keeps answering 503 is reported as unavailable', async () => {
    const answer = await lookupWithFault('down');
    expect(answer.status).toBe(502);
    expect(answer.json.error.message).toContain('Telness Connect is unavailable at the moment');
  });

  test('a vendor slower than the timeout is reported with the limit and the attempts', async () => {
    const answer = await lookupWithFault('timeout');
    expect(answer.status).toBe(504);
    expect(answer.json.error.message).toBe(
      'Telness Connect did not answer within 0.4 s (2 attempts). Try again in a moment.',
    );
    expectNothingSecret(answer.text, sample.config);
  });

  test('a slow vendor still answers', async () => {
    const slow = await startSample();
    try {
      const answer = await slow.call('POST', '/api/ten99policy/sessions', {
        body: { contractor: 'cn_AbCdEfGh12', returnUrl: 'https://app.yourplatform.com/settings/billing/return' },
        headers: { 'x-sample-fault': 'slow' },
      });
      expect(answer.status).toBe(201);
    } finally {
      await slow.close();
    }
  });

  test('a vendor nobody listens for is reported as unreachable, with where it was looked for', async () => {
    const port = await closedPort();
    const offline = await startSample({ TEN99POLICY_BASE_URL: `http://127.0.0.1:${port}`, VENDOR_MAX_RETRIES: '0' });
    try {
      const answer = await offline.call('POST', '/api/ten99policy/sessions/hps_9Yc2LmQ4/cancel', { body: {} });
      expect(answer.status).toBe(502);
      expect(answer.json.error.message).toBe(
        `Could not reach 1099Policy at http://127.0.0.1:${port} (1 attempt). Is the mock running? \`pnpm mock\` starts both.`,
      );
      expectNothingSecret(answer.text, offline.config);
    } finally {
      await offline.close();
    }
  });

  test('an unknown scenario or behaviour is refused instead of being passed to the vendor', async () => {
    const scenario = await sample.call('GET', '/api/connect/payment-sessions/x', {
      headers: { 'x-sample-scenario': '200/noSuchExample' },
    });
    expect(scenario.status).toBe(400);
    expect(scenario.json.error.message).toBe('Unknown mock scenario for getPaymentSession; pick one from the list');
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
      expect(created.json.session.url).toContain('/payment/setup/');
      await lookupWithFault('rate-limited');
      await lookupWithFault('timeout');
    } finally {
      log.stop();
    }
    expect(log.text()).toContain('paykit: Connect API GET /payment-sessions/d2e3f4a5-b6c7-8901-2345-012345678901: 429; retry 1 of 1');
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
    const answer = await production.call('GET', '/api/connect/payment-sessions/x', {
      headers: { 'x-sample-scenario': '200/pendingHosted', 'x-sample-fault': 'down' },
    });
    expect(answer.status).toBe(200);
    expect(answer.json.session.kind).toBe('embedded');
  });
});

/** A loopback port with nothing listening on it. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
