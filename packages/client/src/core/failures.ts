import type { Redact } from './redaction.js';

/** The request id a response carries, by vendor habit, if any. */
export function readRequestId(headers: Headers): string | undefined {
  return headers.get('x-request-id') || headers.get('request-id') || headers.get('x-correlation-id') || undefined;
}

/**
 * A copy of an error chain (up to 4 deep) safe to attach as `cause`: messages and stacks redacted, Node's `code`
 * kept for diagnosis. A string is redacted; anything else is dropped.
 */
export function sanitizeCause(error: unknown, redact: Redact, depth = 0): unknown {
  if (!(error instanceof Error)) return typeof error === 'string' ? redact(error) : undefined;
  const { cause, code } = error as Error & { code?: unknown };
  const copy = new Error(
    redact(error.message),
    depth < 3 && cause !== undefined ? { cause: sanitizeCause(cause, redact, depth + 1) } : undefined,
  );
  copy.name = error.name;
  copy.stack = error.stack && redact(error.stack);
  if (code !== undefined) Object.assign(copy, { code });
  return copy;
}

/** The messages of an error chain, e.g. "fetch failed: connect ECONNREFUSED 127.0.0.1:9". */
export function chainText(error: unknown): string {
  const parts = [];
  for (let link = error as { message?: unknown; cause?: unknown } | undefined; link; link = link.cause as typeof link) {
    parts.push(link.message ?? link);
  }
  return parts.join(': ');
}
