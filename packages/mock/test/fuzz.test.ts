import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { bundlePath, type ApiName } from '@paykit/spec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRandom, type Random } from '../src/front-door/random.js';
import { startMock, type Mock } from '../src/index.js';

// A seeded fuzz of what reaches the mock over the wire: request lines, %-escapes, headers and bodies, malformed
// and hostile, against both vendors' sandboxes. Whatever is sent, the answer is a 4xx (or a success), never a 5xx,
// never silence. The same seed makes the same corpus on every run.

const SEED = 18;
const REQUESTS_PER_API = 400;
const CONCURRENCY = 8;
const HANG_GUARD_MS = 10_000;

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const chance = (random: Random, share: number): boolean => random() < share;

const SEGMENTS = [
  '%zz',
  '%',
  '%4',
  '%e0%a4%a',
  '%c3%28',
  '%ff%fe',
  '%ed%a0%80', // a UTF-16 surrogate, UTF-8 encoded: not valid UTF-8
  '%00',
  '%2F',
  '%2e%2e',
  '..',
  '.',
  '',
  '%F0%9F%92%A9',
  'a'.repeat(3000),
  '{id}',
  '%25',
  ';x=1',
  '*',
  'hps_AbCdEfGh123456',
  'd2e3f4a5-b6c7-8901-2345-012345678901',
  '__proto__',
];
const RESERVED = [
  '/__paykit/',
  '/__paykit',
  '/__paykit/sessions',
  '/__paykit/sessions/{id}',
  '/__paykit/sessions/{id}/state',
  '/__paykit/clock',
  '/__paykit/clock/advance',
  '/__paykit/events',
  '/__paykit/events/{id}/resend',
  '/__paykit/reset',
  '/__paykit/pages/{id}',
];
const QUERIES = [
  '__code=abc',
  '__code=404',
  '__example=%zz',
  '__example=nope',
  '__dynamic=maybe',
  '__server=javascript:alert(1)',
  'a=%zz',
  'limit=-1',
  'x=%00',
  '%zz=1',
  '&&&',
];
const TARGETS = ['*', 'http://attacker.example/payment-sessions', '//attacker.example/x', 'payment-sessions', ''];
const HOSTS = [
  'attacker.example',
  'localhost.attacker.example',
  '127.0.0.1.nip.io',
  '',
  'a b',
  '0.0.0.0',
  '[::1]',
  'localhost',
  'user@127.0.0.1',
  '127.0.0.1:99999',
];
const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'application/problem+json',
  'application/x-www-form-urlencoded',
  'text/plain',
  'multipart/form-data; boundary=x',
  ';;;',
  'application/json;;',
  'application/json; a="unterminated',
  '*/*',
  'json',
  'application/',
  'application/json, text/plain',
];
const ACCEPTS = ['*/*', 'text/xml', ';;;', 'application/json;q=abc', 'application/json, , */*', '/', 'a/b/c', '*'];
const PREFERS = ['code=abc', 'code=404', 'example=nope', 'code=200, example=x', 'dynamic=true', 'code=', ',,,', '='];
const DELAYS = ['abc', '-1', '99999999', '0', '1-0', '0-0', '1e3', ''];
const FAULTS = ['abc', '429=2', 'none', 'reset=x', '503=-1', '999', '429=0.5,429=0.5', ''];
const ORIGINS = ['https://evil.example', 'null', 'http://localhost:5173', 'javascript:alert(1)', '', 'http://[::1]:1'];
const FETCH_SITES = ['cross-site', 'same-site', 'same-origin', 'none', 'bogus'];
const AUTHORIZATIONS = [
  'Basic %%%',
  'Basic',
  'Bearer ',
  'Basic dDlrX3Rlc3RfZHVtbXk6',
  'Digest x',
  `Basic ${'='.repeat(500)}`,
];
const METHODS = ['GET', 'POST', 'POST', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'];
const JUNK_METHODS = ['BREW', 'get', 'G ET', 'CONNECT'];

const deep = (depth: number, open: string, close: string, leaf = '1'): string =>
  open.repeat(depth) + leaf + close.repeat(depth);

function bodies(api: ApiName): Array<string | Buffer> {
  const create =
    api === 'connect'
      ? {
          orderId: 'order-fuzz',
          paymentProvider: 'STRIPE',
          hosted: true,
          returnUrl: 'https://a.example/ok',
          cancelUrl: 'https://a.example/no',
        }
      : { contractor: 'cn_AbCdEfGh12', return_url: 'https://app.example.com/return' };
  const valid = JSON.stringify(create);
  return [
    '',
    '{}',
    '[]',
    'null',
    '"text"',
    valid,
    deep(5000, '[', ']'),
    deep(5000, '{"a":', '}'),
    valid.replace(/}$/, `,"extra":${deep(3000, '{"a":', '}')}}`),
    deep(101, '[', ']'),
    '{"n":1e400,"m":-1e400,"big":123456789012345678901234567890,"tiny":1e-400}',
    '{"seconds":1e400}',
    '{"seconds":-0}',
    '{"state":"completed","state":"failed"}',
    valid.replace(/^\{/, '{"orderId":1,"contractor":2,'),
    Buffer.concat([
      Buffer.from(valid.slice(0, -1)),
      Buffer.from(',"x":"'),
      Buffer.from([0xff, 0xfe, 0xc3]),
      Buffer.from('"}'),
    ]),
    Buffer.from([0xef, 0xbb, 0xbf, ...Buffer.from(valid)]),
    Buffer.from([0xc0, 0xaf, 0x7b, 0x7d]),
    '{"a":',
    '{"a" 1}',
    '\u0000',
    '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}',
    `{"s":"${'x'.repeat(200_000)}"}`,
    'action=complete&action=cancel',
    'action=%zz',
    JSON.stringify({ ...create, returnUrl: 'javascript:alert(1)', cancelUrl: 'data:,x', return_url: 'javascript:x' }),
  ];
}

/** The spec's path templates of an API, for paths that reach its router. */
function templates(api: ApiName): string[] {
  const document = JSON.parse(readFileSync(bundlePath(api), 'utf8')) as { paths: Record<string, unknown> };
  return Object.keys(document.paths);
}

interface Case {
  summary: string;
  bytes: Buffer;
}

function makeCase(random: Random, api: ApiName, port: number, paths: string[], corpus: Array<string | Buffer>): Case {
  const junkMethod = chance(random, 0.03);
  const method = junkMethod ? pick(random, JUNK_METHODS) : pick(random, METHODS);
  let target: string;
  if (chance(random, 0.05)) {
    target = pick(random, TARGETS);
  } else {
    const template = chance(random, 0.3) ? pick(random, RESERVED) : pick(random, paths);
    target = template.replace(/\{[^}]+\}/g, () => pick(random, SEGMENTS));
    if (chance(random, 0.15)) target += `/${pick(random, SEGMENTS)}`;
    if (chance(random, 0.3))
      target += `?${pick(random, QUERIES)}${chance(random, 0.3) ? `&${pick(random, QUERIES)}` : ''}`;
  }
  const headers: Array<[string, string]> = [
    ['Host', chance(random, 0.1) ? pick(random, HOSTS) : `127.0.0.1:${port}`],
    ['Connection', 'close'],
  ];
  const maybe = (share: number, name: string, values: readonly string[]): void => {
    if (chance(random, share)) headers.push([name, pick(random, values)]);
  };
  headers.push(api === 'connect' ? ['X-API-Key', 'fuzz-key'] : ['Authorization', 'Basic dDlrX3Rlc3RfZHVtbXk6']);
  maybe(0.15, 'Authorization', AUTHORIZATIONS);
  maybe(0.6, 'Content-Type', CONTENT_TYPES);
  maybe(0.2, 'Accept', ACCEPTS);
  maybe(0.15, 'Prefer', PREFERS);
  maybe(0.1, 'X-Mock-Delay', DELAYS);
  maybe(0.1, 'X-Mock-Fault', FAULTS);
  maybe(0.25, 'Origin', ORIGINS);
  maybe(0.25, 'Sec-Fetch-Site', FETCH_SITES);
  maybe(0.1, 'Sec-Fetch-Mode', ['navigate', 'cors', 'no-cors', 'bogus']);
  maybe(0.1, 'Access-Control-Request-Method', ['POST', 'BREW', '']);
  maybe(0.1, api === 'connect' ? 'X-Idempotency-Key' : 'Idempotency-Key', ['k', 'x'.repeat(5000), '%zz', '']);
  maybe(0.05, 'Transfer-Encoding', ['chunked, gzip', 'identity', 'bogus']);
  if (chance(random, 0.05)) headers.push(['X-Bad\u0001Header', 'v']);
  if (chance(random, 0.03)) headers.push(['X-Huge', 'h'.repeat(20_000)]);
  const withBody = method !== 'GET' && method !== 'HEAD' ? chance(random, 0.85) : chance(random, 0.1);
  const body = withBody ? pick(random, corpus) : '';
  const bodyBytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
  const chunked = headers.some(([name]) => name === 'Transfer-Encoding');
  if (!chunked) headers.push(['Content-Length', String(bodyBytes.length)]);
  const head = `${method} ${target} HTTP/1.1\r\n${headers.map(([name, value]) => `${name}: ${value}`).join('\r\n')}\r\n\r\n`;
  const summary = `${method} ${target.slice(0, 80)} [${headers
    .filter(([name]) => !['Connection', 'Content-Length', 'X-API-Key'].includes(name))
    .map(([name, value]) => `${name}: ${value.slice(0, 40)}`)
    .join('; ')}] body ${bodyBytes.length} B`;
  return {
    summary,
    bytes: Buffer.concat([Buffer.from(head, 'latin1'), chunked ? Buffer.from('0\r\n\r\n') : bodyBytes]),
  };
}

/** Sends raw bytes, resolves with the status of the first answer (0: the connection closed without one). */
function send(port: number, bytes: Buffer): Promise<{ status: number; contentType: string | undefined }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(bytes));
    const chunks: Buffer[] = [];
    const finish = (): void => {
      clearTimeout(guard);
      const text = Buffer.concat(chunks).toString('latin1');
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1];
      const head = text.slice(0, text.indexOf('\r\n\r\n'));
      resolve({ status: status ? Number(status) : 0, contentType: /\r\ncontent-type: ([^\r]*)/i.exec(head)?.[1] });
    };
    const guard = setTimeout(() => socket.destroy(), HANG_GUARD_MS);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    // A reset after the answer (the mock closing a connection whose body it did not read) still counts the answer.
    socket.on('error', () => undefined);
    socket.on('close', finish);
  });
}

const mocks: Partial<Record<ApiName, Mock>> = {};
beforeAll(async () => {
  const [connectMock, ten99Mock] = await Promise.all([
    startMock({ api: 'connect' }),
    startMock({ api: 'ten99policy' }),
  ]);
  mocks.connect = connectMock;
  mocks.ten99policy = ten99Mock;
});
afterAll(() => Promise.all(Object.values(mocks).map((mock) => mock.stop())));

describe('fuzzed requests get a 4xx (or a success), never a 5xx or silence', () => {
  it.each(['connect', 'ten99policy'] as const)('%s', async (api) => {
    const mock = mocks[api] as Mock;
    const random = createRandom(SEED);
    const paths = templates(api);
    const corpus = bodies(api);
    const cases = Array.from({ length: REQUESTS_PER_API }, () => makeCase(random, api, mock.port, paths, corpus));
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    for (let start = 0; start < cases.length; start += CONCURRENCY) {
      const batch = cases.slice(start, start + CONCURRENCY);
      const answers = await Promise.all(batch.map((one) => send(mock.port, one.bytes)));
      answers.forEach(({ status, contentType }, index) => {
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        const { summary } = batch[index] as Case;
        if (status === 0) failures.push(`no answer: ${summary}`);
        else if (status >= 500) failures.push(`${status}: ${summary}`);
        // A refusal says why: a problem document, the vendor's error JSON, or a hosted page's HTML.
        else if (status >= 400 && !summary.startsWith('HEAD') && !/json|html/.test(contentType ?? ''))
          failures.push(`${status} without a body type: ${summary}`);
      });
    }
    console.log(
      `${api}: ${REQUESTS_PER_API} fuzzed requests (seed ${SEED}), statuses ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}`,
    );
    expect(failures).toEqual([]);
  });
});
