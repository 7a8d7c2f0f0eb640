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
  names: { urls: string; secret: string } = { urls: 'sandbox.webhooks.urls', secret: 'sandbox.webhooks.secret' },
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
    // fetch refuses such a URL on every attempt, and its refusal quotes the password.
    if (parsed.username || parsed.password) {
      throw new SandboxSettingError(
        `${names.urls}: a receiver URL must not carry a user name or password (a token in its query works)`,
      );
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
      throw new SandboxSettingError(
        `sandbox.webhooks.${name} must be a whole number from ${name === 'attempts' ? 1 : 0} to ${max}`,
      );
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

/**
 * Checks a redirect origin (the sandbox's stand-in for the host of every return URL): an absolute http(s) origin,
 * nothing after the host and port but an optional `/`. Returns it as `URL.origin` spells it. The value is never
 * quoted in the error (it may hold credentials).
 */
export function checkRedirectOrigin(value: string, name = 'sandbox.redirectOrigin'): string {
  const rule = `${name} must be an http:// or https:// origin: a scheme, a host and an optional port, e.g. http://127.0.0.1:3000`;
  let parsed: URL;
  try {
    parsed = new URL(value.trim());
  } catch {
    throw new SandboxSettingError(`${rule} (the value is not an absolute URL)`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new SandboxSettingError(`${rule} (the scheme is ${parsed.protocol.slice(0, -1)})`);
  }
  const extra = [
    parsed.username || parsed.password ? 'a user name or password' : undefined,
    parsed.pathname !== '/' ? 'a path' : undefined,
    parsed.search || value.includes('?') ? 'a query' : undefined,
    parsed.hash || value.includes('#') ? 'a fragment' : undefined,
  ].filter(Boolean);
  if (extra.length > 0) {
    throw new SandboxSettingError(
      `${rule} (it has ${extra.join(' and ')}: the return URL's own path and query are kept)`,
    );
  }
  return parsed.origin;
}
