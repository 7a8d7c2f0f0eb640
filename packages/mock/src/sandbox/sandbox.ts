import type { IncomingMessage, ServerResponse } from 'node:http';
import { MockClock } from './clock.js';
import { handleReserved } from './control-api.js';
import type { MatchedOperation, MockAnswer, MockPlugin, MockRequest } from './hook.js';
import { fingerprint, idempotencyHeaders, IdempotencyKeys, type IdempotencyHeader } from './idempotency.js';
import { SessionStore } from './sessions.js';
import { redirectRefusal } from './redirect-fields.js';
import {
  checkLimits,
  checkRedirectOrigin,
  checkWebhookSettings,
  type SandboxLimits,
  SandboxSettingError,
} from './settings.js';
import { sandboxVendors } from './vendors/index.js';
import { OPEN_PHASES, type OperationBehaviour, type Phase, type Session, type VendorSandbox } from './vendors/types.js';
import { type LoggedEvent, WebhookSender, type WebhookSettings } from './webhooks.js';
import type { EngineAnswer } from '../engine/answers.js';
import { forcedRoutes, forcedTarget, isForced, successBody } from './forced-identity.js';
import { TransitionError } from './sessions.js';
import { accountOf, EndpointStore } from './webhook-endpoints.js';

export interface SandboxOptions {
  /** Webhook receivers and signing secret (default: none; events are still logged). */
  webhooks?: WebhookSettings;
  /** How often the expiry job flips sessions past their `expires_at`, in real ms (default 5000). */
  expiryIntervalMs?: number;
  /** Receives one line per webhook delivery outcome and per sweep that forgot state over a cap (never a secret). */
  log?: (line: string) => void;
  /** How many sessions, idempotency keys and webhook events the sandbox keeps (see README, "Bounded state"). */
  limits?: SandboxLimits;
  /**
   * An http(s) origin, e.g. `http://127.0.0.1:3000`: the hosted pages send the browser there instead of to the
   * return URL's own origin (path and query kept, the vendor's parameters added). Default: the return URL as given.
   */
  redirectOrigin?: string;
}

/** The stateful sandbox of one API: a mock engine plugin, plus the handles its control API and tests use. */
export interface Sandbox extends MockPlugin {
  readonly api: string;
  readonly vendor: VendorSandbox;
  readonly clock: MockClock;
  readonly sessions: SessionStore;
  readonly webhooks: WebhookSender | undefined;
  /** Where the hosted pages send the browser instead of the return URL's origin (undefined: the return URL's own). */
  readonly redirectOrigin: string | undefined;
  /**
   * Moves the mock clock ahead: webhook retries now due are sent, and with `expire` (default) the expiry job runs
   * at once. Returns the sessions it flipped (at most 250: the job flips any others moments later).
   */
  advance(seconds: number, options?: { expire?: boolean }): Session[];
  /** Runs the expiry job and the caps' sweep now (the sandbox runs it every `expiryIntervalMs`). */
  sweep(): void;
  /** Forgets every session, idempotency key and event, and puts the clock back to real time. */
  reset(): void;
  /** Stops the expiry job and any webhook retries; returns how many webhook deliveries were pending (dropped). */
  close(): number;
  /** The vendor's webhook endpoints registered through its API (per account). */
  readonly endpoints: EndpointStore;
  /**
   * Sends the event `type` on demand, through the path of a real state change: moves the session (`sessionId`, or
   * a new one made from the vendor's example create) to the phase the event is about, or, when it is there
   * already, sends that event again for it. Throws a `TriggerError` saying why it cannot.
   */
  trigger(type: string, sessionId: string | undefined, origin: string): { session: Session; event: LoggedEvent };
  /** A forced answer (`Prefer`) about a session the sandbox holds, with the session's identity kept. */
  reviseForced(request: MockRequest, answer: EngineAnswer): EngineAnswer;
}

/** Why an event cannot be sent on demand: an HTTP status and words for the control API's problem. */
export class TriggerError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    detail: string,
  ) {
    super(detail);
  }
}

/** The sandbox of an API, or undefined when the API has no vendor table (Prism alone serves it, stateless). */
export function createSandbox(api: string, options: SandboxOptions = {}): Sandbox | undefined {
  const vendor = sandboxVendors[api];
  return vendor ? new VendorSandboxPlugin(api, vendor, options) : undefined;
}

/**
 * The most a single pass of the expiry job or a cap flips or forgets: a pass takes a few milliseconds, and what is
 * left is done by the next pass, queued at once (`setImmediate`), so requests get their turn in between.
 */
const PASS_LIMIT = 250;

class VendorSandboxPlugin implements Sandbox {
  readonly clock = new MockClock();
  readonly sessions: SessionStore;
  readonly webhooks: WebhookSender | undefined;
  readonly redirectOrigin: string | undefined;
  readonly #keys = new IdempotencyKeys();
  readonly endpoints = new EndpointStore();
  #routes: ReturnType<typeof forcedRoutes> = [];
  /** The event the last phase change sent (read right after a move, by `trigger`). */
  #lastEmitted: LoggedEvent | undefined;
  #idempotency = new Map<string, IdempotencyHeader>();
  #document: Record<string, unknown> = {};
  readonly #expiryJob: NodeJS.Timeout;
  readonly #limits: Required<SandboxLimits>;
  readonly #log: (line: string) => void;
  #nextPass: NodeJS.Immediate | undefined;
  /** What the sweep under way forgot over the caps, told once it ends. */
  #evicted = { sessions: 0, idempotencyKeys: 0, events: 0 };

  constructor(
    readonly api: string,
    readonly vendor: VendorSandbox,
    options: SandboxOptions,
  ) {
    const settings = checkWebhookSettings(options.webhooks ?? { urls: [] });
    const interval = options.expiryIntervalMs ?? 5000;
    if (!Number.isInteger(interval) || interval < 10 || interval > 3_600_000) {
      throw new SandboxSettingError('sandbox.expiryIntervalMs must be a whole number of ms from 10 to 3600000');
    }
    this.redirectOrigin =
      options.redirectOrigin === undefined ? undefined : checkRedirectOrigin(options.redirectOrigin);
    this.#limits = checkLimits(options.limits);
    this.#log = options.log ?? (() => undefined);
    const log = this.#log;
    this.webhooks = vendor.webhooks
      ? new WebhookSender(
          vendor.webhooks,
          settings,
          this.clock,
          (line) => log(`webhook ${line}`),
          this.#limits.events,
          (type, account) => this.endpoints.receivers(type, account),
        )
      : undefined;
    this.sessions = new SessionStore(
      vendor,
      this.clock,
      (session, kind) => {
        const type = kind.events?.[session.phase];
        if (!type || !this.webhooks) return;
        this.#lastEmitted = this.webhooks.emit(type, kind.render(session, 'read'), this.clock.now(), session.account);
      },
      this.#limits.sessions,
    );
    this.#expiryJob = setInterval(() => this.sweep(), interval);
    this.#expiryJob.unref();
  }

  sweep(): void {
    if (this.#nextPass) return;
    this.#pass();
  }

  /** One bounded pass of the expiry job and the caps; queues the next pass while work is left. */
  #pass(): void {
    this.#nextPass = undefined;
    const expiry = this.sessions.expireDue(PASS_LIMIT);
    const sessions = this.sessions.evict(PASS_LIMIT);
    const keys = this.#keys.sweep(this.clock.now(), this.#limits.idempotencyKeys, PASS_LIMIT);
    const events = this.webhooks?.evict(PASS_LIMIT) ?? 0;
    this.#evicted.sessions += sessions;
    this.#evicted.idempotencyKeys += keys.evicted;
    this.#evicted.events += events;
    if (expiry.more || this.sessions.overCap || keys.more || this.webhooks?.overCap) {
      this.#nextPass = setImmediate(() => this.#pass());
      return;
    }
    const told = (Object.keys(this.#evicted) as Array<keyof SandboxLimits>)
      .filter((name) => this.#evicted[name] > 0)
      .map((name) => `${this.#evicted[name]} ${LIMIT_WORDS[name]} over their cap of ${this.#limits[name]}`);
    if (told.length > 0) this.#log(`state: forgot ${told.join('; ')} (the oldest finished first)`);
    this.#evicted = { sessions: 0, idempotencyKeys: 0, events: 0 };
  }

  onSpec(_api: string, document: unknown): void {
    this.#idempotency = idempotencyHeaders(document);
    this.#document = document as Record<string, unknown>;
    this.#routes = forcedRoutes(this.vendor, this.#document);
  }

  reviseForced(request: MockRequest, answer: EngineAnswer): EngineAnswer {
    if (!isForced(request)) return answer;
    const target = forcedTarget(this.#routes, request);
    const session = target && this.sessions.get(target.id, target.behaviour.kind);
    const example = session && successBody(answer);
    const kind = session && this.vendor.kinds[session.kind];
    if (!session || !example || !kind?.forcedView) return answer;
    const shown = kind.forcedView(session, example, this.clock.now());
    return { ...answer, headers: { ...answer.headers }, body: JSON.stringify(shown) };
  }

  trigger(type: string, sessionId: string | undefined, origin: string): { session: Session; event: LoggedEvent } {
    if (!this.webhooks) {
      throw new TriggerError(404, 'No webhooks', `${this.api} documents no webhooks, so the sandbox sends no events`);
    }
    const found = Object.entries(this.vendor.kinds).flatMap(([name, kind]) =>
      Object.entries(kind.events ?? {})
        .filter(([, event]) => event === type)
        .map(([phase]) => ({ name, kind, phase: phase as Phase })),
    )[0];
    if (!found) {
      const known = Object.values(this.vendor.kinds).flatMap((kind) => Object.values(kind.events ?? {}));
      throw new TriggerError(400, 'Unknown event type', `type must be one of ${known.join(', ')}`);
    }
    let session: Session;
    if (sessionId === undefined) {
      if (!found.kind.onDemandRequest) {
        throw new TriggerError(400, 'Session required', `a ${type} event needs a session: send its id as session`);
      }
      session = this.sessions.create(found.name, { ...found.kind.onDemandRequest }, origin);
    } else {
      const held = this.sessions.get(sessionId, found.name);
      if (!held) {
        throw new TriggerError(404, 'Unknown session', `No ${found.name} with this id in this mock (was it reset?).`);
      }
      session = held;
    }
    this.#lastEmitted = undefined;
    if (session.phase === found.phase) {
      const event = this.webhooks.emit(type, found.kind.render(session, 'read'), this.clock.now(), session.account);
      return { session, event };
    }
    try {
      this.sessions.move(session, found.phase);
    } catch (error) {
      if (!(error instanceof TransitionError)) throw error;
      throw new TriggerError(409, 'State change refused', error.message);
    }
    return { session, event: this.#lastEmitted! };
  }

  handleReserved(req: IncomingMessage, res: ServerResponse, rawBody: Buffer): boolean {
    return handleReserved(this, req, res, rawBody);
  }

  answersAll(operationId: string): boolean {
    return this.vendor.operations[operationId] !== undefined;
  }

  handleOperation(op: MatchedOperation, req: MockRequest): MockAnswer | undefined {
    const behaviour = this.vendor.operations[op.operationId];
    if (!behaviour) return undefined;
    if (behaviour.action === 'create') {
      const refused = redirectRefusal(this.vendor.kinds[behaviour.kind], op, req, this.#document);
      if (refused) return refused;
    }
    const header = this.#idempotency.get(op.operationId);
    const key = header ? req.headers[header.name] : undefined;
    if (typeof key !== 'string') return this.#perform(behaviour, op, req);

    const now = this.clock.now();
    const print = fingerprint(op.operationId, op.pathParams, req.body);
    const first = this.#keys.recall(key, now);
    if (first?.fingerprint === print) return structuredClone(first.answer);
    if (first && op.operation.responses.some((response) => response.code === '409')) {
      return structuredClone(this.vendor.errors.idempotencyConflict);
    }
    const answer = this.#perform(behaviour, op, req);
    this.#keys.remember(key, print, answer, now);
    return answer;
  }

  #perform(behaviour: OperationBehaviour, op: MatchedOperation, req: MockRequest): MockAnswer {
    if (behaviour.action === 'createWebhookEndpoint') return this.#createEndpoint(behaviour, req);
    const kind = this.vendor.kinds[behaviour.kind];
    if (!kind) throw new Error(`${this.api}: operation ${op.operationId} names no known session kind`);
    if (behaviour.action === 'create') {
      const request = (req.body ?? {}) as Record<string, unknown>;
      const account = accountOf(this.vendor.apiKey?.(req.headers));
      const session = this.sessions.create(behaviour.kind, request, origin(req), account);
      return { status: behaviour.status, body: kind.render(session, 'create') };
    }
    const id = behaviour.idParam ? op.pathParams[behaviour.idParam] : undefined;
    const session = id === undefined ? undefined : this.sessions.get(id, behaviour.kind);
    if (!session) return this.vendor.errors.notFound(behaviour.kind);
    if (behaviour.action === 'cancel') {
      if (this.vendor.errors.pastExpiry && this.sessions.pastExpiry(session))
        return this.vendor.errors.pastExpiry(session);
      if (!OPEN_PHASES.has(session.phase))
        return this.vendor.errors.notOpen(session, String(kind.status[session.phase]));
      this.sessions.move(session, 'cancelled');
    }
    return { status: behaviour.status, body: kind.render(session, 'read') };
  }

  /** Registers a webhook endpoint for the request's account; the answer carries its secret (shown only there). */
  #createEndpoint(behaviour: OperationBehaviour, req: MockRequest): MockAnswer {
    const scheme = this.vendor.webhooks?.endpoints;
    if (!scheme) throw new Error(`${this.api}: createWebhookEndpoint needs the vendor's webhooks.endpoints`);
    const body = (req.body ?? {}) as { url?: unknown; events?: unknown; description?: unknown };
    const url = String(body.url);
    const parsed = URL.canParse(url) ? new URL(url) : undefined;
    if (!parsed || !/^https?:$/.test(parsed.protocol)) return scheme.invalid('url must be an http:// or https:// URL');
    // fetch refuses such a URL on every attempt, and its refusal quotes the password.
    if (parsed.username || parsed.password) {
      return scheme.invalid('url must not carry a user name or password (a token in its query works)');
    }
    const events =
      body.events === undefined || body.events === '*' ? ['*'] : [...new Set((body.events as string[]).map(String))];
    const account = accountOf(this.vendor.apiKey?.(req.headers)) ?? '';
    const endpoint = {
      id: scheme.newId(),
      url,
      events,
      secret: scheme.newSecret(),
      createdAt: this.clock.now(),
      description: typeof body.description === 'string' ? body.description : null,
    };
    const refused = this.endpoints.add(account, endpoint);
    if (refused) return scheme.invalid(refused);
    return { status: behaviour.status, body: scheme.render(endpoint) };
  }

  advance(seconds: number, { expire = true }: { expire?: boolean } = {}): Session[] {
    this.clock.advance(seconds * 1000);
    this.webhooks?.poke();
    if (!expire) return [];
    const { expired, more } = this.sessions.expireDue(PASS_LIMIT);
    if (more) this.#nextPass ??= setImmediate(() => this.#pass());
    return expired;
  }

  reset(): void {
    this.sessions.reset();
    this.#keys.reset();
    this.endpoints.reset();
    this.webhooks?.clear();
    this.clock.reset();
  }

  close(): number {
    clearInterval(this.#expiryJob);
    if (this.#nextPass) clearImmediate(this.#nextPass);
    return this.webhooks?.close() ?? 0;
  }
}

const LIMIT_WORDS: Record<keyof SandboxLimits, string> = {
  sessions: 'sessions',
  idempotencyKeys: 'idempotency keys',
  events: 'webhook events',
};

/**
 * The mock's own origin, for the hosted page URLs it hands out: the front door builds the request's URL on the
 * address the mock listens on, never on the Host header (a rebound DNS name would otherwise name the attacker's).
 */
function origin(req: MockRequest): string {
  return req.url.origin;
}
