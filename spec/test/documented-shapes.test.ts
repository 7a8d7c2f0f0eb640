// The published schemas accept every shape the vendors document, not only the one paykit prefers: the three forms
// of a 1099Policy webhook event (as verifyWebhook accepts them) and an error body that is only `{"error": "…"}`.
import { describe, expect, test } from 'vitest';
import { createSchemaValidator } from '../validator.js';

const session = {
  id: 'hps_9Yc2LmQ4',
  contractor_id: 'cn_Ehb3bYa',
  status: 'cancelled',
  processor: 'checkout',
  return_url: 'https://app.yourplatform.com/settings/billing/return',
  created: 1795860000,
  expires_at: 1795861800,
  cancelled_at: 1795860900,
  completed_at: null,
};
const envelope = { id: 'evt_abc123', created: 1795860901 };
const event = '#/components/schemas/PaymentSessionCancelledEvent';

describe('1099Policy webhook events', () => {
  const ten99 = createSchemaValidator('ten99policy');

  test.each([
    [
      '`type` with the session under data.object (the webhook guide)',
      { type: 'payment.session.cancelled', data: { object: session } },
    ],
    [
      '`event_type` instead of `type` (the cancel page)',
      { event_type: 'payment.session.cancelled', data: { object: session } },
    ],
    ['the session directly under data (an older guide)', { type: 'payment.session.cancelled', data: session }],
  ])('the event schema admits %s', (_, form) => {
    expect(ten99.validate(event, { ...envelope, ...form }).errors).toEqual([]);
  });

  test('it still refuses what no form allows: another event name, the secret url in the session', () => {
    expect(
      ten99.validate(event, { ...envelope, type: 'payment.session.completed', data: { object: session } }).valid,
    ).toBe(false);
    expect(ten99.validate(event, { ...envelope, event_type: 'payment.session.expired', data: session }).valid).toBe(
      false,
    );
    const leaked = { ...session, url: 'https://my.1099policy.com/payment/setup/live_x' };
    expect(
      ten99.validate(event, { ...envelope, type: 'payment.session.cancelled', data: { object: leaked } }).valid,
    ).toBe(false);
    expect(ten99.validate(event, { ...envelope, type: 'payment.session.cancelled', data: leaked }).valid).toBe(false);
  });

  test.each([
    ['data.object', { data: { object: session } }],
    ['the session directly under data', { data: session }],
  ])('it refuses an event with neither type nor event_type (%s)', (_, form) => {
    expect(ten99.validate(event, { ...envelope, ...form }).valid).toBe(false);
  });
});

describe('error bodies', () => {
  test.each(['connect', 'ten99policy'] as const)('{"error": "x"} is an ApiError of %s', (api) => {
    expect(createSchemaValidator(api).validate('#/components/schemas/ApiError', { error: 'x' }).errors).toEqual([]);
  });
});
