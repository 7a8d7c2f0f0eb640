/**
 * The one place that speaks Prism's fp-ts: Prism's HTTP engine (`@stoplight/prism-http`) created in-process, asked
 * about one request and the operations of one matched path, and its Either turned into a plain outcome.
 */
import {
  createInstance,
  getHttpOperationsFromSpec,
  ProblemJsonError,
  type IHttpConfig,
  type IHttpRequest,
  type PrismHttpInstance,
} from '@stoplight/prism-http';
// Prism's own server turns `Prefer` and `__code`/`__example`/`__dynamic` into the per-request config; `request()`
// does not read them, so the mock reuses that function rather than re-implementing Prism's rules.
import { getHttpConfigFromRequest } from '@stoplight/prism-http-server/dist/getHttpConfigFromRequest.js';
import { serialize } from '@stoplight/prism-http-server/dist/serialize.js';
import type { createLogger } from '@stoplight/prism-core';
import type { IHttpOperation } from '@stoplight/types';
import { isLeft } from 'fp-ts/lib/Either.js';
// The steps of Prism's `getHttpOperationsFromSpec` (prism-http/dist/utils/operations.js), taken apart so the document
// is dereferenced once per spec load and each path's operations are made from it on their own (the versions Prism
// 5.16 uses, pinned in package.json).
import { OPERATION_CONFIG } from '@stoplight/http-spec/oas';
import { transformOas3Operation } from '@stoplight/http-spec/oas3/operation';
import { bundleTarget, decycle } from '@stoplight/json';
import $RefParser from '@stoplight/json-schema-ref-parser';

export { getHttpOperationsFromSpec, serialize };

/** A document as Prism's conversion sees it: every `$ref` resolved (cycles kept as `$ref`s), shared by all paths. */
export type DereferencedDocument = Record<string, any> & { readonly __dereferenced: unique symbol };

/** Prism's first step: `$ref`s resolved in place (so give it a copy), then cycles turned back into `$ref`s. */
export async function dereference(document: Record<string, any>): Promise<DereferencedDocument> {
  // The options Prism passes (a remote `$ref` is fetched with Prism's own User-Agent).
  const http = { headers: { 'User-Agent': 'PrismMockServer/5.16.0 (paykit mock)' } };
  return decycle(await new $RefParser().dereference(document, { resolve: { http } } as never)) as DereferencedDocument;
}

const METHODS = new Set(['get', 'post', 'put', 'delete', 'options', 'head', 'patch', 'trace']);

/** Prism's operations of one path (in the document's method order), as its whole-document conversion makes them. */
export function pathOperations(document: DereferencedDocument, pathTemplate: string): IHttpOperation[] {
  const item: unknown = document['paths']?.[pathTemplate];
  // Prism's conversion skips what is not a plain object, and keys that are no HTTP method.
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return [];
  const methods = Object.keys(item).filter((key) => METHODS.has(key));
  return methods.map((method) => {
    const operation = transformOas3Operation({ document, name: pathTemplate, method, config: OPERATION_CONFIG });
    return bundleTarget({
      document: { ...document, __target__: operation },
      path: '#/__target__',
      cloneDocument: false,
    }) as IHttpOperation;
  });
}

/** One rule a request broke, as Prism's validator reports it. */
export interface Violation {
  /** Where: `['body', 'return_url']`, `['query', 'limit']`, `['header', 'x-api-key']`, `['path', 'id']`. */
  path: string[];
  /** The JSON Schema keyword (`required`, `type`, `format`, …) or an HTTP status (401 security, 415 media type). */
  code: string | number;
  message: string;
  severity: number;
}

/** Prism's answer to one request, or the problem it raised instead (no route, no method, no such example, …). */
export type PrismOutcome =
  | {
      ok: true;
      status: number;
      headers: Record<string, string>;
      body: unknown;
      inputViolations: Violation[];
      outputViolations: Violation[];
    }
  | { ok: false; problem: PrismProblem };

export interface PrismProblem {
  /** e.g. `https://stoplight.io/prism/errors#NO_METHOD_MATCHED_ERROR` */
  type: string;
  title: string;
  status: number;
  detail: string;
  headers: Record<string, string>;
  /** The violations behind a refusal Prism raised because the spec declares no answer for it. */
  violations: Violation[];
}

/** The per-request choices a client forced (Prism's `Prefer` / `__code` / `__example` / `__dynamic`). */
export interface Forced {
  code?: number;
  exampleKey?: string;
  dynamic?: boolean;
  seed?: string;
}

export interface PrismEngine {
  /** Reads `Prefer` (or the `__*` query) as Prism's server does; a malformed one is Prism's own 422 problem. */
  forcedBy(request: IHttpRequest): Forced | PrismProblem;
  /** `checkAnswer: false` skips Prism's validation of its own answer (the request is always validated). */
  ask(request: IHttpRequest, operations: IHttpOperation[], forced: Forced, checkAnswer: boolean): Promise<PrismOutcome>;
}

type ProblemLike = Error & { status?: number; detail?: string; additional?: Record<string, unknown> };

function toProblem(error: ProblemLike): PrismProblem {
  const json = ProblemJsonError.toProblemJson(error);
  const additional = error.additional ?? {};
  const headers = (additional['headers'] as Record<string, string> | undefined) ?? {};
  const validation =
    (additional['validation'] as { location?: string[]; code: string; message: string }[] | undefined) ?? [];
  return {
    ...json,
    status: json.status || 500,
    headers,
    violations: validation.map((v) => ({ path: v.location ?? [], code: v.code, message: v.message, severity: 0 })),
  };
}

/** A problem in Prism's own shape, for what the mock answers itself in Prism's place (e.g. an unknown path). */
export function prismProblem(template: { type: string; title: string; status: number }, detail: string): PrismProblem {
  return toProblem(ProblemJsonError.fromTemplate(template, detail));
}

type PrismLogger = ReturnType<typeof createLogger>;

/**
 * Prism logs every request at info level (halving throughput); the mock reports what matters itself. A logger that
 * drops everything, with the methods Prism calls (`success` is its own level): Prism's `createLogger` at level
 * `silent` does the same, but loads pino (~20 ms of the mock's start; patched to load it only then).
 */
function silentLogger(): PrismLogger {
  const drop = (): void => {};
  const logger = {
    child: () => logger,
    trace: drop,
    debug: drop,
    info: drop,
    success: drop,
    warn: drop,
    error: drop,
    fatal: drop,
  };
  return logger as unknown as PrismLogger;
}

const definedOnly = (forced: Forced): Forced =>
  Object.fromEntries(Object.entries(forced).filter(([, value]) => value !== undefined)) as Forced;

export function createPrismEngine(options: { dynamic: boolean; seed: number | undefined }): PrismEngine {
  const logger = silentLogger();
  const config: IHttpConfig = {
    mock: { dynamic: options.dynamic, ...(options.seed !== undefined && { seed: String(options.seed) }) },
    checkSecurity: true,
    validateRequest: true,
    validateResponse: true,
    errors: false,
    upstreamProxy: undefined,
    isProxy: false,
  };
  const instance: PrismHttpInstance = createInstance(config, { logger });

  return {
    forcedBy(request) {
      const parsed = getHttpConfigFromRequest(request);
      if (isLeft(parsed)) return toProblem(parsed.left as ProblemLike);
      return definedOnly(parsed.right);
    },
    async ask(request, operations, forced, checkAnswer) {
      const requestConfig = {
        ...config,
        validateResponse: checkAnswer,
        mock: { ...config.mock, ...forced },
      } as IHttpConfig;
      const result = await instance.request(request, operations, requestConfig)();
      if (isLeft(result)) return { ok: false, problem: toProblem(result.left as ProblemLike) };
      const { output, validations } = result.right;
      return {
        ok: true,
        status: output.statusCode,
        headers: output.headers ?? {},
        body: output.body,
        inputViolations: validations.input as Violation[],
        outputViolations: validations.output as Violation[],
      };
    },
  };
}
