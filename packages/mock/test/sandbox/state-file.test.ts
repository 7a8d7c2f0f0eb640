import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Mock, startMock } from '../../src/index.js';
import { StateFileError } from '../../src/sandbox/state-file.js';
import { call, json } from '../support/http.js';
import { tempDir } from '../support/temp-dir.js';

// The sandbox's state on disk, through started mocks over loopback: a restart with the same file keeps sessions,
// hosted pages, accounts and clocks; writes replace the file by rename; a file it cannot read is refused, untouched.

const KEY = 't9k_test_state_file_key';
const CONNECT_KEY = 'connect-state-file-key';

const mocks: Mock[] = [];
afterEach(async () => {
  await Promise.all(mocks.splice(0).map((mock) => mock.stop()));
});

async function started(api: 'connect' | 'ten99policy', stateFile: string, port?: number): Promise<Mock> {
  const mock = await startMock({ api, sandbox: { stateFile }, ...(port === undefined ? {} : { port }) });
  mocks.push(mock);
  return mock;
}

async function stopped(mock: Mock): Promise<void> {
  mocks.splice(mocks.indexOf(mock), 1);
  await mock.stop();
}

const ten99 = (mock: Mock, path: string, body?: unknown) =>
  call(`${mock.url}${path}`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${KEY}:`).toString('base64')}`,
      'content-type': 'application/json',
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

const CREATE = { contractor: 'cn_AbCdEfGh12', return_url: 'https://app.example.com/return' };

describe('a restart with the same state file', () => {
  it('1099Policy: the session, its hosted page, its account and its clock are there; the last change is kept', async () => {
    const file = join(tempDir('paykit-state-'), 'state.json');
    const first = await started('ten99policy', file);
    const kept = json(await ten99(first, '/api/v1/payment/sessions', CREATE)) as { id: string; url: string };
    const cancelled = json(await ten99(first, '/api/v1/payment/sessions', CREATE)) as { id: string };
    const account = (json(await call(`${first.url}/__paykit/accounts`)).accounts as Array<{ account: string }>)[1]!
      .account;
    await call(`${first.url}/__paykit/clock/advance?account=${account}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ seconds: 600 }),
    });
    // The last change, right before the stop (well inside the write's debounce): a graceful stop writes it.
    await ten99(first, `/api/v1/payment/sessions/${cancelled.id}/cancel`);
    const port = first.port;
    await stopped(first);
    expect(readFileSync(file, 'utf8')).not.toContain(KEY);

    const second = await started('ten99policy', file, port);
    const sessions = json(await call(`${second.url}/__paykit/sessions`)).sessions as Array<Record<string, unknown>>;
    expect(sessions.map(({ id, state, account: owner }) => ({ id, state, owner }))).toEqual([
      { id: kept.id, state: 'pending', owner: account },
      { id: cancelled.id, state: 'cancelled', owner: account },
    ]);
    const clock = json(await call(`${second.url}/__paykit/clock?account=${account}`));
    expect(clock.offsetSeconds).toBeGreaterThanOrEqual(600);
    const page = await call(kept.url);
    expect([page.status, page.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
    const again = await ten99(second, `/api/v1/payment/sessions/${cancelled.id}/cancel`);
    expect([again.status, json(again).error_code]).toEqual([400, 'session_not_pending']);
    const cancel = await ten99(second, `/api/v1/payment/sessions/${kept.id}/cancel`);
    expect([cancel.status, json(cancel).status]).toEqual([200, 'cancelled']);
  });

  it('Connect: the session reads back with its key, and its idempotency key still replays', async () => {
    const file = join(tempDir('paykit-state-'), 'nested', 'state.json');
    const headers = { 'x-api-key': CONNECT_KEY, 'content-type': 'application/json', 'x-idempotency-key': 'restart-1' };
    const body = JSON.stringify({ orderId: 'order-restart', paymentProvider: 'STRIPE' });
    const first = await started('connect', file);
    const created = await call(`${first.url}/payment-sessions`, { method: 'POST', headers, body });
    await stopped(first);

    const second = await started('connect', file);
    const { paymentSessionId } = json(created) as { paymentSessionId: string };
    const read = await call(`${second.url}/payment-sessions/${paymentSessionId}`, { headers });
    expect([read.status, json(read).orderId]).toEqual([200, 'order-restart']);
    const replayed = await call(`${second.url}/payment-sessions`, { method: 'POST', headers, body });
    expect(replayed.text).toBe(created.text);
  });
});

describe('writing the state file', () => {
  it('replaces the file by rename (a new inode each write), leaving no temporary file behind', async () => {
    const dir = tempDir('paykit-state-');
    const file = join(dir, 'state.json');
    const first = await started('ten99policy', file);
    await ten99(first, '/api/v1/payment/sessions', CREATE);
    await stopped(first);
    // The temporary file is made while the state file still exists, so the rename brings another inode.
    const before = statSync(file).ino;
    const second = await started('ten99policy', file);
    await ten99(second, '/api/v1/payment/sessions', CREATE);
    await stopped(second);
    expect(statSync(file).ino).not.toBe(before);
    const saved = JSON.parse(readFileSync(file, 'utf8')).apis.ten99policy.accounts as Record<string, { sessions: [] }>;
    expect(Object.values(saved).map((account) => account.sessions.length)).toEqual([2]);
    expect(readdirSync(dir)).toEqual(['state.json']);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ format: 'paykit-mock-state', version: 1 });
  });
});

describe('a state file the mock cannot read', () => {
  it('a half-written file (truncated JSON) is reported with its path, and left as it is', async () => {
    const dir = tempDir('paykit-state-');
    const file = join(dir, 'state.json');
    const first = await started('ten99policy', file);
    await ten99(first, '/api/v1/payment/sessions', CREATE);
    await stopped(first);
    const whole = readFileSync(file, 'utf8');
    const half = whole.slice(0, Math.floor(whole.length / 2));
    writeFileSync(file, half);

    const refused = await startMock({ api: 'ten99policy', sandbox: { stateFile: file } }).catch((error) => error);
    expect(refused).toBeInstanceOf(StateFileError);
    expect((refused as Error).message).toMatch(
      new RegExp(`^state file ${file.replaceAll('/', '\\/')} is not valid JSON \\(.+\\): a write cut short`),
    );
    expect(readFileSync(file, 'utf8')).toBe(half);
  });

  it("another program's file is refused as not a state file; a state with a bad field names it", async () => {
    const dir = tempDir('paykit-state-');
    const foreign = join(dir, 'package.json');
    writeFileSync(foreign, '{"name": "not-a-state"}');
    const refused = await startMock({ api: 'connect', sandbox: { stateFile: foreign } }).catch((error) => error);
    expect((refused as Error).message).toBe(
      `${foreign} is not a paykit mock state file (it has no "format": "paykit-mock-state"): the mock does not overwrite it; give --state a path of its own.`,
    );
    expect(readFileSync(foreign, 'utf8')).toBe('{"name": "not-a-state"}');

    const bad = join(dir, 'state.json');
    const account = { clockOffsetMs: 0, sessions: [{ id: 'x' }], idempotencyKeys: [], webhookEndpoints: [] };
    const state = { format: 'paykit-mock-state', version: 1, savedAt: 'now', apis: {} as Record<string, unknown> };
    state.apis.connect = { clockOffsetMs: 0, accounts: { acct_0123456789ab: account } };
    writeFileSync(bad, JSON.stringify(state));
    const invalid = await startMock({ api: 'connect', sandbox: { stateFile: bad } }).catch((error) => error);
    expect((invalid as Error).message).toContain(
      'does not hold a sandbox state this mock reads: apis.connect.accounts.acct_0123456789ab.sessions[0].kind:',
    );
    expect(existsSync(`${bad}.${process.pid}.tmp`)).toBe(false);
  });
});
