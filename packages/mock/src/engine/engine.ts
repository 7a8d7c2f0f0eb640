import type { IHttpNameValue, IHttpNameValues, IHttpRequest } from '@stoplight/prism-http';
import type { HttpMethod, IHttpOperation } from '@stoplight/types';
import { refusalFor } from './refusals.js';
import { reasonOf } from '../request-log/request-log.js';
import type { MatchedOperation, MockPlugin, MockRequest } from './hook.js';
import {
  createPrismEngine,
  type PrismEngine,
  prismProblem,
  serialize,
  type PrismOutcome,
  type PrismProblem,
} from './prism.js';
import { type EngineAnswer, jsonAnswer, problemAnswer } from './answers.js';
import type { RouteMatch } from './router.js';
import { compileSpec, type CompiledSpec, type SpecRoute } from './spec.js';

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

/**
 * Identical requests in a row are the common case (a page polling, a load test): their verdicts are kept, up to this
 * many per spec. Few: traffic with a new id per request never hits, and a verdict kept for thousands of requests
 * outlives the young generation, so each one was copied into the old one for nothing (2,000 cost ~8 us per request).
 * Requests with a body are not kept: a POST repeated as it was is a client's retry, and each one's key (its whole
 * body) cost ~1 us to write and was copied by the collector with its verdict; its validation, when its answer is
 * known or a sandbox's, is the lean check (`prism-accept.ts`).
 */
const MEMO_ENTRIES = 64;
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

/** The identity of a bodiless request for Prism: method, URL, the headers it may read. */
function memoKey(request: MockRequest): string | undefined {
  if (request.rawBody.length > 0) return undefined;
  let key = `${request.method} ${request.url.pathname}${request.url.search}`;
  for (const name of Object.keys(request.headers).sort()) {
    if (!UNREAD_HEADERS.has(name)) key += `\n${name}: ${String(request.headers[name])}`;
  }
  return key;
}

/** The Prism problems that are refusals of the request (the spec declares no answer for them). */
function isRefusal(problem: PrismProblem): boolean {
  return /#(UNAUTHORIZED|UNPROCESSABLE_ENTITY|INVALID_CONTENT_TYPE)$/.test(problem.type);
}

/** What the steps of one request share: Prism, the options, and the static answers already made and checked. */
interface EngineContext {
  prism: PrismEngine;
  options: EngineOptions;
  /**
   * Prism's static answer to a valid request, by operation, forced choices and `Accept` (`answerKey`): all it depends
   * on. A valid request whose answer is known is only validated by Prism (its answer-making step, example choice and
   * media type negotiation, skipped); one that breaks a rule still gets Prism's own answer.
   */
  knownAnswers: Map<string, EngineAnswer>;
}

/** The spec's path for a request, with its operations; or the answer when there is none (404, or a spec error). */
async function route(
  current: CompiledSpec,
  request: MockRequest,
): Promise<{ match: RouteMatch<SpecRoute>; operations: IHttpOperation[] } | Verdict> {
  const path = request.url.pathname;
  const match = current.router.match(path);
  if (!match) {
    const detail = `The route ${path} hasn't been found in the specification file`;
    return { answer: problemAnswer(prismProblem(NO_PATH_MATCHED, detail)), memo: true };
  }
  try {
    return { match, operations: await match.route.operations() };
  } catch (error) {
    const detail = (error as Error).message;
    return { answer: problemAnswer({ type: 'about:blank', title: 'Spec error', status: 500, detail }), memo: false };
  }
}

/** The request as Prism reads it. */
export function prismRequestOf(request: MockRequest, operation: IHttpOperation | undefined): IHttpRequest {
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
  const baseUrl = request.url.searchParams.get('__server') ?? undefined;
  return {
    method: request.method.toLowerCase() as HttpMethod,
    url: { path: request.url.pathname, query: query(request.url), baseUrl },
    headers,
    body,
  };
}

/** A request Prism did not answer: refused in the vendor's words, or Prism's (or the mock's) problem. */
function refuseOrProblem(
  problem: PrismProblem,
  operation: IHttpOperation | undefined,
  current: CompiledSpec,
  request: MockRequest,
  injected: InjectedStatus | undefined,
): EngineAnswer {
  if (operation && isRefusal(problem)) {
    const { violations, status } = problem;
    const securityFailed = status === 401;
    const refusal = refusalFor({ operation, document: current.document, request, violations, securityFailed });
    if (refusal) return { ...refusal, reason: reasonOf(refusal.body) ?? 'refused' };
  }
  if (injected && operation && problem.status === 404) {
    // The operation declares no answer for the injected status: the mock says so itself, in Prism's shape.
    return problemAnswer({
      type: 'about:blank',
      title: `Injected ${injected.status}`,
      status: injected.status,
      detail: `${operation.method.toUpperCase()} ${operation.path} declares no ${injected.status} answer; this one is the mock's.`,
      headers: injected.headers,
    });
  }
  return problemAnswer(problem);
}

type Answered = Extract<PrismOutcome, { ok: true }>;

/** Tells about the parts of Prism's answer that break the spec. */
function warnOfAnswer(context: EngineContext, request: MockRequest, outcome: Answered): void {
  for (const violation of outcome.outputViolations) {
    const where = ['response', ...(violation.path ?? [])].join('.');
    context.options.onWarning(
      `${request.method.toUpperCase()} ${request.url.pathname}: the answer breaks the spec at ${where}: ${violation.message}`,
    );
  }
}

/**
 * What Prism and the refusal rules make of a request, in steps: route, validate (Prism), refuse (the vendor's words),
 * force (an injected status or `Prefer`), and whether the plugin may answer it instead of Prism.
 */
async function decide(
  context: EngineContext,
  current: CompiledSpec,
  request: MockRequest,
  { injected, trustPlugin }: { injected: InjectedStatus | undefined; trustPlugin: boolean },
): Promise<Verdict> {
  const routed = await route(current, request);
  if ('answer' in routed) return routed;
  const { match, operations } = routed;
  const { prism, options, knownAnswers } = context;
  const method = request.method.toLowerCase();
  const operation = operations.find((candidate) => candidate.method === method);
  const prismRequest = prismRequestOf(request, operation);
  const forced = prism.forcedBy(prismRequest);
  if ('type' in forced) return { answer: problemAnswer(forced), memo: true };
  const isForced = forced.code !== undefined || forced.exampleKey !== undefined || forced.dynamic !== undefined;
  const asked = injected ? { code: injected.status } : forced;
  // The plugin answers this request if it is valid: Prism only judges it (its own answer would be thrown away).
  const operationId = operation && (operation.iid ?? operation.id);
  const pluginAnswers =
    trustPlugin && !injected && !isForced && operationId !== undefined && options.plugin?.answersAll?.(operationId);
  const answerKey = `${method} ${match.route.pathTemplate} ${JSON.stringify(asked)} ${prismRequest.headers?.['accept'] ?? ''}`;
  // Prism's static answers are a function of the request; generated ones and callbacks (requests Prism makes) are not.
  const staticAnswer = !options.dynamic && asked.dynamic !== true;
  const memo = staticAnswer && !operation?.callbacks?.length;
  const known = memo ? knownAnswers.get(answerKey) : undefined;
  // A static answer is the same every time: Prism checks it against the spec once (the warning would repeat).
  const checkAnswer = !staticAnswer || !knownAnswers.has(answerKey);
  const outcome =
    pluginAnswers || known
      ? await prism.validate(prismRequest, operations, pluginAnswers ? {} : asked)
      : await prism.ask(prismRequest, operations, asked, checkAnswer);
  if (!outcome.ok) return { answer: refuseOrProblem(outcome.problem, operation, current, request, injected), memo };
  let answered: EngineAnswer | undefined;
  const made = (): EngineAnswer => (answered ??= known && outcome.placeholder ? known : serialized(outcome));
  if (staticAnswer && outcome.inputViolations.length === 0 && !pluginAnswers && !known) {
    knownAnswers.set(answerKey, made());
  }
  if (!operation || operationId === undefined) return { answer: made(), memo };
  warnOfAnswer(context, request, outcome);
  const violations = outcome.inputViolations;
  const refusal = refusalFor({ operation, document: current.document, request, violations, securityFailed: false });
  if (refusal) return { answer: { ...refusal, reason: reasonOf(refusal.body) ?? 'refused' }, memo };
  const answer = made();
  if (injected) return { answer: { ...answer, headers: { ...answer.headers, ...injected.headers } }, memo };
  if (isForced) return { answer, memo };
  const { pathTemplate } = match.route;
  const pluginMay = { api: options.api, operationId, method, pathTemplate, pathParams: match.pathParams, operation };
  return { answer, memo, placeholder: pluginAnswers === true, pluginMay };
}

/**
 * One API's engine: the compiled spec (swapped atomically on reload; a request runs to its end on the spec it
 * started with), Prism's HTTP engine asked about the matched path only, the refusal in the vendor's words, and the
 * plugin hook.
 */
export async function createEngine(specPath: string, options: EngineOptions): Promise<Engine> {
  const context: EngineContext = {
    prism: createPrismEngine({ dynamic: options.dynamic, seed: options.seed }),
    options,
    knownAnswers: new Map(),
  };
  const { plugin } = options;
  let spec = await compileSpec(specPath, { eager: false });
  await context.prism.warmUp();
  // Answers per spec (a reload starts afresh; a request in flight keeps its own spec's).
  const memos = new WeakMap<CompiledSpec, Map<string, Verdict>>();
  const remember = (owner: CompiledSpec, key: string, verdict: Verdict): void => {
    let memo = memos.get(owner);
    if (!memo || memo.size >= MEMO_ENTRIES) memos.set(owner, (memo = new Map()));
    memo.set(key, verdict);
  };
  plugin?.onSpec?.(options.api, spec.document);

  /** Decides (or recalls an identical request's verdict), then hands over to the plugin, then answers. */
  async function handle(request: MockRequest, injected?: InjectedStatus): Promise<EngineAnswer> {
    const current = spec;
    const key = injected ? undefined : memoKey(request);
    let verdict = key === undefined ? undefined : memos.get(current)?.get(key);
    if (!verdict) {
      verdict = await decide(context, current, request, { injected, trustPlugin: true });
      if (key !== undefined && verdict.memo) remember(current, key, verdict);
    }
    if (verdict.pluginMay && plugin?.handleOperation) {
      const answer = await plugin.handleOperation(verdict.pluginMay, request);
      // A plugin's error answer says why in the vendor's words: the request log shows them.
      const reason = answer?.reason ?? (answer && answer.status >= 400 ? reasonOf(answer.body) : undefined);
      if (answer) return { ...jsonAnswer(answer.status, answer.body, answer.headers), reason };
      // A plugin that broke its word: Prism answers after all.
      if (verdict.placeholder)
        return (await decide(context, current, request, { injected, trustPlugin: false })).answer;
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
      context.knownAnswers = new Map();
      plugin?.onSpec?.(options.api, next.document);
      return next;
    },
    handle,
  };
}
