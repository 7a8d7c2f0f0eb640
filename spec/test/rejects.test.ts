import { describe, expect, it } from 'vitest';
import { createSchemaValidator } from '../validator.js';

// Each schema must refuse what the vendor would refuse: a schema that accepts anything proves nothing.
const connect = createSchemaValidator('connect');
const policy = createSchemaValidator('ten99policy');
const example = (validator: typeof connect, name: string) =>
  structuredClone(validator.bundle.components.examples[name].value) as Record<string, any>;
const schema = (name: string) => `#/components/schemas/${name}`;

describe('Connect', () => {
  it('rejects an unknown payment session status', () => {
    const session = { ...example(connect, 'PaymentSessionPendingEmbedded'), status: 'CANCELLED' };
    expect(connect.validate(schema('PaymentSession'), session).valid).toBe(false);
  });

  it.each(['paymentSessionId', 'orderId', 'status', 'hosted', 'provider', 'metadata', 'createdAt'])(
    'rejects a payment session without %s',
    (field) => {
      const session = example(connect, 'PaymentSessionPendingEmbedded');
      delete session[field];
      expect(connect.validate(schema('PaymentSession'), session).valid).toBe(false);
    },
  );

  it('rejects an embedded session carrying the hosted provider shape, and the reverse', () => {
    const embedded = {
      ...example(connect, 'PaymentSessionPendingEmbedded'),
      provider: { url: 'https://checkout.example/x' },
    };
    const hosted = {
      ...example(connect, 'PaymentSessionPendingHosted'),
      provider: example(connect, 'PaymentSessionPendingEmbedded').provider,
    };
    expect(connect.validate(schema('PaymentSession'), embedded).valid).toBe(false);
    expect(connect.validate(schema('PaymentSession'), hosted).valid).toBe(false);
  });

  it('rejects a hosted session without returnUrl', () => {
    const hosted = example(connect, 'PaymentSessionPendingHosted');
    delete hosted.returnUrl;
    expect(connect.validate(schema('PaymentSession'), hosted).valid).toBe(false);
  });

  it('requires returnUrl and cancelUrl to create a hosted session, but not an embedded one', () => {
    const base = { orderId: 'e3f4a5b6', paymentProvider: 'STRIPE' };
    expect(connect.validate(schema('CreatePaymentSessionRequest'), base).valid).toBe(true);
    expect(connect.validate(schema('CreatePaymentSessionRequest'), { ...base, hosted: true }).valid).toBe(false);
    expect(
      connect.validate(schema('CreatePaymentSessionRequest'), {
        ...base,
        hosted: true,
        returnUrl: 'https://shop.example/done',
        cancelUrl: 'https://shop.example/cart',
      }).valid,
    ).toBe(true);
  });

  it('rejects a payment profile session without providers, and a create request without orderId', () => {
    const session = example(connect, 'PaymentProfileSessionPending');
    delete session.providers;
    expect(connect.validate(schema('PaymentProfileSession'), session).valid).toBe(false);
    expect(connect.validate(schema('CreatePaymentProfileSessionRequest'), { paymentProvider: 'STRIPE' }).valid).toBe(
      false,
    );
  });

  it('rejects non-string metadata values and an error body that is not an object or has a non-string code', () => {
    expect(connect.validate(schema('Metadata'), { attempts: 3 }).valid).toBe(false);
    expect(connect.validate(schema('ApiError'), 'NOT_FOUND').valid).toBe(false);
    expect(connect.validate(schema('ApiError'), { code: 404 }).valid).toBe(false);
  });
});

describe('1099Policy', () => {
  it('rejects an unknown session status and a processor that is not a string', () => {
    expect(
      policy.validate(schema('PaymentSession'), { ...example(policy, 'PaymentSessionCancelled'), status: 'failed' })
        .valid,
    ).toBe(false);
    expect(
      policy.validate(schema('PaymentSession'), { ...example(policy, 'PaymentSessionCancelled'), processor: 7 }).valid,
    ).toBe(false);
  });

  it.each(['id', 'contractor_id', 'status', 'expires_at', 'cancelled_at'])('rejects a session without %s', (field) => {
    const session = example(policy, 'PaymentSessionCancelled');
    delete session[field];
    expect(policy.validate(schema('PaymentSession'), session).valid).toBe(false);
  });

  it('requires the one-time url in the create response only', () => {
    const created = example(policy, 'PaymentSessionPendingWithUrl');
    delete created.url;
    expect(policy.validate(schema('PaymentSessionWithUrl'), created).valid).toBe(false);
    expect(policy.validate(schema('PaymentSession'), created).valid).toBe(true);
  });

  it.each([
    ['an http:// URL', 'http://app.yourplatform.com/settings/billing/return'],
    ['credentials', 'https://user:pass@app.yourplatform.com/return'],
    ['a fragment', 'https://app.yourplatform.com/return#done'],
    ['no host', 'https:///return'],
    ['not a URL', 'app.yourplatform.com/return'],
  ])('rejects a return_url with %s', (_, returnUrl) => {
    const request = { contractor: 'cn_AbCdEfGh12', return_url: returnUrl };
    expect(policy.validate(schema('CreatePaymentSessionRequest'), request).valid).toBe(false);
  });

  it('accepts a return_url with a path and query', () => {
    const request = { contractor: 'cn_AbCdEfGh12', return_url: 'https://app.yourplatform.com/billing?tab=card' };
    expect(policy.validate(schema('CreatePaymentSessionRequest'), request).errors).toEqual([]);
  });

  it('rejects a contractor that is not a cn_ ID and an error code that is not a string', () => {
    const request = { contractor: 'usr_123', return_url: 'https://app.yourplatform.com/return' };
    expect(policy.validate(schema('CreatePaymentSessionRequest'), request).valid).toBe(false);
    expect(policy.validate(schema('ApiError'), { error_code: 404, message: 'x' }).valid).toBe(false);
  });

  it('rejects a webhook event whose type does not match its webhook', () => {
    const event = { ...example(policy, 'PaymentSessionCompletedEvent'), type: 'payment.session.expired' };
    expect(policy.validate(schema('PaymentSessionCompletedEvent'), event).valid).toBe(false);
    expect(policy.validate(schema('PaymentSessionExpiredEvent'), event).valid).toBe(true);
  });
});

describe('1099Policy webhooks', () => {
  it.each([
    ['a url', 'https://my.1099policy.com/payment/setup/live_secret'],
    ['a null url', null],
  ])('never carry the session’s secret url (%s)', (_, url) => {
    const event = example(policy, 'PaymentSessionCompletedEvent');
    expect(policy.validate(schema('PaymentSessionCompletedEvent'), event).valid).toBe(true);
    event.data.object.url = url;
    expect(policy.validate(schema('PaymentSessionCompletedEvent'), event).valid).toBe(false);
  });
});
