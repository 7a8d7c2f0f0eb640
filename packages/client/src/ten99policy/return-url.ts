import { PaykitValidationError } from '../core/errors.js';

/**
 * 1099Policy refuses a `return_url` that is not https, carries credentials or a fragment (`invalid_return_url`).
 * Checking here refuses it before anything is sent. (Whether the host is on the organisation's allowlist only the
 * vendor can tell.) Messages never quote the URL, which might carry tokens.
 */
export function checkReturnUrl(value: unknown, field = 'body.return_url'): void {
  if (typeof value !== 'string' || value.length === 0) {
    throw new PaykitValidationError(field, 'must be a non-empty URL string');
  }
  // URL parsing silently drops tabs and line breaks, and trims spaces: refuse them rather than send a different URL.
  if (/\s/.test(value)) throw new PaykitValidationError(field, 'must not contain whitespace');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new PaykitValidationError(field, 'must be an absolute URL that parses');
  }
  if (url.protocol !== 'https:') throw new PaykitValidationError(field, `must use https: (got ${url.protocol})`);
  if (url.username || url.password || /^https:\/\/[^/?#]*@/i.test(value)) {
    throw new PaykitValidationError(field, 'must not contain credentials (user:pass@)');
  }
  if (value.includes('#')) throw new PaykitValidationError(field, 'must not contain a #fragment');
}

/** The client's pre-send check: any request body with a `return_url` field. */
export function checkReturnUrlInBody(_method: string, _path: string, init: { body?: unknown } | undefined): void {
  const body = init?.body;
  if (body !== null && typeof body === 'object' && 'return_url' in body) checkReturnUrl(body.return_url);
}
