import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { SessionScope } from './accounts.js';
import type { Sandbox } from './sandbox.js';
import { RESERVED_PREFIX } from './hook.js';
import { type CardDecline, cardOutcome, DECLINES, TEST_CARDS } from './test-cards.js';
import { type HostedPage, OPEN_PHASES, type PageOutcome, type Session } from './vendors/types.js';

/*
 * The vendors' hosted pages, on the mock's own port: `GET /__paykit/pages/<token>` shows a small card form (no
 * JavaScript), `POST` with `action=complete` and a test card, or `action=cancel`, finishes the session and answers
 * 303 to where the vendor sends the browser; a declined card shows its error and keeps the session open; the 3-D
 * Secure card leads to `…/<token>/challenge` (complete / fail) first. A page works once, while its session is open
 * and for 30 minutes (mock clock).
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
  'button{padding:.5rem 1rem}.note{color:#666;font-size:.85rem}.error{color:#b00020;font-weight:600}' +
  'table{border-collapse:collapse;margin:1rem 0;font-size:.85rem}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}';
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
function formTargets(sandbox: SessionScope, session: Session): string[] {
  const kind = sandbox.sessions.kind(session);
  const targets: string[] = [];
  for (const outcome of ['completed', 'cancelled', 'failed'] as const) {
    const vendorTarget = kind.redirect?.(session, outcome);
    if (vendorTarget === undefined) continue;
    const target = redirectTarget(vendorTarget, sandbox.redirectOrigin);
    if (URL.canParse(target) && /^https?:$/.test(new URL(target).protocol)) targets.push(new URL(target).origin);
  }
  return targets;
}

/** Why a page can no longer be used, or undefined while it can. */
function unusable(sandbox: SessionScope, session: Session): string | undefined {
  const page = session.page!;
  if (page.used) return `This link has already been used (the session is ${session.phase}).`;
  if (!OPEN_PHASES.has(session.phase)) return `This link no longer works: the session is ${session.phase}.`;
  if (page.expiresAt <= sandbox.clock.now() || sandbox.sessions.pastExpiry(session)) return 'This link has expired.';
  return undefined;
}

/** The test cards, shown under the form (the same table as the README's). */
const CARD_TABLE =
  '<table><caption>Test cards</caption><tr><th>number</th><th>what it does</th></tr>' +
  TEST_CARDS.map((card) => `<tr><td><code>${card.number}</code></td><td>${escapeHtml(card.label)}</td></tr>`).join('') +
  '</table>';

/** The card step: a card field (filled with the succeeding card), pay and cancel, and the decline if there was one. */
function cardPage(
  sandbox: SessionScope,
  session: Session,
  res: ServerResponse,
  shown: { status: number; card?: string; decline?: CardDecline; action?: string },
): void {
  const kind = sandbox.sessions.kind(session);
  const labels = kind.page ?? { title: 'Checkout', complete: 'Complete', cancel: 'Cancel' };
  const error = shown.decline
    ? `<p class="error" role="alert" data-decline-code="${escapeHtml(shown.decline.decline)}">${escapeHtml(shown.decline.message)}</p>`
    : '';
  const action = shown.action === undefined ? '' : ` action="${escapeHtml(shown.action)}"`;
  sendHtml(
    res,
    shown.status,
    labels.title,
    `<form method="post"${action}>` +
      `<label>Card number<input name="card" value="${escapeHtml(shown.card ?? TEST_CARDS[0]!.number)}" autocomplete="off" inputmode="numeric"></label>` +
      error +
      `<button name="action" value="complete">${escapeHtml(labels.complete)}</button>` +
      `<button name="action" value="cancel">${escapeHtml(labels.cancel)}</button></form>${CARD_TABLE}`,
    formTargets(sandbox, session),
  );
}

/** The 3-D Secure step: the issuer's challenge, played locally (nothing to type: complete or fail it). */
function challengePage(sandbox: SessionScope, session: Session, res: ServerResponse): void {
  sendHtml(
    res,
    200,
    '3-D Secure authentication',
    '<p>Your bank asks you to confirm this payment (a test challenge: choose its outcome).</p>' +
      '<form method="post"><button name="action" value="complete">Complete authentication</button>' +
      '<button name="action" value="fail">Fail authentication</button></form>',
    formTargets(sandbox, session),
  );
}

/** Ends the session on the page and sends the browser where the vendor does (or says so, with no target). */
function finish(sandbox: SessionScope, session: Session, outcome: PageOutcome, res: ServerResponse): void {
  const vendorTarget = sandbox.sessions.finishOnPage(session, outcome);
  if (vendorTarget) {
    const location = redirectTarget(vendorTarget, sandbox.redirectOrigin);
    res.writeHead(303, { ...pageHeaders(), location, 'content-length': 0 }).end();
    return;
  }
  sendHtml(res, 200, 'Done', `<p>Done: the session is ${escapeHtml(session.phase)}.</p>`);
}

/** Moves an open session between its open phases (pending ⇄ requires_action) where the vendor shows them. */
function showAction(sandbox: SessionScope, session: Session, waiting: boolean): void {
  if (!sandbox.sessions.kind(session).challengeRequiresAction) return;
  const phase = waiting ? 'requires_action' : 'pending';
  if (session.phase !== phase) sandbox.sessions.move(session, phase);
}

function seeOther(res: ServerResponse, location: string): void {
  res.writeHead(303, { ...pageHeaders(), location, 'content-length': 0 }).end();
}

/**
 * `step` is `card` (`/__paykit/pages/<token>`) or `challenge` (`…/<token>/challenge`, reached from the card step
 * with the 3-D Secure card).
 */
export function servePage(
  sandbox: Sandbox,
  method: string,
  token: string,
  form: URLSearchParams,
  res: ServerResponse,
  step: 'card' | 'challenge' = 'card',
): void {
  // A browser sends no API key: the token finds its session in whichever account made it.
  const owned = sandbox.byPageToken(token);
  const session = owned?.session;
  if (!owned || !session?.page) {
    sendHtml(res, 404, 'Page not found', '<p>This payment link is not known to this mock (was it reset?).</p>');
    return;
  }
  servePageOf(owned.account, session as Session & { page: HostedPage }, method, form, res, step);
}

function servePageOf(
  sandbox: SessionScope,
  session: Session & { page: HostedPage },
  method: string,
  form: URLSearchParams,
  res: ServerResponse,
  step: 'card' | 'challenge',
): void {
  const token = session.page.token;
  const kind = sandbox.sessions.kind(session);
  const labels = kind.page ?? { title: 'Checkout', complete: 'Complete', cancel: 'Cancel' };
  const reason = unusable(sandbox, session);
  if (reason) {
    sendHtml(res, 410, labels.title, `<p>${escapeHtml(reason)}</p>`);
    return;
  }
  const cardPath = `${RESERVED_PREFIX}pages/${encodeURIComponent(token)}`;
  if (step === 'challenge' && !session.page.challenge) {
    sendHtml(res, 404, '3-D Secure authentication', '<p>No 3-D Secure challenge is waiting on this page.</p>');
    return;
  }
  if (method === 'GET' || method === 'HEAD') {
    if (step === 'challenge') challengePage(sandbox, session, res);
    else cardPage(sandbox, session, res, { status: 200 });
    return;
  }
  if (method !== 'POST') {
    res.setHeader('allow', 'GET, POST');
    sendHtml(res, 405, labels.title, '<p>This page takes GET (to show it) and POST (its form).</p>');
    return;
  }
  const action = form.get('action');
  if (step === 'challenge') {
    if (action !== 'complete' && action !== 'fail') {
      sendHtml(
        res,
        400,
        '3-D Secure authentication',
        '<p>The form field <code>action</code> must be <code>complete</code> or <code>fail</code>.</p>',
      );
      return;
    }
    session.page.challenge = false;
    if (action === 'complete') return finish(sandbox, session, 'completed', res);
    if (kind.failedChallenge === 'failed') return finish(sandbox, session, 'failed', res);
    showAction(sandbox, session, false);
    cardPage(sandbox, session, res, { status: 402, decline: DECLINES.authenticationFailed, action: cardPath });
    return;
  }
  if (action === 'cancel') {
    session.page.challenge = false;
    return finish(sandbox, session, 'cancelled', res);
  }
  if (action !== 'complete') {
    sendHtml(
      res,
      400,
      labels.title,
      '<p>The form field <code>action</code> must be <code>complete</code> or <code>cancel</code>.</p>',
    );
    return;
  }
  // A post without a card field (`curl -d action=complete`) pays with the succeeding card, which the page shows.
  const card = form.get('card') ?? TEST_CARDS[0]!.number;
  const outcome = cardOutcome(card);
  if (outcome === 'succeeded') {
    session.page.challenge = false;
    return finish(sandbox, session, 'completed', res);
  }
  if (outcome === 'requires_3ds') {
    session.page.challenge = true;
    showAction(sandbox, session, true);
    seeOther(res, `${cardPath}/challenge`);
    return;
  }
  // A decline keeps the session open and the page usable, as a card page does: the person may try another card.
  session.page.challenge = false;
  showAction(sandbox, session, false);
  cardPage(sandbox, session, res, { status: 402, card, decline: outcome });
}
