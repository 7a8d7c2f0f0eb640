import type { IHttpNameValue, IHttpNameValues, IHttpRequest } from '@stoplight/prism-http';
import type { HttpMethod, IHttpOperation } from '@stoplight/types';
import { refusalFor } from './refusals.js';
import type { MatchedOperation, MockPlugin, MockRequest } from './hook.js';
import { createPrismEngine, prismProblem, serialize, type PrismOutcome, type PrismProblem } from './prism.js';
import { type EngineAnswer, jsonAnswer, problemAnswer } from './answers.js';
import { compileSpec, type CompiledSpec } from './spec.js';

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

/** What the engine decided for a request, before the plugin: the answer, and whether it may be reused. */
interface Verdict {
  answer: EngineAnswer;
  /** Reusable for an identical request: Prism's static answer, or a refusal, for the same spec. */
  memo: boolean;
  /** Set when the plugin may answer instead (a valid request nothing forced). */
  pluginMay?: MatchedOperation;
  /** `answer` is Prism's empty stand-in: the plugin said it answers every such request (`answersAll`). */
  placeholder?: boolean;
}

/** Identical requests in a row are the common case (a page polling, a load test): their verdicts are kept, up to this many per spec. */
const MEMO_ENTRIES = 2_000;
const MEMO_BODY_BYTES = 16_384;
/** Headers Prism never reads (or the front door's own): left out of the key, so they do not defeat it. */
const UNREAD_HEADERS = new Set([
  'host',
  'connection',
  'keep-alive',
  'content-length',
  'user-agent',
  'origin',
  'referer',
  'accept-encoding',
  'x-mock-delay',
  'x-mock-fault',
]);

/** The identity of a request for Prism: method, URL, the headers it may read, the body. */
function memoKey(request: MockRequest): string | undefined {
  if (request.rawBody.length > MEMO_BODY_BYTES) return undefined;
  let key = `${request.method} ${request.url.pathname}${request.url.search}`;
  for (const name of Object.keys(request.headers).sort()) {
    if (!UNREAD_HEADERS.has(name)) key += `\n${name}: ${String(request.headers[name])}`;
  }
  return `${key}\n\n${request.rawBody.toString('latin1')}`;
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
  // Answers per spec (a reload starts afresh; a request in flight keeps its own spec's).
  const memos = new WeakMap<CompiledSpec, Map<string, Verdict>>();
  const remember = (owner: CompiledSpec, key: string, verdict: Verdict): void => {
    let memo = memos.get(owner);
    if (!memo || memo.size >= MEMO_ENTRIES) memos.set(owner, (memo = new Map()));
    memo.set(key, verdict);
  };
  plugin?.onSpec?.(options.api, spec.document);

  /** What Prism and the refusal rules make of a request; whether the plugin may answer it instead. */
  async function decide(
    current: CompiledSpec,
    request: MockRequest,
    injected?: InjectedStatus,
    trustPlugin = true,
  ): Promise<Verdict> {
    const path = request.url.pathname;
    const match = current.router.match(path);
    if (!match) {
      return {
        answer: problemAnswer(
          prismProblem(NO_PATH_MATCHED, `The route ${path} hasn't been found in the specification file`),
        ),
        memo: true,
      };
    }
    const method = request.method.toLowerCase();
    let operations: IHttpOperation[];
    try {
      operations = await match.route.operations();
    } catch (error) {
      return {
        answer: problemAnswer({
          type: 'about:blank',
          title: 'Spec error',
          status: 500,
          detail: (error as Error).message,
        }),
        memo: false,
      };
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
    if ('type' in forced) return { answer: problemAnswer(forced), memo: true };
    const isForced = forced.code !== undefined || forced.exampleKey !== undefined || forced.dynamic !== undefined;
    const asked = injected ? { code: injected.status } : forced;
    // A static answer is the same every time: Prism checks it against the spec once (the warning would repeat).
    const answerKey = `${method} ${match.route.pathTemplate} ${JSON.stringify(asked)} ${headers['accept'] ?? ''}`;
    const checkAnswer = options.dynamic || asked.dynamic === true || !checkedAnswers.has(answerKey);
    // The plugin answers this request if it is valid: Prism only judges it (its own answer would be thrown away).
    const pluginAnswers =
      trustPlugin &&
      !injected &&
      !isForced &&
      operation !== undefined &&
      plugin?.answersAll?.(operation.iid ?? operation.id) === true;
    const outcome = pluginAnswers
      ? await prism.validate(prismRequest, operations)
      : await prism.ask(prismRequest, operations, asked, checkAnswer);
    // Prism's static answers are a function of the request; generated ones and callbacks (requests Prism makes) are not.
    const memo = !options.dynamic && asked.dynamic !== true && !operation?.callbacks?.length;
    const final = (answer: EngineAnswer): Verdict => ({ answer, memo });
    if (outcome.ok && outcome.inputViolations.length === 0 && !pluginAnswers) checkedAnswers.add(answerKey);

    if (!outcome.ok) {
      if (operation && isRefusal(outcome.problem)) {
        const { violations, status } = outcome.problem;
        const refusal = refusalFor({
          operation,
          document: current.document,
          request,
          violations,
          securityFailed: status === 401,
        });
        if (refusal) return final(refusal);
      }
      if (injected && operation && outcome.problem.status === 404) {
        // The operation declares no answer for the injected status: the mock says so itself, in Prism's shape.
        return final(
          problemAnswer({
            type: 'about:blank',
            title: `Injected ${injected.status}`,
            status: injected.status,
            detail: `${operation.method.toUpperCase()} ${operation.path} declares no ${injected.status} answer; this one is the mock's.`,
            headers: injected.headers,
          }),
        );
      }
      return final(problemAnswer(outcome.problem));
    }
    if (!operation) return final(serialized(outcome));
    for (const violation of outcome.outputViolations) {
      options.onWarning(
        `${method.toUpperCase()} ${path}: the answer breaks the spec at ${['response', ...(violation.path ?? [])].join('.')}: ${violation.message}`,
      );
    }
    const refusal = refusalFor({
      operation,
      document: current.document,
      request,
      violations: outcome.inputViolations,
      securityFailed: false,
    });
    if (refusal) return final(refusal);
    if (injected) {
      const answer = serialized(outcome);
      return final({ ...answer, headers: { ...answer.headers, ...injected.headers } });
    }
    if (isForced) return final(serialized(outcome));
    return {
      answer: serialized(outcome),
      memo,
      placeholder: pluginAnswers,
      pluginMay: {
        api: options.api,
        operationId: operation.iid ?? operation.id,
        method,
        pathTemplate: match.route.pathTemplate,
        pathParams: match.pathParams,
        operation,
      },
    };
  }

  async function handle(request: MockRequest, injected?: InjectedStatus): Promise<EngineAnswer> {
    const current = spec;
    const key = injected ? undefined : memoKey(request);
    let verdict = key === undefined ? undefined : memos.get(current)?.get(key);
    if (!verdict) {
      verdict = await decide(current, request, injected);
      if (key !== undefined && verdict.memo) remember(current, key, verdict);
    }
    if (verdict.pluginMay && plugin?.handleOperation) {
      const answer = await plugin.handleOperation(verdict.pluginMay, request);
      if (answer) return jsonAnswer(answer.status, answer.body, answer.headers);
      // A plugin that broke its word: Prism answers after all.
      if (verdict.placeholder) return (await decide(current, request, injected, false)).answer;
    }
    return verdict.answer;
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
