import { getEventListeners } from 'node:events';
import { describe, expect, test } from 'vitest';
import { connectVendor } from '../connect/vendor.js';
import type { paths } from '../generated/connect.js';
import { testClock, type TestClock } from '../test-support/deps.js';
import { fakeFetch, hang, json, stalledBody, type Answer } from '../test-support/fake-fetch.js';
import { createVendorClient } from './client.js';
import { PaykitTimeoutError } from './errors.js';
import type { ClientOptions } from './options.js';
import { startAttempt } from './timeouts.js';

const sessionParams = { params: { path: { paymentSessionId: 'ps_1' } } };

function connect(answers: Answer[], options: Partial<ClientOptions> = {}) {
  const clock = testClock();
  const fetch = fakeFetch(...answers);
  const client = createVendorClient<paths, string | undefined>(connectVendor, { apiKey: 'k', fetch, ...options }, clock.deps);
  return { client, fetch, clock };
}

/** An attempt that outlives its time limit: the clock runs out while the request is in flight. */
function timesOut(clock: () => TestClock): Answer {
  return (sent) => {
    const pending = (hang() as (s: typeof sent) => Promise<Response>)(sent);
    clock().expireTimers();
    return pending;
  };
}

describe('timeouts', () => {
  test('each attempt has its own time limit; after the last one the call rejects with PaykitTimeoutError', async () => {
    let clock!: TestClock;
    const setup = connect([timesOut(() => clock), timesOut(() => clock), timesOut(() => clock)], { timeoutMs: 1500 });
    clock = setup.clock;
    const failure = await setup.client.GET('/payment-sessions/{paymentSessionId}', sessionParams).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PaykitTimeoutError);
    expect(failure).toMatchObject({ timeoutMs: 1500, attempts: 3 });
    expect((failure as Error).message).toBe(
      'Connect API GET /payment-sessions/ps_1 timed out after 1500 ms on each of 3 attempt(s)',
    );
    expect(setup.fetch.sent).toHaveLength(3);
    expect(setup.clock.timerDelays).toEqual([1500, 1500, 1500]);
  });

  test('a timed-out attempt is retried like a network error', async () => {
    let clock!: TestClock;
    const setup = connect([timesOut(() => clock), json(200, { paymentSessionId: 'ps_1' })]);
    clock = setup.clock;
    const { data } = await setup.client.GET('/payment-sessions/{paymentSessionId}', sessionParams);
    expect(data).toEqual({ paymentSessionId: 'ps_1' });
  });

  test('a per-call timeoutMs overrides the client default of 30 s', async () => {
    const { client, clock } = connect([json(200, {}), json(200, {})]);
    await client.GET('/payment-sessions/{paymentSessionId}', sessionParams);
    await client.GET('/payment-sessions/{paymentSessionId}', { ...sessionParams, timeoutMs: 250 });
    expect(clock.timerDelays).toEqual([30_000, 250]);
  });

  test("a caller's abort rejects with the caller's reason, is not retried, and is not a timeout", async () => {
    const controller = new AbortController();
    const { client, fetch } = connect([
      (sent) => {
        const pending = (hang() as (s: typeof sent) => Promise<Response>)(sent);
        controller.abort();
        return pending;
      },
    ]);
    const failure = await client
      .GET('/payment-sessions/{paymentSessionId}', { ...sessionParams, signal: controller.signal })
      .catch((e: unknown) => e);
    expect(failure).not.toBeInstanceOf(PaykitTimeoutError);
    expect(failure).toBeInstanceOf(DOMException);
    expect((failure as DOMException).name).toBe('AbortError');
    expect(fetch.sent).toHaveLength(1);
  });

  test('an already aborted signal sends nothing retryable and rejects with its reason', async () => {
    const reason = new Error('cancelled before start');
    const { client } = connect([json(200, {})]);
    await expect(
      client.GET('/payment-sessions/{paymentSessionId}', { ...sessionParams, signal: AbortSignal.abort(reason) }),
    ).rejects.toBe(reason);
  });

  test('the time limit also covers reading the body', async () => {
    let clock!: TestClock;
    const setup = connect([stalledBody()]);
    clock = setup.clock;
    const call = setup.client.GET('/payment-sessions/{paymentSessionId}', sessionParams);
    await new Promise((resolve) => setImmediate(resolve));
    clock.expireTimers();
    await expect(call).rejects.toBeInstanceOf(PaykitTimeoutError);
  });

  test('once a call settles, no attempt timer is left running', async () => {
    const { client, clock } = connect([json(503, {}), json(200, {})]);
    await client.GET('/payment-sessions/{paymentSessionId}', sessionParams);
    expect(clock.pendingTimers()).toBe(0);
  });

  test("an ended attempt no longer listens to the caller's signal", () => {
    const controller = new AbortController();
    const clock = testClock();
    const attempt = startAttempt(controller.signal, 1000, clock.deps.setTimer, () => new Error('timeout'));
    expect(attempt.signal.aborted).toBe(false);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    attempt.end();
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    expect(clock.pendingTimers()).toBe(0);
    controller.abort();
    expect(attempt.signal.aborted).toBe(false);
  });

  test('an attempt signal aborts with the timeout reason, or with the caller reason when the caller aborts', () => {
    const clock = testClock();
    const timedOut = startAttempt(undefined, 10, clock.deps.setTimer, () => 'timeout-reason');
    const signal = timedOut.signal;
    clock.expireTimers();
    expect([signal.reason, timedOut.timedOut()]).toEqual(['timeout-reason', true]);
    // Read only after the time ran out: created already aborted.
    const late = startAttempt(undefined, 10, clock.deps.setTimer, () => 'timeout-reason');
    clock.expireTimers();
    expect(late.signal.reason).toBe('timeout-reason');

    const controller = new AbortController();
    const cancelled = startAttempt(controller.signal, 10, clock.deps.setTimer, () => 'timeout-reason');
    const cancelledSignal = cancelled.signal;
    controller.abort('caller-reason');
    expect([cancelledSignal.reason, cancelled.timedOut()]).toEqual(['caller-reason', false]);
  });
});
