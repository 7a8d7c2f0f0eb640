import type { IncomingMessage, ServerResponse } from 'node:http';

/** Request headers a browser app may send: the vendors' auth and idempotency headers, Prism's and the mock's own. */
export const ALLOWED_HEADERS = [
  'Authorization',
  'Content-Type',
  'Idempotency-Key',
  'Prefer',
  'X-API-Key',
  'X-Idempotency-Key',
  'X-Mock-Delay',
  'X-Mock-Fault',
];

const ALLOWED_HEADERS_LOWER = new Set(ALLOWED_HEADERS.map((name) => name.toLowerCase()));
const ALLOWED_HEADERS_VALUE = ALLOWED_HEADERS.join(', ');
const ALLOWED_METHODS = 'GET, POST, PUT, PATCH, DELETE, OPTIONS';
/**
 * Response headers a browser app may read beyond the safelisted ones (Retry-After drives retry UIs; X-Mock-Injected
 * tells an injected fault from a real answer).
 */
const EXPOSED_HEADERS = 'Retry-After, Location, Sl-Violations, X-Mock-Injected';

export function isPreflight(req: IncomingMessage): boolean {
  const { origin, 'access-control-request-method': method } = req.headers;
  return req.method === 'OPTIONS' && origin !== undefined && method !== undefined;
}

/**
 * Adds the CORS headers of an actual (non-preflight) response to a request from an allowed origin. Never
 * `Access-Control-Allow-Credentials`: the vendors' keys travel in headers the app sets, not in cookies, so a page
 * gets nothing the browser would add on its own.
 */
export function setCorsHeaders(res: ServerResponse, origin: string): void {
  res.setHeader('access-control-allow-origin', origin);
  res.setHeader('access-control-expose-headers', EXPOSED_HEADERS);
}

/**
 * Answers an allowed origin's preflight itself, with no delay or fault: it is the browser's question, not the app's
 * request.
 * Headers beyond the known list are allowed too, so the mock is never the reason a browser blocks an app.
 */
export function answerPreflight(req: IncomingMessage, res: ServerResponse): void {
  const requested = req.headers['access-control-request-headers'];
  const extra = requested
    ?.split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '' && !ALLOWED_HEADERS_LOWER.has(name.toLowerCase()));
  setCorsHeaders(res, req.headers.origin as string);
  res.writeHead(204, {
    'access-control-allow-methods': ALLOWED_METHODS,
    'access-control-allow-headers': extra?.length
      ? `${ALLOWED_HEADERS_VALUE}, ${extra.join(', ')}`
      : ALLOWED_HEADERS_VALUE,
    'access-control-max-age': '600',
    vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
    'content-length': '0',
  });
  res.end();
}
