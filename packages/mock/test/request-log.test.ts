import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type Mock } from '../src/index.js';
import { loggedPath } from '../src/request-log/observe.js';
import { requestLine } from '../src/request-log/line.js';
import type { RequestEntry } from '../src/request-log/request-log.js';
import { call, json } from './support/http.js';
import { rawCall } from './support/raw-http.js';

// The request log: what `GET /__paykit/requests` answers after requests of every kind (created, replayed, refused,
// a hosted page, an injected fault), its paging and cap, that a reset empties it, and that nothing secret is in it.

const KEY = 't9k_test_request_log_secret_key';
const AUTH = `Basic ${Buffer.from(`${KEY}:`).toString('base64')}`;
const CREATE = { contractor: 'cn_AbCdEfGh12', return_url: 'https://app.example.com/billing/return' };

let mock: Mock;
let capped: Mock;

beforeAll(async () => {
  [mock, capped] = await Promise.all([
    startMock({ api: 'ten99policy' }),
    startMock({ api: 'connect', requestLog: { limit: 3 } }),
  ]);
});
afterAll(async () => {
  await Promise.all([mock?.stop(), capped?.stop()]);
});

const create = (target: Mock, headers: Record<string, string> = {}, body: unknown = CREATE) =>
  call(`${target.url}/api/v1/payment/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: AUTH, ...headers },
    body: JSON.stringify(body),
  });

async function requests(
  target: Mock,
  query = '',
): Promise<{ requests: RequestEntry[]; total: number; lastId: number }> {
  const answer = await call(`${target.url}/__paykit/requests${query}`);
  expect(answer.status).toBe(200);
  return JSON.parse(answer.text);
}

describe('GET /__paykit/requests', () => {
  it('lists each request once answered: status, latency, idempotency key, replay, session, refusal reason', async () => {
    await call(`${mock.url}/__paykit/reset`, { method: 'POST', headers: { 'content-type': 'application/json' } });
    const first = await create(mock, { 'idempotency-key': 'order-42' });
    const session = json(first) as { id: string; url: string };
    await create(mock, { 'idempotency-key': 'order-42' });
    await create(mock, {}, { return_url: 'http://insecure.example.com' });
    await call(`${mock.url}/api/v1/payment/sessions`, { method: 'POST', headers: { 'x-mock-fault': '503' } });
    await call(`${session.url}?card=4242`);

    const log = (await requests(mock)).requests;
    const [reset, created, replayed, refused, faulted, page] = log;
    expect(reset).toMatchObject({ method: 'POST', path: '/__paykit/reset', status: 200, refusal: null });
    expect(created).toMatchObject({
      method: 'POST',
      path: '/api/v1/payment/sessions',
      status: 201,
      idempotencyKey: 'order-42',
      replay: false,
      session: session.id,
      refusal: null,
    });
    expect(replayed).toMatchObject({ status: 201, idempotencyKey: 'order-42', replay: true, session: session.id });
    expect(refused).toMatchObject({ status: 400, replay: false, session: null });
    expect(refused?.refusal).toMatch(/contractor is required/);
    // The refusal of missing credentials comes before the fault (the vendor's own words: its declared example).
    expect(faulted?.status).toBe(403);
    expect(faulted?.refusal).toBeTruthy();
    expect(page).toMatchObject({ method: 'GET', path: '/__paykit/pages/[token]', status: 200 });
    for (const entry of log) {
      expect(entry.latencyMs).toBeGreaterThanOrEqual(0);
      expect(Number.isNaN(Date.parse(entry.time))).toBe(false);
    }
    expect(log.map((entry) => entry.id)).toEqual([...log.keys()].map((i) => (reset?.id ?? 0) + i));
  });

  it('gives an injected fault its reason, and a cut connection no status', async () => {
    await call(`${mock.url}/api/v1/payment/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: AUTH, 'x-mock-fault': '503' },
      body: JSON.stringify(CREATE),
    });
    await call(`${mock.url}/api/v1/payment/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: AUTH, 'x-mock-fault': 'reset' },
      body: JSON.stringify(CREATE),
    }).catch(() => undefined);
    const log = (await requests(mock)).requests.filter((entry) => entry.path === '/api/v1/payment/sessions');
    const [injected, cut] = log.slice(-2);
    expect(injected).toMatchObject({ status: 503, refusal: '503 injected because of the X-Mock-Fault header' });
    expect(cut).toMatchObject({ status: null, refusal: 'connection cut before an answer' });
  });

  it('reads what came after an id (`after`), at most `limit`, and refuses bad values naming them', async () => {
    const { lastId } = await requests(mock);
    await call(`${mock.url}/__paykit/clock`);
    await call(`${mock.url}/__paykit/clock`);
    const later = await requests(mock, `?after=${lastId}`);
    // The first `GET requests` is logged too, once answered: it comes first.
    expect(later.requests.map((entry) => entry.path)).toEqual([
      '/__paykit/requests',
      '/__paykit/clock',
      '/__paykit/clock',
    ]);
    expect((await requests(mock, `?after=${lastId}&limit=1`)).requests).toHaveLength(1);
    const badAfter = await call(`${mock.url}/__paykit/requests?after=x`);
    expect(badAfter.status).toBe(400);
    expect(json(badAfter)['detail']).toBe('after must be the id of a request (a whole number)');
    const badLimit = await call(`${mock.url}/__paykit/requests?limit=0`);
    expect(json(badLimit)['detail']).toBe('limit must be a whole number from 1 to 1000');
  });

  it('keeps the newest `requestLog.limit` requests (a ring) and refuses a bad limit', async () => {
    for (let i = 0; i < 5; i++) await call(`${capped.url}/__paykit/clock`);
    const { requests: kept, total } = await requests(capped);
    expect(total).toBe(3);
    expect(kept.map((entry) => entry.id)).toEqual([3, 4, 5]);
    await expect(startMock({ api: 'connect', requestLog: { limit: 0 } })).rejects.toThrow(
      'requestLog.limit must be a whole number from 1 to 100000',
    );
  });

  it('is emptied by a reset (the reset itself is then the first entry)', async () => {
    await create(mock);
    await call(`${mock.url}/__paykit/reset`, { method: 'POST', headers: { 'content-type': 'application/json' } });
    const { requests: after } = await requests(mock);
    expect(after.map((entry) => `${entry.method} ${entry.path}`)).toEqual(['POST /__paykit/reset']);
  });

  it("names each entry's account (never the key), lists one account's with ?account=, and an account's reset clears only its own", async () => {
    const other = `Basic ${Buffer.from('t9k_test_request_log_other_key:').toString('base64')}`;
    await call(`${mock.url}/__paykit/reset`, { method: 'POST', headers: { 'content-type': 'application/json' } });
    const mine = json(await create(mock)) as { id: string };
    const theirs = json(await create(mock, { authorization: other })) as { id: string };
    await create(mock, { authorization: other }, {}); // refused for its body: still that key's account
    const [accountMine, accountTheirs] = [mine.id, theirs.id].map((id) => mock.sandbox!.accounts.find(id)!.account.id);
    const all = await requests(mock);
    expect(all.requests.map((entry) => entry.account)).toEqual([null, accountMine, accountTheirs, accountTheirs]);
    const only = await requests(mock, `?account=${accountTheirs}`);
    expect(only.requests.map((entry) => [entry.status, entry.session])).toEqual([
      [201, theirs.id],
      [400, null],
    ]);
    expect((await call(`${mock.url}/__paykit/requests?account=acct_nope`)).status).toBe(400);

    const reset = await call(`${mock.url}/__paykit/reset?account=${accountTheirs}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    expect(reset.status).toBe(200);
    const left = await requests(mock);
    // The control API's own requests (no key) stay too.
    expect(left.requests.flatMap((entry) => entry.account ?? [])).toEqual([accountMine]);
    expect(left.requests.at(-1)?.path).toBe('/__paykit/reset');
    expect(JSON.stringify(left)).not.toContain('t9k_test_request_log_other_key');
  });

  it("never holds an API key, the Authorization header or a hosted page's token", async () => {
    const created = json(await create(mock, { 'idempotency-key': 'secret-test' })) as { url: string };
    const token = new URL(created.url).pathname.split('/').pop() as string;
    expect(token.length).toBeGreaterThan(8);
    // The token by every spelling that reaches the page: plain, %-escaped, with an empty segment, in a query.
    const escaped = created.url.replace('/pages/', '/%70ages/');
    const doubled = created.url.replace('/pages/', '//pages/');
    for (const url of [created.url, escaped, doubled, `${created.url}/challenge`]) {
      expect((await call(url)).status).toBeLessThan(500);
    }
    await call(`${mock.url}/__paykit/sessions?key=${KEY}&token=${token}`);
    await rawCall(`${mock.url}/api/v1/payment/sessions`, { headers: { authorization: AUTH, 'x-api-key': KEY } });
    const text = (await call(`${mock.url}/__paykit/requests?limit=1000`)).text;
    for (const secret of [KEY, AUTH, token, Buffer.from(`${KEY}:`).toString('base64')]) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('/__paykit/pages/[token]');
    expect(text).toContain('/__paykit/%70ages/[token]');
    expect(text).toContain('/__paykit//pages/[token]');
    expect(text).toContain('/__paykit/pages/[token]/challenge');
  });

  it('refuses a page of another origin, as all of /__paykit/ (and so do the stream and the dashboard files)', async () => {
    for (const path of ['requests', 'stream', 'dashboard.js', '']) {
      const answer = await rawCall(`${mock.url}/__paykit/${path}`, {
        headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site', accept: 'text/html' },
      });
      expect(answer.status).toBe(403);
      expect(answer.headers['access-control-allow-origin']).toBeUndefined();
      expect(answer.text).not.toContain('"requests"');
    }
    // Another site's script or fetch without an origin (no-cors) is refused too; only a navigation gets through,
    // which the site cannot read.
    const embedded = await rawCall(`${mock.url}/__paykit/requests`, {
      headers: { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors' },
    });
    expect(embedded.status).toBe(403);
  });
});

describe('GET /__paykit/stream', () => {
  it('sends each new entry as a `request` event, and a stop does not wait for it (it is no request in flight)', async () => {
    const own = await startMock({ api: 'ten99policy' });
    let stopped = false;
    try {
      const stream = await fetch(`${own.url}/__paykit/stream`);
      expect(stream.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      const reader = stream.body!.getReader();
      await create(own, { 'idempotency-key': 'streamed' });
      let text = '';
      while (!text.includes('event: request')) {
        const { value, done } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
      const data = /event: request\ndata: (.*)\n/.exec(text)?.[1];
      expect(JSON.parse(data ?? '{}')).toMatchObject({ method: 'POST', status: 201, idempotencyKey: 'streamed' });
      // With a grace period, a stop waits for requests in flight and cuts those left: the stream is ended instead.
      const report = await own.stop({ graceMs: 5_000 });
      stopped = true;
      expect(report.cutRequests).toBe(0);
      expect((await reader.read()).done).toBe(true);
    } finally {
      if (!stopped) await own.stop();
    }
  });
});

describe('the dashboard files', () => {
  it('serves the page to a browser (HTML asked for) under a strict policy, and the JSON index to others', async () => {
    const page = await call(`${mock.url}/__paykit/`, { headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const policy = page.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toContain('unsafe-inline');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.text).toContain('<script src="/__paykit/dashboard.js" defer></script>');
    expect(page.text).not.toMatch(/<script>|<script [^>]*>[^<]+<\/script>| on[a-z]+="/);
    expect(json(await call(`${mock.url}/__paykit/`))['routes']).toContain(
      'GET  /__paykit/requests              the request log, oldest first (?after=<id>&limit=100): no keys, no tokens',
    );
    const script = await call(`${mock.url}/__paykit/dashboard.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await call(`${mock.url}/__paykit/dashboard.css`)).headers.get('content-type')).toBe(
      'text/css; charset=utf-8',
    );
    const posted = await call(`${mock.url}/__paykit/requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    expect(posted.status).toBe(405);
  });

  it("does not log the dashboard's own reads (each entry would make it read again)", async () => {
    const { lastId } = await requests(mock);
    await call(`${mock.url}/__paykit/sessions`, { headers: { 'x-paykit-dashboard': '1' } });
    await call(`${mock.url}/__paykit/dashboard.js`);
    await call(`${mock.url}/__paykit/`, { headers: { accept: 'text/html' } });
    const later = await requests(mock, `?after=${lastId}`);
    expect(later.requests.map((entry) => entry.path)).toEqual(['/__paykit/requests']);
  });
});

describe('the parts', () => {
  it.each([
    ['/__paykit/pages/tok_secret', '/__paykit/pages/[token]'],
    ['/__paykit/pages/tok_secret/challenge', '/__paykit/pages/[token]/challenge'],
    ['/__paykit/%70ages/tok_secret?x=1', '/__paykit/%70ages/[token]'],
    ['/%5F%5Fpaykit/pages/tok_secret', '/%5F%5Fpaykit/pages/[token]'],
    ['/api/v1/payment/sessions?api_key=k', '/api/v1/payment/sessions'],
    ['/payment-sessions/pages', '/payment-sessions/pages'],
  ])('loggedPath(%s) is %s', (target, shown) => {
    expect(loggedPath(target)).toBe(shown);
  });

  it('prints a request as one line', () => {
    const entry: RequestEntry = {
      id: 1,
      time: '2026-12-07T00:00:00.000Z',
      method: 'POST',
      path: '/payment-sessions',
      status: 201,
      latencyMs: 12,
      idempotencyKey: 'k1',
      refusal: null,
      replay: true,
      session: 'ps_1',
      account: 'acct_0123456789ab',
    };
    expect(requestLine(entry)).toBe(
      'POST /payment-sessions 201 12ms idem=k1 replay session=ps_1 account=acct_0123456789ab',
    );
    expect(
      requestLine({
        ...entry,
        status: 400,
        idempotencyKey: null,
        replay: false,
        session: null,
        account: null,
        refusal: 'x',
      }),
    ).toBe('POST /payment-sessions 400 12ms (x)');
  });
});
