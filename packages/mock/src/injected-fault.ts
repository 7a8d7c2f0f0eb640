import type { FaultStatus } from './chaos.js';
import type { Rewrite } from './upstream.js';

/** Says on an injected fault what asked for it (the body is the spec's own, so it cannot say so itself). */
export const INJECTED_HEADER = 'x-mock-injected';
/** `Retry-After` when neither the mock's settings nor the spec's example give one: the spec examples' value. */
const FALLBACK_RETRY_AFTER_SECONDS = 2;

/**
 * An injected fault is Prism's own answer for that status (`Prefer: code=429`): the body and headers the spec
 * declares for the operation (its ApiError example, `Retry-After`), not something the front door makes up. The
 * mock's `retryAfterSeconds`, when set, replaces the spec's `Retry-After`, and every injected fault carries one.
 * Prism still checks the request first: one it refuses (no credentials, a body breaking the schema) gets the refusal.
 */
export function injectFault(status: FaultStatus, source: string, retryAfterSeconds: number | undefined): Rewrite {
  return {
    requestHeaders: { prefer: `code=${status}` },
    answer: (answered, headers) => {
      if (answered !== status) return;
      if (retryAfterSeconds !== undefined) headers['retry-after'] = String(retryAfterSeconds);
      else headers['retry-after'] ??= String(FALLBACK_RETRY_AFTER_SECONDS);
      headers[INJECTED_HEADER] = `${status} injected because of ${source}`;
    },
  };
}
