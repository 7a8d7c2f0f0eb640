import type { IHttpNameValue, IHttpNameValues, IHttpRequest } from '@stoplight/prism-http';
import type { HttpMethod, IHttpOperation } from '@stoplight/types';
import { refusalFor } from '../front-door/refusals.js';
import type { MatchedOperation, MockPlugin, MockRequest } from './hook.js';
import { createPrismEngine, prismProblem, serialize, type PrismOutcome, type PrismProblem } from './prism.js';
import { compileSpec, type CompiledSpec } from './spec.js';

/** What the engine answers; the front door writes it (or, for a `lost` fault, cuts the connection instead). */
export interface EngineAnswer {
  status: number;
  headers: Record<string, string>;
  body: string | undefined;
}

/** A status the front door asked the engine to answer with (an injected fault), after the request is checked. */
export interface InjectedStatus {
  status: number;
  /** Set on the answer (`X-Mock-Injected`), so it can be told from a real one. */
  headers: Record<string, string>;
}

export interface EngineOptions {
  api: string;
  dynamic: boolean;
  seed: number | undefined;
  plugin: MockPlugin | undefined;
  /** Told about answers that break the spec (Prism's output validation). */
  onWarning: (text: string) => void;
}

export interface Engine {
  readonly spec: CompiledSpec;
  /** Loads and compiles `specPath`, then swaps it in; throws (keeping the current spec) when it does not load. */
  load(specPath: string): Promise<CompiledSpec>;
  handle(request: MockRequest, injected?: InjectedStatus): Promise<EngineAnswer>;
}

const NO_PATH_MATCHED = {
  type: 'NO_PATH_MATCHED_ERROR',
  title: 'Route not resolved, no path matched',
  status: 404,
};

export function problemAnswer(problem: Pick<PrismProblem, 'type' | 'title' | 'status' | 'detail'> & { headers?: Record<string, string> }): EngineAnswer {
  const { type, title, status, detail } = problem;
  return {
    status,
    headers: { ...problem.headers, 'content-type': 'application/problem+json' },
    body: JSON.stringify({ type, title, status, detail }),
  };
}

export function jsonAnswer(status: number, body: unknown, headers: Record<string, string> = {}, mediaType = 'application/json'): EngineAnswer {
  return { status, headers: { 'content-type': mediaType, ...headers }, body: body === undefined ? undefined : JSON.stringify(body) };
}

/** Headers as Prism's request type wants them: one string per name. */
function flatHeaders(request: MockRequest): IHttpNameValue {
  const headers: IHttpNameValue = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function query(url: URL): IHttpNameValues {
  const values: IHttpNameValues = {};
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key);
    values[key] = all.length === 1 ? (all[0] as string) : all;
  }
  return values;
}

/** The body as Prism's own server hands it over: parsed JSON, the text of any other media type, or null. */
function prismBody(request: MockRequest): unknown {
  if (request.body !== undefined) return request.body;
  return request.rawBody.length === 0 ? null : request.rawBody.toString('utf8');
}

function serialized(outcome: Extract<PrismOutcome, { ok: true }>): EngineAnswer {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(outcome.headers)) headers[name.toLowerCase()] = value;
  const body = serialize(outcome.body, headers['content-type']) as string | undefined;
  return { status: outcome.status, headers, body };
}

/** The Prism problems that are refusals of the request (the spec declares no answer for them). */
function isRefusal(problem: PrismProblem): boolean {
  return /#(UNAUTHORIZED|UNPROCESSABLE_ENTITY|INVALID_CONTENT_TYPE)$/.test(problem.type);
}

/**
 * One API's engine: the compiled spec (swapped atomically on reload; a request runs to its end on the spec it
 * started with), Prism's HTTP engine asked about the matched path only, the refusal in the vendor's words, and the
 * plugin hook.
 */
export async function createEngine(specPath: string, options: EngineOptions): Promise<Engine> {
  const prism = createPrismEngine({ dynamic: options.dynamic, seed: options.seed });
  const { plugin } = options;
  let spec = await compileSpec(specPath, { eager: false });
  let checkedAnswers = new Set<string>();
  plugin?.onSpec?.(options.api, spec.document);
  // Served at once; every path's operations are made in the background, so a broken one is reported now, not on
  // the first request that reaches it.
  spec.warmUp().catch((error: Error) => options.onWarning(error.message));

  async function handle(request: MockRequest, injected?: InjectedStatus): Promise<EngineAnswer> {
    const current = spec;
    const path = request.url.pathname;
    const match = current.router.match(path);
    if (!match) {
      return problemAnswer(prismProblem(NO_PATH_MATCHED, `The route ${path} hasn't been found in the specification file`));
    }
    const method = request.method.toLowerCase();
    let operations: IHttpOperation[];
    try {
      operations = await match.route.operations();
    } catch (error) {
      return problemAnswer({ type: 'about:blank', title: 'Spec error', status: 500, detail: (error as Error).message });
    }
    const operation = operations.find((candidate) => candidate.method === method);
    const headers = flatHeaders(request);
    let body = prismBody(request);
    if (operation && body !== null && !operation.request?.body?.contents?.length) {
      // OpenAPI does not forbid a body where none is declared (e.g. a cancel sent with `{}`): it is ignored, as a
      // vendor ignores it, rather than refused by Prism with whatever error example comes first.
      body = null;
      delete headers['content-length'];
      delete headers['transfer-encoding'];
      delete headers['content-type'];
    }
    const prismRequest: IHttpRequest = {
      method: method as HttpMethod,
      url: { path, query: query(request.url), baseUrl: request.url.searchParams.get('__server') ?? undefined },
      headers,
      body,
    };
    const forced = prism.forcedBy(prismRequest);
    if ('type' in forced) return problemAnswer(forced);
    const isForced = forced.code !== undefined || forced.exampleKey !== undefined || forced.dynamic !== undefined;
    const asked = injected ? { code: injected.status } : forced;
    // A static answer is the same every time: Prism checks it against the spec once (the warning would repeat).
    const answerKey = `${method} ${match.route.pathTemplate} ${JSON.stringify(asked)} ${headers['accept'] ?? ''}`;
    const checkAnswer = options.dynamic || asked.dynamic === true || !checkedAnswers.has(answerKey);
    const outcome = await prism.ask(prismRequest, operations, asked, checkAnswer);
    if (outcome.ok && outcome.inputViolations.length === 0) checkedAnswers.add(answerKey);

    if (!outcome.ok) {
      if (operation && isRefusal(outcome.problem)) {
        const { violations, status } = outcome.problem;
        const refusal = refusalFor({ operation, document: current.document, request, violations, securityFailed: status === 401 });
        if (refusal) return refusal;
      }
      if (injected && operation && outcome.problem.status === 404) {
        // The operation declares no answer for the injected status: the mock says so itself, in Prism's shape.
        return problemAnswer({
          type: 'about:blank',
          title: `Injected ${injected.status}`,
          status: injected.status,
          detail: `${operation.method.toUpperCase()} ${operation.path} declares no ${injected.status} answer; this one is the mock's.`,
          headers: injected.headers,
        });
      }
      return problemAnswer(outcome.problem);
    }
    if (!operation) return serialized(outcome);
    for (const violation of outcome.outputViolations) {
      options.onWarning(`${method.toUpperCase()} ${path}: the answer breaks the spec at ${['response', ...(violation.path ?? [])].join('.')}: ${violation.message}`);
    }
    const refusal = refusalFor({ operation, document: current.document, request, violations: outcome.inputViolations, securityFailed: false });
    if (refusal) return refusal;
    if (injected) {
      const answer = serialized(outcome);
      return { ...answer, headers: { ...answer.headers, ...injected.headers } };
    }
    if (!isForced && plugin?.handleOperation) {
      const matched: MatchedOperation = {
        api: options.api,
        operationId: operation.iid ?? operation.id,
        method,
        pathTemplate: match.route.pathTemplate,
        pathParams: match.pathParams,
        operation,
      };
      const answer = await plugin.handleOperation(matched, request);
      if (answer) return jsonAnswer(answer.status, answer.body, answer.headers);
    }
    return serialized(outcome);
  }

  return {
    get spec() {
      return spec;
    },
    async load(nextPath) {
      const next = await compileSpec(nextPath, { eager: true });
      spec = next;
      checkedAnswers = new Set();
      plugin?.onSpec?.(options.api, next.document);
      return next;
    },
    handle,
  };
}
