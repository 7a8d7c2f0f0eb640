import type { WebhookSettings } from './webhooks.js';

/** A sandbox setting that breaks its rule; the message names the setting. */
export class SandboxSettingError extends Error {
  override name = 'SandboxSettingError';
}

/**
 * Checks webhook settings: every receiver an absolute http(s) URL, a secret whenever there is a receiver (the
 * events are signed). `names` say how the caller spelled the two settings (option or environment variable).
 */
export function checkWebhookSettings(
  settings: WebhookSettings,
  names: { urls: string; secret: string } = { urls: 'webhooks.urls', secret: 'webhooks.secret' },
): WebhookSettings {
  for (const url of settings.urls) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      parsed = undefined;
    }
    if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
      throw new SandboxSettingError(`${names.urls}: each receiver must be an absolute http:// or https:// URL`);
    }
  }
  if (settings.urls.length > 0 && !settings.secret) {
    throw new SandboxSettingError(
      `${names.secret} is required when ${names.urls} is set: the sandbox signs every event with it`,
    );
  }
  for (const [value, name, max] of [
    [settings.attempts, 'attempts', 20],
    [settings.backoffMs, 'backoffMs', 600_000],
    [settings.timeoutMs, 'timeoutMs', 600_000],
  ] as const) {
    if (value !== undefined && (!Number.isInteger(value) || value < (name === 'attempts' ? 1 : 0) || value > max)) {
      throw new SandboxSettingError(`webhooks.${name} must be a whole number from ${name === 'attempts' ? 1 : 0} to ${max}`);
    }
  }
  return settings;
}

/** Webhook settings from `PAYKIT_MOCK_WEBHOOK_URL` (comma-separated) and `PAYKIT_MOCK_WEBHOOK_SECRET`. */
export function webhookSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): WebhookSettings {
  const urls = (env.PAYKIT_MOCK_WEBHOOK_URL ?? '')
    .split(',')
    .map((url) => url.trim())
    .filter(Boolean);
  const secret = env.PAYKIT_MOCK_WEBHOOK_SECRET || undefined;
  return checkWebhookSettings(
    { urls, ...(secret ? { secret } : {}) },
    { urls: 'PAYKIT_MOCK_WEBHOOK_URL', secret: 'PAYKIT_MOCK_WEBHOOK_SECRET' },
  );
}
