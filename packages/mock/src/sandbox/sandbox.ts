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
import { OPEN_PHASES, type OperationBehaviour, type Session, type VendorSandbox } from './vendors/types.js';
import { WebhookSender, type WebhookSettings } from './webhooks.js';

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
      ? new WebhookSender(vendor.webhooks, settings, this.clock, (line) => log(`webhook ${line}`), this.#limits.events)
      : undefined;
    this.sessions = new SessionStore(
      vendor,
      this.clock,
      (session, kind) => {
        const type = kind.events?.[session.phase];
        if (type && this.webhooks) this.webhooks.emit(type, kind.render(session, 'read'), this.clock.now());
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
  }

  handleReserved(req: IncomingMessage, res: ServerResponse, rawBody: Buffer): boolean {
    return handleReserved(this, req, res, rawBody);
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
    const kind = this.vendor.kinds[behaviour.kind];
    if (!kind) throw new Error(`${this.api}: operation ${op.operationId} names no known session kind`);
    if (behaviour.action === 'create') {
      const request = (req.body ?? {}) as Record<string, unknown>;
      const session = this.sessions.create(behaviour.kind, request, origin(req));
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
