import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startMock, type Mock } from '../../src/index.js';
import { type Answer, call, json } from '../support/http.js';

// Accounts, through HTTP to started mocks: each API key keeps its own sessions, idempotency keys, events and
// clock; the control API names accounts by a non-secret id and never shows a key.

const KEY_A = 't9k_test_accounts_key_a';
const KEY_B = 't9k_test_accounts_key_b';
const CONNECT_A = 'connect-accounts-key-a';
const CONNECT_B = 'connect-accounts-key-b';
const KEYS = [KEY_A, KEY_B, CONNECT_A, CONNECT_B];
const idOf = (key: string) => `acct_${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;

const mocks: Mock[] = [];
afterEach(async () => {
  await Promise.all(mocks.splice(0).map((mock) => mock.stop()));
});

async function started(api: 'connect' | 'ten99policy'): Promise<Mock> {
  const mock = await startMock({ api });
  mocks.push(mock);
  return mock;
}

/** Every answer the control API gave in a test: none may carry an API key. */
const controlAnswers: Answer[] = [];
afterEach(() => {
  for (const answer of controlAnswers.splice(0)) for (const key of KEYS) expect(answer.text).not.toContain(key);
});

async function control(mock: Mock, path: string, body?: unknown): Promise<Answer> {
  const answer = await call(`${mock.url}/__paykit/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  controlAnswers.push(answer);
  return answer;
}

/** A 1099Policy call with the key as HTTP Basic's user name (`curl -u KEY:`), as the vendor's guides show. */
const ten99 = (mock: Mock, path: string, key: string, headers: Record<string, string> = {}, body?: unknown) =>
  call(`${mock.url}${path}`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}`,
      'content-type': 'application/json',
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

const CREATE = { contractor: 'cn_AbCdEfGh12', return_url: 'https://app.example.com/return' };
const createTen99 = async (mock: Mock, key: string, headers: Record<string, string> = {}) =>
  json(await ten99(mock, '/api/v1/payment/sessions', key, headers, CREATE)) as { id: string; url: string };

const connectCall = (mock: Mock, path: string, key: string, body?: unknown) =>
  call(`${mock.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'x-api-key': key, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

describe('a session belongs to the key that made it', () => {
  it("Connect: key B reads key A's session as the vendor's 404 NOT_FOUND; key A reads it", async () => {
    const mock = await started('connect');
    const created = json(
      await connectCall(mock, '/payment-sessions', CONNECT_A, { orderId: 'order-a', paymentProvider: 'STRIPE' }),
    ) as { paymentSessionId: string };
    const path = `/payment-sessions/${created.paymentSessionId}`;
    expect((await connectCall(mock, path, CONNECT_A)).status).toBe(200);
    const other = await connectCall(mock, path, CONNECT_B);
    expect([other.status, json(other)]).toEqual([
      404,
      { code: 'NOT_FOUND', message: 'No session was found with the given ID.' },
    ]);
    expect((await connectCall(mock, `${path}/cancel`, CONNECT_B, {})).status).toBe(404);
  });

  it("1099Policy: key B's cancel of key A's session is the vendor's 404 resource_not_found", async () => {
    const mock = await started('ten99policy');
    const session = await createTen99(mock, KEY_A);
    const other = await ten99(mock, `/api/v1/payment/sessions/${session.id}/cancel`, KEY_B);
    expect([other.status, json(other)]).toEqual([
      404,
      { error_code: 'resource_not_found', message: 'Payment session not found.' },
    ]);
    const mine = await ten99(mock, `/api/v1/payment/sessions/${session.id}/cancel`, KEY_A);
    expect([mine.status, json(mine).status]).toEqual([200, 'cancelled']);
  });

  it("key B reusing key A's idempotency key gets a session of its own, not A's answer", async () => {
    const mock = await started('ten99policy');
    const headers = { 'idempotency-key': 'shared-key-1' };
    const first = await createTen99(mock, KEY_A, headers);
    expect((await createTen99(mock, KEY_A, headers)).id).toBe(first.id);
    const other = await createTen99(mock, KEY_B, headers);
    expect(other.id).not.toBe(first.id);
    const listed = json(await control(mock, `sessions?account=${idOf(KEY_B)}`)).sessions as Array<{ id: string }>;
    expect(listed.map((session) => session.id)).toEqual([other.id]);
  });
});

describe('the clock is per account', () => {
  it("advancing A's clock expires A's sessions only; B's stay pending and cancellable", async () => {
    const mock = await started('ten99policy');
    const a = await createTen99(mock, KEY_A);
    const b = await createTen99(mock, KEY_B);
    const advanced = json(await control(mock, `clock/advance?account=${idOf(KEY_A)}`, { seconds: 1860 }));
    expect(advanced).toMatchObject({ account: idOf(KEY_A), expired: [a.id], clock: { offsetSeconds: 1860 } });

    const sessions = json(await control(mock, 'sessions')).sessions as Array<Record<string, unknown>>;
    expect(sessions.map(({ id, account, state }) => ({ id, account, state }))).toEqual([
      { id: a.id, account: idOf(KEY_A), state: 'expired' },
      { id: b.id, account: idOf(KEY_B), state: 'pending' },
    ]);
    const clockB = json(await control(mock, `clock?account=${idOf(KEY_B)}`));
    expect(clockB).toMatchObject({ account: idOf(KEY_B), offsetSeconds: 0 });
    const cancelB = await ten99(mock, `/api/v1/payment/sessions/${b.id}/cancel`, KEY_B);
    expect(json(cancelB).status).toBe('cancelled');
    const events = json(await control(mock, `events?account=${idOf(KEY_A)}`)).events as Array<Record<string, unknown>>;
    expect(events.map(({ type, account }) => ({ type, account }))).toEqual([
      { type: 'payment.session.expired', account: idOf(KEY_A) },
    ]);
  });

  it('moves to an absolute RFC 3339 time, refuses going back (saying what time it is), and resets', async () => {
    const mock = await started('ten99policy');
    await createTen99(mock, KEY_A);
    const account = idOf(KEY_A);
    const target = new Date(Date.now() + 3 * 86_400_000);
    target.setUTCMilliseconds(0);
    const moved = json(await control(mock, `clock/advance?account=${account}`, { to: target.toISOString() }));
    expect(Date.parse((moved.clock as { now: string }).now)).toBeGreaterThanOrEqual(target.getTime());

    const back = await control(mock, `clock/advance?account=${account}`, { to: '2020-01-01T00:00:00Z' });
    expect(back.status).toBe(400);
    expect(json(back).detail).toMatch(
      /^to: the sandbox clock only moves forward: it is \d{4}-\d\d-\d\dT[\d:.]+Z now, after the time asked for$/,
    );
    const noZone = await control(mock, `clock/advance?account=${account}`, { to: '2030-01-01T00:00:00' });
    expect(json(noZone).detail).toBe('to must be an RFC 3339 date-time with a time zone, e.g. 2026-12-07T10:00:00Z');
    const both = await control(mock, `clock/advance?account=${account}`, { seconds: 1, to: target.toISOString() });
    expect(json(both).detail).toMatch(/^give seconds .* or to .*, one of them$/);
    const typo = await control(mock, `clock/advance?account=${account}`, { second: 1 });
    expect(json(typo).detail).toBe('unknown field "second": this route takes seconds, to, expire');

    const reset = json(await control(mock, `clock/reset?account=${account}`, {}));
    expect(reset).toMatchObject({ account, clock: { offsetSeconds: 0 } });
  });

  it('without an account, advances every clock (and the one new accounts start from)', async () => {
    const mock = await started('ten99policy');
    const a = await createTen99(mock, KEY_A);
    const b = await createTen99(mock, KEY_B);
    const advanced = json(await control(mock, 'clock/advance', { seconds: 1860 }));
    expect(advanced).toMatchObject({ account: 'all', clock: { offsetSeconds: 1860 } });
    expect((advanced.expired as string[]).sort()).toEqual([a.id, b.id].sort());

    // To a time: every clock there; one before the latest account's now moves none.
    await control(mock, `clock/advance?account=${idOf(KEY_A)}`, { seconds: 86_400 });
    const soon = new Date(Date.now() + 3_600_000).toISOString();
    const refused = await control(mock, 'clock/advance', { to: soon });
    expect(refused.status).toBe(400);
    const clocks = json(await control(mock, 'clock')).accounts as Array<{
      account: string;
      clock: { offsetSeconds: number };
    }>;
    expect(clocks.find((held) => held.account === idOf(KEY_B))?.clock.offsetSeconds).toBe(1860);
    const later = new Date(Date.now() + 2 * 86_400_000).toISOString();
    const moved = json(await control(mock, 'clock/advance', { to: later }));
    const nows = (moved.accounts as Array<{ clock: { now: string } }>).map(({ clock }) => Date.parse(clock.now));
    for (const now of nows) expect(now).toBeGreaterThanOrEqual(Date.parse(later));
  });
});

describe('the control API names accounts, never keys', () => {
  it('GET /__paykit/accounts lists each account with its counts and clock; ?account= filters lists', async () => {
    const mock = await started('ten99policy');
    await createTen99(mock, KEY_A);
    await createTen99(mock, KEY_A);
    await createTen99(mock, KEY_B);
    const listed = json(await control(mock, 'accounts'));
    expect(listed.accounts).toEqual([
      expect.objectContaining({ account: 'acct_control', sessions: 0 }),
      expect.objectContaining({
        account: idOf(KEY_A),
        sessions: 2,
        idempotencyKeys: 0,
        events: 0,
        webhookEndpoints: 0,
      }),
      expect.objectContaining({
        account: idOf(KEY_B),
        sessions: 1,
        clock: expect.objectContaining({ offsetSeconds: 0 }),
      }),
    ]);
    const onlyB = json(await control(mock, `sessions?account=${idOf(KEY_B)}`));
    expect([(onlyB.sessions as unknown[]).length, onlyB.total]).toEqual([1, 1]);

    const page = json(await control(mock, 'sessions?limit=2'));
    expect(page.total).toBe(3);
    const rest = json(await control(mock, String(page.next).slice('/__paykit/'.length)));
    expect([(page.sessions as unknown[]).length, (rest.sessions as unknown[]).length, rest.next]).toEqual([2, 1, null]);
  });

  it('refuses a malformed account id (400) and an unknown one (404)', async () => {
    const mock = await started('ten99policy');
    const malformed = await control(mock, `sessions?account=${encodeURIComponent(KEY_A)}`);
    expect([malformed.status, json(malformed).detail]).toEqual([
      400,
      'account must be an account id: acct_ and 12 hex digits, or acct_control (GET /__paykit/accounts)',
    ]);
    const unknown = await control(mock, 'sessions?account=acct_000000000000');
    expect(unknown.status).toBe(404);
    expect(json(unknown).detail).toContain('No account acct_000000000000 in this mock');
  });

  it('resets one account, or everything without one (and says which)', async () => {
    const mock = await started('ten99policy');
    await createTen99(mock, KEY_A);
    const b = await createTen99(mock, KEY_B);
    const one = json(await control(mock, `reset?account=${idOf(KEY_A)}`, {}));
    expect(one).toMatchObject({ reset: true, account: idOf(KEY_A) });
    const left = json(await control(mock, 'sessions')).sessions as Array<{ id: string }>;
    expect(left.map((session) => session.id)).toEqual([b.id]);
    const all = json(await control(mock, 'reset', {}));
    expect(all).toMatchObject({ reset: true, account: 'all', clock: { offsetSeconds: 0 } });
    expect(json(await control(mock, 'sessions')).total).toBe(0);
  });
});
