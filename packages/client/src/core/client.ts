import createClient, { type Middleware } from 'openapi-fetch';
import { authHeader, type AuthScheme } from './auth.js';
import type { PaykitClient } from './client-types.js';
import { PaykitApiError, PaykitValidationError, readRequestId } from './errors.js';
import { withIdempotencyKey, type IdempotencyRule, type InitWithHeaders } from './idempotency.js';
import { createSafeLog } from './logger.js';
import {
  checkMaxRetries,
  checkTimeoutMs,
  resolveBaseUrl,
  resolveOptions,
  type ClientOptions,
} from './options.js';
import { checkPathParamsGiven, serializePath } from './path-params.js';
import { createRedactor } from './redaction.js';
import { ReplayableRequest } from './replay.js';
import { createTransport, realDeps, type RuntimeDeps } from './transport.js';

/** What the client needs to know about a vendor: generated metadata plus the vendor's conventions. */
export interface VendorDefinition {
  /** Name used in messages, e.g. "Connect". */
  readonly name: string;
  readonly defaultBaseUrl: string;
  readonly auth: AuthScheme;
  /** Operations with an idempotency header: path template, then upper-case method. */
  readonly idempotencyHeaders: Readonly<Record<string, Readonly<Record<string, IdempotencyRule>>>>;
  /** The error-body field holding the vendor's machine-readable error code. */
  readonly errorCodeField: string;
  /** Vendor rules checked before sending; throws a PaykitValidationError. */
  readonly checkRequest?: (method: string, path: string, init: CallInit | undefined) => void;
}

/** The init object of a call, as far as paykit looks into it. */
export interface CallInit extends InitWithHeaders {
  params?: { path?: Record<string, unknown>; header?: Record<string, unknown>; [key: string]: unknown };
  body?: unknown;
  maxRetries?: unknown;
  timeoutMs?: unknown;
  baseUrl?: unknown;
  fetch?: unknown;
}

interface RawResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

type Send = (method: string, url: string, init?: CallInit) => Promise<RawResult>;

const METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'] as const;

/** Builds a vendor's client: openapi-fetch plus paykit's transport, validation and typed errors. */
export function createVendorClient<Paths extends {}, Code extends string | undefined>(
  vendor: VendorDefinition,
  options: ClientOptions,
  deps: RuntimeDeps = realDeps,
): PaykitClient<Paths, Code> {
  const settings = resolveOptions(options, vendor.defaultBaseUrl);
  const auth = authHeader(vendor.auth, settings.apiKey);
  const redactor = createRedactor(auth.secrets);
  const transport = createTransport({
    vendor: vendor.name,
    fetch: settings.fetch,
    maxRetries: settings.maxRetries,
    timeoutMs: settings.timeoutMs,
    idempotencyHeaderNames: idempotencyHeaderNames(vendor),
    redactor,
    log: createSafeLog(settings.logger, redactor),
    deps,
  });
  const core = createClient<Paths>({
    baseUrl: settings.baseUrl,
    fetch: transport.fetch,
    Request: ReplayableRequest,
    headers: auth.header,
    pathSerializer: serializePath,
  });
  const send = core.request as unknown as Send;

  function prepare(method: string, path: string, given: CallInit | undefined): CallInit | undefined {
    let init = given;
    if (init) {
      checkMaxRetries('maxRetries', init.maxRetries);
      checkTimeoutMs('timeoutMs', init.timeoutMs);
      // openapi-fetch's per-call `fetch` would bypass retries and timeouts, its per-call `baseUrl` the https rule.
      if (init.fetch !== undefined) {
        throw new PaykitValidationError('fetch', 'is a client option: pass it to the client factory');
      }
      if (init.baseUrl !== undefined) init = { ...init, baseUrl: resolveBaseUrl(init.baseUrl) };
    }
    checkPathParamsGiven(path, init?.params?.path);
    vendor.checkRequest?.(method, path, init);
    const rule = vendor.idempotencyHeaders[path]?.[method];
    return rule ? withIdempotencyKey(init, rule, deps.randomUUID) : init;
  }

  function finish(result: RawResult): RawResult {
    const { response } = result;
    transport.release(response);
    if (response.ok) return result;
    const body = result.error;
    const error = new PaykitApiError({
      vendor: vendor.name,
      status: response.status,
      body,
      code: errorCodeOf(body, vendor.errorCodeField),
      requestId: readRequestId(response.headers),
      redactor,
    });
    return { error, response };
  }

  function call(method: string, path: string, init: CallInit | undefined): Promise<RawResult> {
    let prepared: CallInit | undefined;
    try {
      prepared = prepare(method, path, init);
    } catch (error) {
      return Promise.reject(error);
    }
    return send(method, path, prepared).then(finish);
  }

  const client: Record<string, unknown> = {
    request: (method: string, path: string, init?: CallInit) => call(String(method).toUpperCase(), path, init),
    use: (...middleware: Middleware[]) => core.use(...middleware),
    eject: (...middleware: Middleware[]) => core.eject(...middleware),
  };
  for (const method of METHODS) client[method] = (path: string, init?: CallInit) => call(method, path, init);
  return client as unknown as PaykitClient<Paths, Code>;
}

function idempotencyHeaderNames(vendor: VendorDefinition): string[] {
  const names = new Set<string>();
  for (const byMethod of Object.values(vendor.idempotencyHeaders)) {
    for (const rule of Object.values(byMethod)) names.add(rule.name);
  }
  return [...names];
}

function errorCodeOf(body: unknown, field: string): string | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const code = (body as Record<string, unknown>)[field];
  return typeof code === 'string' ? code : undefined;
}
