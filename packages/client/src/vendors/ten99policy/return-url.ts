import { fail } from '../../core/errors.js';

/**
 * 1099Policy refuses a `return_url` that is not https, carries credentials or a fragment (`invalid_return_url`).
 * Checking here refuses it before anything is sent. (Whether the host is on the organisation's allowlist only the
 * vendor can tell.) URL parsing silently drops tabs and line breaks and trims spaces, and drops an empty `@`, so
 * whitespace and `@` before the host are refused on the raw string rather than sending a different URL. The
 * message never quotes the URL, which might carry tokens.
 */
export function checkReturnUrl(value: unknown, field = 'body.return_url'): void {
  let url: URL | undefined;
  try {
    url = new URL(value as string);
  } catch {}
  if (
    typeof value !== 'string' ||
    url?.protocol !== 'https:' ||
    url.username ||
    url.password ||
    /[\s#]|^https:\/\/[^/?#]*@/i.test(value)
  ) {
    fail(field, 'must be an https: URL without credentials, fragment or whitespace');
  }
}

// An app sends the same return URL again and again: the last one that passed is not parsed again. (NaN equals
// nothing, so until one passes every value is checked.)
let lastPassed: unknown = Number.NaN;

/** The client's pre-send check: any request body with a `return_url` field. */
export function checkReturnUrlInBody(init: { body?: unknown } | undefined): void {
  const body = init?.body;
  if (body !== null && typeof body === 'object' && 'return_url' in body && body.return_url !== lastPassed) {
    checkReturnUrl(body.return_url);
    lastPassed = body.return_url;
  }
}
