import type { IncomingMessage, ServerResponse } from 'node:http';
import { type EngineAnswer, plainProblem, writeAnswer } from '../engine/answers.js';
import type { Engine, InjectedStatus } from '../engine/engine.js';
import { RESERVED_PREFIX, type MockPlugin, type MockRequest } from '../engine/hook.js';
import { ChaosSettingError, decide, type Chaos, type Decision, type Fault } from './chaos.js';
import { answerPreflight, isPreflight, setCorsHeaders } from './cors.js';
import { isJsonMediaType, parseJsonBody } from '../engine/json.js';
import { readBody } from './body.js';
import type { Boundary } from './boundary.js';
import { browserAccess, isPublicScript, reservedRefusal } from './browser-access.js';
import { headerRefusal, hostRefusal, requestUrl } from './request-checks.js';
import { observeRequest } from '../request-log/observe.js';
import type { RequestLog } from '../request-log/request-log.js';
import type { RequestNote } from '../engine/hook.js';

/** A plugin that rewrites the answers `Prefer` forced (the sandbox: it keeps the id of the session asked about). */
export interface ForcedAnswerKeeper {
  reviseForced(request: MockRequest, answer: EngineAnswer): EngineAnswer;
}

/** Says on an injected fault what asked for it (the body is the spec's own, so it cannot say so itself). */
export const INJECTED_HEADER = 'x-mock-injected';
/** `Retry-After` when neither the mock's settings nor the spec give one: the spec examples' value. */
const FALLBACK_RETRY_AFTER_SECONDS = 2;
const RETRYABLE_STATUSES = new Set([429, 503]);

export interface DoorOptions {
  engine: Engine;
  chaos: Chaos;
  plugin: MockPlugin | undefined;
  /** The names the mock answers to and the origins whose pages may call it. */
  boundary: Boundary;
  /** The address the mock listens on (its origin is `http://<host>:<port>`, whatever the Host header says). */
  host: string;
  /** Where each request is logged once answered (none: not logged). */
  requests?: RequestLog;
}

function injectedStatus(fault: Fault, source: string, retryAfterSeconds: number | undefined): InjectedStatus {
  const status = Number(fault);
  const headers: Record<string, string> = { [INJECTED_HEADER]: `${fault} injected because of ${source}` };
  if (retryAfterSeconds !== undefined) headers['retry-after'] = String(retryAfterSeconds);
  return { status, headers };
}

const CALM: Decision = { delayMs: 0, fault: undefined, faultSource: '' };

const isReserved = (url: URL): boolean =>
  url.pathname.startsWith(RESERVED_PREFIX) || url.pathname === RESERVED_PREFIX.slice(0, -1);

/** Cuts the connection with no answer at all (a TCP reset where the platform allows it). */
function cut(req: IncomingMessage): void {
  const socket = req.socket as IncomingMessage['socket'] & { resetAndDestroy?: () => void };
  if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else socket.destroy();
}

/** Waits out a delay, or until the caller gives up on the answer (its timer is then not left behind). */
function waitOut(delayMs: number, res: ServerResponse): Promise<void> {
  return new Promise<void>((resume) => {
    const timer = setTimeout(resume, delayMs);
    res.once('close', () => {
      clearTimeout(timer);
      resume();
    });
  });
}

/** The parsed JSON body of a request, or the 400 answer of a malformed one. */
function jsonBody(
  req: IncomingMessage,
  rawBody: Buffer,
): { ok: true; body: unknown } | { ok: false; answer: EngineAnswer } {
  if (rawBody.length === 0 || !isJsonMediaType(req.headers)) return { ok: true, body: undefined };
  const parsed = parseJsonBody(rawBody);
  if (parsed.ok) return { ok: true, body: parsed.value };
  const detail = `The request body is not valid JSON: ${parsed.reason}.`;
  return { ok: false, answer: plainProblem(400, 'Malformed JSON request body', detail) };
}

/** One request past the checks: read its body, wait out its delay, then the reserved prefix or the engine. */
async function serve(
  { engine, chaos, plugin }: DoorOptions,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  decision: Decision,
  note: RequestNote,
): Promise<void> {
  let rawBody: Buffer;
  try {
    rawBody = await readBody(req);
  } catch (error) {
    return writeAnswer(res, plainProblem(413, 'Request body too large', (error as Error).message));
  }
  if (decision.delayMs > 0) await waitOut(decision.delayMs, res);
  if (res.destroyed || req.socket.destroyed) return;
  const { fault } = decision;
  if (fault === 'reset') return cut(req);

  if (isReserved(url)) {
    if (plugin?.handleReserved && (await plugin.handleReserved(req, res, rawBody))) return;
    return writeAnswer(res, plainProblem(404, 'Not found', `Nothing is served under ${RESERVED_PREFIX} by this mock.`));
  }
  // Known before any check: a request refused for its body is still its account's.
  const account = plugin?.accountOf?.(req.headers);
  if (account !== undefined) note.account = account;
  const parsed = jsonBody(req, rawBody);
  if (!parsed.ok) return writeAnswer(res, parsed.answer);
  const request: MockRequest = {
    method: req.method ?? 'GET',
    url,
    headers: req.headers,
    rawBody,
    body: parsed.body,
    note,
  };
  const injected =
    fault !== undefined && fault !== 'lost'
      ? injectedStatus(fault, decision.faultSource, chaos.retryAfterSeconds)
      : undefined;
  const handled = await engine.handle(request, injected);
  // A forced example about a session the sandbox holds keeps that session's identity (the plugin says how).
  const keeper = plugin as Partial<ForcedAnswerKeeper> | undefined;
  const answer = keeper?.reviseForced ? keeper.reviseForced(request, handled) : handled;
  if (fault === 'lost') return cut(req);
  if (injected && answer.status === injected.status && RETRYABLE_STATUSES.has(answer.status)) {
    answer.headers['retry-after'] ??= String(FALLBACK_RETRY_AFTER_SECONDS);
  }
  writeAnswer(res, answer);
}

function refuse(req: IncomingMessage, res: ServerResponse, answer: EngineAnswer): void {
  req.resume();
  writeAnswer(res, answer);
}

const originRefused = (boundary: Boundary): EngineAnswer =>
  plainProblem(
    403,
    'Origin not allowed',
    `Pages of this origin may not call the mock from a browser: allowed are ${boundary.originsInWords}. Allow yours with PAYKIT_MOCK_ALLOWED_ORIGINS, --allowed-origins or the allowedOrigins option.`,
  );

/**
 * The browser boundary: `/__paykit/` closed to other origins (and embeddable by none but the public script), CORS
 * for allowed origins, preflights answered here. Returns true once it has answered the request itself.
 */
function guardBoundary(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  boundary: Boundary,
  ownOrigin: string,
): boolean {
  const reserved = isReserved(url);
  const access = browserAccess(req, boundary, ownOrigin);
  const origin = req.headers.origin;
  if (origin !== undefined) res.setHeader('vary', 'Origin');
  if (reserved && isPublicScript(req, url)) {
    // The Stripe.js stand-in: a static script that any page may load, as js.stripe.com's.
    res.setHeader('cross-origin-resource-policy', 'cross-origin');
  } else if (reserved) {
    // Not even an <img> or <script> of another origin may embed these answers.
    res.setHeader('cross-origin-resource-policy', 'same-origin');
    const refusal = reservedRefusal(req, access, boundary.originsInWords);
    if (refusal) {
      refuse(req, res, refusal);
      return true;
    }
  }
  if (origin !== undefined && access === 'allowed') {
    if (isPreflight(req)) {
      answerPreflight(req, res);
      return true;
    }
    setCorsHeaders(res, origin);
  } else if (isPreflight(req) && access !== 'same-origin') {
    refuse(req, res, originRefused(boundary));
    return true;
  }
  return false;
}

/**
 * The mock's front door, in front of the engine: the Host allowlist, the request target, the browser boundary (CORS
 * for allowed origins, `/__paykit/` closed to other origins), headers that parse, delay and faults, the body read
 * once (malformed JSON gets an immediate 400), the plugin's reserved prefix, then the engine. Every request is
 * logged once answered (`requests`). One listener per API's server.
 */
export function createFrontDoor(options: DoorOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { chaos, boundary, host, requests } = options;
  return (req, res) => {
    res.setHeader('x-content-type-options', 'nosniff');
    const note = requests ? observeRequest(requests, req, res) : {};
    const hostProblem = hostRefusal(req, boundary);
    if (hostProblem) return refuse(req, res, hostProblem);
    const ownOrigin = `http://${host}:${req.socket.localPort}`;
    const url = requestUrl(req, ownOrigin);
    if (!(url instanceof URL)) return refuse(req, res, url);
    if (guardBoundary(req, res, url, boundary, ownOrigin)) return;
    const malformed = headerRefusal(req);
    if (malformed) return refuse(req, res, malformed);
    let decision: Decision;
    try {
      // Delays and faults are for the API's operations: the control API and hosted pages answer as they are (and
      // take no roll of a seeded run's dice).
      decision = isReserved(url) ? CALM : decide(req.headers, chaos);
    } catch (error) {
      if (!(error instanceof ChaosSettingError)) throw error;
      return refuse(req, res, plainProblem(400, 'Bad mock header', error.message));
    }
    serve(options, req, res, url, decision, note).catch((error: unknown) => {
      if (res.headersSent) return void res.destroy();
      writeAnswer(res, plainProblem(500, 'Mock failure', `The mock could not answer: ${(error as Error).message}`));
    });
  };
}
