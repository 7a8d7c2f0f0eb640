// The README's examples, compiled: if the API drifts from the documentation, this file stops compiling.
import { expectTypeOf, test } from 'vitest';
import { createConnectClient } from './generated/connect/index.js';
import {
  createTen99PolicyClient,
  PaykitConnectionError,
  PaykitWebhookError,
  verifyWebhook,
} from './generated/ten99policy/index.js';

declare function redirect(url: string): void;
declare function renderStripe(clientSecret: string, publishableKey: string): void;
declare function showError(code: string | undefined): void;
declare function alreadyFinal(): void;
declare function expired(): void;
declare const orderId: string;
declare const request: Request;

test('Connect quick start', async () => {
  const connect = createConnectClient({ baseUrl: 'https://apiv2.example.com', apiKey: 'k' });
  const { data, error } = await connect.POST('/payment-sessions', {
    body: { orderId: 'e3f4a5b6', paymentProvider: 'STRIPE', hosted: false },
  });
  if (error) throw error;
  if (data.hosted) redirect(data.provider.url);
  else renderStripe(data.provider.clientSecret, data.provider.publishableKey);
  await connect.GET('/payment-sessions/{paymentSessionId}', {
    params: { path: { paymentSessionId: data.paymentSessionId } },
  });
  await connect.GET('/payment-sessions/{paymentSessionId}', {
    params: { path: { paymentSessionId: data.paymentSessionId } },
    signal: request.signal,
    maxRetries: 0,
    timeoutMs: 5_000,
  });
  await connect.POST('/payment-sessions/{paymentSessionId}/cancel', {
    params: { path: { paymentSessionId: data.paymentSessionId }, header: { 'X-Idempotency-Key': `cancel-${orderId}` } },
    body: { reason: 'customer request' },
  });
});

test('1099Policy quick start and errors', async () => {
  const ten99 = createTen99PolicyClient({ apiKey: 't9k_test_k', logger: console });
  const { data, error } = await ten99.POST('/api/v1/payment/sessions', {
    body: { contractor: 'cn_AbCdEfGh12', return_url: 'https://app.example.com/settings/billing/return' },
  });
  if (error) return showError(error.code);
  redirect(data.url);
  const cancelled = await ten99.POST('/api/v1/payment/sessions/{session}/cancel', {
    params: { path: { session: data.id } },
  });
  if (cancelled.error) {
    if (cancelled.error.status === 400 && cancelled.error.code === 'session_not_pending') return alreadyFinal();
    if (cancelled.error.code === 'session_expired') return expired();
    expectTypeOf(cancelled.error.requestId).toEqualTypeOf<string | undefined>();
    return;
  }
  expectTypeOf(cancelled.data.status).toEqualTypeOf<'pending' | 'completed' | 'cancelled' | 'expired'>();
});

test('webhook handler', async () => {
  try {
    const event = await verifyWebhook({ rawBody: await request.text(), headers: request.headers, secret: 'whsec_x' });
    if (event.type === 'payment.session.completed')
      expectTypeOf(event.data.object.completed_at).toEqualTypeOf<number | null>();
  } catch (error) {
    if (error instanceof PaykitWebhookError && error.reason === 'unknown_event') return;
  }
});

test('repeating a call with the idempotency key from its error', async () => {
  const ten99 = createTen99PolicyClient({ apiKey: 't9k_test_k' });
  const body = { contractor: 'cn_AbCdEfGh12', return_url: 'https://app.example.com/settings/billing/return' };
  try {
    await ten99.POST('/api/v1/payment/sessions', { body });
  } catch (failure) {
    if (failure instanceof PaykitConnectionError && failure.mayHaveActed && failure.idempotencyKey) {
      expectTypeOf(failure.outcomes).toEqualTypeOf<readonly string[]>();
      await ten99.POST('/api/v1/payment/sessions', {
        body,
        params: { header: { 'Idempotency-Key': failure.idempotencyKey } },
      });
    }
  }
});
