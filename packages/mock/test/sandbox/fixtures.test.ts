import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundlePath } from '@paykit/spec';
import { afterEach, describe, expect, it } from 'vitest';
import { type Mock, startMock } from '../../src/index.js';
import { FixturesError } from '../../src/sandbox/fixtures.js';
import { call, json } from '../support/http.js';
import { tempDir } from '../support/temp-dir.js';

// A fresh sandbox answers the spec's own example ids as the docs show, and starts from a fixtures file's sessions.

const KEY = 't9k_test_fixtures_key';
const CONNECT_KEY = 'connect-fixtures-key';

const mocks: Mock[] = [];
afterEach(async () => {
  await Promise.all(mocks.splice(0).map((mock) => mock.stop()));
});

async function started(api: 'connect' | 'ten99policy', fixtures?: string): Promise<Mock> {
  const mock = await startMock({ api, ...(fixtures ? { sandbox: { fixtures } } : {}) });
  mocks.push(mock);
  return mock;
}

/** A named example of the bundle, as the spec shows it. */
function example(api: 'connect' | 'ten99policy', name: string): unknown {
  const document = JSON.parse(readFileSync(bundlePath(api), 'utf8'));
  return document.components.examples[name].value;
}

const basic = (key: string) => ({ authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` });

describe("the spec's example ids in a fresh sandbox", () => {
  it("Connect: GET of the parameter's example id answers the vendor's example, for any key", async () => {
    const mock = await started('connect');
    const read = await call(`${mock.url}/payment-sessions/d2e3f4a5-b6c7-8901-2345-012345678901`, {
      headers: { 'x-api-key': 'any-key-at-all' },
    });
    expect([read.status, json(read)]).toEqual([200, example('connect', 'PaymentSessionPendingEmbedded')]);
    const completed = await call(`${mock.url}/payment-sessions/2d9e3a74-5b6f-4cab-9e43-7f8091a2bc3d`, {
      headers: { 'x-api-key': 'another-key' },
    });
    expect(json(completed)).toEqual(example('connect', 'PaymentSessionCompleted'));
    const profile = await call(`${mock.url}/payment-profiles/sessions/69321a62-f1fe-461f-8761-a19ae6587bb2`, {
      headers: { 'x-api-key': 'any-key-at-all' },
    });
    expect(profile.status).toBe(200);
    expect(json(profile).paymentProfileSessionId).toBe('69321a62-f1fe-461f-8761-a19ae6587bb2');
    const unknown = await call(`${mock.url}/payment-sessions/not-an-example`, { headers: { 'x-api-key': 'k' } });
    expect(unknown.status).toBe(404);
  });

  it("1099Policy: cancel of the parameter's example id answers the cancelled example", async () => {
    const mock = await started('ten99policy');
    const cancel = await call(`${mock.url}/api/v1/payment/sessions/hps_9Yc2LmQ4/cancel`, {
      method: 'POST',
      headers: basic(KEY),
    });
    expect([cancel.status, json(cancel)]).toEqual([200, example('ten99policy', 'PaymentSessionCancelled')]);
  });
});

describe('fixtures', () => {
  const FIXTURES = {
    ten99policy: {
      sessions: [
        { apiKey: KEY, id: 'hps_FixtureDone01', state: 'completed' },
        {
          apiKey: KEY,
          id: 'hps_FixtureOpen01',
          request: { contractor: 'cn_Fixture01', return_url: 'https://app.example.com/billing/return' },
        },
        { apiKey: 'some-other-key', id: 'hps_FixtureOther1', state: 'expired' },
      ],
    },
    connect: {
      sessions: [
        {
          apiKey: CONNECT_KEY,
          id: 'fixture-paid-session',
          state: 'completed',
          request: { orderId: 'order-fixture', paymentProvider: 'STRIPE' },
        },
      ],
    },
  };

  it('preloads sessions in the given states, in the accounts of the given keys', async () => {
    const file = join(tempDir('paykit-fixtures-'), 'fixtures.json');
    writeFileSync(file, JSON.stringify(FIXTURES));
    const ten99 = await started('ten99policy', file);
    const cancel = (id: string, key = KEY) =>
      call(`${ten99.url}/api/v1/payment/sessions/${id}/cancel`, { method: 'POST', headers: basic(key) });
    const done = await cancel('hps_FixtureDone01');
    expect([done.status, json(done)]).toEqual([
      400,
      { error_code: 'session_not_pending', message: 'The payment session is not pending (it is completed).' },
    ]);
    expect((await cancel('hps_FixtureOther1')).status).toBe(404);
    const listed = json(await call(`${ten99.url}/__paykit/sessions`)).sessions as Array<Record<string, unknown>>;
    expect(listed.map(({ id, state }) => [id, state])).toEqual([
      ['hps_FixtureDone01', 'completed'],
      ['hps_FixtureOpen01', 'pending'],
      ['hps_FixtureOther1', 'expired'],
    ]);
    expect(JSON.stringify(listed)).not.toContain(KEY);
    // Fixtures are loaded quietly: no webhook event for the states they start in.
    expect(json(await call(`${ten99.url}/__paykit/events`)).total).toBe(0);
    const open = await cancel('hps_FixtureOpen01');
    expect(json(open)).toMatchObject({ status: 'cancelled', contractor_id: 'cn_Fixture01' });

    const connect = await started('connect', file);
    const read = await call(`${connect.url}/payment-sessions/fixture-paid-session`, {
      headers: { 'x-api-key': CONNECT_KEY },
    });
    expect(json(read)).toMatchObject({ paymentSessionId: 'fixture-paid-session', status: 'COMPLETED' });
  });

  it('comes back after a reset', async () => {
    const file = join(tempDir('paykit-fixtures-'), 'fixtures.json');
    writeFileSync(file, JSON.stringify({ ten99policy: FIXTURES.ten99policy }));
    const mock = await started('ten99policy', file);
    await call(`${mock.url}/api/v1/payment/sessions/hps_FixtureOpen01/cancel`, { method: 'POST', headers: basic(KEY) });
    await call(`${mock.url}/__paykit/reset`, { method: 'POST', headers: { 'content-type': 'application/json' } });
    const listed = json(await call(`${mock.url}/__paykit/sessions`)).sessions as Array<Record<string, unknown>>;
    expect(listed.find((session) => session.id === 'hps_FixtureOpen01')?.state).toBe('pending');
  });

  it('a bad fixtures file is refused with the field and the rule', async () => {
    const dir = tempDir('paykit-fixtures-');
    const refusal = async (content: unknown) => {
      const file = join(dir, 'fixtures.json');
      writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
      const error = await startMock({ api: 'ten99policy', sandbox: { fixtures: file } }).catch((caught) => caught);
      expect(error).toBeInstanceOf(FixturesError);
      const message = (error as Error).message;
      expect(message).not.toContain(KEY);
      return message.replace(file, '<file>');
    };
    expect(await refusal({ ten99policy: { sessions: [{ apiKey: KEY, state: 'paid' }] } })).toBe(
      'fixtures file <file>: ten99policy.sessions[0].state: Invalid option: expected one of "pending"|"requires_action"|"completed"|"cancelled"|"expired"|"failed"',
    );
    expect(await refusal({ ten99policy: { sessions: [{ state: 'completed' }] } })).toBe(
      'fixtures file <file>: ten99policy.sessions[0]: give either apiKey (the key your app sends; only its hash is kept) or account, not both or neither',
    );
    expect(await refusal({ ten99policy: { sessions: [{ apiKey: KEY, state: 'failed' }] } })).toBe(
      'fixtures file <file>: ten99policy.sessions[0].state: must be one of pending, completed, cancelled, expired for this kind',
    );
    expect(await refusal({ ten99polcy: { sessions: [] } })).toBe(
      'fixtures file <file>: unknown API "ten99polcy": the top-level keys are API names (connect, ten99policy)',
    );
    expect(await refusal('{"ten99policy": ')).toMatch(/^fixtures file <file> is not valid JSON \(.+\)$/);
  });
});
