import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startMock, type Mock } from '../src/index.js';
import { call, json } from './support/http.js';

// Tests of what the front door adds to Prism: CORS, malformed-JSON answers, latency and faults.
const connect = inject('connectMockUrl');
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
      headers: { Origin: APP_ORIGIN, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': requested },
    });
    expect(answer.status).toBe(204);
    expect(answer.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(answer.headers.get('access-control-allow-methods')).toContain('POST');
    const allowed = answer.headers.get('access-control-allow-headers')?.toLowerCase().split(/\s*,\s*/);
    for (const header of requested.split(', ')) expect(allowed).toContain(header);
  });

  it('lets an app send headers it invents (the mock is never the reason a browser blocks a call)', async () => {
    const answer = await call(CREATE, {
      method: 'OPTIONS',
      headers: { Origin: APP_ORIGIN, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'x-request-id' },
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

  it('sends a single Access-Control-Allow-Origin (Prism’s own CORS is off behind the door)', async () => {
    const answer = await call(SESSION, { headers: { ...KEY, Origin: APP_ORIGIN } });
    expect(answer.headers.get('access-control-allow-origin')).not.toContain(',');
  });
});

describe('a malformed JSON body (Prism never answers one)', () => {
  const post = (body: string, contentType = 'application/json') =>
    call(CREATE, { method: 'POST', headers: { ...KEY, 'Content-Type': contentType }, body });

  it('gets a prompt 400 problem+json naming the parse error and where it is', async () => {
    const answer = await post('{"orderId":}');
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toBe('application/problem+json');
    expect(json(answer)).toMatchObject({
      status: 400,
      title: 'Malformed JSON request body',
      detail: "The request body is not valid JSON: Unexpected token '}' in JSON at position 11.",
    });
  });

  it('does not echo the body back (it may hold a secret)', async () => {
    const answer = await post('{"apiKey":"sk_live_do_not_echo" oops}');
    expect(answer.status).toBe(400);
    expect(answer.text).not.toContain('sk_live_do_not_echo');
    expect(json(answer).detail).toContain('at position 32');
  });

  it.each([
    ['truncated', '{"orderId":"o-1"', 'Expected'],
    ['whitespace only', '   ', 'Unexpected end of JSON input'],
    ['trailing garbage', '{"orderId":"o-1"} x', 'after JSON'],
  ])('covers a %s body', async (_label, body, expected) => {
    const answer = await post(body);
    expect(answer.status).toBe(400);
    expect(json(answer).detail).toContain(expected);
  });

  it('covers every JSON media type Prism parses (application/*+json, with parameters)', async () => {
    expect((await post('{', 'application/merge-patch+json')).status).toBe(400);
    expect((await post('{', 'application/json; charset=utf-8')).status).toBe(400);
  });

  it('leaves well-formed bodies and other media types to Prism', async () => {
    const valid = await post(JSON.stringify({ orderId: 'o-1', paymentProvider: 'STRIPE' }));
    expect(valid.status).toBe(201);
    const text = await post('{', 'text/plain');
    expect(text.status).not.toBe(400);
    // Prism's verdict on the media type, not the front door's.
    expect(text.headers.get('sl-violations')).toContain('Supported content types: application/json');
  });
});

describe('latency, per request (X-Mock-Delay)', () => {
  it('holds a delayed answer back behind an undelayed one sent after it', async () => {
    const finished: string[] = [];
    const delayed = call(SESSION, { headers: { ...KEY, 'X-Mock-Delay': '1500' } }).then((answer) => {
      finished.push('delayed');
      return answer;
    });
    const prompt = call(SESSION, { headers: KEY }).then((answer) => {
      finished.push('prompt');
      return answer;
    });
    const [slow, fast] = await Promise.all([delayed, prompt]);
    expect(finished).toEqual(['prompt', 'delayed']);
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

describe('faults, per request (X-Mock-Fault)', () => {
  it('answers 429 with Retry-After as a problem document, without asking Prism', async () => {
    const answer = await call(SESSION, { headers: { ...KEY, 'X-Mock-Fault': '429' } });
    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).toBe('1');
    expect(answer.headers.get('content-type')).toBe('application/problem+json');
    expect(json(answer)).toMatchObject({ status: 429, title: 'Too Many Requests' });
    expect(json(answer).detail).toContain('X-Mock-Fault header');
  });

  it('answers 503', async () => {
    const answer = await call(SESSION, { headers: { ...KEY, 'X-Mock-Fault': '503' } });
    expect(answer.status).toBe(503);
    expect(json(answer)).toMatchObject({ status: 503, title: 'Service Unavailable' });
  });

  it('injects before Prism checks anything (a fault needs no valid request)', async () => {
    const answer = await call(SESSION, { headers: { 'X-Mock-Fault': '503' } });
    expect(answer.status).toBe(503);
  });

  it('lets a CORS app read Retry-After of an injected 429', async () => {
    const answer = await call(SESSION, { headers: { ...KEY, Origin: APP_ORIGIN, 'X-Mock-Fault': '429' } });
    expect(answer.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(answer.headers.get('access-control-expose-headers')).toContain('Retry-After');
  });

  it('refuses a fault it does not know with a 400 naming the header', async () => {
    const answer = await call(SESSION, { headers: { ...KEY, 'X-Mock-Fault': '418' } });
    expect(answer.status).toBe(400);
    expect(json(answer).detail).toBe(
      'X-Mock-Fault header must be "none", "429", "503" or rates such as "429=0.1,503=0.05" (got "418")',
    );
  });
});

describe('latency and faults set when the mock starts', () => {
  let faulty: Mock;
  let slow: Mock;
  beforeAll(async () => {
    [faulty, slow] = await Promise.all([
      startMock({ api: 'connect', faults: { 429: 0.5, 503: 0.25 }, retryAfterSeconds: 7, seed: 42 }),
      startMock({ api: 'connect', latency: { min: 1_500, max: 2_000 } }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([faulty?.stop(), slow?.stop()]);
  });

  it('mixes 429s (with the configured Retry-After), 503s and real answers at the configured rates', async () => {
    const answers = [];
    for (let i = 0; i < 40; i++) {
      answers.push(await call(`${faulty.url}/payment-sessions/x`, { headers: KEY }));
    }
    const statuses = new Set(answers.map((answer) => answer.status));
    expect(statuses).toEqual(new Set([200, 429, 503]));
    for (const answer of answers.filter((a) => a.status === 429)) expect(answer.headers.get('retry-after')).toBe('7');
  });

  it('lets one request opt out with X-Mock-Fault: none', async () => {
    for (let i = 0; i < 10; i++) {
      const answer = await call(`${faulty.url}/payment-sessions/x`, { headers: { ...KEY, 'X-Mock-Fault': 'none' } });
      expect(answer.status).toBe(200);
    }
  });

  it('delays every answer, unless a request says X-Mock-Delay: 0', async () => {
    const finished: string[] = [];
    const url = `${slow.url}/payment-sessions/x`;
    const configured = call(url, { headers: KEY }).then(() => finished.push('configured delay'));
    const optedOut = call(url, { headers: { ...KEY, 'X-Mock-Delay': '0' } }).then(() => finished.push('no delay'));
    await Promise.all([configured, optedOut]);
    expect(finished).toEqual(['no delay', 'configured delay']);
  });

  it('does not delay preflights (the browser asks those, not the app)', async () => {
    const finished: string[] = [];
    const url = `${slow.url}/payment-sessions/x`;
    const actual = call(url, { headers: { ...KEY, Origin: APP_ORIGIN } }).then(() => finished.push('actual'));
    const preflight = call(url, {
      method: 'OPTIONS',
      headers: { Origin: APP_ORIGIN, 'Access-Control-Request-Method': 'GET' },
    }).then(() => finished.push('preflight'));
    await Promise.all([actual, preflight]);
    expect(finished).toEqual(['preflight', 'actual']);
  });
});
