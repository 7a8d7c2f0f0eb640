import type { IncomingMessage } from 'node:http';
import { type EngineAnswer, plainProblem } from '../engine/answers.js';
import type { Boundary } from './boundary.js';
import { isJsonMediaType } from '../engine/json.js';

/*
 * Where a request comes from, as far as a browser says: its `Origin` (sent on every cross-origin request and every
 * POST) and `Sec-Fetch-Site` (set by the browser, never by a page; sent to loopback and https). A program such as
 * curl or the app's server sends neither.
 */
export type Access =
  /** A page of the mock itself (its hosted pages). */
  | 'same-origin'
  /** A page of an allowed origin. */
  | 'allowed'
  /** A page of another origin, or an opaque one (`Origin: null`: sandboxed frames, data: and file: pages). */
  | 'foreign'
  /** Another site's navigation or `<img>`/`<script>` load, which names no origin: the site cannot read the answer. */
  | 'unnamed'
  /** No browser said anything: a program, or an address typed in the address bar. */
  | 'unsigned';

const header = (req: IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

export function browserAccess(req: IncomingMessage, boundary: Boundary, ownOrigin: string): Access {
  const origin = header(req, 'origin');
  const site = header(req, 'sec-fetch-site');
  if (origin !== undefined) {
    // The hosted pages send no referrer, so the browser sends their own form posts with `Origin: null`:
    // `Sec-Fetch-Site`, which no page can set, tells them from an opaque foreign origin.
    if (origin === 'null') return site === 'same-origin' ? 'same-origin' : 'foreign';
    // The mock's own address, or the name the page reached it by (the Host allowlist already vouched for it).
    const lower = origin.toLowerCase();
    if (lower === ownOrigin || lower === `http://${req.headers.host?.toLowerCase()}`) return 'same-origin';
    return boundary.originAllowed(origin) ? 'allowed' : 'foreign';
  }
  if (site === 'same-origin') return 'same-origin';
  if (site === 'cross-site' || site === 'same-site') return 'unnamed';
  return 'unsigned';
}

/**
 * The one static resource under `/__paykit/` any page may load: the Stripe.js stand-in, which an app's page loads
 * with `<script src>` as it loads js.stripe.com (a cross-site `no-cors` GET that names no origin). It holds no
 * secret and changes nothing; what it then asks the mock goes by `fetch` from the page's origin (CORS, allowed
 * origins only), like every other `/__paykit/` request.
 */
export const PUBLIC_SCRIPT_PATH = '/__paykit/stripe.js';

/** Whether a request is a GET (or HEAD) of the public script, which every page may load. */
export const isPublicScript = (req: IncomingMessage, url: URL): boolean =>
  url.pathname === PUBLIC_SCRIPT_PATH && (req.method === 'GET' || req.method === 'HEAD');

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const isForm = (req: IncomingMessage): boolean =>
  /^\s*application\/x-www-form-urlencoded\s*(?:;|$)/i.test(header(req, 'content-type') ?? '');

/**
 * The refusal of a request under `/__paykit/` (control API, hosted pages, and whatever is added there later), or
 * undefined to serve it. Pages of other origins are refused outright; another site may only navigate to a GET
 * route (it cannot read the answer, and GETs change nothing). A state change takes `application/json` (which a page
 * of another origin cannot send without asking the browser first, and the mock never says yes), or a form posted
 * by the hosted page itself.
 */
export function reservedRefusal(
  req: IncomingMessage,
  access: Access,
  allowedInWords: string,
): EngineAnswer | undefined {
  const method = req.method ?? 'GET';
  if (access === 'foreign') {
    return plainProblem(
      403,
      'Origin not allowed',
      `/__paykit/ answers only the mock's own pages, the allowed origins (${allowedInWords}) and programs; this request came from a page of another origin (its Origin header). Allow that origin with PAYKIT_MOCK_ALLOWED_ORIGINS, --allowed-origins or the allowedOrigins option if it is yours.`,
    );
  }
  if (
    access === 'unnamed' &&
    !((method === 'GET' || method === 'HEAD') && header(req, 'sec-fetch-mode') === 'navigate')
  ) {
    return plainProblem(
      403,
      'Cross-site request refused',
      `/__paykit/ answers another site's page only when it navigates to a GET route; this request (Sec-Fetch-Site: ${header(req, 'sec-fetch-site')}) was not a navigation.`,
    );
  }
  if (SAFE_METHODS.has(method) || isJsonMediaType(req.headers)) return undefined;
  if (isForm(req) && (access === 'same-origin' || access === 'unsigned')) return undefined;
  return plainProblem(
    415,
    'Unsupported Media Type',
    `A ${method} under /__paykit/ takes Content-Type: application/json (a hosted page's form only from that page itself); this request sent ${header(req, 'content-type') ? 'another Content-Type' : 'none'}.`,
  );
}
