import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { Sandbox } from './sandbox.js';
import { OPEN_PHASES, type PageOutcome, type Session } from './vendors/types.js';

/*
 * The vendors' hosted pages, on the mock's own port: `GET /__paykit/pages/<token>` shows a small form (no
 * JavaScript), `POST` with `action=complete` or `action=cancel` finishes the session and answers 303 to where the
 * vendor sends the browser. A page works once, while its session is open and for 30 minutes (mock clock).
 */

/**
 * Where the browser goes once the page is done: the vendor's target as its table computes it or, with a redirect
 * origin, the same path, query and fragment on that origin (a sandbox affordance, like Stripe CLI's forwarding: a
 * local app registered under its production https URL gets the browser back; the vendor itself goes to the URL as
 * given). A target that is not http(s) is never stored (a create naming one is refused); were one there, no web origin
 * would stand in for it, so it is left alone.
 */
export function redirectTarget(vendorTarget: string, redirectOrigin: string | undefined): string {
  if (redirectOrigin === undefined) return vendorTarget;
  const target = URL.canParse(vendorTarget) ? new URL(vendorTarget) : undefined;
  if (!target || (target.protocol !== 'http:' && target.protocol !== 'https:')) return vendorTarget;
  // Set part by part, never resolved as a relative URL: a path such as `//elsewhere.example/x` stays a path.
  const forwarded = new URL(redirectOrigin);
  forwarded.pathname = target.pathname;
  forwarded.search = target.search;
  forwarded.hash = target.hash;
  return forwarded.href;
}

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

const STYLE =
  'body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem}' +
  'label,input,button{display:block;margin:.5rem 0}input{padding:.4rem;width:100%}' +
  'button{padding:.5rem 1rem}.note{color:#666;font-size:.85rem}';
/** The page's only style, allowed by its hash: no inline script or style the policy does not name runs. */
const STYLE_HASH = `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`;

/**
 * The headers of every page answer and redirect. The URL carries a secret token: no cache, no referrer. Nothing may
 * frame the page (clickjacking of "Pay"), and its form may post only to itself and then go only where the session
 * sends the browser (`formTargets`: Chromium checks `form-action` on the redirect too).
 */
export function pageHeaders(formTargets: readonly string[] = []): Record<string, string> {
  const formAction = ["'self'", ...new Set(formTargets)].join(' ');
  return {
    'content-security-policy': `default-src 'none'; style-src ${STYLE_HASH}; form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'`,
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  };
}

function sendHtml(res: ServerResponse, status: number, title: string, content: string, formTargets?: string[]): void {
  const html =
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"><style>${STYLE}</style></head><body>` +
    `<h1>${escapeHtml(title)}</h1>${content}` +
    '<p class="note">paykit mock sandbox: nothing is charged and no card data leaves this page.</p></body></html>';
  res.writeHead(status, {
    ...pageHeaders(formTargets),
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
  });
  res.end(html);
}

/** The origins the page's form may end up on: where each outcome sends the browser. */
function formTargets(sandbox: Sandbox, session: Session): string[] {
  const kind = sandbox.sessions.kind(session);
  const targets: string[] = [];
  for (const outcome of ['completed', 'cancelled'] as const) {
    const vendorTarget = kind.redirect?.(session, outcome);
    if (vendorTarget === undefined) continue;
    const target = redirectTarget(vendorTarget, sandbox.redirectOrigin);
    if (URL.canParse(target) && /^https?:$/.test(new URL(target).protocol)) targets.push(new URL(target).origin);
  }
  return targets;
}

/** Why a page can no longer be used, or undefined while it can. */
function unusable(sandbox: Sandbox, session: Session): string | undefined {
  const page = session.page!;
  if (page.used) return `This link has already been used (the session is ${session.phase}).`;
  if (!OPEN_PHASES.has(session.phase)) return `This link no longer works: the session is ${session.phase}.`;
  if (page.expiresAt <= sandbox.clock.now() || sandbox.sessions.pastExpiry(session)) return 'This link has expired.';
  return undefined;
}

export function servePage(
  sandbox: Sandbox,
  method: string,
  token: string,
  form: URLSearchParams,
  res: ServerResponse,
): void {
  const session = sandbox.sessions.byPageToken(token);
  if (!session?.page) {
    sendHtml(res, 404, 'Page not found', '<p>This payment link is not known to this mock (was it reset?).</p>');
    return;
  }
  const kind = sandbox.sessions.kind(session);
  const labels = kind.page ?? { title: 'Checkout', complete: 'Complete', cancel: 'Cancel' };
  const reason = unusable(sandbox, session);
  if (reason) {
    sendHtml(res, 410, labels.title, `<p>${escapeHtml(reason)}</p>`);
    return;
  }
  if (method === 'GET' || method === 'HEAD') {
    const field = labels.field
      ? `<label>${escapeHtml(labels.field.label)}<input name="card" value="${escapeHtml(labels.field.value)}" autocomplete="off"></label>`
      : '';
    sendHtml(
      res,
      200,
      labels.title,
      `<form method="post">${field}` +
        `<button name="action" value="complete">${escapeHtml(labels.complete)}</button>` +
        `<button name="action" value="cancel">${escapeHtml(labels.cancel)}</button></form>`,
      formTargets(sandbox, session),
    );
    return;
  }
  if (method !== 'POST') {
    res.setHeader('allow', 'GET, POST');
    sendHtml(res, 405, labels.title, '<p>This page takes GET (to show it) and POST (its form).</p>');
    return;
  }
  const action = form.get('action');
  const outcome: PageOutcome | undefined =
    action === 'complete' ? 'completed' : action === 'cancel' ? 'cancelled' : undefined;
  if (!outcome) {
    sendHtml(
      res,
      400,
      labels.title,
      '<p>The form field <code>action</code> must be <code>complete</code> or <code>cancel</code>.</p>',
    );
    return;
  }
  const vendorTarget = sandbox.sessions.finishOnPage(session, outcome);
  if (vendorTarget) {
    const location = redirectTarget(vendorTarget, sandbox.redirectOrigin);
    res.writeHead(303, { ...pageHeaders(), location, 'content-length': 0 }).end();
    return;
  }
  sendHtml(res, 200, labels.title, `<p>Done: the session is ${escapeHtml(session.phase)}.</p>`);
}
