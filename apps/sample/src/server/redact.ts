import type { SampleConfig } from './config.js';

/**
 * Replaces every configured secret, and any 1099Policy session link token (the vendor's `/payment/setup/…`, the
 * local sandbox's `/__paykit/pages/…`), wherever it appears.
 */
export function redact(text: string, config: SampleConfig): string {
  const secrets = [config.connect.apiKey, config.ten99policy.apiKey, config.ten99policy.webhookSecret];
  let result = text;
  for (const secret of secrets) if (secret.length >= 4) result = result.split(secret).join('[redacted]');
  return result.replace(/(\/payment\/setup\/|\/__paykit\/pages\/)[^\s"'?#]+/g, '$1[redacted]');
}
