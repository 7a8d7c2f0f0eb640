import type { SandboxOptions } from './sandbox.js';
import { retrySpanMs } from './webhooks.js';

export { createSandbox, type Sandbox, type SandboxOptions } from './sandbox.js';
export { LIMIT_DEFAULTS, SandboxSettingError, type SandboxLimits } from './setting-defaults.js';
export { CONTROL_ROUTES } from './control-routes.js';
export { WEBHOOK_DEFAULTS, type WebhookSettings, type LoggedEvent, type Delivery, type Attempt } from './webhooks.js';

/** Banner lines for a running sandbox (no secret: only whether webhooks are signed, never the secret). */
export function sandboxBanner(
  url: string,
  settings: SandboxOptions['webhooks'],
  hasWebhooks: boolean,
  redirectOrigin?: string,
): string[] {
  const lines = [
    `    dashboard     ${url}/__paykit/  (open it in a browser: sessions, webhook attempts, the request log, live)`,
    `    control API   ${url}/__paykit/  (sessions, sessions/{id}/state, clock/advance, events, requests, reset)`,
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
      ? `    webhooks      signed, to ${urls.map((target) => new URL(target).origin + new URL(target).pathname).join(', ')}; a failed delivery is retried for ${duration(retrySpanMs(settings ?? { urls }))} of mock time`
      : '    webhooks      logged only (GET /__paykit/events); set PAYKIT_MOCK_WEBHOOK_URL and PAYKIT_MOCK_WEBHOOK_SECRET to send them',
  );
  return lines;
}

/** `4 h 34 min`, `15 min 3 s`, `15 s`: a span for a person, to the second. */
function duration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  const parts = [
    [Math.floor(seconds / 3600), 'h'],
    [Math.floor((seconds % 3600) / 60), 'min'],
    [seconds % 60, 's'],
  ] as const;
  const shown = parts.filter(([value]) => value > 0).slice(0, 2);
  return shown.length === 0 ? '0 s' : shown.map(([value, unit]) => `${value} ${unit}`).join(' ');
}
