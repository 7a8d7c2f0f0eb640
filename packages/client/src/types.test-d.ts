import { describe, expectTypeOf, test } from 'vitest';
import type { CodeAt } from './core/client-types.js';
import {
  type ConnectClientOptions,
  createConnectClient,
  type ErrorCode as ConnectErrorCode,
  type PaymentProfileSession,
  type PaymentSession,
} from './generated/connect/index.js';
import {
  createTen99PolicyClient,
  verifyWebhook,
  type ErrorCode,
  type PaymentSession as Ten99PaymentSession,
  type PaymentSessionFields,
  type PaymentSessionWithUrl,
  type Ten99PolicyClientOptions,
  type WebhookEvent,
} from './generated/ten99policy/index.js';

const connect = createConnectClient({ baseUrl: 'https://apiv2.example.com', apiKey: 'k' });
const ten99 = createTen99PolicyClient({ apiKey: 'k' });

describe('Connect client types', () => {
  test('data narrows to the success body once error is ruled out', async () => {
    const { data, error } = await connect.GET('/payment-sessions/{paymentSessionId}', {
      params: { path: { paymentSessionId: 'ps_1' } },
    });
    if (error) {
      expectTypeOf(data).toEqualTypeOf<undefined>();
      return;
    }
    expectTypeOf(data).toEqualTypeOf<PaymentSession>();
    if (data.hosted) expectTypeOf(data.provider.url).toEqualTypeOf<string>();
    else expectTypeOf(data.provider.clientSecret).toEqualTypeOf<string>();
  });

  test('error narrows by status, and exposes code and request id', async () => {
    const { error } = await connect.POST('/payment-sessions', {
      body: { orderId: 'o_1', paymentProvider: 'STRIPE' },
    });
    if (!error) return;
    expectTypeOf(error.status).toEqualTypeOf<400 | 401 | 403 | 409 | 422 | 429 | 500 | 503>();
    expectTypeOf(error.code).toEqualTypeOf<ConnectErrorCode | undefined>();
    expectTypeOf(error.requestId).toEqualTypeOf<string | undefined>();
    if (error.status === 409) {
      expectTypeOf(error.status).toEqualTypeOf<409>();
      // The error body requires no field (`{"error": "…"}` is one too).
      expectTypeOf(error.body.message).toEqualTypeOf<string | undefined>();
    }
    // @ts-expect-error 404 is not a documented status of createPaymentSession
    if (error.status === 404) return;
  });

  test('per-call options are typed', async () => {
    await connect.GET('/payment-profiles/sessions/{paymentProfileSessionId}', {
      params: { path: { paymentProfileSessionId: 'pps_1' } },
      signal: AbortSignal.timeout(1000),
      maxRetries: 0,
      timeoutMs: 5_000,
    });
    await connect.POST('/payment-profiles/sessions', {
      body: { orderId: 'o_1', paymentProvider: 'STRIPE' },
      params: { header: { 'X-Idempotency-Key': 'order-o_1-profile' } },
    });
    await connect.GET('/payment-sessions/{paymentSessionId}', {
      params: { path: { paymentSessionId: 'ps_1' } },
      // @ts-expect-error maxRetries is a number
      maxRetries: 'many',
    });
    const { data } = await connect.GET('/payment-profiles/sessions/{paymentProfileSessionId}', {
      params: { path: { paymentProfileSessionId: 'pps_1' } },
    });
    expectTypeOf(data).toEqualTypeOf<PaymentProfileSession | undefined>();
  });

  test('wrong paths, methods, params and bodies do not compile', () => {
    // @ts-expect-error no such path
    void connect.GET('/payment-session/{paymentSessionId}', { params: { path: { paymentSessionId: 'x' } } });
    // @ts-expect-error GET does not exist on the create path
    void connect.GET('/payment-sessions', {});
    // @ts-expect-error the path parameter is required
    void connect.GET('/payment-sessions/{paymentSessionId}', { params: { path: {} } });
    // @ts-expect-error the body is required
    void connect.POST('/payment-sessions', {});
    // @ts-expect-error orderId must be a string
    void connect.POST('/payment-sessions', { body: { orderId: 1, paymentProvider: 'STRIPE' } });
    // @ts-expect-error a hosted session needs returnUrl and cancelUrl
    void connect.POST('/payment-sessions', { body: { orderId: 'o', paymentProvider: 'STRIPE', hosted: true } });
  });
});

describe('1099Policy client types', () => {
  test('create returns the session with its url; errors narrow by vendor code', async () => {
    const { data, error } = await ten99.POST('/api/v1/payment/sessions', {
      body: { contractor: 'cn_1', return_url: 'https://app.example.com/return' },
    });
    if (error) {
      // The vendor documents 400 (not 422) for invalid input.
      expectTypeOf(error.status).toEqualTypeOf<400 | 401 | 403 | 404 | 429 | 500 | 503>();
      expectTypeOf(error.code).toEqualTypeOf<ErrorCode | undefined>();
      // An open enum: the documented codes stay literal members of the type, and a code added later compiles.
      expectTypeOf<'invalid_return_url' | 'session_not_pending'>().toExtend<ErrorCode>();
      expectTypeOf<'a_code_added_later'>().toExtend<ErrorCode>();
      // @ts-expect-error an error code is a string
      expectTypeOf<404>().toExtend<ErrorCode>();
      return;
    }
    expectTypeOf(data).toEqualTypeOf<PaymentSessionWithUrl>();
    expectTypeOf(data.url).toEqualTypeOf<string>();
  });

  test('cancel takes the session id and no body', async () => {
    const { data, error } = await ten99.POST('/api/v1/payment/sessions/{session}/cancel', {
      params: { path: { session: 'hps_1' } },
    });
    if (error) {
      if (error.code === 'session_not_pending' || error.code === 'session_expired') {
        expectTypeOf(error.status).toEqualTypeOf<400 | 401 | 403 | 404 | 429 | 500 | 503>();
      }
      return;
    }
    expectTypeOf(data).toEqualTypeOf<Ten99PaymentSession>();
    // @ts-expect-error the cancel operation has no request body
    void ten99.POST('/api/v1/payment/sessions/{session}/cancel', { params: { path: { session: 'x' } }, body: {} });
    // @ts-expect-error contractor is required
    void ten99.POST('/api/v1/payment/sessions', { body: { return_url: 'https://a.example' } });
  });

  test('webhook events are a union discriminated by type', async () => {
    const event = await verifyWebhook({ rawBody: '', headers: {}, secret: 's' });
    expectTypeOf(event).toEqualTypeOf<WebhookEvent>();
    expectTypeOf(event.type).toEqualTypeOf<
      'payment.session.completed' | 'payment.session.cancelled' | 'payment.session.expired'
    >();
    // The session as events carry it: without the single-use secret `url`, which is not even a property.
    expectTypeOf(event.data.object).toEqualTypeOf<PaymentSessionFields>();
    // @ts-expect-error events never carry the secret url
    void event.data.object.url;
    if (event.type === 'payment.session.completed') {
      expectTypeOf(event.type).toEqualTypeOf<'payment.session.completed'>();
    }
  });
});

describe('error codes and credentials of vendors without marks', () => {
  test('CodeAt follows the error-code location through the error body type', () => {
    type Stripe = { error?: { code?: 'resource_missing' | 'card_declined'; message?: string } };
    type Square = { errors?: { code: 'NOT_FOUND' | (string & {}) }[] };
    expectTypeOf<CodeAt<Stripe, ['error', 'code']>>().toEqualTypeOf<'resource_missing' | 'card_declined'>();
    type SquareCode = CodeAt<Square, ['errors', 0, 'code']>;
    expectTypeOf<'NOT_FOUND' | 'A_CODE_ADDED_LATER'>().toExtend<SquareCode>();
    expectTypeOf<SquareCode>().toExtend<string>();
    // A location the body type does not have, or a code that is not a string: any string.
    expectTypeOf<CodeAt<Stripe, ['errors', 0, 'code']>>().toEqualTypeOf<string>();
    expectTypeOf<CodeAt<{ code: number }, ['code']>>().toEqualTypeOf<string>();
  });

  test('an API with HTTP basic takes an API key, or a user name and password, not half of each', () => {
    expectTypeOf<{ username: string; password: string }>().toExtend<Ten99PolicyClientOptions>();
    expectTypeOf<{ apiKey: string }>().toExtend<Ten99PolicyClientOptions>();
    expectTypeOf<{ username: string }>().not.toExtend<Ten99PolicyClientOptions>();
    expectTypeOf<{ apiKey: string }>().not.toExtend<ConnectClientOptions>(); // Connect: baseUrl required
  });
});
