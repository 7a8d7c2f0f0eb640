import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { isLoopbackHostname } from '@paykit/mock/boundary';
import { bodyLimitFor, formatBytes, SERVER_ROUTES } from './request-rules.js';
import { securityHeaders } from './security-headers.js';

/**
 * Every request passes here before the API, the built page or Vite's dev middleware sees it: a `Host` this
 * server does not answer for (the DNS-rebinding shape: a foreign name resolving to this machine) and a body the
 * route does not take, or one larger than it takes, are refused before a byte of the body is read. Every
 * answer, refusals included, carries the security headers.
 */
export interface FrontDoorOptions {
  /** Lower-case host names (IPv6 in brackets) this server answers for; loopback addresses always pass. */
  allowedHosts: readonly string[];
  /** The Content-Security-Policy for an answer to a request on this `Host` (the dev page's differs). */
  contentSecurityPolicy: (host: string) => string;
}

export function frontDoor(next: RequestListener, options: FrontDoorOptions): RequestListener {
  return (req, res) => {
    const host = req.headers.host ?? '';
    const hostAllowed = isAllowedHost(host, options.allowedHosts);
    for (const [name, value] of Object.entries(
      securityHeaders(options.contentSecurityPolicy(hostAllowed ? host : '')),
    )) {
      res.setHeader(name, value);
    }
    const method = req.method ?? 'GET';
    const path = pathOf(req);
    // Answers about sessions (and the single-use link) must never be kept by a browser or proxy cache.
    if (SERVER_ROUTES.test(path)) res.setHeader('cache-control', 'no-store');

    if (!hostAllowed) return refuse(res, 403, hostRefusal(host, options.allowedHosts));
    const limit = bodyLimitFor(method, path);
    const declared = Number(req.headers['content-length'] ?? 0);
    const hasBody = declared > 0 || req.headers['transfer-encoding'] !== undefined;
    if (limit === 0 && hasBody) {
      return refuse(res, 400, `${method} ${path} takes no request body; send the request without one.`);
    }
    if (declared > limit) {
      return refuse(
        res,
        413,
        `The request body is ${declared} bytes, larger than the ${formatBytes(limit)} that ${method} ${path} takes.`,
      );
    }
    next(req, res);
  };
}

/** `Host: name[:port]`: the name is compared; any port passes (a rebinding attack controls the name, not the port). */
function isAllowedHost(host: string, allowedHosts: readonly string[]): boolean {
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::\d{1,5})?$/i.exec(host);
  if (!match) return false;
  const name = match[1]!.toLowerCase().replace(/\.$/, '');
  return isLoopbackHostname(name) || allowedHosts.includes(name);
}

function hostRefusal(host: string, allowedHosts: readonly string[]): string {
  const shown =
    host === '' ? 'The request has no Host header' : `The Host header "${host.slice(0, 100)}" is not allowed`;
  return (
    `${shown}: this server answers only for loopback names (localhost, 127.x.x.x, [::1]) and ` +
    `${allowedHosts.filter((h) => !isLoopbackHostname(h)).join(', ') || 'no other host'} ` +
    '(SAMPLE_HOST, SAMPLE_ALLOWED_HOSTS), so that a page on another site cannot reach it by DNS rebinding.'
  );
}

function pathOf(req: IncomingMessage): string {
  try {
    return new URL(req.url ?? '/', 'http://request.invalid').pathname;
  } catch {
    return '/';
  }
}

/**
 * Answers without reading the body and closes the connection after the answer: keeping it alive would mean
 * reading (and throwing away) whatever the client still sends.
 */
function refuse(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', connection: 'close' });
  res.end(JSON.stringify({ error: { message } }));
}
