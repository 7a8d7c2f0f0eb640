import type { OpenApiDocument } from './document.js';
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
import { isLeft, right } from 'fp-ts/lib/Either.js';
// Prism's own answer-making step, for the instance that only validates (see `answerOnlyRefusals`).
import prismMocker from '@stoplight/prism-http/dist/mocker/index.js';
// The steps of Prism's `getHttpOperationsFromSpec` (prism-http/dist/utils/operations.js), taken apart so the document
// is dereferenced once per spec load and each path's operations are made from it on their own (the versions Prism
// 5.16 uses, pinned in package.json).
import { convertToJsonSchema, OPERATION_CONFIG } from '@stoplight/http-spec/oas';
import { transformOas3Operation } from '@stoplight/http-spec/oas3/operation';
import { bundleTarget, encodePointerUriFragment, isPlainObject, pointerToPath } from '@stoplight/json';
import $RefParser from '@stoplight/json-schema-ref-parser';
import { createAcceptor } from './prism-accept.js';

export { getHttpOperationsFromSpec, serialize };

/** A document as Prism's conversion sees it: every `$ref` resolved (cycles kept as `$ref`s), shared by all paths. */
export type DereferencedDocument = OpenApiDocument & { readonly __dereferenced: unique symbol };

/**
 * Prism's `decycle` writes the dereferenced graph out as a tree: a schema reached by many paths is copied once per
 * path, and only a cycle becomes a `$ref`. Documents whose schemas refer to each other all over (Stripe's expandable
 * fields: 468 operations, thousands of schemas) make that tree exponential: Prism never finished it. Past this many
 * nodes (the vendor bundles' trees have about 6,000, the bench's 800-operation API 80,000) the graph is written out
 * by `shareRepeats` instead (`fitsTreeBudget` tells which, before anything is copied).
 */
const TREE_BUDGET = 1_000_000;

/**
 * `decycle` of `@stoplight/json` (the same output: a `$ref` to the ancestor where a cycle closes), with each node's
 * pointer built from its parent's instead of from its whole path (that made Prism's cost a node grow with its depth:
 * 8 s for a million nodes).
 */
function decycleWithin(graph: unknown): unknown {
  const ancestors = new WeakMap<object, string>();
  const copy = (node: unknown, pointer: string): unknown => {
    if (!isPlainObject(node) && !Array.isArray(node)) return node;
    const cycle = ancestors.get(node);
    if (cycle !== undefined) return { $ref: cycle };
    ancestors.set(node, pointer);
    const prefix = pointer === '#' ? '#/' : `${pointer}/`;
    let written: unknown;
    if (Array.isArray(node)) {
      written = node.map((item, index) => copy(item, `${prefix}${index}`));
    } else {
      const fields: Record<string, unknown> = {};
      for (const key of Object.keys(node)) fields[key] = copy(node[key], prefix + encodePointerUriFragment(key));
      written = fields;
    }
    ancestors.delete(node);
    return written;
  };
  return copy(graph, '#');
}

/**
 * Whether `decycleWithin` would write the graph within `TREE_BUDGET` nodes: the same walk, counting the same nodes,
 * with no copy and no pointer made. A graph past the budget (Stripe's) is told so at a fraction of the cost of
 * copying a million nodes first (about 2 s and as much again in garbage collection).
 */
function fitsTreeBudget(graph: unknown): boolean {
  const ancestors = new Set<object>();
  let nodes = 0;
  const visit = (node: unknown): boolean => {
    if (++nodes > TREE_BUDGET) return false;
    if ((!isPlainObject(node) && !Array.isArray(node)) || ancestors.has(node)) return true;
    ancestors.add(node);
    const children: unknown[] = Array.isArray(node) ? node : Object.values(node);
    const fits = children.every(visit);
    ancestors.delete(node);
    return fits;
  };
  return visit(graph);
}

/**
 * The dereferenced graph as a document of linear size: an object or array met a second time (a cycle or a schema
 * shared by two places) becomes a `$ref` to where it was first written. Prism reads such `$ref`s as it reads the
 * cycles `decycle` leaves (each operation bundles what it points to, `__bundled__`). Iterative, so that no depth of
 * graph overflows the call stack.
 */
function shareRepeats(graph: unknown): unknown {
  if (typeof graph !== 'object' || graph === null) return graph;
  const firstAt = new Map<object, string>([[graph, '#']]);
  const emptyLike = (node: object): Record<string, unknown> =>
    (Array.isArray(node) ? [] : {}) as Record<string, unknown>;
  const root = emptyLike(graph);
  const pending: [object, Record<string, unknown>, string][] = [[graph, root, '#']];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [from, to, pointer] = next;
    for (const [key, child] of Object.entries(from)) {
      const seen = typeof child === 'object' && child !== null ? firstAt.get(child) : undefined;
      if (typeof child !== 'object' || child === null) {
        to[key] = child;
      } else if (seen !== undefined) {
        to[key] = { $ref: seen };
      } else {
        const at = `${pointer}/${encodePointerUriFragment(key)}`;
        firstAt.set(child, at);
        to[key] = emptyLike(child);
        pending.push([child, to[key] as Record<string, unknown>, at]);
      }
    }
  }
  return root;
}

/** Prism's first step: `$ref`s resolved in place (so give it a copy), then cycles turned back into `$ref`s. */
export async function dereference(document: OpenApiDocument): Promise<DereferencedDocument> {
  // The options Prism passes (a remote `$ref` is fetched with Prism's own User-Agent).
  const http = { headers: { 'User-Agent': 'PrismMockServer/5.16.0 (paykit mock)' } };
  const graph: unknown = await new $RefParser().dereference(document, { resolve: { http } } as never);
  let tree: unknown;
  try {
    tree = fitsTreeBudget(graph) ? decycleWithin(graph) : undefined;
  } catch (error) {
    // A tree too deep for the call stack is one too large as well.
    if (!(error instanceof RangeError)) throw error;
  }
  if (tree !== undefined) return tree as DereferencedDocument;
  const shared = shareRepeats(graph) as DereferencedDocument;
  writtenAsGraph.add(shared);
  return shared;
}

/** Documents `shareRepeats` wrote: their `$ref`s point all over, so each bundled part is named by its whole place. */
const writtenAsGraph = new WeakSet<object>();

/**
 * An operation of a document `shareRepeats` wrote, with its own `__bundled__` part: a copy of every schema its
 * `$ref`s reach (transitively), converted to JSON Schema as Prism converts the operation's own, each named by its
 * whole place (`components.schemas.customer`). Prism's `bundleTarget` cannot serve here: it rewrites the `$ref`s of
 * the shared document and of the converted schemas Prism shares between operations (in place: the next operation
 * finds them pointing into the first one's bundle), and it names parts after their last segment, giving up after
 * `metadata_20`.
 */
function bundleOwn(document: DereferencedDocument, operation: IHttpOperation): IHttpOperation {
  const own = JSON.parse(JSON.stringify(operation)) as IHttpOperation & { __bundled__?: Record<string, unknown> };
  const bundled: Record<string, unknown> = {};
  const names = new Map<string, string>();
  const nameOf = (pointer: string): string => {
    let name = names.get(pointer);
    if (name === undefined) {
      const path = pointerToPath(pointer);
      name = path.join('.');
      while (name in bundled) name += '_';
      const part = path.reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key], document);
      const schema = isPlainObject(part) ? { ...convertToJsonSchema(document, part) } : part;
      if (isPlainObject(schema)) delete schema['$schema'];
      bundled[name] = JSON.parse(JSON.stringify(schema ?? null));
      names.set(pointer, name);
      pending.push(bundled[name]);
    }
    return name;
  };
  const pending: unknown[] = [own];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (typeof node !== 'object' || node === null) continue;
    const ref = (node as { $ref?: unknown }).$ref;
    if (typeof ref === 'string' && ref.startsWith('#/') && !ref.startsWith('#/__bundled__/')) {
      (node as { $ref: string }).$ref = `#/__bundled__/${encodePointerUriFragment(nameOf(ref))}`;
    }
    pending.push(...Object.values(node));
  }
  if (Object.keys(bundled).length > 0) own.__bundled__ = bundled;
  return own;
}

const METHODS = new Set(['get', 'post', 'put', 'delete', 'options', 'head', 'patch', 'trace']);

/** Prism's operations of one path (in the document's method order), as its whole-document conversion makes them. */
export function pathOperations(document: DereferencedDocument, pathTemplate: string): IHttpOperation[] {
  const item: unknown = (document['paths'] as OpenApiDocument | undefined)?.[pathTemplate];
  // Prism's conversion skips what is not a plain object, and keys that are no HTTP method.
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return [];
  const methods = Object.keys(item).filter((key) => METHODS.has(key));
  return methods.map((method) => {
    const operation = transformOas3Operation({ document, name: pathTemplate, method, config: OPERATION_CONFIG });
    if (!writtenAsGraph.has(document)) {
      return bundleTarget({
        document: { ...document, __target__: operation },
        path: '#/__target__',
        cloneDocument: false,
      }) as IHttpOperation;
    }
    return bundleOwn(document, operation as IHttpOperation);
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
      /** From `validate`: the request is valid and Prism made no answer (an empty 200 stands in for it). */
      placeholder?: true;
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
  /**
   * Prism's validation of a request a plugin answers, or whose answer is already known: the same outcome as `ask`
   * without checking the answer for a request that breaks a rule (Prism's refusal, or its declared error answer) or
   * asks for a media type other than JSON, and for a valid one a `placeholder` in place of Prism's answer.
   */
  validate(request: IHttpRequest, operations: IHttpOperation[], forced?: Forced): Promise<PrismOutcome>;
  /** Pays Prism's first-use costs (see `WARM_UP`) before the port opens, instead of in the first request. */
  warmUp(): Promise<void>;
}

/**
 * An operation of no spec, asked about once as a mock starts. Prism makes its Ajv instances (with their formats) and
 * compiles its first validators only when a request needs them, and V8 compiles its request path on first run: about
 * 80 ms that a fresh mock's first request paid, or a walk through a small API's operations (0.14 s against steady's
 * 0.06 s at 8 operations). The port opens that much later; start-to-first-answer is the same.
 */
const WARM_UP: { operation: IHttpOperation; request: IHttpRequest } = {
  operation: {
    id: 'paykit-warm-up',
    method: 'post',
    path: '/paykit-warm-up/{id}',
    servers: [],
    security: [],
    request: {
      path: [{ id: 'p', name: 'id', style: 'simple', required: true, schema: { type: 'string' } }],
      headers: [{ id: 'h', name: 'x-warm-up', style: 'simple', schema: { type: 'string' } }],
      query: [{ id: 'q', name: 'limit', style: 'form', schema: { type: 'integer' } }],
      body: {
        id: 'b',
        contents: [
          {
            id: 'c',
            mediaType: 'application/json',
            schema: { type: 'object', required: ['name'], properties: { name: { type: 'string', minLength: 1 } } },
          },
        ],
      },
    },
    responses: [
      {
        id: 'r',
        code: '201',
        contents: [
          {
            id: 'rc',
            mediaType: 'application/json',
            schema: { type: 'object', properties: { id: { type: 'string' } } },
            examples: [{ id: 'e', key: 'created', value: { id: 'w_1' } }],
          },
        ],
      },
    ],
  } as unknown as IHttpOperation,
  request: {
    method: 'post',
    url: { path: '/paykit-warm-up/w_1', query: { limit: '1' } },
    headers: { 'content-type': 'application/json', 'x-warm-up': '1' },
    body: { name: 'warm' },
  },
};

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

type PrismResult = Awaited<ReturnType<ReturnType<PrismHttpInstance['request']>>>;

function outcomeOf(result: PrismResult): PrismOutcome {
  if (isLeft(result)) return { ok: false, problem: toProblem(result.left as ProblemLike) };
  const { output, validations } = result.right;
  return {
    ok: true,
    status: output.statusCode,
    headers: output.headers ?? {},
    body: output.body,
    inputViolations: validations.input as Violation[],
    outputViolations: validations.output as Violation[],
    ...(output === VALIDATED_OUTPUT && { placeholder: true as const }),
  };
}

// Node reads a CommonJS module's exports as its default export (Prism's function is the `default` in there); Vite
// (the tests, from the sources) reads its `default` export as the default.
const loadedMocker: unknown = prismMocker;
const prismMock = (
  typeof loadedMocker === 'function' ? loadedMocker : prismMocker.default
) as typeof prismMocker.default;
type MockComponent = typeof prismMock;
const VALIDATED_OUTPUT = { statusCode: 200, headers: {}, body: undefined };
const VALIDATED: ReturnType<ReturnType<MockComponent>> = right(VALIDATED_OUTPUT);

/**
 * Prism's answer-making step for requests a plugin answers: a request that broke a rule, or that asks for a media
 * type other than JSON (Prism's 406), goes to Prism's own step as before; a valid one gets an empty 200, which the
 * plugin's answer replaces. Making Prism's example answer, then throwing it away, was a tenth of a sandbox create.
 */
const answerOnlyRefusals: MockComponent = (options) => {
  const accept = options.input.data.headers?.['accept'];
  const json = accept === undefined || accept.includes('*/*') || accept.includes('json');
  if (options.input.validations.length > 0 || !json) return prismMock(options);
  return () => VALIDATED;
};

const definedOnly = (forced: Forced): Forced =>
  Object.fromEntries(Object.entries(forced).filter(([, value]) => value !== undefined)) as Forced;

/** What `validate` answers for a request Prism's validation accepts: the placeholder, as Prism's own step makes it. */
const accepted = (): PrismOutcome => ({
  ok: true,
  status: VALIDATED_OUTPUT.statusCode,
  headers: {},
  body: undefined,
  inputViolations: [],
  outputViolations: [],
  placeholder: true,
});

export function createPrismEngine(options: {
  dynamic: boolean;
  seed: number | undefined;
  /** Off: every request goes through Prism's own pipeline and `Prefer` parser (the tests compare the two). */
  leanAccept?: boolean;
}): PrismEngine {
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
  const validating: PrismHttpInstance = createInstance(config, { logger, mock: answerOnlyRefusals });
  const accepts = options.leanAccept === false ? undefined : createAcceptor();

  return {
    forcedBy(request) {
      // What Prism's `getHttpConfigFromRequest` reads; with none of it there, it finds nothing forced.
      const query = request.url.query;
      if (
        accepts &&
        !request.headers?.['prefer'] &&
        (!query || (query['__code'] ?? query['__dynamic'] ?? query['__seed'] ?? query['__example']) === undefined)
      ) {
        return {};
      }
      const parsed = getHttpConfigFromRequest(request);
      if (isLeft(parsed)) return toProblem(parsed.left as ProblemLike);
      return definedOnly(parsed.right);
    },
    async validate(request, operations, forced = {}) {
      if (accepts && Object.keys(forced).length === 0) {
        const operation = operations.find((candidate) => candidate.method === request.method);
        if (operation && accepts(operation, request)) return accepted();
      }
      const requestConfig = { ...config, validateResponse: false, mock: { ...config.mock, ...forced } } as IHttpConfig;
      return outcomeOf(await validating.request(request, operations, requestConfig)());
    },
    async ask(request, operations, forced, checkAnswer) {
      const requestConfig = {
        ...config,
        validateResponse: checkAnswer,
        mock: { ...config.mock, ...forced },
      } as IHttpConfig;
      return outcomeOf(await instance.request(request, operations, requestConfig)());
    },
    async warmUp() {
      await this.ask(WARM_UP.request, [WARM_UP.operation], {}, true);
      await this.validate(WARM_UP.request, [WARM_UP.operation]);
    },
  };
}
