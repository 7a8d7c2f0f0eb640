import { PaykitValidationError } from './errors.js';
import type { Logger } from './logger.js';

/** A WHATWG-compatible fetch. paykit calls it as `fetch(request, { signal })` and relies on `init.signal`. */
export type FetchLike = (input: Request, init?: RequestInit) => Promise<Response>;

/** Options of `createConnectClient` / `createTen99PolicyClient`. */
export interface ClientOptions {
  /** The vendor API key. Required; it is sent only in the auth header and never logged. */
  apiKey: string;
  /** Default: the vendor's production host from the spec. Must be `https:` except on loopback hosts. */
  baseUrl?: string;
  /** Retries after the first attempt, for retryable failures only. Default 2. */
  maxRetries?: number;
  /** Time limit of each attempt, in milliseconds. Default 30000. */
  timeoutMs?: number;
  /** Replaces `globalThis.fetch` (for a proxy agent, tests, …). */
  fetch?: FetchLike;
  /** Receives retry notices (`warn`) and one line per attempt (`debug`); secrets are redacted. */
  logger?: Logger;
}

/** Per-call overrides, accepted next to openapi-fetch's own options (`params`, `body`, `signal`, …). */
export interface CallOptions {
  /** Overrides the client's `maxRetries` for this call. */
  maxRetries?: number;
  /** Overrides the client's `timeoutMs` for this call. */
  timeoutMs?: number;
}

export interface ResolvedOptions {
  apiKey: string;
  baseUrl: string;
  maxRetries: number;
  timeoutMs: number;
  fetch: FetchLike;
  logger: Logger | undefined;
}

export const DEFAULT_MAX_RETRIES = 2;
export const DEFAULT_TIMEOUT_MS = 30_000;
/** setTimeout fires at once beyond this many milliseconds. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;
/** A sanity cap: more retries than this would hold a call for minutes. */
const MAX_RETRIES = 10;

const LOOPBACK_HOST = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;
// Visible ASCII only: a key with spaces, line breaks or other characters would be refused by `Headers`,
// whose error message quotes the value (and so the key).
const HEADER_SAFE = /^[\x21-\x7e]+$/;

/** Validates the options of a client and fills in the defaults. Errors never quote the API key. */
export function resolveOptions(options: ClientOptions | undefined, defaultBaseUrl: string): ResolvedOptions {
  if (options === null || typeof options !== 'object') {
    throw new PaykitValidationError('options', 'must be an object with at least `apiKey`');
  }
  const { apiKey } = options;
  if (typeof apiKey !== 'string' || apiKey.length === 0) {
    throw new PaykitValidationError('apiKey', 'is required and must be a non-empty string');
  }
  if (!HEADER_SAFE.test(apiKey)) {
    throw new PaykitValidationError('apiKey', 'must contain only visible ASCII characters (no spaces or line breaks)');
  }
  if (options.fetch !== undefined && typeof options.fetch !== 'function') {
    throw new PaykitValidationError('fetch', 'must be a function');
  }
  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== 'function') {
    throw new PaykitValidationError('fetch', 'is required where globalThis.fetch does not exist');
  }
  const logger = options.logger;
  if (logger !== undefined && (logger === null || typeof logger !== 'object')) {
    throw new PaykitValidationError('logger', 'must be an object with debug/info/warn/error methods');
  }
  return {
    apiKey,
    baseUrl: resolveBaseUrl(options.baseUrl ?? defaultBaseUrl),
    maxRetries: checkMaxRetries('maxRetries', options.maxRetries) ?? DEFAULT_MAX_RETRIES,
    timeoutMs: checkTimeoutMs('timeoutMs', options.timeoutMs) ?? DEFAULT_TIMEOUT_MS,
    fetch: fetchImpl as FetchLike,
    logger,
  };
}

/** Validates a base URL (client-wide or per call) and drops its trailing slash. */
export function resolveBaseUrl(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new PaykitValidationError('baseUrl', 'must be a non-empty URL string');
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new PaykitValidationError('baseUrl', 'must be an absolute URL such as https://api.example.com');
  }
  if (url.username || url.password) {
    throw new PaykitValidationError('baseUrl', 'must not contain credentials; pass the key as `apiKey`');
  }
  if (url.search || url.hash || value.includes('#')) {
    throw new PaykitValidationError('baseUrl', 'must not contain a query string or fragment');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK_HOST.test(url.hostname))) {
    throw new PaykitValidationError('baseUrl', 'must use https: (http: is allowed only for localhost/127.x/[::1])');
  }
  return url.href.replace(/\/+$/, '');
}

/** Validates a `maxRetries` value (client-wide or per call); undefined means "not given". */
export function checkMaxRetries(field: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_RETRIES) {
    throw new PaykitValidationError(field, `must be an integer from 0 to ${MAX_RETRIES}`);
  }
  return value;
}

/** Validates a `timeoutMs` value (client-wide or per call); undefined means "not given". */
export function checkTimeoutMs(field: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > MAX_TIMEOUT_MS) {
    throw new PaykitValidationError(field, `must be a number of milliseconds above 0 and at most ${MAX_TIMEOUT_MS}`);
  }
  return value;
}
