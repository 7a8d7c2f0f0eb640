import { fail } from './errors.js';
import type { Logger } from './logger.js';

/** A WHATWG-compatible fetch. paykit calls it as `fetch(request, { signal })` and relies on `init.signal`. */
export type FetchLike = (input: Request, init?: RequestInit) => Promise<Response>;

/** What every client accepts, whatever credentials its API takes. */
export interface CommonClientOptions {
  /**
   * Default: the URL of the spec's production server (`x-paykit-environment: production`, else inferred). Required
   * when there is none, or its host is a `{variable}` (no fixed host). Must be `https:` except on loopback hosts.
   */
  baseUrl?: string;
  /** Retries after the first attempt, for retryable failures only: an integer from 0 to 10. Default 2. */
  maxRetries?: number;
  /** Time limit of each attempt, in whole milliseconds. Default 30000. */
  timeoutMs?: number;
  /** Replaces `globalThis.fetch` (for a proxy agent, tests, …). */
  fetch?: FetchLike;
  /** Receives a `warn` per retry; secrets are redacted. */
  logger?: Logger;
}

/** Options of a client whose API takes an API key (an apiKey, HTTP basic or bearer scheme). */
export interface ClientOptions extends CommonClientOptions {
  /** The vendor API key. Required; it is sent only in the auth header and never logged. */
  apiKey: string;
}

/**
 * Options of a client whose API takes HTTP basic with a user name and password (Twilio: the account SID and the
 * auth token), instead of an API key as the user name.
 */
export interface BasicAuthClientOptions extends CommonClientOptions {
  /** The HTTP basic user name; it may not contain `:`. Never logged. */
  username: string;
  /** The HTTP basic password; never logged. */
  password: string;
}

/** An OAuth2 access token, or a function giving the current one (called before each attempt). */
export type AccessToken = string | (() => string | Promise<string>);

/**
 * Options of a client whose API takes an OAuth2 token from a flow paykit cannot run itself (authorization code,
 * implicit, password, OpenID Connect): you hold the token, paykit sends it as `Authorization: Bearer …`.
 */
export interface AccessTokenClientOptions extends CommonClientOptions {
  accessToken: AccessToken;
  /**
   * Called once when the API answers 401 to a token: returns a new one, with which the call is sent again (not
   * counted as a retry) and which later calls use. Without it a 401 is returned as the call's error.
   */
  refreshAccessToken?: () => string | Promise<string>;
}

/** Options of a client whose API authenticates with OAuth2 client credentials. */
export interface OAuth2ClientOptions extends CommonClientOptions {
  /** The OAuth2 client id. */
  clientId: string;
  /** The OAuth2 client secret; sent only to the spec's `tokenUrl`, never logged. */
  clientSecret: string;
}

/**
 * What the shared client factory accepts: a generated entry's options, whichever credentials its API's schemes
 * take (checked at run time: `apiKey` here, the user name and password in auth.ts, the OAuth2 pair in oauth2.ts, the
 * access token in access-token.ts).
 */
export type AnyClientOptions = CommonClientOptions &
  Partial<Pick<ClientOptions, 'apiKey'>> &
  Partial<BasicAuthClientOptions> &
  Partial<OAuth2ClientOptions> &
  Partial<AccessTokenClientOptions>;

/** Per-call overrides, accepted next to openapi-fetch's own options (`params`, `body`, `signal`, …). */
export interface CallOptions {
  /** Overrides the client's `maxRetries` for this call. */
  maxRetries?: number;
  /** Overrides the client's `timeoutMs` for this call. */
  timeoutMs?: number;
}

export interface ResolvedOptions {
  /** Undefined when the API takes no API key. */
  apiKey: string | undefined;
  baseUrl: string;
  maxRetries: number;
  timeoutMs: number;
  fetch: FetchLike;
  logger: Logger | undefined;
}

export const DEFAULT_MAX_RETRIES = 2;
export const DEFAULT_TIMEOUT_MS = 30_000;

/** Visible ASCII only: `Headers` refuses anything else, with an error message that quotes the value. */
export const VISIBLE_ASCII = /^[\x21-\x7e]+$/;
const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/** Validates the options of a client and fills in the defaults. Errors never quote the API key. */
export function resolveOptions(
  options: AnyClientOptions | undefined,
  defaultBaseUrl: string | undefined,
  needsKey = true,
): ResolvedOptions {
  const {
    apiKey,
    logger,
    fetch = globalThis.fetch,
    baseUrl = defaultBaseUrl,
    maxRetries,
    timeoutMs,
  } = options ?? ({} as AnyClientOptions);
  if (needsKey) checkCredential('apiKey', apiKey);
  if (typeof fetch !== 'function') fail('fetch', 'must be a function');
  if (logger && typeof logger !== 'object') fail('logger', 'must be an object like console');
  if (baseUrl === undefined) fail('baseUrl', 'is required: this vendor publishes no production host to default to');
  return {
    apiKey,
    baseUrl: checkBaseUrl(baseUrl),
    maxRetries: checkMaxRetries(maxRetries, DEFAULT_MAX_RETRIES),
    timeoutMs: checkTimeoutMs(timeoutMs, DEFAULT_TIMEOUT_MS),
    fetch,
    logger,
  };
}

/** A credential option (API key, OAuth2 client id or secret): a non-empty string of visible ASCII. */
export function checkCredential(field: string, value: unknown): void {
  if (typeof value !== 'string' || !VISIBLE_ASCII.test(value))
    fail(field, 'is required: visible ASCII characters only');
}

/** Validates a base URL (client-wide or per call) and drops its trailing slash. */
export function checkBaseUrl(value: unknown): string {
  let url: URL | undefined;
  try {
    url = new URL(value as string);
  } catch {}
  if (
    !url ||
    url.username ||
    url.password ||
    /[?#]/.test(url.href) ||
    !(url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOST.test(url.hostname)))
  ) {
    fail('baseUrl', 'must be an https: URL (http: on localhost/127.x/[::1]) without credentials, query or fragment');
  }
  return url.href.replace(/\/+$/, '');
}

/** `maxRetries` (client-wide or per call): `fallback` when not given. */
export const checkMaxRetries = (value: unknown, fallback: number): number =>
  checkInteger('maxRetries', value, 0, 10, fallback);

/** `timeoutMs` (client-wide or per call): `fallback` when not given. Beyond 2^31-1, setTimeout would fire at once. */
export const checkTimeoutMs = (value: unknown, fallback: number): number =>
  checkInteger('timeoutMs', value, 1, 2 ** 31 - 1, fallback);

function checkInteger(field: string, value: unknown, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
    fail(field, `must be an integer from ${min} to ${max}`);
  }
  return value as number;
}
