import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FORCED_ERROR_HEADER } from '../src/shared/steering-headers.js';
import { expectNothingSecret, startSample, type Sample } from './helpers.js';

/** Against the 1099Policy sandbox: the session created is the session cancelled, and its rules are the vendor's. */

let sample: Sample;
beforeAll(async () => {
  sample = await startSample();
});
afterAll(() => sample?.close());

const create = (body: unknown, headers: Record<string, string> = {}) =>
  sample.call('POST', '/api/ten99policy/sessions', { body, headers });
const cancel = (id: string, headers: Record<string, string> = {}) =>
  sample.call('POST', `/api/ten99policy/sessions/${encodeURIComponent(id)}/cancel`, { body: {}, headers });
const validBody = { contractor: 'cn_AbCdEfGh12', returnUrl: 'https://app.yourplatform.com/settings/billing/return' };
const force = (key: string) => ({ [FORCED_ERROR_HEADER]: `ten99policy.${key}` });

async function createdId(): Promise<string> {
  const answer = await create(validBody);
  expect(answer.status).toBe(201);
  return answer.json.session.id;
}

describe('1099Policy: create a payment session', () => {
  test('answers 201 with the session, its expiry and the single-use link for the browser that asked', async () => {
    const answer = await create(validBody);
    expect(answer.status).toBe(201);
    expect(answer.json.session).toMatchObject({
      status: 'pending',
      contractorId: 'cn_AbCdEfGh12',
      returnUrl: validBody.returnUrl,
    });
    expect(answer.json.session.id).toMatch(/^hps_/);
    expect(answer.json.session.expiresAt - answer.json.session.created).toBe(30 * 60);
    // The sandbox's own hosted page, on the mock's port.
    const url = new URL(answer.json.session.url);
    expect(url.origin).toBe(new URL(sample.config.ten99policy.baseUrl).origin);
    expect(url.pathname).toMatch(/^\/__paykit\/pages\//);
  });

  test('a return URL that is not https is refused before anything is sent, naming the field', async () => {
    const answer = await create({ ...validBody, returnUrl: 'http://app.yourplatform.com/return' });
    expect(answer.status).toBe(400);
    expect(answer.json.error.message).toMatch(/return_url/);
    expectNothingSecret(answer.text, sample.config);
  });

  test("the vendor's invalid_return_url refusal (forced from the dev panel) is explained in plain words", async () => {
    const answer = await create(validBody, force('createPaymentSession:400/invalidReturnUrl'));
    expect(answer.status).toBe(400);
    expect(answer.json.error).toMatchObject({ code: 'invalid_return_url' });
    expect(answer.json.error.message).toContain('The return URL was refused');
  });

  test('missing fields and malformed bodies get a 400 naming the field', async () => {
    expect((await create({ returnUrl: validBody.returnUrl })).json.error.message).toBe('Contractor id is required.');
    const malformed = await sample.call('POST', '/api/ten99policy/sessions', {
      rawBody: '{"contractor":',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.json.error.message).toBe('The request body must be a JSON object.');
  });

  test('only JSON is accepted, so a cross-site form cannot start or cancel a session', async () => {
    const form = await sample.call('POST', '/api/ten99policy/sessions/hps_x/cancel', {
      rawBody: 'contractor=cn_AbCdEfGh12',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
    expect(form.json.error.message).toBe('Send a JSON body (content-type: application/json).');
  });
});

describe('1099Policy: cancel a payment session', () => {
  test('a pending session is cancelled once; the answer never repeats the single-use link', async () => {
    const id = await createdId();
    const answer = await cancel(id);
    expect(answer.status).toBe(200);
    expect(answer.json.session).toMatchObject({ id, status: 'cancelled' });
    expect(answer.json.session.cancelledAt).toEqual(expect.any(Number));
    expect(answer.json.session).not.toHaveProperty('url');
    expectNothingSecret(answer.text, sample.config);
  });

  test('cancelling it again gets the reason in plain words (session_not_pending)', async () => {
    const id = await createdId();
    await cancel(id);
    const again = await cancel(id);
    expect(again.status).toBe(400);
    expect(again.json.error.code).toBe('session_not_pending');
    expect(again.json.error.message).toContain('This session is no longer pending');
    expect(again.json.error.vendorMessage).toEqual(expect.any(String));
    expectNothingSecret(again.text, sample.config);
  });

  test('an expired session (forced from the dev panel) gets the reason in plain words', async () => {
    const answer = await cancel(await createdId(), force('cancelPaymentSession:400/sessionExpired'));
    expect(answer.status).toBe(400);
    expect(answer.json.error.code).toBe('session_expired');
    expect(answer.json.error.message).toContain('This session has expired');
  });

  test('an unknown session is a 404 in plain words', async () => {
    const answer = await cancel('hps_missing');
    expect(answer.status).toBe(404);
    expect(answer.json.error).toMatchObject({ code: 'resource_not_found' });
  });

  test("a refused server key is the server's problem (502), named without the key", async () => {
    const answer = await cancel(await createdId(), force('cancelPaymentSession:401/invalidApiKey'));
    expect(answer.status).toBe(502);
    expect(answer.json.error.message).toContain('TEN99POLICY_API_KEY');
    expectNothingSecret(answer.text, sample.config);
  });
});
