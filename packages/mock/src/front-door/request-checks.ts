import type { IncomingMessage } from 'node:http';
import { parse as parseMediaType } from 'content-type';
import { type EngineAnswer, plainProblem } from '../engine/answers.js';
import { type Boundary, remembered } from './boundary.js';

/*
 * What the front door refuses before anything reads the request: a Host that is not the mock's (DNS rebinding), a
 * request target that is not a well-formed path, and media-type headers that do not parse (Prism's parsers would
 * throw on them). Each is a 4xx problem naming what is wrong, never quoting more than a short, harmless part.
 */

const shown = (text: string, max = 80): string => JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);

/** A 421 for a Host the mock does not answer to (a page on a rebound DNS name sends its own name). */
export function hostRefusal(req: IncomingMessage, boundary: Boundary): EngineAnswer | undefined {
  const host = req.headers.host;
  if (host === undefined || host === '') {
    return plainProblem(400, 'Missing Host header', 'Every request must name the mock in its Host header.');
  }
  if (boundary.hostAllowed(host)) return undefined;
  return plainProblem(
    421,
    'Host not allowed',
    `The Host header names ${shown(host)}, which this mock does not answer to: it answers to ${boundary.hostsInWords} (any port). A page on another name that resolves to this machine is refused (DNS rebinding); add a name of yours with PAYKIT_MOCK_ALLOWED_HOSTS, --allowed-hosts or the allowedHosts option.`,
  );
}

/**
 * The request's URL on the mock's own origin (never the Host header's), or a 400: the target must be a path
 * (`/…`, not `*` or a full URL, which only proxies take) whose every %-escape decodes to UTF-8.
 */
export function requestUrl(req: IncomingMessage, ownOrigin: string): URL | EngineAnswer {
  const target = req.url ?? '';
  if (!target.startsWith('/')) {
    return plainProblem(400, 'Malformed request target', 'The request target must be a path starting with /.');
  }
  // `//host/x` is appended, not resolved: it stays a path, never another host.
  const url = target.startsWith('//') ? new URL(`${ownOrigin}${target}`) : new URL(target, ownOrigin);
  try {
    if (url.pathname.includes('%')) decodeURIComponent(url.pathname);
  } catch {
    return plainProblem(
      400,
      'Malformed path',
      'The path has a %-escape that is not a valid UTF-8 byte sequence (each % must be followed by two hex digits).',
    );
  }
  return url;
}

const mediaTypeProblem = remembered((value: string): boolean => {
  try {
    parseMediaType(value);
    return false;
  } catch {
    return true;
  }
});

/** A 400 for a Content-Type or Accept that is no media type (list), which Prism's parsers throw on. */
export function headerRefusal(req: IncomingMessage): EngineAnswer | undefined {
  const contentType = req.headers['content-type'];
  if (contentType !== undefined && mediaTypeProblem(contentType)) {
    return plainProblem(
      400,
      'Malformed Content-Type header',
      `The Content-Type header ${shown(contentType)} is not a media type (type/subtype, then ;name=value parameters).`,
    );
  }
  const accept = req.headers.accept;
  if (accept !== undefined) {
    const bad = accept
      .split(',')
      .map((range) => range.trim())
      .find((range) => range !== '' && mediaTypeProblem(range));
    if (bad !== undefined) {
      return plainProblem(
        400,
        'Malformed Accept header',
        `The Accept header lists ${shown(bad)}, which is not a media range (type/subtype, */* or type/*, then ;name=value parameters).`,
      );
    }
  }
  return undefined;
}
