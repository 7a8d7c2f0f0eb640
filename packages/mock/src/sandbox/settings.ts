import { WEBHOOK_DEFAULTS, type WebhookSettings } from './webhooks.js';

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
  for (const [value, name, min, max] of [
    [settings.attempts, 'attempts', 1, 100],
    [settings.backoffMs, 'backoffMs', 0, 86_400_000],
    [settings.maxBackoffMs, 'maxBackoffMs', 0, 86_400_000],
    [settings.timeoutMs, 'timeoutMs', 1, 600_000],
  ] as const) {
    if (value !== undefined && (!Number.isInteger(value) || value < min || value > max)) {
      throw new SandboxSettingError(`sandbox.webhooks.${name} must be a whole number from ${min} to ${max}`);
    }
  }
  const backoff = settings.backoffMs ?? WEBHOOK_DEFAULTS.backoffMs;
  const maxBackoff = settings.maxBackoffMs ?? WEBHOOK_DEFAULTS.maxBackoffMs;
  if (maxBackoff < backoff) {
    throw new SandboxSettingError(
      `sandbox.webhooks.maxBackoffMs (${maxBackoff}) must be at least sandbox.webhooks.backoffMs (${backoff}): it caps the growing wait between attempts`,
    );
  }
  return settings;
}

/** How many of each the sandbox keeps (see README, "Bounded state"). */
export interface SandboxLimits {
  /** Sessions (default 100000): beyond it, the oldest finished go first, then the oldest open. */
  sessions?: number;
  /** Idempotency keys (default 100000), besides their 24 hours of mock time: the oldest go first. */
  idempotencyKeys?: number;
  /** Webhook events (default 10000): the oldest finished go first, then the oldest still being delivered. */
  events?: number;
}

export const LIMIT_DEFAULTS: Required<SandboxLimits> = { sessions: 100_000, idempotencyKeys: 100_000, events: 10_000 };
const LIMIT_MAX = 10_000_000;

/** Checks the limits; `names` say how the caller spelled each (option or environment variable). */
export function checkLimits(
  limits: SandboxLimits = {},
  names: Record<keyof SandboxLimits, string> = {
    sessions: 'sandbox.limits.sessions',
    idempotencyKeys: 'sandbox.limits.idempotencyKeys',
    events: 'sandbox.limits.events',
  },
): Required<SandboxLimits> {
  const checked = { ...LIMIT_DEFAULTS };
  for (const name of Object.keys(LIMIT_DEFAULTS) as Array<keyof SandboxLimits>) {
    const value = limits[name];
    if (value === undefined) continue;
    if (!Number.isInteger(value) || value < 1 || value > LIMIT_MAX) {
      throw new SandboxSettingError(`${names[name]} must be a whole number from 1 to ${LIMIT_MAX}`);
    }
    checked[name] = value;
  }
  return checked;
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
