/** Statuses worth another attempt: the server may answer differently a moment later. */
const RETRYABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
/** Methods that cannot change anything on the server, so repeating them is always safe. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const BACKOFF_BASE_MS = 500;
export const BACKOFF_CAP_MS = 8_000;
/** A `Retry-After` asking for longer than this is not waited for: the response goes back to the caller. */
export const RETRY_AFTER_LIMIT_MS = 60_000;

export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUSES.has(status);
}

/**
 * Whether repeating the request cannot act twice: a safe method, or a request carrying one of the vendor's
 * idempotency headers (the vendor then answers a repeat with the first result).
 */
export function isReplaySafe(request: Request, idempotencyHeaderNames: readonly string[]): boolean {
  if (SAFE_METHODS.has(request.method)) return true;
  for (const name of idempotencyHeaderNames) {
    if (request.headers.has(name)) return true;
  }
  return false;
}

/** Exponential backoff with full jitter: uniform in [0, min(cap, base * 2^retryIndex)). */
export function backoffDelayMs(retryIndex: number, random: () => number): number {
  return Math.floor(random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** retryIndex));
}

/**
 * Milliseconds a `Retry-After` value (delay in seconds, or an HTTP date) asks for; `undefined` when it does not
 * parse. Never negative.
 */
export function parseRetryAfterMs(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed) * 1000);
  // Only the HTTP-date forms, not whatever else Date.parse would accept.
  if (!/^[A-Za-z]{3,9},? /.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

export interface RetryClock {
  now: () => number;
  random: () => number;
}

/**
 * How long to wait before retry number `retryIndex + 1` (0-based index), or `undefined` when the response asks for
 * a wait beyond RETRY_AFTER_LIMIT_MS and should be handed back instead.
 */
export function retryDelayMs(
  retryIndex: number,
  response: Response | undefined,
  clock: RetryClock,
): number | undefined {
  const asked = response ? parseRetryAfterMs(response.headers.get('retry-after'), clock.now()) : undefined;
  if (asked === undefined) return backoffDelayMs(retryIndex, clock.random);
  return asked > RETRY_AFTER_LIMIT_MS ? undefined : asked;
}
