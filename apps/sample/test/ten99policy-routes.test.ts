import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SCENARIO_HEADER } from '../src/shared/steering-headers.js';
import { expectNothingSecret, startSample, type Sample } from './helpers.js';

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

describe('1099Policy: create a payment session', () => {
  test('answers 201 with the session, its expiry and the single-use link for the browser that asked', async () => {
    const answer = await create(validBody);
    expect(answer.status).toBe(201);
    expect(answer.json.session).toMatchObject({ id: 'hps_9Yc2LmQ4', status: 'pending', contractorId: 'cn_AbCdEfGh12' });
    expect(answer.json.session.expiresAt).toBeGreaterThan(answer.json.session.created);
    expect(new URL(answer.json.session.url).hostname).toBe('my.1099policy.com');
  });

  test('a return URL that is not https is refused before anything is sent, naming the field', async () => {
    const answer = await create({ ...validBody, returnUrl: 'http://app.yourplatform.com/return' });
    expect(answer.status).toBe(400);
    expect(answer.json.error.message).toMatch(/return_url/);
    expectNothingSecret(answer.text, sample.config);
  });

  test("the vendor's invalid_return_url refusal is explained in plain words", async () => {
    const answer = await create(validBody, { [SCENARIO_HEADER]: '400/invalidReturnUrl' });
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
    const form = await sample.call('POST', '/api/ten99policy/sessions/hps_9Yc2LmQ4/cancel', {
      rawBody: 'contractor=cn_AbCdEfGh12',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
    expect(form.json.error.message).toBe('Send a JSON body (content-type: application/json).');
  });
});

describe('1099Policy: cancel a payment session', () => {
  test('a pending session is cancelled; the answer never repeats the single-use link', async () => {
    const answer = await cancel('hps_9Yc2LmQ4', { [SCENARIO_HEADER]: '200/cancelled' });
    expect(answer.status).toBe(200);
    expect(answer.json.session).toMatchObject({ id: 'hps_9Yc2LmQ4', status: 'cancelled' });
    expect(answer.json.session.cancelledAt).toEqual(expect.any(Number));
    expect(answer.json.session).not.toHaveProperty('url');
    // The mock's default cancel example is the vendor's generic one, which still carries a `url`.
    const generic = await cancel('hps_9Yc2LmQ4');
    expect(generic.json.session).not.toHaveProperty('url');
    expectNothingSecret(generic.text, sample.config);
  });

  test.each([
    ['400/sessionNotPending', 'session_not_pending', 'This session is no longer pending'],
    ['400/sessionExpired', 'session_expired', 'This session has expired'],
  ])('a session that is no longer pending (%s) gets the reason in plain words', async (scenario, code, words) => {
    const answer = await cancel('hps_9Yc2LmQ4', { [SCENARIO_HEADER]: scenario });
    expect(answer.status).toBe(400);
    expect(answer.json.error.code).toBe(code);
    expect(answer.json.error.message).toContain(words);
    expect(answer.json.error.vendorMessage).toEqual(expect.any(String));
    expectNothingSecret(answer.text, sample.config);
  });

  test('an unknown session is a 404 in plain words', async () => {
    const answer = await cancel('hps_missing', { [SCENARIO_HEADER]: '404/resourceNotFound' });
    expect(answer.status).toBe(404);
    expect(answer.json.error).toMatchObject({ code: 'resource_not_found' });
  });

  test("a refused server key is the server's problem (502), named without the key", async () => {
    const answer = await cancel('hps_9Yc2LmQ4', { [SCENARIO_HEADER]: '401/invalidApiKey' });
    expect(answer.status).toBe(502);
    expect(answer.json.error.message).toContain('TEN99POLICY_API_KEY');
    expectNothingSecret(answer.text, sample.config);
  });
});
