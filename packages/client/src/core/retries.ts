// The retry policy, as a few small functions (after openai-node's core): what one attempt came to, whether it is
// worth another attempt, and how long to wait first.

/** Statuses worth another attempt: the server may answer differently a moment later. */
export const RETRYABLE_STATUSES = [408, 429, 500, 502, 503, 504];

/** A `Retry-After` asking for longer than this is not waited for: the response goes back to the caller. */
export const RETRY_AFTER_LIMIT_MS = 60_000;

/** What one attempt came to, as far as retrying is concerned. */
export type Outcome =
  /** A whole response (its body read). */
  | { readonly kind: 'response'; readonly response: Response }
  /** The connection failed before the request left (refused, DNS): the vendor cannot have acted. */
  | { readonly kind: 'unsent'; readonly error: unknown }
  /** The request left, but the answer was lost (reset, or the body cut after the headers). */
  | { readonly kind: 'lost'; readonly error: unknown; readonly status?: number }
  /** The attempt ran out of its `timeoutMs`. */
  | { readonly kind: 'timeout' };

/**
 * How far a call may be repeated: `any` when repeating cannot act twice (a safe method, or an idempotency key the
 * vendor promises to replay on), `unacted` when only a failure proving nothing was done may be retried.
 */
export type RepeatPolicy = 'any' | 'unacted';

/** Error codes of a connection that failed before a byte of the request was sent (Node/undici names). */
const UNSENT_CODES = /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|UND_ERR_CONNECT_TIMEOUT)$/;

/** True when an error (or one of its causes) says the connection failed before the request was sent. */
export function failedBeforeSending(error: unknown): boolean {
  for (let link = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; link && depth < 5; depth++) {
    if (typeof link.code === 'string' && UNSENT_CODES.test(link.code)) return true;
    link = link.cause as typeof link;
  }
  return false;
}

/**
 * True when the outcome proves the vendor did nothing: the request never left, or the vendor said it did not take
 * it (408: the request did not fully arrive; 429: rate limited; 503 with Retry-After: come back later).
 */
export function provesNothingDone(outcome: Outcome): boolean {
  if (outcome.kind === 'unsent') return true;
  if (outcome.kind !== 'response') return false;
  const { status, headers } = outcome.response;
  return status === 408 || status === 429 || (status === 503 && headers.has('retry-after'));
}

/** Whether another attempt is worth making after `outcome`, under the call's repeat policy. */
export function shouldRetry(outcome: Outcome, policy: RepeatPolicy): boolean {
  if (outcome.kind === 'response' && !RETRYABLE_STATUSES.includes(outcome.response.status)) return false;
  return policy === 'any' || provesNothingDone(outcome);
}

/** Exponential backoff with full jitter, base 0.5 s, cap 8 s: uniform in [0, min(8 s, 0.5 s * 2^retryIndex)). */
export function backoffDelayMs(retryIndex: number, random: () => number): number {
  return Math.floor(random() * Math.min(8_000, 500 * 2 ** retryIndex));
}

/**
 * Milliseconds a `Retry-After` value (delay in seconds, or an HTTP date) asks for; `undefined` when it does not
 * parse. Never negative.
 */
export function parseRetryAfterMs(value: string | null, nowMs: number): number | undefined {
  const trimmed = value?.trim() ?? '';
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed) * 1000);
  // Only the HTTP-date forms, not whatever else Date.parse would accept.
  const at = /^[a-z]{3,9},? /i.test(trimmed) ? Date.parse(trimmed) : NaN;
  return at >= 0 ? Math.max(0, at - nowMs) : undefined;
}

export interface RetryClock {
  now: () => number;
  random: () => number;
}

/**
 * How long to wait before retry number `retryIndex + 1` (0-based), after `response` or (without one) a network
 * failure or timeout; `undefined` when the response asks for a wait beyond RETRY_AFTER_LIMIT_MS and should be
 * handed back instead.
 */
export function retryDelayMs(
  retryIndex: number,
  response: Response | undefined,
  clock: RetryClock,
): number | undefined {
  const asked = response && parseRetryAfterMs(response.headers.get('retry-after'), clock.now());
  if (asked === undefined) return backoffDelayMs(retryIndex, clock.random);
  return asked > RETRY_AFTER_LIMIT_MS ? undefined : asked;
}

/** How an outcome reads in messages and logs: `503`, `timed out`, `connection refused`, `connection lost`. */
export function describeOutcome(outcome: Outcome): string {
  if (outcome.kind === 'response') return String(outcome.response.status);
  if (outcome.kind === 'timeout') return 'timed out';
  if (outcome.kind === 'unsent') return 'not sent';
  return outcome.status === undefined ? 'connection lost' : `${outcome.status} cut off`;
}
