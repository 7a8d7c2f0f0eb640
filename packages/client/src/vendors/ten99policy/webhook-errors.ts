import { PaykitError } from '../../core/errors.js';

/** Why a webhook delivery was refused. */
export type WebhookFailure =
  | 'missing_header'
  | 'malformed_header'
  | 'bad_signature'
  | 'stale_timestamp'
  | 'malformed_payload'
  | 'unknown_event';

/**
 * A webhook delivery that must not be trusted (or, for `unknown_event`, an authentic event of a type this version
 * of the client does not know). Messages never include the secret, the signature or the body.
 */
export class PaykitWebhookError extends PaykitError {
  override name = 'PaykitWebhookError';
  declare readonly reason: WebhookFailure;

  constructor(reason: WebhookFailure, message: string) {
    super(message, { reason });
  }
}
