import { getEventListeners } from 'node:events';
import { describe, expect, test } from 'vitest';
import { fixtureClient } from '../test-support/fixture-client.js';
import { realDeps } from './runtime.js';
import { testClock, type TestClock } from '../test-support/deps.js';
import { fakeFetch, hang, json, stalledBody, type Answer } from '../test-support/fake-fetch.js';
import { PaykitTimeoutError } from './errors.js';
import type { ClientOptions } from './options.js';
import { createDeadlines } from './timeouts.js';

const sessionParams = { params: { path: { sessionId: 'ps_1' } } };

const connect = (answers: Answer[], options: Partial<ClientOptions> = {}) => fixtureClient({ answers, options });

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
    const failure = await setup.client.GET('/sessions/{sessionId}', sessionParams).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PaykitTimeoutError);
    expect(failure).toMatchObject({ timeoutMs: 1500, attempts: 3 });
    expect((failure as Error).message).toBe(
      'Fixture API GET /sessions/ps_1 timed out after 1500 ms on 3 of 3 attempt(s)',
    );
    expect(setup.fetch.sent).toHaveLength(3);
    expect(setup.clock.timerDelays).toEqual([1500, 1500, 1500]);
  });

  test('a timed-out attempt is retried like a network error', async () => {
    let clock!: TestClock;
    const setup = connect([timesOut(() => clock), json(200, { sessionId: 'ps_1' })]);
    clock = setup.clock;
    const { data } = await setup.client.GET('/sessions/{sessionId}', sessionParams);
    expect(data).toEqual({ sessionId: 'ps_1' });
  });

  test('a fetch wrapper that copies its init ({ ...init }) gets { signal } and the time limit still applies', async () => {
    const clock = testClock();
    const inner = fakeFetch(timesOut(() => clock));
    const copies: RequestInit[] = [];
    const { client } = fixtureClient({
      clock,
      options: {
        maxRetries: 0,
        fetch: (request, init) => {
          copies.push({ ...init });
          return inner(request, copies.at(-1));
        },
      },
    });
    await expect(client.GET('/sessions/{sessionId}', sessionParams)).rejects.toBeInstanceOf(PaykitTimeoutError);
    expect(Object.keys(copies[0]!)).toEqual(['signal']);
    expect(inner.sent[0]?.signal?.aborted).toBe(true);
  });

  test('a per-call timeoutMs overrides the client default of 30 s', async () => {
    const { client, clock } = connect([json(200, {}), json(200, {})]);
    await client.GET('/sessions/{sessionId}', sessionParams);
    await client.GET('/sessions/{sessionId}', { ...sessionParams, timeoutMs: 250 });
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
      .GET('/sessions/{sessionId}', { ...sessionParams, signal: controller.signal })
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
      client.GET('/sessions/{sessionId}', { ...sessionParams, signal: AbortSignal.abort(reason) }),
    ).rejects.toBe(reason);
  });

  test('the time limit also covers reading the body; a body that stalls is retried like a timeout', async () => {
    const setup = connect([stalledBody(), stalledBody()], { maxRetries: 1 });
    const call = setup.client.GET('/sessions/{sessionId}', sessionParams);
    for (let attempt = 0; attempt < 2; attempt++) {
      await new Promise((resolve) => setImmediate(resolve));
      setup.clock.expireTimers();
    }
    await expect(call).rejects.toBeInstanceOf(PaykitTimeoutError);
    await expect(call).rejects.toMatchObject({ attempts: 2 });
    expect(setup.fetch.sent).toHaveLength(2);
  });

  test('once a call settles, nothing is left watching it: the shared timer finds nothing to do and stops', async () => {
    const { client, clock } = connect([json(503, {}), json(200, {})]);
    await client.GET('/sessions/{sessionId}', sessionParams);
    // One timer for both attempts: the second attempt's deadline is later than the first's.
    expect(clock.timerDelays).toEqual([30_000]);
    clock.expireTimers();
    expect(clock.pendingTimers()).toBe(0);
  });

  test('attempts in flight share one timer, and each still times out at its own deadline', async () => {
    const clock = testClock();
    const start = createDeadlines(clock.deps.monotonic, clock.deps.setTimer);
    const long = start(undefined, 1000);
    const short = start(undefined, 100);
    const middle = start(undefined, 500);
    // The 100 ms attempt moved the timer forward; the 500 ms one did not need to.
    expect(clock.timerDelays).toEqual([1000, 100]);
    clock.expireTimers();
    expect([short.timedOut, middle.timedOut, long.timedOut]).toEqual([true, false, false]);
    expect(clock.timerDelays).toEqual([1000, 100, 400]);
    middle.end();
    clock.expireTimers();
    // The 500 ms attempt ended in time; the timer, due for it, moved on to the 1000 ms one.
    expect([middle.timedOut, long.timedOut]).toEqual([false, false]);
    expect(clock.timerDelays).toEqual([1000, 100, 400, 500]);
    clock.expireTimers();
    expect(long.timedOut).toBe(true);
    expect(clock.pendingTimers()).toBe(0);
  });

  test("an ended attempt no longer listens to the caller's signal", () => {
    const controller = new AbortController();
    const clock = testClock();
    const attempt = createDeadlines(clock.deps.monotonic, clock.deps.setTimer)(controller.signal, 1000);
    expect(attempt.signal.aborted).toBe(false);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    attempt.end();
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    controller.abort();
    expect(attempt.signal.aborted).toBe(false);
    clock.expireTimers();
    expect(attempt.timedOut).toBe(false);
  });

  test('an attempt signal aborts when its time runs out, or with the caller reason when the caller aborts', () => {
    const clock = testClock();
    const start = createDeadlines(clock.deps.monotonic, clock.deps.setTimer);
    const timedOut = start(undefined, 10);
    const signal = timedOut.signal;
    clock.expireTimers();
    expect([signal.aborted, timedOut.timedOut]).toEqual([true, true]);
    // Read only after the time ran out: created already aborted.
    const late = start(undefined, 10);
    clock.expireTimers();
    expect(late.signal.aborted).toBe(true);

    const controller = new AbortController();
    const cancelled = start(controller.signal, 10);
    const cancelledSignal = cancelled.signal;
    controller.abort('caller-reason');
    expect([cancelledSignal.reason, cancelled.timedOut]).toEqual(['caller-reason', false]);
    // Read only after the caller aborted: created already aborted with the caller's reason.
    const other = new AbortController();
    const afterAbort = start(other.signal, 10);
    other.abort('first');
    expect(afterAbort.signal.reason).toBe('first');
  });

  test('a real client does not keep Node alive: its shared timer is unref-ed', async () => {
    const { client } = fixtureClient({ answers: [json(200, {})], deps: realDeps });
    const before = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    await client.GET('/sessions/{sessionId}', sessionParams);
    expect(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length).toBe(before);
  });
});
