import { STRIPE_JS_URL } from '../config.js';

/**
 * The headers every answer of this server carries, page and API alike. The page is one script and one stylesheet
 * from this origin that calls only this origin, so the policy allows exactly that and nothing inline, plus the
 * Stripe.js of the embedded checkout (`stripeJsPolicy`).
 */

const productionPolicy: Record<string, string[]> = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  // index.html's empty favicon is a data: URL (it stops the browser asking for /favicon.ico).
  'img-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'font-src': ["'self'"],
  'manifest-src': ["'self'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'object-src': ["'none'"],
};

/**
 * Vite's dev page needs two things the built page does not: the inline React Refresh preamble and the <style>
 * elements its client injects (Vite marks both with `html.cspNonce`, one nonce per dev server), and the HMR
 * WebSocket on this same host and port. Nothing else is relaxed.
 */
export function devPolicyRelaxation(nonce: string, host: string): Record<string, string[]> {
  return {
    'script-src': [`'nonce-${nonce}'`],
    'style-src': [`'nonce-${nonce}'`],
    'connect-src': [`ws://${host}`],
  };
}

/**
 * What the page's Stripe.js needs. The mock's stand-in (or any other Stripe.js URL): its script, and the requests
 * it makes to its own origin. Stripe's own: what Stripe documents for Stripe.js (its script, its frames, its API).
 */
export function stripeJsPolicy(stripeJsUrl: string): Record<string, string[]> {
  if (stripeJsUrl === STRIPE_JS_URL) {
    return {
      'script-src': ['https://js.stripe.com'],
      'frame-src': ['https://js.stripe.com', 'https://hooks.stripe.com'],
      'connect-src': ['https://api.stripe.com'],
    };
  }
  const { origin } = new URL(stripeJsUrl);
  return { 'script-src': [origin], 'connect-src': [origin] };
}

/** The production policy with the sources of each relaxation added (a directive it lacks is added after it). */
export function contentSecurityPolicy(...relaxations: Array<Record<string, string[]>>): string {
  const policy = new Map(Object.entries(productionPolicy).map(([directive, sources]) => [directive, [...sources]]));
  for (const relaxation of relaxations) {
    for (const [directive, sources] of Object.entries(relaxation)) {
      const current = policy.get(directive) ?? [];
      policy.set(directive, [...current, ...sources.filter((source) => !current.includes(source))]);
    }
  }
  return [...policy].map(([directive, sources]) => [directive, ...sources].join(' ')).join('; ');
}

export function securityHeaders(csp: string): Record<string, string> {
  return {
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
    'x-dns-prefetch-control': 'off',
    'origin-agent-cluster': '?1',
  };
}
