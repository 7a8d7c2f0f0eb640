import createClient from 'openapi-fetch';
import { authHeader, type AuthScheme } from './auth.js';
import type { PaykitClient } from './client-types.js';
import { fail, PaykitApiError, PaykitConnectionError, PaykitTimeoutError } from './errors.js';
import { chainText, readRequestId, sanitizeCause } from './failures.js';
import { callerIdempotencyKey, type IdempotencyRule, type InitWithHeaders } from './idempotency.js';
import { checkBaseUrl, checkMaxRetries, checkTimeoutMs, resolveOptions, type ClientOptions } from './options.js';
import { serializePath } from './path-params.js';
import { redactDeep, redactor } from './redaction.js';
import { RETRYABLE_STATUSES, retryDelayMs } from './retries.js';
import { realDeps, type RuntimeDeps } from './runtime.js';
import { createDeadlines, type Attempt } from './timeouts.js';

/** What the client needs to know about a vendor: generated metadata plus the vendor's conventions. */
export interface VendorDefinition {
  /** Name used in messages, e.g. "Connect". */
  readonly name: string;
  /** Undefined when the vendor publishes no fixed production host: callers must then pass `baseUrl`. */
  readonly defaultBaseUrl: string | undefined;
  readonly auth: AuthScheme;
  /** Operations with an idempotency header: path template, then upper-case method. */
  readonly idempotencyHeaders: Readonly<Record<string, Readonly<Record<string, IdempotencyRule>>>>;
  /** The error-body field holding the vendor's machine-readable error code. */
  readonly errorCodeField: string;
  /** Vendor rules checked before sending; throws a PaykitValidationError. */
  readonly checkRequest?: (init: CallInit | undefined) => void;
}

/** The init object of a call, as far as paykit looks into it. */
export interface CallInit extends InitWithHeaders {
  params?: { path?: Record<string, unknown>; header?: Record<string, unknown>; [key: string]: unknown };
  body?: unknown;
  signal?: AbortSignal | null;
  maxRetries?: unknown;
  timeoutMs?: unknown;
  baseUrl?: unknown;
  fetch?: unknown;
  [key: string]: unknown;
}

interface RawResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

type Send = (method: string, url: string, init: CallInit) => Promise<RawResult>;

/** Methods that cannot change anything on the server, so repeating them is always safe. */
const SAFE_METHOD = /^(GET|HEAD|OPTIONS)$/;

/**
 * Builds a vendor's client: openapi-fetch plus paykit's retries, deadlines, validation and typed errors. Each
 * attempt is a whole openapi-fetch call (middleware, request, body parsing), so the attempt's time limit covers
 * reading the body, and a retry rebuilds the request from the same init: the same body bytes, and the same
 * idempotency key.
 */
export function createVendorClient<Paths extends {}, Code extends string | undefined>(
  vendor: VendorDefinition,
  options: ClientOptions,
  deps: RuntimeDeps = realDeps,
): PaykitClient<Paths, Code> {
  const { apiKey, baseUrl, fetch, logger, maxRetries, timeoutMs } = resolveOptions(options, vendor.defaultBaseUrl);
  const { header, secrets } = authHeader(vendor.auth, apiKey);
  const redact = redactor(secrets);
  const startAttempt = createDeadlines(deps.monotonic, deps.setTimer);
  const core = createClient<Paths>({ baseUrl, headers: header, pathSerializer: serializePath });
  const send = core.request as unknown as Send;

  async function call(method: string, path: string, given: CallInit | undefined): Promise<RawResult> {
    const retries = checkMaxRetries(given?.maxRetries, maxRetries);
    const timeout = checkTimeoutMs(given?.timeoutMs, timeoutMs);
    // openapi-fetch's per-call `fetch` would bypass retries and timeouts; without path parameters it would send
    // the template's `{name}` as is.
    if (given?.fetch !== undefined) fail('fetch', 'is a client option');
    if (!given?.params?.path && path.includes('{')) serializePath(path, {});
    vendor.checkRequest?.(given);

    const signal = given?.signal ?? undefined;
    // The call's idempotency key: the caller's, or one made on the first attempt and sent again on every retry.
    const rule = vendor.idempotencyHeaders[path]?.[method];
    const callerKey = rule && callerIdempotencyKey(given, rule);
    let key: string | undefined;
    // Only a request that cannot act twice is repeated: a safe method, or one carrying an idempotency key (the
    // vendor then answers a repeat with the first result).
    const attempts = SAFE_METHOD.test(method) || (rule && callerKey !== null) ? retries + 1 : 1;
    let attempt: Attempt;
    let sent: Request | undefined;
    // The attempt's fetch, kept to tell afterwards whether a failure was its rejection (a network failure).
    let fetching: Promise<Response> | undefined;
    // A getter, so that a fetch that never looks at the signal never pays for creating it; an own property, so
    // that a fetch wrapper spreading its init keeps it.
    const fetchInit = {
      get signal() {
        return attempt.signal;
      },
    };
    const init: CallInit = {
      ...given,
      fetch(request: Request) {
        sent = request;
        // Added to the built request rather than to a copy of the caller's `params.header`: cheaper, and after
        // the headers the caller's middleware sets.
        if (rule && callerKey === undefined) request.headers.set(rule[0], (key ??= deps.randomUUID()));
        return (fetching = fetch(request, fetchInit));
      },
    };
    if (given?.baseUrl !== undefined) init.baseUrl = checkBaseUrl(given.baseUrl);

    for (let n = 1; ; n++) {
      attempt = startAttempt(signal, timeout);
      fetching = undefined;
      let result: RawResult | undefined;
      let failure: unknown;
      try {
        result = await send(method, path, init);
      } catch (error) {
        failure = error;
      }
      attempt.end();
      const { timedOut } = attempt;
      const response = result?.response;
      if (response?.ok) return result!;
      if (!response) {
        if (signal?.aborted) throw signal.reason;
        // Not a network failure or a timeout (a middleware's error, an unparsable 2xx body…): not retried. Only a
        // failure pays for telling: the attempt's fetch has settled by now, and was it rejected with this error?
        const lost = (fetching as Promise<Response> | undefined)?.then(
          () => false,
          (error: unknown) => error === failure,
        );
        if (!timedOut && !(await lost)) throw failure;
      }
      const delay =
        n < attempts && (!response || RETRYABLE_STATUSES.includes(response.status))
          ? retryDelayMs(n - 1, response, deps)
          : undefined;
      if (delay === undefined) {
        if (response) return { error: apiError(response, result!.error), response };
        const what = describe(method, sent, path);
        if (timedOut) {
          throw new PaykitTimeoutError(`${what} timed out after ${timeout} ms on each of ${n} attempt(s)`, {
            timeoutMs: timeout,
            attempts: n,
          });
        }
        const cause = sanitizeCause(failure, redact);
        throw new PaykitConnectionError(`${what} failed after ${n} attempt(s): ${chainText(cause)}`, { attempts: n }, cause);
      }
      logger?.warn?.(
        `paykit: ${describe(method, sent, path)}: ${response?.status ?? (timedOut ? 'timed out' : 'network error')}; ` +
          `retry ${n} of ${attempts - 1} in ${delay} ms`,
      );
      await deps.sleep(delay, signal);
    }
  }

  /** "Connect API GET /payment-sessions/…", redacted: a secret could sit in a path parameter. */
  function describe(method: string, sent: Request | undefined, path: string): string {
    return redact(`${vendor.name} API ${method} ${sent ? new URL(sent.url).pathname : path}`);
  }

  function apiError({ status, headers }: Response, body: unknown): PaykitApiError {
    const requestId = readRequestId(headers);
    let code = (body as Record<string, unknown> | null | undefined)?.[vendor.errorCodeField];
    code = typeof code === 'string' ? code : undefined;
    const message = typeof body === 'string' ? body.slice(0, 200) : (body as { message?: unknown } | null | undefined)?.message;
    return new PaykitApiError(
      redact(
        `${vendor.name} API responded ${status}${code ? ` ${code}` : ''}` +
          (message && typeof message === 'string' ? `: ${message}` : '') +
          (requestId ? ` (request id ${requestId})` : ''),
      ),
      { status, code, requestId, body: redactDeep(body, redact) },
    );
  }

  const client: Record<string, unknown> = {
    request: (method: string, path: string, init?: CallInit) => call(method.toUpperCase(), path, init),
    use: core.use,
    eject: core.eject,
  };
  for (const method of ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE']) {
    client[method] = (path: string, init?: CallInit) => call(method, path, init);
  }
  return client as unknown as PaykitClient<Paths, Code>;
}
