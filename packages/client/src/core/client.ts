import createClient from 'openapi-fetch';
import type { accessTokens } from './access-token.js';
import { basicCredentials, credentials, type AuthMetadata, type OperationAuth } from './auth.js';
import { valueAt } from './body-path.js';
import type { PaykitClient } from './client-types.js';
import { fail, PaykitApiError, PaykitConnectionError, PaykitResponseError, PaykitTimeoutError } from './errors.js';
import { chainText, readRequestId, sanitizeCause } from './failures.js';
import { callerIdempotencyKey, type IdempotencyRule, type InitWithHeaders } from './idempotency.js';
import type { clientCredentials, TokenSource } from './oauth2.js';
import {
  type AnyClientOptions,
  checkBaseUrl,
  checkMaxRetries,
  checkTimeoutMs,
  type FetchLike,
  type ResolvedOptions,
  resolveOptions,
} from './options.js';
import { serializePath } from './path-params.js';
import { redactDeep, redactor, secretValues } from './redaction.js';
import {
  describeOutcome,
  failedBeforeSending,
  provesNothingDone,
  retryDelayMs,
  shouldRetry,
  type Outcome,
  type RepeatPolicy,
} from './retries.js';
import { realDeps, type RuntimeDeps } from './runtime.js';
import { createDeadlines } from './timeouts.js';

/** What the client needs to know about a vendor: its generated metadata plus hand-written checks. */
export interface VendorDefinition {
  /** Name used in messages, e.g. "Connect". */
  readonly name: string;
  /** Null when the vendor publishes no fixed production host: callers must then pass `baseUrl`. */
  readonly defaultBaseUrl: string | null;
  readonly auth: AuthMetadata;
  /** Operations with an idempotency header: path template, then upper-case method. */
  readonly idempotencyHeaders: Readonly<Record<string, Readonly<Record<string, IdempotencyRule>>>>;
  /** Where the vendor's machine-readable error code sits in the error body (`['error', 'code']`); null: nowhere. */
  readonly errorCode: readonly (string | number)[] | null;
  /** Response fields whose values are secrets, redacted wherever they could show. */
  readonly secretFields: readonly string[];
  /** Vendor rules checked before sending; throws a PaykitValidationError. */
  readonly checkRequest?: (init: CallInit | undefined) => void;
  /** OAuth2 client credentials (src/core/oauth2.ts), passed by generated entries of APIs that use the flow. */
  readonly clientCredentials?: typeof clientCredentials;
  /** The caller's access tokens (src/core/access-token.ts), for OAuth2 flows paykit cannot run itself. */
  readonly accessTokens?: typeof accessTokens;
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

/** A call made ready to send: what every attempt of it shares. */
interface PreparedCall {
  /** The caller's init with paykit's additions (a query key, a checked per-call `baseUrl`); no `fetch` yet. */
  readonly init: CallInit;
  readonly signal: AbortSignal | undefined;
  readonly maxRetries: number;
  readonly timeoutMs: number;
  /** The idempotency key the call carries, the caller's or paykit's. */
  readonly key: string | undefined;
  /** The header to send `key` in, when paykit made the key (the caller's travels in their own headers). */
  readonly keyHeader: string | undefined;
  readonly policy: RepeatPolicy;
  /** An operation whose security differs from the root's, or a key that travels in the query. */
  readonly auth: OperationAuth | undefined;
}

/** What one attempt came to. */
interface AttemptResult {
  /** openapi-fetch's answer: a whole response with its parsed body. */
  readonly result: RawResult | undefined;
  /** Without a response: what the failure was (a timeout, a connection never made or lost). */
  readonly failed: Outcome | undefined;
  /** The request as sent, once openapi-fetch built it. */
  readonly sent: Request | undefined;
}

/** What every call of one client shares: the checked options, credentials, secrets and the transport. */
interface ClientContext {
  readonly vendor: VendorDefinition;
  readonly deps: RuntimeDeps;
  readonly fetch: FetchLike;
  readonly logger: ResolvedOptions['logger'];
  readonly maxRetries: number;
  readonly timeoutMs: number;
  /** Mutable: OAuth2 tokens join the list as they are fetched, so the redactor hides them too. */
  readonly secrets: string[];
  readonly redact: (text: string) => string;
  readonly forOperation: ReturnType<typeof credentials>['forOperation'];
  /** The token source of an OAuth2 (or caller-token) scheme, by scheme name. */
  readonly tokens: (scheme: string) => TokenSource;
  readonly startAttempt: ReturnType<typeof createDeadlines>;
  readonly send: Send;
}

/**
 * Builds a vendor's client: openapi-fetch plus paykit's retries, deadlines, validation and typed errors. Each
 * attempt is a whole openapi-fetch call (middleware, request, body parsing), so the attempt's time limit covers
 * reading the body, and a retry rebuilds the request from the same init: the same body bytes, and the same
 * idempotency key.
 */
export function createVendorClient<Paths extends {}, Code extends string | undefined>(
  vendor: VendorDefinition,
  options: AnyClientOptions,
  deps: RuntimeDeps = realDeps,
): PaykitClient<Paths, Code> {
  const { context, core } = setUp<Paths>(vendor, options, deps);
  const client: Record<string, unknown> = {
    request: (method: string, path: string, init?: CallInit) => call(context, method.toUpperCase(), path, init),
    use: core.use,
    eject: core.eject,
  };
  for (const method of ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE']) {
    client[method] = (path: string, init?: CallInit) => call(context, method, path, init);
  }
  return client as unknown as PaykitClient<Paths, Code>;
}

/** Checks the client's options and makes what its calls share: credentials, token sources, openapi-fetch. */
function setUp<Paths extends {}>(vendor: VendorDefinition, options: AnyClientOptions, deps: RuntimeDeps) {
  const schemes = Object.values(vendor.auth.schemes);
  // HTTP basic takes a user name and password (Twilio) or, like the other schemes that take a key, the API key.
  const basic = basicCredentials(options ?? {});
  const needsKey = schemes.some(
    (scheme) => scheme.type === 'apiKey' || (scheme.type === 'http' && (scheme.scheme === 'bearer' || !basic)),
  );
  const resolved = resolveOptions(options, vendor.defaultBaseUrl ?? undefined, needsKey);
  const { apiKey, baseUrl, fetch, logger, maxRetries, timeoutMs } = resolved;
  const { headers, forOperation, ...known } = credentials(vendor.auth, needsKey ? apiKey : undefined, basic);
  const secrets = [...known.secrets];
  // Token sources by scheme name; only entries of APIs that declare OAuth2 pass `clientCredentials` or
  // `accessTokens`, so other bundles carry neither.
  const shared = { baseUrl, fetch, now: deps.now, timeoutMs, secrets, schemes: vendor.auth.schemes };
  const fetched = vendor.clientCredentials?.(options, shared);
  const given = vendor.accessTokens?.(options, shared);
  const tokens = (scheme: string) => (vendor.auth.schemes[scheme]?.type === 'oauth2' ? fetched : given)!(scheme);
  const core = createClient<Paths>({ baseUrl, headers, pathSerializer: serializePath });
  const context: ClientContext = {
    vendor,
    deps,
    fetch,
    logger,
    maxRetries,
    timeoutMs,
    secrets,
    redact: redactor(secrets),
    forOperation,
    tokens,
    startAttempt: createDeadlines(deps.monotonic, deps.setTimer),
    send: core.request as unknown as Send,
  };
  return { context, core };
}

/** One call: attempts until one is final, then its answer, its error, or a thrown failure. */
async function call(
  context: ClientContext,
  method: string,
  path: string,
  given: CallInit | undefined,
): Promise<RawResult> {
  const { deps, tokens, logger } = context;
  const prepared = prepare(context, method, path, given);
  const { maxRetries: retries, signal, key } = prepared;
  const scheme = prepared.auth?.oauth2;
  const outcomes: Outcome[] = [];
  let renewed = false;
  for (let n = 1; ; n++) {
    // The attempt's OAuth2 bearer token, when the operation's scheme is OAuth2.
    const token = scheme && (await tokens(scheme).get());
    const attempt = await attemptOnce(context, method, path, prepared, token);
    const response = attempt.result?.response;
    if (response?.ok) return attempt.result!;
    // A refused token (revoked, expired early): get a new one, once, and send again (not counted as a retry).
    if (response?.status === 401 && token && !renewed && tokens(scheme!).invalidate(token)) {
      renewed = true;
      n--;
      continue;
    }
    const outcome: Outcome = attempt.failed ?? { kind: 'response', response: response! };
    outcomes.push(outcome);
    // The retry decision: worth another attempt, and how long to wait first (undefined: this answer is final).
    const delay =
      n <= retries && shouldRetry(outcome, prepared.policy) ? retryDelayMs(n - 1, response, deps) : undefined;
    if (delay === undefined) {
      if (response) return { error: apiError(context, response, attempt.result!.error, key, outcomes), response };
      throw callFailure(
        context,
        method,
        describe(context, method, attempt.sent, path),
        outcomes,
        prepared.timeoutMs,
        key,
      );
    }
    logger?.warn?.(
      `paykit: ${describe(context, method, attempt.sent, path)}: ${describeOutcome(outcome)}; retry ${n} of ${retries} in ${delay} ms`,
    );
    await deps.sleep(delay, signal);
  }
}

/** Checks the call's own options and decides what every attempt shares: the idempotency key and how far to repeat. */
function prepare(context: ClientContext, method: string, path: string, given: CallInit | undefined): PreparedCall {
  const { vendor, deps, maxRetries, timeoutMs } = context;
  const retries = checkMaxRetries(given?.maxRetries, maxRetries);
  const timeout = checkTimeoutMs(given?.timeoutMs, timeoutMs);
  // openapi-fetch's per-call `fetch` would bypass retries and timeouts; without path parameters it would send
  // the template's `{name}` as is.
  if (given?.fetch !== undefined) fail('fetch', 'is a client option');
  if (!given?.params?.path && path.includes('{')) serializePath(path, {});
  vendor.checkRequest?.(given);
  // The call's idempotency key: the caller's (null: they removed it), else one made now and sent on every retry.
  const rule = vendor.idempotencyHeaders[path]?.[method];
  const callerKey = rule && callerIdempotencyKey(given, rule);
  const madeKey = rule && callerKey === undefined ? deps.randomUUID() : undefined;
  const key = (madeKey ?? callerKey ?? undefined) as string | undefined;
  const auth = context.forOperation(path, method);
  // Copied only to add to it: each attempt spreads it into its own init anyway.
  let init: CallInit = given ?? {};
  if (auth?.query) {
    const params = given?.params;
    const query = { ...(params?.query as object | undefined), [auth.query[0]]: auth.query[1] };
    init = { ...init, params: { ...params, query } };
  }
  if (given?.baseUrl !== undefined) init = { ...init, baseUrl: checkBaseUrl(given.baseUrl) };
  return {
    init,
    signal: given?.signal ?? undefined,
    maxRetries: retries,
    timeoutMs: timeout,
    key,
    keyHeader: madeKey && rule!.header,
    // A call is repeated on any retryable failure only when that cannot act twice: a safe method, or a key the
    // vendor promises to answer with its first result. Otherwise only failures proving nothing was done are.
    policy: SAFE_METHOD.test(method) || (key !== undefined && rule?.replays) ? 'any' : 'unacted',
    auth,
  };
}

/**
 * One openapi-fetch call under its own deadline: its answer, or what its failure was (classify), and the request
 * as sent. Throws only what is not paykit's to retry (see classify).
 */
async function attemptOnce(
  context: ClientContext,
  method: string,
  path: string,
  prepared: PreparedCall,
  token: string | undefined,
): Promise<AttemptResult> {
  const { keyHeader, auth } = prepared;
  // Also the init fetch gets: `{ signal }` (see Attempt).
  const attempt = context.startAttempt(prepared.signal, prepared.timeoutMs);
  let sent: Request | undefined;
  let fetching: Promise<Response> | undefined;
  const init: CallInit = {
    ...prepared.init,
    fetch(request: Request) {
      sent = request;
      // Added to the built request rather than to a copy of the caller's `params.header`: cheaper, and after
      // the headers the caller's middleware sets.
      if (keyHeader) request.headers.set(keyHeader, prepared.key!);
      if (auth?.drop) request.headers.delete(auth.drop);
      if (auth?.header) request.headers.set(auth.header[0], auth.header[1]);
      if (token) request.headers.set('Authorization', `Bearer ${token}`);
      return (fetching = context.fetch(request, attempt));
    },
  };
  let result: RawResult | undefined;
  let failure: unknown;
  try {
    result = await context.send(method, path, init);
  } catch (error) {
    failure = error;
  }
  attempt.end();
  const failed = result
    ? undefined
    : await classify(context, method, path, prepared, failure, fetching, sent, attempt.timedOut);
  return { result, failed, sent };
}

/** What an attempt without a response came to; rethrows what is not a network failure or a timeout. */
async function classify(
  context: ClientContext,
  method: string,
  path: string,
  { signal, key }: PreparedCall,
  failure: unknown,
  fetching: Promise<Response> | undefined,
  sent: Request | undefined,
  timedOut: boolean,
): Promise<Outcome> {
  if (signal?.aborted) throw signal.reason;
  if (timedOut) return { kind: 'timeout' };
  // Only a failure pays for telling: the attempt's fetch has settled by now. Was it rejected with this error,
  // or did it resolve and the body fail?
  let received: Response | undefined;
  let rejected = false;
  await fetching?.then(
    (response) => void (received = response),
    (error: unknown) => void (rejected = error === failure),
  );
  if (rejected) return { kind: failedBeforeSending(failure) ? 'unsent' : 'lost', error: failure };
  if (received?.ok && (failure as Error | undefined)?.name === 'SyntaxError') {
    throw new PaykitResponseError(
      `${describe(context, method, sent, path)}: the ${received.status} response body is not valid JSON`,
      { status: received.status, requestId: readRequestId(received.headers), idempotencyKey: key },
    );
  }
  // The connection dropped while the body was being read (undici: TypeError "terminated").
  if (received?.bodyUsed && (failure as Error | undefined)?.name === 'TypeError') {
    return { kind: 'lost', error: failure, status: received.status };
  }
  throw failure; // a middleware's own error: not paykit's to retry or rename
}

/** "Connect API GET /payment-sessions/…", redacted: a secret could sit in a path parameter. */
function describe({ vendor, redact }: ClientContext, method: string, sent: Request | undefined, path: string): string {
  return redact(`${vendor.name} ${method} ${sent ? new URL(sent.url).pathname : path}`);
}

/** The error of a call whose last attempt got no whole answer: a timeout or a lost connection. */
function callFailure(
  { vendor, redact }: ClientContext,
  method: string,
  what: string,
  outcomes: Outcome[],
  timeoutMs: number,
  key: string | undefined,
) {
  const attempts = outcomes.length;
  const history = outcomes.map(describeOutcome);
  const mayHaveActed = !outcomes.every(provesNothingDone);
  const last = outcomes[attempts - 1]!;
  const fields = { attempts, outcomes: history, mayHaveActed, idempotencyKey: key };
  const others = history.filter((text) => text !== 'timed out');
  const acted = SAFE_METHOD.test(method)
    ? ''
    : !mayHaveActed
      ? `; it never reached ${vendor.name}, so nothing was done`
      : key
        ? `; it may have acted: repeat it with the same idempotency key ${key}`
        : '; it may have acted (it carried no idempotency key)';
  if (last.kind === 'timeout') {
    const timedOut = attempts - others.length;
    return new PaykitTimeoutError(
      `${what} timed out after ${timeoutMs} ms on ${timedOut} of ${attempts} attempt(s)` +
        (others.length ? ` (the others: ${others.join(', ')})` : '') +
        acted,
      { ...fields, timeoutMs, timedOut },
    );
  }
  const cause = sanitizeCause((last as { error: unknown }).error, redact);
  return new PaykitConnectionError(
    `${what} failed after ${attempts} attempt(s) (${history.join(', ')}): ${chainText(cause)}${acted}`,
    fields,
    cause,
  );
}

function apiError(
  { vendor, secrets, redact }: ClientContext,
  { status, headers }: Response,
  body: unknown,
  idempotencyKey: string | undefined,
  outcomes: Outcome[],
): PaykitApiError {
  const requestId = readRequestId(headers);
  // Secret fields of the body (a session URL…) are redacted wherever their value shows, the message included.
  const found = vendor.secretFields.length ? secretValues(body, vendor.secretFields) : [];
  const clean = found.length ? redactor([...found, ...secrets].sort((a, b) => b.length - a.length)) : redact;
  const at = vendor.errorCode;
  let code = at && valueAt(body, at);
  code = typeof code === 'string' ? code : undefined;
  // The message beside the code (Stripe: `error.message`); at the top without a code location.
  const message =
    typeof body === 'string' ? body.slice(0, 200) : valueAt(body, [...(at ?? []).slice(0, -1), 'message']);
  return new PaykitApiError(
    clean(
      `${vendor.name} responded ${status}${code ? ` ${code}` : ''}` +
        (message && typeof message === 'string' ? `: ${message}` : '') +
        (requestId ? ` (request id ${requestId})` : ''),
    ),
    {
      status,
      code,
      requestId,
      body: redactDeep(body, clean),
      idempotencyKey,
      attempts: outcomes.length,
      outcomes: outcomes.map(describeOutcome),
    },
  );
}
