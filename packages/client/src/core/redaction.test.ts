import { inspect } from 'node:util';
import { describe, expect, test } from 'vitest';
import { fixtureVendor as connectVendor, type paths } from '../test-support/fixture-client.js';
type ConnectPaths = paths;
import { createTen99PolicyClient } from '../generated/ten99policy/index.js';
import { testClock } from '../test-support/deps.js';
import { fakeFetch, hang, json, networkError } from '../test-support/fake-fetch.js';
import { createVendorClient } from './client.js';
import type { Logger } from './logger.js';
import { REDACTED, redactDeep, redactor } from './redaction.js';

const API_KEY = 'sk_live_4f9c2e7a1b3d5f60';
const T9K_KEY = 't9k_live_Zx81Qw72Er63';
const SESSION_URL = 'https://my.1099policy.com/payment/setup/live_tok_9a8b7c6d5e4f';
const SESSION_TOKEN = 'live_tok_9a8b7c6d5e4f';

/** Every way an error commonly gets printed or shipped. */
function everythingShown(error: unknown): string {
  const e = error as Error;
  return [e.message, String(e), JSON.stringify(e), e.stack, inspect(e, { depth: 10 })].join('\n');
}

function recordingLogger(): { logger: Logger; output: () => string } {
  const lines: string[] = [];
  const record = (level: string) => (message: string, details?: Record<string, unknown>) =>
    lines.push(`${level} ${message} ${JSON.stringify(details)}`);
  return {
    logger: { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') },
    output: () => lines.join('\n'),
  };
}

describe('redaction', () => {
  test('an API key echoed back in an error body is not in the error, however it is printed', async () => {
    const fetch = fakeFetch(json(401, { code: 'UNAUTHORIZED', message: `API key ${API_KEY} is not valid` }));
    const client = createVendorClient<ConnectPaths, string | undefined>(
      connectVendor,
      { apiKey: API_KEY, baseUrl: 'https://api.example.test', fetch },
      testClock().deps,
    );
    const { error } = await client.GET('/sessions/{sessionId}', { params: { path: { sessionId: 'ps_1' } } });
    expect(error?.status).toBe(401);
    expect(error?.message).toBe(`Fixture API responded 401 UNAUTHORIZED: API key ${REDACTED} is not valid`);
    expect(everythingShown(error)).not.toContain(API_KEY);
  });

  test('the Authorization header (Basic credentials) never shows in errors or logs', async () => {
    const basic = btoa(`${T9K_KEY}:`);
    const { logger, output } = recordingLogger();
    const fetch = fakeFetch(
      json(503, { message: `upstream rejected Authorization: Basic ${basic}` }),
      new TypeError('fetch failed', { cause: new Error(`proxy refused header authorization=Basic ${basic}`) }),
      new TypeError('fetch failed', { cause: new Error(`proxy refused header authorization=Basic ${basic}`) }),
    );
    const auth = { schemes: { Basic: { type: 'http', scheme: 'basic' } }, root: 'Basic', operations: {} } as const;
    const client = createVendorClient<ConnectPaths, string | undefined>(
      { ...connectVendor, auth },
      { apiKey: T9K_KEY, baseUrl: 'https://api.example.test', fetch, logger },
      testClock().deps,
    );
    const failure = await client.GET('/sessions/{sessionId}', { params: { path: { sessionId: 's_1' } } }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(failure).toMatchObject({ name: 'PaykitConnectionError' });
    const shown = everythingShown(failure) + output();
    for (const secret of [T9K_KEY, basic]) expect(shown).not.toContain(secret);
    expect(output()).toContain('retry 1 of 2');
  });

  test('1099Policy session URL tokens are redacted from error bodies, messages and logs', async () => {
    const { logger, output } = recordingLogger();
    const fetch = fakeFetch(
      json(400, { error_code: 'invalid_input', message: `bad session ${SESSION_URL}`, url: SESSION_URL }),
    );
    const { error } = await createTen99PolicyClient({ apiKey: T9K_KEY, fetch, logger }).POST(
      '/api/v1/payment/sessions',
      {
        body: { contractor: 'cn_1', return_url: 'https://app.example.com/return' },
      },
    );
    // `url` is marked x-paykit-secret in the spec: its whole value goes, wherever it shows.
    expect(error?.body).toMatchObject({ url: REDACTED, message: `bad session ${REDACTED}` });
    expect(everythingShown(error) + output()).not.toContain(SESSION_TOKEN);
  });

  test('a warn line per retry, never carrying the key (even where a caller put it in a path)', async () => {
    const { logger, output } = recordingLogger();
    const fetch = fakeFetch(
      json(429, { message: 'slow' }, { 'retry-after': '0' }),
      networkError(),
      hang(),
      json(200, {}),
    );
    const clock = testClock();
    const client = createVendorClient<ConnectPaths, string | undefined>(
      connectVendor,
      { apiKey: API_KEY, baseUrl: 'https://api.example.test', fetch, logger, maxRetries: 3 },
      clock.deps,
    );
    const call = client.GET('/sessions/{sessionId}', { params: { path: { sessionId: API_KEY } } });
    for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
    clock.expireTimers();
    await call;
    expect(output().split('\n')).toEqual([
      `warn paykit: Fixture API GET /sessions/${REDACTED}: 429; retry 1 of 3 in 0 ms undefined`,
      `warn paykit: Fixture API GET /sessions/${REDACTED}: connection lost; retry 2 of 3 in 500 ms undefined`,
      `warn paykit: Fixture API GET /sessions/${REDACTED}: timed out; retry 3 of 3 in 1000 ms undefined`,
    ]);
    expect(output()).not.toContain(API_KEY);
  });

  test('timeout errors do not carry the key either', async () => {
    const clock = testClock();
    const fetch = fakeFetch((sent) => {
      const pending = (hang() as (s: typeof sent) => Promise<Response>)(sent);
      clock.expireTimers();
      return pending;
    });
    const client = createVendorClient<ConnectPaths, string | undefined>(
      connectVendor,
      { apiKey: API_KEY, baseUrl: 'https://api.example.test', fetch, maxRetries: 0 },
      clock.deps,
    );
    const failure = await client
      .GET('/sessions/{sessionId}', { params: { path: { sessionId: API_KEY } } })
      .catch((e: unknown) => e);
    expect(failure).toMatchObject({ name: 'PaykitTimeoutError' });
    expect(everythingShown(failure)).not.toContain(API_KEY);
  });

  test('the redactor replaces known secrets and recognisable secret shapes', () => {
    const redact = redactor(['abc123secret']);
    expect(redact('key abc123secret twice abc123secret')).toBe(`key ${REDACTED} twice ${REDACTED}`);
    expect(redact('Authorization: Bearer eyJhbGciOi.payload.sig')).toBe(`Authorization: Bearer ${REDACTED}`);
    expect(redact('{"Authorization":"Basic dDlrOg=="}')).toBe(`{"Authorization":"Basic ${REDACTED}"}`);
    expect(redact('authorization: t9k_test_rawkey')).toBe(`authorization: ${REDACTED}`);
    expect(redact('grant_type=client_credentials&client_secret=s3cr3t&x=1')).toBe(
      `grant_type=client_credentials&client_secret=${REDACTED}&x=1`,
    );
    expect(redact('{"access_token":"tok_1","expires_in":60}')).toBe(`{"access_token":"${REDACTED}","expires_in":60}`);
    expect(redactDeep({ nested: [{ url: 'x abc123secret' }], n: 1, [`k ${'abc123secret'}`]: null }, redact)).toEqual({
      nested: [{ url: `x ${REDACTED}` }],
      n: 1,
      [`k ${REDACTED}`]: null,
    });
    const deep: Record<string, unknown> = {};
    let level = deep;
    for (let i = 0; i < 12; i++) level = level['next'] = { secret: 'abc123secret' };
    expect(JSON.stringify(redactDeep(deep, redact))).not.toContain('abc123secret');
  });
});
