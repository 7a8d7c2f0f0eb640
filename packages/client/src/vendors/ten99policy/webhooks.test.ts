import { createHmac } from 'node:crypto';
import { inspect } from 'node:util';
import Stripe from 'stripe';
import { describe, expect, test } from 'vitest';
import { PaykitValidationError } from '../../core/errors.js';
import { PaykitWebhookError, type WebhookFailure } from './webhook-errors.js';
import { signWebhook, verifyWebhook, WEBHOOK_SIGNATURE_HEADER } from './webhooks.js';

const SECRET = 'whsec_test_5Yq1LzX0pR7c';
const NOW = new Date('2026-01-01T12:00:00Z');
const T = Math.floor(NOW.getTime() / 1000);

const session = {
  id: 'hps_9Yc2LmQ4',
  contractor_id: 'cn_Ehb3bYa',
  status: 'completed',
  processor: 'checkout',
  return_url: 'https://app.yourplatform.com/settings/billing/return',
  created: T - 600,
  expires_at: T + 1200,
  cancelled_at: null,
  completed_at: T - 10,
};
const event = { id: 'evt_abc123', type: 'payment.session.completed', created: T - 5, data: { object: session } };
const rawBody = JSON.stringify(event);

/** The signature as the vendor's library computes it: hex HMAC-SHA256 of "<t>.<raw body>" (node:crypto). */
function vendorSignature(body: string, t = T, secret = SECRET): string {
  return createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
}

async function failure(input: Partial<Parameters<typeof verifyWebhook>[0]>): Promise<PaykitWebhookError> {
  const error = await verifyWebhook({
    rawBody,
    headers: { [WEBHOOK_SIGNATURE_HEADER]: `t=${T},v1=${vendorSignature(rawBody)}` },
    secret: SECRET,
    now: NOW,
    ...input,
  }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PaykitWebhookError);
  return error as PaykitWebhookError;
}

describe('verifyWebhook', () => {
  test('accepts a delivery signed like the vendor signs it and returns the typed event', async () => {
    const verified = await verifyWebhook({
      rawBody,
      headers: { 'ten99policy-signature': `t=${T},v1=${vendorSignature(rawBody)}` },
      secret: SECRET,
      now: NOW,
    });
    expect(verified).toEqual(event);
    expect(verified.type === 'payment.session.completed' && verified.data.object.completed_at).toBe(T - 10);
  });

  test('accepts the raw body as bytes, a Fetch Headers object, and any header-name case', async () => {
    const headers = new Headers({ 'Ten99Policy-Signature': `t=${T},v1=${vendorSignature(rawBody)}` });
    const bytes = new TextEncoder().encode(rawBody);
    await expect(verifyWebhook({ rawBody: bytes, headers, secret: SECRET, now: NOW })).resolves.toEqual(event);
    await expect(verifyWebhook({ rawBody: bytes.buffer, headers, secret: SECRET, now: NOW })).resolves.toEqual(event);
  });

  test('accepts the delivery when any of several v1 signatures matches (secret rotation)', async () => {
    const header = `t=${T},v1=${vendorSignature(rawBody, T, 'whsec_old')},v1=${vendorSignature(rawBody)},v0=ignored`;
    await expect(
      verifyWebhook({ rawBody, headers: { [WEBHOOK_SIGNATURE_HEADER]: header }, secret: SECRET, now: NOW }),
    ).resolves.toEqual(event);
  });

  test('signWebhook produces exactly the header the vendor would send', async () => {
    const header = await signWebhook({ rawBody, secret: SECRET, timestamp: NOW });
    expect(header).toBe(`t=${T},v1=${vendorSignature(rawBody)}`);
    await expect(
      verifyWebhook({ rawBody, headers: { [WEBHOOK_SIGNATURE_HEADER]: header }, secret: SECRET, now: NOW }),
    ).resolves.toEqual(event);
  });

  test.each<[string, Record<string, string | undefined>, WebhookFailure]>([
    ['no header', {}, 'missing_header'],
    ['an empty header', { 'ten99policy-signature': ' ' }, 'missing_header'],
    ['no t=', { 'ten99policy-signature': `v1=${'a'.repeat(64)}` }, 'malformed_header'],
    ['a non-numeric t=', { 'ten99policy-signature': `t=soon,v1=${'a'.repeat(64)}` }, 'malformed_header'],
    ['no v1=', { 'ten99policy-signature': `t=${T},v0=abc` }, 'malformed_header'],
    ['an item without =', { 'ten99policy-signature': `t=${T},garbage` }, 'malformed_header'],
  ])('%s: %s', async (_, headers, reason) => {
    expect((await failure({ headers })).reason).toBe(reason);
  });

  test('a signature made with another secret, or over another body, is a bad signature', async () => {
    const otherSecret = { [WEBHOOK_SIGNATURE_HEADER]: `t=${T},v1=${vendorSignature(rawBody, T, 'whsec_other')}` };
    expect((await failure({ headers: otherSecret })).reason).toBe('bad_signature');
    expect((await failure({ rawBody: rawBody.replace('completed', 'cancelled') })).reason).toBe('bad_signature');
    const notHex = { [WEBHOOK_SIGNATURE_HEADER]: `t=${T},v1=zz${vendorSignature(rawBody).slice(2)}` };
    expect((await failure({ headers: notHex })).reason).toBe('bad_signature');
  });

  test('re-serialised JSON does not verify: the raw body is required', async () => {
    const reserialised = JSON.stringify(JSON.parse(rawBody), null, 2);
    expect((await failure({ rawBody: reserialised })).reason).toBe('bad_signature');
    const parsed = await verifyWebhook({ rawBody: JSON.parse(rawBody), headers: {}, secret: SECRET }).catch(
      (e: unknown) => e,
    );
    expect(parsed).toBeInstanceOf(PaykitValidationError);
    expect(parsed).toMatchObject({ field: 'rawBody' });
  });

  test('a timestamp outside the tolerance is stale, in the past or the future; the tolerance is adjustable', async () => {
    const signedAt = (t: number) => ({ [WEBHOOK_SIGNATURE_HEADER]: `t=${t},v1=${vendorSignature(rawBody, t)}` });
    expect((await failure({ headers: signedAt(T - 301) })).reason).toBe('stale_timestamp');
    expect((await failure({ headers: signedAt(T + 301) })).reason).toBe('stale_timestamp');
    await expect(verifyWebhook({ rawBody, headers: signedAt(T - 300), secret: SECRET, now: NOW })).resolves.toEqual(
      event,
    );
    await expect(
      verifyWebhook({ rawBody, headers: signedAt(T - 3600), secret: SECRET, now: NOW, toleranceSec: 7200 }),
    ).resolves.toEqual(event);
    expect((await failure({ headers: signedAt(T - 31), toleranceSec: 30 })).reason).toBe('stale_timestamp');
  });

  test.each([
    ['not JSON', 'event: completed', 'malformed_payload'],
    ['a JSON array', '[1,2]', 'malformed_payload'],
    [
      'no data.object',
      JSON.stringify({ id: 'evt_1', type: 'payment.session.completed', created: T }),
      'malformed_payload',
    ],
    [
      'no id',
      JSON.stringify({ type: 'payment.session.completed', created: T, data: { object: session } }),
      'malformed_payload',
    ],
    ['an unknown type', JSON.stringify({ ...event, type: 'policy.active' }), 'unknown_event'],
  ])('a correctly signed body that is %s is refused', async (_, body, reason) => {
    const headers = { [WEBHOOK_SIGNATURE_HEADER]: `t=${T},v1=${vendorSignature(body)}` };
    expect((await failure({ rawBody: body, headers })).reason).toBe(reason);
  });

  test('older envelopes (event_type, resource directly under data) are normalised, as the spec asks', async () => {
    const legacy = JSON.stringify({ id: 'evt_2', event_type: 'payment.session.expired', created: T, data: session });
    const verified = await verifyWebhook({
      rawBody: legacy,
      headers: { [WEBHOOK_SIGNATURE_HEADER]: `t=${T},v1=${vendorSignature(legacy)}` },
      secret: SECRET,
      now: NOW,
    });
    expect(verified).toEqual({ id: 'evt_2', type: 'payment.session.expired', created: T, data: { object: session } });
  });

  test('no failure ever shows the secret or the signature', async () => {
    const signature = vendorSignature(rawBody, T - 999);
    const errors = [
      await failure({ headers: { [WEBHOOK_SIGNATURE_HEADER]: `t=${T - 999},v1=${signature}` } }),
      await failure({ headers: { [WEBHOOK_SIGNATURE_HEADER]: `t=${T},v1=${signature}` } }),
      await failure({ headers: {} }),
    ];
    for (const error of errors) {
      const shown = [error.message, String(error), JSON.stringify(error), error.stack, inspect(error)].join('\n');
      expect(shown).not.toContain(SECRET);
      expect(shown).not.toContain(signature);
    }
  });

  test('a missing secret is a validation error, not a silent pass', async () => {
    await expect(verifyWebhook({ rawBody, headers: {}, secret: '' })).rejects.toMatchObject({
      name: 'PaykitValidationError',
      field: 'secret',
    });
    await expect(signWebhook({ rawBody, secret: '' })).rejects.toMatchObject({ field: 'secret' });
  });
});

// The `stripe` package implements the same scheme as 1099Policy's Node library (a copy of Stripe's): an
// independent implementation to hold paykit's parsing against, header by header.
describe('verifyWebhook agrees with the reference implementation (stripe)', () => {
  const stripe = new Stripe('sk_test_unused');
  const good = `t=${T},v1=${vendorSignature(rawBody)}`;
  const reference = (header: string) => {
    try {
      stripe.webhooks.constructEvent(rawBody, header, SECRET, 300, undefined, T);
      return 'accepted';
    } catch {
      return 'refused';
    }
  };
  const ours = async (header: string) =>
    verifyWebhook({ rawBody, headers: { [WEBHOOK_SIGNATURE_HEADER]: header }, secret: SECRET, now: NOW }).then(
      () => 'accepted',
      (error: unknown) => (error instanceof PaykitWebhookError ? 'refused' : Promise.reject(error)),
    );

  test.each([
    [
      'the header the reference generates',
      stripe.webhooks.generateTestHeaderString({ payload: rawBody, secret: SECRET, timestamp: T }),
    ],
    ['the vendor-signed header', good],
    ['uppercase hex', `t=${T},v1=${vendorSignature(rawBody).toUpperCase()}`],
    ['a space after the comma', `t=${T}, v1=${vendorSignature(rawBody)}`],
    ['a space around =', `t=${T},v1 = ${vendorSignature(rawBody)}`],
    ['a trailing space in the value', `t=${T},v1=${vendorSignature(rawBody)} `],
    ['a leading space before t', ` t=${T},v1=${vendorSignature(rawBody)}`],
    ['a space before the comma', `t=${T} ,v1=${vendorSignature(rawBody)}`],
    ['two spaces before the comma', `t=${T}  ,v1=${vendorSignature(rawBody)}`],
    ['a fraction of a second', `t=${T}.5,v1=${vendorSignature(rawBody)}`],
    ['a second t=, the right one last', `t=1,t=${T},v1=${vendorSignature(rawBody)}`],
    ['a second t=, the right one first', `t=${T},t=1,v1=${vendorSignature(rawBody)}`],
    ['a t= that is no number', `t=soon,v1=${vendorSignature(rawBody)}`],
    ['no t=', `v1=${vendorSignature(rawBody)}`],
    ['a v0 only', `t=${T},v0=${vendorSignature(rawBody)}`],
    ['a second, wrong v1 first', `t=${T},v1=${'0'.repeat(64)},v1=${vendorSignature(rawBody)}`],
  ])('%s: accepted or refused as the reference does', async (_, header) => {
    expect(await ours(header)).toBe(reference(header));
  });

  test('both accept the other’s signatures', async () => {
    const ourHeader = await signWebhook({ rawBody, secret: SECRET, timestamp: NOW });
    expect(reference(ourHeader)).toBe('accepted');
    const theirs = stripe.webhooks.generateTestHeaderString({ payload: rawBody, secret: SECRET, timestamp: T });
    expect(theirs).toBe(ourHeader);
  });
});

describe('verifyWebhook reads headers from any object with get(), and checks data.object against the spec', () => {
  const header = `t=${T},v1=${vendorSignature(rawBody)}`;

  test('a Headers-like object from another realm (not instanceof Headers) is read through get()', async () => {
    const foreign = { get: (name: string) => (name === WEBHOOK_SIGNATURE_HEADER ? header : null) };
    expect(foreign instanceof Headers).toBe(false);
    expect(await verifyWebhook({ rawBody, headers: foreign, secret: SECRET, now: NOW })).toEqual(event);
  });

  test.each([
    ['a session id nested in an object', { id: { deep: { deeper: 'hps_1' } } }, 'data.object.id: must be string'],
    [
      'an unknown status',
      { status: 'exploded' },
      'data.object.status: must be one of pending, completed, cancelled, expired',
    ],
    ['a missing contractor', { contractor_id: undefined }, 'data.object.contractor_id: is required'],
    [
      'the secret url sent again',
      { url: 'https://my.1099policy.com/payment/setup/tok' },
      'data.object.url: must be absent',
    ],
  ])(
    'a signed event with %s is a malformed_payload naming the field, never a crash downstream',
    async (_, change, rule) => {
      const object = JSON.parse(JSON.stringify({ ...session, ...change }));
      const body = JSON.stringify({ ...event, data: { object } });
      const error = await failure({
        rawBody: body,
        headers: { [WEBHOOK_SIGNATURE_HEADER]: `t=${T},v1=${vendorSignature(body)}` },
      });
      expect(error.reason).toBe('malformed_payload');
      expect(error.message).toBe(`The event does not match the spec: ${rule}`);
      expect(error.message).not.toContain('tok');
    },
  );
});
