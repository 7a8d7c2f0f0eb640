import { PaykitConnectionError, PaykitTimeoutError, readRequestId, sanitizeCause } from './errors.js';
import type { SafeLog } from './logger.js';
import type { CallOptions, FetchLike } from './options.js';
import type { Redactor } from './redaction.js';
import { replayerFor } from './replay.js';
import { isReplaySafe, isRetryableStatus, retryDelayMs } from './retries.js';
import { realSleep, type Sleep } from './sleep.js';
import { realTimer, startAttempt, type Attempt, type SetTimer } from './timeouts.js';

/** Sources of time, randomness and ids; tests replace them so that no test waits for a real backoff. */
export interface RuntimeDeps {
  sleep: Sleep;
  setTimer: SetTimer;
  now: () => number;
  random: () => number;
  randomUUID: () => string;
}

export const realDeps: RuntimeDeps = {
  sleep: realSleep,
  setTimer: realTimer,
  now: () => Date.now(),
  random: () => Math.random(),
  randomUUID: () => crypto.randomUUID(),
};

export interface TransportConfig {
  /** Vendor name for messages, e.g. "Connect". */
  vendor: string;
  fetch: FetchLike;
  maxRetries: number;
  timeoutMs: number;
  /** Header names that make a non-GET request safe to repeat. */
  idempotencyHeaderNames: readonly string[];
  redactor: Redactor;
  log: SafeLog | undefined;
  deps: RuntimeDeps;
}

export interface Transport {
  /** The `fetch` handed to openapi-fetch: retries, per-attempt timeouts, typed failures. */
  fetch: (request: Request) => Promise<Response>;
  /**
   * Ends the timeout of the attempt that produced `response`. The timeout also covers reading the body, which
   * openapi-fetch does after `fetch` returns, so the client calls this once the body is parsed.
   */
  release: (response: Response) => void;
}

export function createTransport(config: TransportConfig): Transport {
  const { deps, log } = config;
  const inFlight = new WeakMap<Response, Attempt>();

  async function paykitFetch(request: Request): Promise<Response> {
    // Per-call overrides arrive as properties of the request: openapi-fetch copies unknown init keys onto it.
    const overrides = request as Request & CallOptions;
    const maxRetries = overrides.maxRetries ?? config.maxRetries;
    const timeoutMs = overrides.timeoutMs ?? config.timeoutMs;
    const callerSignal = request.signal;
    // Only a request that cannot act twice (safe method or idempotency key) with a replayable body is repeated.
    const replay =
      maxRetries > 0 && isReplaySafe(request, config.idempotencyHeaderNames) ? replayerFor(request) : undefined;
    const totalAttempts = replay ? maxRetries + 1 : 1;
    let input = request;

    for (let attempt = 1; ; attempt++) {
      const current = startAttempt(
        callerSignal,
        timeoutMs,
        deps.setTimer,
        () => new PaykitTimeoutError(`${describe(request)} timed out after ${timeoutMs} ms`, timeoutMs, attempt),
      );
      let response: Response;
      try {
        // A getter, so that a fetch that never looks at the signal never pays for creating it.
        response = await config.fetch(input, {
          get signal() {
            return current.signal;
          },
        });
      } catch (error) {
        current.end();
        if (callerSignal.aborted) throw callerSignal.reason;
        const timedOut = current.timedOut();
        if (!replay || attempt === totalAttempts) throw finalFailure(request, error, timedOut, timeoutMs, attempt);
        const delay = retryDelayMs(attempt - 1, undefined, deps) ?? 0;
        const what = timedOut ? 'timed out' : 'network error';
        log?.('warn', `${describe(request)}: ${what}; ${retryNotice(attempt, totalAttempts, delay)}`, {
          attempt,
          delayMs: delay,
        });
        await deps.sleep(delay, callerSignal);
        input = replay(request);
        continue;
      }

      log?.('debug', `${describe(request)} -> ${response.status} (attempt ${attempt} of ${totalAttempts})`, {
        status: response.status,
        attempt,
        requestId: readRequestId(response.headers),
      });
      const delay =
        replay && attempt < totalAttempts && isRetryableStatus(response.status)
          ? retryDelayMs(attempt - 1, response, deps)
          : undefined;
      if (!replay || delay === undefined) {
        // The attempt's timeout keeps running while openapi-fetch reads the body; `release` ends it.
        inFlight.set(response, current);
        return response;
      }
      current.end();
      // Free the connection of the response that is being thrown away.
      response.body?.cancel().catch(() => {});
      log?.('warn', `${describe(request)}: ${response.status}; ${retryNotice(attempt, totalAttempts, delay)}`, {
        status: response.status,
        attempt,
        delayMs: delay,
        requestId: readRequestId(response.headers),
      });
      await deps.sleep(delay, callerSignal);
      input = replay(request);
    }
  }

  /** The error a call rejects with when its last attempt got no response. */
  function finalFailure(
    request: Request,
    error: unknown,
    timedOut: boolean,
    timeoutMs: number,
    attempts: number,
  ): PaykitTimeoutError | PaykitConnectionError {
    if (timedOut) {
      return new PaykitTimeoutError(
        `${describe(request)} timed out after ${timeoutMs} ms on each of ${attempts} attempt(s)`,
        timeoutMs,
        attempts,
      );
    }
    return new PaykitConnectionError(
      config.redactor.text(`${describe(request)} failed after ${attempts} attempt(s): ${causeText(error)}`),
      attempts,
      sanitizeCause(error, config.redactor),
    );
  }

  /** "Connect API GET /payment-sessions/…", redacted: a secret could sit in a path parameter. */
  function describe(request: Request): string {
    return config.redactor.text(`${config.vendor} API ${request.method} ${pathOf(request.url)}`);
  }

  return {
    fetch: paykitFetch,
    release(response) {
      const attempt = inFlight.get(response);
      if (attempt) {
        inFlight.delete(response);
        attempt.end();
      }
    },
  };
}

function retryNotice(attempt: number, totalAttempts: number, delayMs: number): string {
  return `retry ${attempt} of ${totalAttempts - 1} in ${delayMs} ms`;
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '(unparsable URL)';
  }
}

/** The message of an error and of its causes, e.g. "fetch failed: connect ECONNREFUSED 127.0.0.1:9". */
function causeText(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== undefined && current !== null; depth++) {
    parts.push(current instanceof Error ? current.message : String(current));
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join(': ');
}
