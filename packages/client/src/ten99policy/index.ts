import { createVendorClient } from '../core/client.js';
import type { PaykitClient } from '../core/client-types.js';
import type { ClientOptions } from '../core/options.js';
import type { components, operations, paths, webhooks } from '../generated/ten99policy.js';
import { ten99policyVendor } from './vendor.js';

type Schemas = components['schemas'];

/** A contractor's hosted payment session, as the cancel operation and webhook events carry it (no `url`). */
export type PaymentSession = Schemas['PaymentSession'];
/** The session as the create operation returns it: with the single-use, secret `url` to redirect to. */
export type PaymentSessionWithUrl = Schemas['PaymentSessionWithUrl'];
export type PaymentSessionStatus = Schemas['PaymentSessionStatus'];
export type CreatePaymentSessionRequest = Schemas['CreatePaymentSessionRequest'];
/** The body of every 1099Policy error response. */
export type ApiErrorBody = Schemas['ApiError'];
/** 1099Policy's machine-readable error codes (`session_not_pending`, `invalid_return_url`, …). */
export type ErrorCode = Schemas['ErrorCode'];
export type PaymentSessionCompletedEvent = Schemas['PaymentSessionCompletedEvent'];
export type PaymentSessionCancelledEvent = Schemas['PaymentSessionCancelledEvent'];
export type PaymentSessionExpiredEvent = Schemas['PaymentSessionExpiredEvent'];

export type Ten99PolicyClientOptions = ClientOptions;
export type Ten99PolicyClient = PaykitClient<paths, ErrorCode | undefined>;
export type { paths, components, operations, webhooks };

/**
 * A typed client of the 1099Policy payment-session API:
 * `client.POST('/api/v1/payment/sessions', { body })` resolves to `{ data, error, response }`. Authenticates with
 * HTTP Basic (the secret key as user name), as the spec's first security scheme says.
 */
export function createTen99PolicyClient(options: Ten99PolicyClientOptions): Ten99PolicyClient {
  return createVendorClient<paths, ErrorCode | undefined>(ten99policyVendor, options);
}

export { checkReturnUrl } from './return-url.js';
export {
  DEFAULT_WEBHOOK_TOLERANCE_SEC,
  WEBHOOK_SIGNATURE_HEADER,
  signWebhook,
  verifyWebhook,
  type RawBody,
  type SignWebhookInput,
  type VerifyWebhookInput,
  type WebhookEvent,
  type WebhookEventType,
  type WebhookHeaders,
} from './webhooks.js';
export { PaykitWebhookError, type WebhookFailure } from './webhook-errors.js';
export * from '../core/public.js';
