import { readFileSync } from 'node:fs';
import { bundlePath } from '@paykit/spec';
import { createSchemaValidator } from '@paykit/spec/validator';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { pickFault, toRates } from '../src/front-door/chaos.js';
import { MAX_DELAY_MS, startMock, type Mock } from '../src/index.js';
import { createRandom } from '../src/front-door/random.js';
import { declaredAnswer } from './support/declared-answer.js';
import { call, holdCall, json } from './support/http.js';
import { SHOP_KEY, startShop } from './support/shop.js';

// Tests of what the front door adds to Prism's engine: CORS, malformed-JSON answers, latency and faults.
const connect = inject('connectStatelessMockUrl');
const ten99policy = inject('ten99policyStatelessMockUrl');
const connectBundle = JSON.parse(readFileSync(bundlePath('connect'), 'utf8'));
const ten99policyBundle = JSON.parse(readFileSync(bundlePath('ten99policy'), 'utf8'));
const connectSchemas = createSchemaValidator('connect', connectBundle);
/** What 40 requests to a mock with faults { 429: 0.5, 503: 0.25 } and seed 42 get. */
const SEED_42_COUNTS = { 200: 7, 429: 21, 503: 12 };
const SESSION = `${connect}/payment-sessions/d2e3f4a5-b6c7-8901-2345-012345678901`;
const CREATE = `${connect}/payment-profiles/sessions`;
const KEY = { 'X-API-Key': 'dummy-key' };
const APP_ORIGIN = 'http://localhost:5173';

describe('CORS for a browser app on another origin', () => {
  it('answers the preflight for the vendor auth, Prefer, idempotency and mock headers', async () => {
    const requested = [
      'x-api-key, authorization, prefer, x-idempotency-key, idempotency-key',
      'content-type, x-mock-delay, x-mock-fault',
    ].join(', ');
    const answer = await call(CREATE, {
      method: 'OPTIONS',
      headers: {
        Origin: APP_ORIGIN,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': requested,
      },
    });
    expect(answer.status).toBe(204);
    expect(answer.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(answer.headers.get('access-control-allow-methods')).toContain('POST');
    const allowed = answer.headers
      .get('access-control-allow-headers')
      ?.toLowerCase()
      .split(/\s*,\s*/);
    for (const header of requested.split(', ')) expect(allowed).toContain(header);
  });

  it('lets an app send headers it invents (the mock is never the reason a browser blocks a call)', async () => {
    const answer = await call(CREATE, {
      method: 'OPTIONS',
      headers: {
        Origin: APP_ORIGIN,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'x-request-id',
      },
    });
    expect(answer.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('x-request-id');
  });

  it('marks actual answers readable by the calling origin, Retry-After included', async () => {
    const answer = await call(SESSION, { headers: { ...KEY, Origin: APP_ORIGIN } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(answer.headers.get('access-control-expose-headers')).toContain('Retry-After');
    expect(answer.headers.get('vary')).toContain('Origin');
  });

  it('adds CORS headers to errors too, so the app can read why a call failed', async () => {
    const answer = await call(SESSION, { headers: { Origin: APP_ORIGIN } });
    expect(answer.status).toBe(401);
    expect(answer.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
  });

  it('sends a single Access-Control-Allow-Origin', async () => {
    const answer = await call(SESSION, { headers: { ...KEY, Origin: APP_ORIGIN } });
    expect(answer.headers.get('access-control-allow-origin')).not.toContain(',');
  });
});

describe('a malformed JSON body', () => {
  const post = (body: string, contentType = 'application/json') =>
    call(CREATE, { method: 'POST', headers: { ...KEY, 'Content-Type': contentType }, body });

  it('gets a prompt 400 problem+json naming the parse error and where it is', async () => {
    const answer = await post('{"orderId":}');
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toBe('application/problem+json');
    expect(json(answer)).toMatchObject({
      status: 400,
      title: 'Malformed JSON request body',
      detail:
        "The request body is not valid JSON: Unexpected token '}' in JSON at line 1, column 12 (position 11): a value was expected.",
    });
  });

  it('does not echo the body back (it may hold a secret)', async () => {
    const answer = await post('{"apiKey":"sk_live_do_not_echo" oops}');
    expect(answer.status).toBe(400);
    expect(answer.text).not.toContain('sk_live_do_not_echo');
    expect(json(answer).detail).toContain('at line 1, column 33 (position 32)');
  });

  it.each([
    ['truncated', '{"orderId":"o-1"', 'Unexpected end of input in JSON at line 1, column 17 (position 16)'],
    ['whitespace only', '   ', 'Unexpected end of input in JSON at line 1, column 4 (position 3)'],
    ['trailing garbage', '{"orderId":"o-1"} x', "Unexpected token 'x' in JSON at line 1, column 19 (position 18)"],
  ])('covers a %s body', async (_label, body, expected) => {
    const answer = await post(body);
    expect(answer.status).toBe(400);
    expect(json(answer).detail).toContain(expected);
  });

  it('covers every JSON media type Prism parses (application/*+json, with parameters)', async () => {
    expect((await post('{', 'application/merge-patch+json')).status).toBe(400);
    expect((await post('{', 'application/json; charset=utf-8')).status).toBe(400);
  });

  it('leaves well-formed bodies to the engine, and refuses another media type saying so', async () => {
    const valid = await post(JSON.stringify({ orderId: 'o-1', paymentProvider: 'STRIPE' }));
    expect(valid.status).toBe(201);
    const text = await post('{', 'text/plain');
    expect(text.status).toBe(400);
    expect(json(text).message).toBe('Content-Type text/plain is not accepted: send application/json.');
  });
});

describe('latency, per request (X-Mock-Delay)', () => {
  // No timing margins: a delayed call gets the longest delay there is, and is shown still unanswered once a call
  // sent after it has been answered.
  it('holds a delayed answer back while an undelayed one sent after it is answered', async () => {
    const delayed = holdCall(SESSION, { headers: { ...KEY, 'X-Mock-Delay': String(MAX_DELAY_MS) } });
    const prompt = await call(SESSION, { headers: KEY });
    expect(prompt.status).toBe(200);
    expect(delayed.settled).toBe(false);
    expect(await delayed.abort()).toMatchObject({ name: 'AbortError' });
  });

  it('answers a delayed request with what an undelayed one gets', async () => {
    const [slow, fast] = await Promise.all([
      call(SESSION, { headers: { ...KEY, 'X-Mock-Delay': '20' } }),
      call(SESSION, { headers: KEY }),
    ]);
    expect(slow.status).toBe(200);
    expect(JSON.parse(slow.text)).toEqual(JSON.parse(fast.text));
  });

  it('accepts a random range', async () => {
    const answer = await call(SESSION, { headers: { ...KEY, 'X-Mock-Delay': '1-20' } });
    expect(answer.status).toBe(200);
  });

  it.each([
    ['abc', 'X-Mock-Delay header must be milliseconds as "300" or a range as "100-800" (got "abc")'],
    ['500-100', 'X-Mock-Delay header.min must not exceed X-Mock-Delay header.max (got 500 > 100)'],
    ['999999', 'X-Mock-Delay header must be a whole number of milliseconds from 0 to 60000 (got 999999)'],
  ])('refuses X-Mock-Delay: %s with a 400 naming the header and the rule', async (value, detail) => {
    const answer = await call(SESSION, { headers: { ...KEY, 'X-Mock-Delay': value } });
    expect(answer.status).toBe(400);
    expect(json(answer)).toMatchObject({ title: 'Bad mock header', detail });
  });
});

describe('faults, per request (X-Mock-Fault): the answer the spec declares for that status', () => {
  it.each([
    [429, 'rateLimited'],
    [503, 'unavailable'],
  ] as const)('answers %i with the operation’s own example, schema and Retry-After', async (status, example) => {
    const answer = await call(SESSION, { headers: { ...KEY, 'X-Mock-Fault': String(status) } });
    const declared = declaredAnswer(connectBundle, 'getPaymentSession', status, example);
    expect(answer.status).toBe(status);
    expect(answer.headers.get('content-type')).toBe('application/json');
    expect(json(answer)).toEqual(declared.example);
    expect(connectSchemas.validate(declared.schemaPointer, json(answer)).errors).toEqual([]);
    // Retry-After is the spec's example (2 s): the global setup's mocks set no retryAfterSeconds.
    expect(answer.headers.get('retry-after')).toBe(String(declared.retryAfter));
    expect(answer.headers.get('x-mock-injected')).toBe(`${status} injected because of the X-Mock-Fault header`);
  });

  it('answers 1099Policy’s own error shape for its operations', async () => {
    const answer = await call(`${ten99policy}/api/v1/payment/sessions/hps_9Yc2LmQ4/cancel`, {
      method: 'POST',
      headers: { Authorization: 'Bearer t9k_test_dummy', 'X-Mock-Fault': '503' },
    });
    const declared = declaredAnswer(ten99policyBundle, 'cancelPaymentSession', 503, 'unavailable');
    expect(answer.status).toBe(503);
    expect(json(answer)).toEqual(declared.example);
    expect(json(answer)).toMatchObject({ error_code: 'general_error', message: expect.any(String) });
    expect(answer.headers.get('retry-after')).toBe(String(declared.retryAfter));
  });

  it('takes precedence over the request’s own Prefer header', async () => {
    const answer = await call(SESSION, { headers: { ...KEY, Prefer: 'example=completed', 'X-Mock-Fault': '429' } });
    expect(answer.status).toBe(429);
    expect(json(answer)).toEqual(declaredAnswer(connectBundle, 'getPaymentSession', 429, 'rateLimited').example);
  });

  it('comes after the request is checked, so a refused request gets the refusal instead (no credentials: 401)', async () => {
    const answer = await call(SESSION, { headers: { 'X-Mock-Fault': '503' } });
    expect(answer.status).toBe(401);
    expect(answer.headers.get('x-mock-injected')).toBeNull();
    expect(answer.headers.get('retry-after')).toBeNull();
  });

  it('lets a CORS app read Retry-After and X-Mock-Injected of an injected 429', async () => {
    const answer = await call(SESSION, { headers: { ...KEY, Origin: APP_ORIGIN, 'X-Mock-Fault': '429' } });
    expect(answer.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(answer.headers.get('access-control-expose-headers')).toContain('Retry-After');
    expect(answer.headers.get('access-control-expose-headers')).toContain('X-Mock-Injected');
  });

  it.each([500, 502, 504] as const)(
    'answers %i with the spec’s answer where declared, else a problem saying it is injected',
    async (status) => {
      const answer = await call(SESSION, { headers: { ...KEY, 'X-Mock-Fault': String(status) } });
      expect(answer.status).toBe(status);
      expect(answer.headers.get('x-mock-injected')).toBe(`${status} injected because of the X-Mock-Fault header`);
      const declared = connectBundle.paths['/payment-sessions/{paymentSessionId}'].get.responses[String(status)];
      if (declared) expect(answer.headers.get('content-type')).toBe('application/json');
      else expect(json(answer)).toMatchObject({ status, title: `Injected ${status}` });
    },
  );

  it('reset: destroys the connection before any answer', async () => {
    await expect(call(SESSION, { headers: { ...KEY, 'X-Mock-Fault': 'reset' } })).rejects.toThrow();
  });

  it('lost: runs the operation (the plugin acts), then cuts the connection before the answer', async () => {
    let acted = 0;
    const mock = await startShop({ plugin: () => ({ handleOperation: () => void acted++ }) });
    try {
      await expect(
        call(`${mock.url}/orders/ord_1/cancel`, { method: 'POST', headers: { ...SHOP_KEY, 'X-Mock-Fault': 'lost' } }),
      ).rejects.toThrow();
      expect(acted).toBe(1);
      const retried = await call(`${mock.url}/orders/ord_1/cancel`, { method: 'POST', headers: SHOP_KEY });
      expect(retried.status).toBe(200);
      expect(acted).toBe(2);
    } finally {
      await mock.stop();
    }
  });

  it('refuses a fault it does not know with a 400 naming the header', async () => {
    const answer = await call(SESSION, { headers: { ...KEY, 'X-Mock-Fault': '418' } });
    expect(answer.status).toBe(400);
    expect(json(answer).detail).toBe(
      'X-Mock-Fault header must be "none", one of 429, 500, 502, 503, 504, reset, lost, or rates such as "429=0.1,reset=0.05" (got "418")',
    );
  });
});

describe('latency and faults set when the mock starts', () => {
  const RATES = { 429: 0.5, 503: 0.25 } as const;
  let faulty: Mock;
  let slow: Mock;
  beforeAll(async () => {
    [faulty, slow] = await Promise.all([
      startMock({ api: 'connect', faults: RATES, retryAfterSeconds: 7, seed: 42, stateless: true }),
      startMock({ api: 'connect', latency: MAX_DELAY_MS, stateless: true }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([faulty?.stop(), slow?.stop()]);
  });

  it('mixes 429s and 503s (with the configured Retry-After) and real answers, as the seeded dice say', async () => {
    const answers = [];
    for (let i = 0; i < 40; i++) {
      answers.push(await call(`${faulty.url}/payment-sessions/x`, { headers: KEY }));
    }
    const statuses = answers.map((answer) => answer.status);
    // The mock rolls one die per request from its seeded generator: the same rolls give the same sequence here.
    const dice = createRandom(42);
    expect(statuses).toEqual(statuses.map(() => Number(pickFault(toRates(RATES, 'faults'), dice) ?? 200)));
    const counts = { 200: 0, 429: 0, 503: 0 };
    for (const status of statuses) counts[status as keyof typeof counts]++;
    // What seed 42 gives, pinned so that a change to the dice shows; and it is near the configured rates.
    expect(counts).toEqual(SEED_42_COUNTS);
    expect(Math.abs(counts[429] / 40 - RATES[429])).toBeLessThanOrEqual(0.15);
    expect(Math.abs(counts[503] / 40 - RATES[503])).toBeLessThanOrEqual(0.15);
    for (const answer of answers.filter((a) => a.status !== 200)) {
      expect(answer.headers.get('retry-after')).toBe('7');
      expect(answer.headers.get('x-mock-injected')).toBe(
        `${answer.status} injected because of the fault rates this mock was started with`,
      );
      const example = answer.status === 429 ? 'rateLimited' : 'unavailable';
      expect(json(answer)).toEqual(declaredAnswer(connectBundle, 'getPaymentSession', answer.status, example).example);
    }
    for (const answer of answers.filter((a) => a.status === 200))
      expect(answer.headers.get('x-mock-injected')).toBeNull();
  });

  it('never delays or fails the control API and hosted pages', async () => {
    const sandboxed = await startMock({ api: 'ten99policy', faults: { reset: 1 }, latency: MAX_DELAY_MS, seed: 1 });
    try {
      const index = await call(`${sandboxed.url}/__paykit/`, { headers: { 'X-Mock-Fault': 'reset' } });
      expect(index.status).toBe(200);
      expect(json(index)).toMatchObject({ api: 'ten99policy' });
      expect((await call(`${sandboxed.url}/__paykit/pages/hps_unknown`)).status).toBe(404);
    } finally {
      await sandboxed.stop();
    }
  });

  it('lets one request opt out with X-Mock-Fault: none', async () => {
    for (let i = 0; i < 10; i++) {
      const answer = await call(`${faulty.url}/payment-sessions/x`, { headers: { ...KEY, 'X-Mock-Fault': 'none' } });
      expect(answer.status).toBe(200);
    }
  });

  it('delays every answer, unless a request says X-Mock-Delay: 0', async () => {
    const url = `${slow.url}/payment-sessions/x`;
    const configured = holdCall(url, { headers: KEY });
    const optedOut = await call(url, { headers: { ...KEY, 'X-Mock-Delay': '0' } });
    expect(optedOut.status).toBe(200);
    expect(configured.settled).toBe(false);
    expect(await configured.abort()).toMatchObject({ name: 'AbortError' });
  });

  it('does not delay preflights (the browser asks those, not the app)', async () => {
    const url = `${slow.url}/payment-sessions/x`;
    const actual = holdCall(url, { headers: { ...KEY, Origin: APP_ORIGIN } });
    const preflight = await call(url, {
      method: 'OPTIONS',
      headers: { Origin: APP_ORIGIN, 'Access-Control-Request-Method': 'GET' },
    });
    expect(preflight.status).toBe(204);
    expect(actual.settled).toBe(false);
    expect(await actual.abort()).toMatchObject({ name: 'AbortError' });
  });
});
