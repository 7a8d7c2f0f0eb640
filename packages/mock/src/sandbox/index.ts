import type { SandboxOptions } from './sandbox.js';

export { createSandbox, type Sandbox, type SandboxOptions } from './sandbox.js';
export {
  checkRedirectOrigin,
  LIMIT_DEFAULTS,
  SandboxSettingError,
  type SandboxLimits,
  webhookSettingsFromEnv,
} from './settings.js';
export { CONTROL_ROUTES } from './control-api.js';
export { WEBHOOK_DEFAULTS, type WebhookSettings, type LoggedEvent, type Delivery, type Attempt } from './webhooks.js';

/** Banner lines for a running sandbox (no secret: only whether webhooks are signed, never the secret). */
export function sandboxBanner(
  url: string,
  settings: SandboxOptions['webhooks'],
  hasWebhooks: boolean,
  redirectOrigin?: string,
): string[] {
  const lines = [
    `    control API   ${url}/__paykit/  (sessions, sessions/{id}/state, clock/advance, events, reset)`,
    `    hosted pages  ${url}/__paykit/pages/…  (the URL a create answer gives; single use, 30 minutes)`,
  ];
  if (redirectOrigin) {
    lines.push(
      `    redirects to  ${redirectOrigin}  (the return URL's path and query on this origin; PAYKIT_MOCK_REDIRECT_ORIGIN)`,
    );
  }
  if (!hasWebhooks) return lines;
  const urls = settings?.urls ?? [];
  lines.push(
    urls.length > 0
      ? `    webhooks      signed, to ${urls.map((target) => new URL(target).origin + new URL(target).pathname).join(', ')}`
      : '    webhooks      logged only (GET /__paykit/events); set PAYKIT_MOCK_WEBHOOK_URL and PAYKIT_MOCK_WEBHOOK_SECRET to send them',
  );
  return lines;
}
