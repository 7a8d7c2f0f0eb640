// 1099Policy's hand-written extras, re-exported by the generated entry `@paykit/client/ten99policy`: the return_url
// check the vendor applies, and its signed webhooks.
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
