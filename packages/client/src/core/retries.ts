/** Statuses worth another attempt: the server may answer differently a moment later. */
export const RETRYABLE_STATUSES = [408, 429, 500, 502, 503, 504];

/** A `Retry-After` asking for longer than this is not waited for: the response goes back to the caller. */
export const RETRY_AFTER_LIMIT_MS = 60_000;

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
export function retryDelayMs(retryIndex: number, response: Response | undefined, clock: RetryClock): number | undefined {
  const asked = response && parseRetryAfterMs(response.headers.get('retry-after'), clock.now());
  if (asked === undefined) return backoffDelayMs(retryIndex, clock.random);
  return asked > RETRY_AFTER_LIMIT_MS ? undefined : asked;
}
