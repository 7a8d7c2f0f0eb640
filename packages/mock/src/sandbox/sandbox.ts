import type { IncomingMessage, ServerResponse } from 'node:http';
import { apis } from '@paykit/spec';
import type { EngineAnswer } from '../engine/answers.js';
import { AccountBook, type Owned } from './account-book.js';
import { type Account, accountId, type SessionScope } from './accounts.js';
import type { MockClock } from './clock.js';
import { handleReserved } from './control-api.js';
import { checkAgainstVendor, type Fixtures, readFixtures } from './fixtures.js';
import { forcedRoutes, forcedTarget, isForced, successBody } from './forced-identity.js';
import type { MatchedOperation, MockAnswer, MockPlugin, MockRequest } from './hook.js';
import { type BodySource, fingerprint, type IdempotencyHeader, idempotencyHeaders } from './idempotency.js';
import { redirectRefusal } from './redirect-fields.js';
import { type SessionStore, TransitionError } from './sessions.js';
import { checkSandboxOptions, type SandboxLimits } from './settings.js';
import { specExampleAnswer } from './spec-examples.js';
import { StateFile } from './state-file.js';
import { sandboxVendors } from './vendors/index.js';
import {
  OPEN_PHASES,
  type OperationBehaviour,
  type Phase,
  type Session,
  type SessionKind,
  type VendorSandbox,
} from './vendors/types.js';
import { EndpointStore } from './webhook-endpoints.js';
import type { LoggedEvent, WebhookSender, WebhookSettings } from './webhooks.js';
import { RequestLog } from '../request-log/request-log.js';
import type { RequestNote } from '../engine/hook.js';

export interface SandboxOptions {
  /** Webhook receivers and signing secret (default: none; events are still logged). */
  webhooks?: WebhookSettings;
  /** How often the expiry job flips sessions past their `expires_at`, in real ms (default 5000). */
  expiryIntervalMs?: number;
  /** Receives one line per webhook delivery outcome and per sweep that forgot state over a cap (never a secret). */
  log?: (line: string) => void;
  /** How many sessions, idempotency keys and webhook events each account keeps (see README, "Bounded state"). */
  limits?: SandboxLimits;
  /**
   * An http(s) origin, e.g. `http://127.0.0.1:3000`: the hosted pages send the browser there instead of to the
   * return URL's own origin (path and query kept, the vendor's parameters added). Default: the return URL as given.
   */
  redirectOrigin?: string;
  /**
   * Where the sandbox keeps its state across restarts: a path (read at start, written as it changes; see README,
   * "State on disk"), or a `StateFile` shared by several sandboxes (the CLI's one file for every API).
   */
  stateFile?: string | StateFile;
  /** Sessions a fresh sandbox starts with (and `reset` brings back): a fixtures file's path, or its parsed value. */
  fixtures?: string | Fixtures;
}

/** The stateful sandbox of one API: a mock engine plugin, plus the handles its control API and tests use. */
export interface Sandbox extends MockPlugin, SessionScope {
  readonly api: string;
  readonly vendor: VendorSandbox;
  /** The control account's clock (the account of requests without a key and of the control API's own sessions). */
  readonly clock: MockClock;
  /** The control account's sessions. */
  readonly sessions: SessionStore;
  /** The control account's webhook event log and sender. */
  readonly webhooks: WebhookSender | undefined;
  /** Every account (one per API key, the control account first), made on a key's first request. */
  readonly accounts: AccountBook;
  /** Where the hosted pages send the browser instead of the return URL's origin (undefined: the return URL's own). */
  readonly redirectOrigin: string | undefined;
  /**
   * Moves the clock of `account` (default: every account's, and the clock new accounts start from) ahead by
   * `seconds`: webhook retries now due are sent, and with `expire` (default) the expiry job runs at once. Returns the
   * sessions it flipped (at most 250 per account: the job flips any others moments later).
   */
  advance(seconds: number, options?: { expire?: boolean; account?: string }): Session[];
  /** The same, to an absolute time (epoch ms); a time before the clock's now throws a RangeError saying so. */
  advanceTo(ms: number, options?: { expire?: boolean; account?: string }): Session[];
  /** Puts the clock of `account` (default: every clock) back to real time. */
  resetClock(account?: string): void;
  /** Runs the expiry job and the caps' sweep now (the sandbox runs it every `expiryIntervalMs`). */
  sweep(): void;
  /**
   * Forgets every session, idempotency key, event and webhook endpoint of `account` (default: of every account,
   * every clock back to real time); the fixtures of what was forgotten come back.
   */
  reset(account?: string): void;
  /**
   * Stops the expiry job and any webhook retries, writes the state file if a change waits; returns how many
   * webhook deliveries were pending (dropped).
   */
  close(): number;
  /** Resolves once no webhook delivery of any account is under way (tests wait for deliveries with it). */
  settled(): Promise<void>;
  /** Seeds the fixtures (on a fresh sandbox); the mock calls it once it listens, with its own origin. */
  listening(origin: string): void;
  /** A session by hosted-page token or client secret, in whichever account holds it. */
  byPageToken(token: string): Owned | undefined;
  byClientSecret(secret: string): Owned | undefined;
  /** The vendor's webhook endpoints registered through its API (per account). */
  readonly endpoints: EndpointStore;
  /**
   * Sends the event `type` on demand, through the path of a real state change: moves the session (`sessionId`, or
   * a new one made from the vendor's example create in `account`, default the control account) to the phase the
   * event is about, or, when it is there already, sends that event again for it. Throws a `TriggerError` saying why
   * it cannot.
   */
  trigger(
    type: string,
    sessionId: string | undefined,
    origin: string,
    account?: string,
  ): { session: Session; event: LoggedEvent };
  /** A forced answer (`Prefer`) about a session the sandbox holds, with the session's identity kept. */
  reviseForced(request: MockRequest, answer: EngineAnswer): EngineAnswer;
  /**
   * The mock's request log (the dashboard and `GET /__paykit/requests` show it; `reset` empties it, or an account's
   * reset that account's entries).
   */
  readonly requests: RequestLog;
  /**
   * Calls `listener` after a change no request shows (a webhook attempt, the expiry job, a sweep, a state change,
   * a reset, the clock moved); returns the function that stops it. The dashboard's stream reads it.
   */
  onChange(listener: () => void): () => void;
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
export function createSandbox(
  api: string,
  options: SandboxOptions = {},
  requests: RequestLog = new RequestLog(),
): Sandbox | undefined {
  const vendor = sandboxVendors[api];
  return vendor ? new VendorSandboxPlugin(api, vendor, options, requests) : undefined;
}

/**
 * The most a single pass of the expiry job or a cap flips or forgets: a pass takes a few milliseconds, and what is
 * left is done by the next pass, queued at once (`setImmediate`), so requests get their turn in between.
 */
const PASS_LIMIT = 250;

class VendorSandboxPlugin implements Sandbox {
  readonly redirectOrigin: string | undefined;
  readonly endpoints = new EndpointStore();
  readonly accounts: AccountBook;
  #routes: ReturnType<typeof forcedRoutes> = [];
  #idempotency = new Map<string, IdempotencyHeader>();
  #document: Record<string, unknown> = {};
  readonly #expiryJob: NodeJS.Timeout;
  readonly #limits: Required<SandboxLimits>;
  readonly #log: (line: string) => void;
  readonly #state: StateFile | undefined;
  /** The fixtures, checked; seeded once the mock listens when the state file held nothing for this API. */
  readonly #fixtures: Fixtures[string];
  #origin: string | undefined;
  /** The state file held this API's state: the fixtures do not seed over it. */
  #restored = false;
  #nextPass: NodeJS.Immediate | undefined;
  /** What the sweep under way forgot over the caps, told once it ends. */
  #evicted = { sessions: 0, idempotencyKeys: 0, events: 0 };
  readonly #changeListeners = new Set<() => void>();

  constructor(
    readonly api: string,
    readonly vendor: VendorSandbox,
    options: SandboxOptions,
    readonly requests: RequestLog,
  ) {
    const { webhooks: settings, expiryIntervalMs: interval, redirectOrigin, limits } = checkSandboxOptions(options);
    this.redirectOrigin = redirectOrigin;
    this.#limits = limits;
    const told = options.log ?? (() => undefined);
    // Whatever the sandbox tells its log (a webhook attempt, a sweep) changed what the dashboard shows.
    this.#log = (line) => {
      told(line);
      this.#notify();
    };
    const given = options.fixtures;
    // A file may hold every API's fixtures (the CLI hands each sandbox the same one).
    const fixtures = typeof given === 'string' ? readFixtures(given, [...new Set([...apis, api])]) : given;
    this.#fixtures = fixtures?.[api] ?? [];
    checkAgainstVendor(api, vendor, this.#fixtures, typeof given === 'string' ? `fixtures file ${given}` : undefined);
    this.accounts = new AccountBook(
      {
        api,
        vendor,
        redirectOrigin: this.redirectOrigin,
        webhooks: settings,
        limits: this.#limits,
        log: this.#log,
        endpoints: (type, account) => this.endpoints.receivers(type, account),
      },
      this.endpoints,
    );
    this.#state = typeof options.stateFile === 'string' ? new StateFile(options.stateFile) : options.stateFile;
    const saved = this.#state?.saved(api);
    if (saved && this.#state) this.accounts.restore(saved, this.#state.path);
    // A state file that held this API wins: fixtures seed a fresh sandbox (and come back on reset).
    this.#restored = saved !== undefined;
    this.#state?.attach(api, () => this.accounts.snapshot(), this.#log);
    this.#expiryJob = setInterval(() => this.sweep(), interval);
    this.#expiryJob.unref();
  }

  get clock(): MockClock {
    return this.accounts.control.clock;
  }

  get sessions(): SessionStore {
    return this.accounts.control.sessions;
  }

  get webhooks(): WebhookSender | undefined {
    return this.accounts.control.webhooks;
  }

  byPageToken(token: string): Owned | undefined {
    return this.accounts.byPageToken(token);
  }

  byClientSecret(secret: string): Owned | undefined {
    return this.accounts.byClientSecret(secret);
  }

  async settled(): Promise<void> {
    await Promise.all(this.accounts.all().map((account) => account.webhooks?.settled()));
  }

  listening(origin: string): void {
    this.#origin = origin;
    if (!this.#restored) this.#seed();
  }

  /** Makes the fixtures' sessions (of one account, or all), quietly: no webhook is sent for them. */
  #seed(only?: string): void {
    if (this.#origin === undefined) return;
    for (const fixture of this.#fixtures) {
      if (only !== undefined && fixture.account !== only) continue;
      const account = this.accounts.open(fixture.account);
      const kindName = fixture.kind ?? Object.keys(this.vendor.kinds)[0]!;
      const request = structuredClone(fixture.request ?? this.vendor.kinds[kindName]!.onDemandRequest ?? {});
      account.quiet = true;
      try {
        const session = account.sessions.create(kindName, request, this.#origin, account.owner, fixture.id);
        if (fixture.state !== 'pending') account.sessions.move(session, fixture.state);
      } finally {
        account.quiet = false;
      }
    }
    if (this.#fixtures.length > 0) this.#changed();
  }

  onChange(listener: () => void): () => void {
    this.#changeListeners.add(listener);
    return () => this.#changeListeners.delete(listener);
  }

  /** Tells the dashboard's streams that what it shows changed. */
  #notify(): void {
    for (const listener of this.#changeListeners) listener();
  }

  /** Something a state file keeps changed: write it soon, and tell the dashboard. */
  #changed(): void {
    this.#state?.changed();
    this.#notify();
  }

  sweep(): void {
    if (this.#nextPass) return;
    this.#pass();
  }

  /** One bounded pass of the expiry job and the caps, per account; queues the next pass while work is left. */
  #pass(): void {
    this.#nextPass = undefined;
    let more = false;
    let changed = false;
    for (const account of this.accounts.all()) {
      const expiry = account.sessions.expireDue(PASS_LIMIT);
      const sessions = account.sessions.evict(PASS_LIMIT);
      const keys = account.keys.sweep(account.clock.now(), this.#limits.idempotencyKeys, PASS_LIMIT);
      const events = account.webhooks?.evict(PASS_LIMIT) ?? 0;
      this.#evicted.sessions += sessions;
      this.#evicted.idempotencyKeys += keys.evicted;
      this.#evicted.events += events;
      changed ||= expiry.expired.length > 0 || sessions > 0 || keys.forgotten > 0;
      more ||= expiry.more || account.sessions.overCap || keys.more || account.webhooks?.overCap === true;
    }
    if (changed) this.#changed();
    if (more) {
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
    const account = this.accounts.forKey(this.vendor.apiKey?.(request.headers));
    const session = target && account.sessions.get(target.id, target.behaviour.kind);
    const example = session && successBody(answer);
    const kind = session && this.vendor.kinds[session.kind];
    if (!session || !example || !kind?.forcedView) return answer;
    const shown = kind.forcedView(session, example, account.clock.now());
    return { ...answer, headers: { ...answer.headers }, body: JSON.stringify(shown) };
  }

  trigger(
    type: string,
    sessionId: string | undefined,
    origin: string,
    accountId?: string,
  ): { session: Session; event: LoggedEvent } {
    const found = triggerTarget(this.api, this.vendor, type, sessionId !== undefined);
    const owned = this.#triggerSession(found, sessionId, origin, accountId);
    const { account, session } = owned;
    const webhooks = account.webhooks!;
    account.lastEmitted = undefined;
    this.#changed();
    if (session.phase === found.phase) {
      const event = webhooks.emit(type, found.kind.render(session, 'read'), account.clock.now(), account.owner);
      return { session, event };
    }
    try {
      account.sessions.move(session, found.phase);
    } catch (error) {
      if (!(error instanceof TransitionError)) throw error;
      throw new TriggerError(409, 'State change refused', error.message);
    }
    return { session, event: account.lastEmitted! };
  }

  #triggerSession(found: TriggerTarget, sessionId: string | undefined, origin: string, accountId?: string): Owned {
    const named = accountId === undefined ? undefined : this.accounts.open(accountId);
    if (sessionId === undefined) {
      const account = named ?? this.accounts.control;
      const request = structuredClone(found.kind.onDemandRequest ?? {});
      return { account, session: account.sessions.create(found.name, request, origin, account.owner) };
    }
    const session = named?.sessions.get(sessionId, found.name);
    const owned = named ? session && { account: named, session } : this.accounts.find(sessionId, found.name);
    if (!owned) {
      const where = named ? `account ${named.id}` : 'this mock';
      throw new TriggerError(404, 'Unknown session', `No ${found.name} with this id in ${where} (was it reset?).`);
    }
    return owned;
  }

  handleReserved(req: IncomingMessage, res: ServerResponse, rawBody: Buffer): boolean {
    const handled = handleReserved(this, req, res, rawBody);
    // Pages, the Stripe.js stand-in and the control API change state on POST only.
    if (handled && req.method === 'POST') this.#changed();
    return handled;
  }

  accountOf(headers: MockRequest['headers']): string | undefined {
    const key = this.vendor.apiKey?.(headers);
    return key ? accountId(key) : undefined;
  }

  answersAll(operationId: string): boolean {
    return this.vendor.operations[operationId] !== undefined;
  }

  handleOperation(op: MatchedOperation, req: MockRequest): MockAnswer | undefined {
    // What only the sandbox knows about the request (a replay, the session), for the request log.
    const note = req.note ?? {};
    const behaviour = this.vendor.operations[op.operationId];
    if (!behaviour) return undefined;
    if (behaviour.action === 'create') {
      const refused = redirectRefusal(this.vendor.kinds[behaviour.kind], op, req, this.#document);
      if (refused) return refused;
    }
    // The front door has named the account already (`accountOf`): the key is not read again.
    const named = note.account;
    const account =
      named === undefined ? this.accounts.forKey(this.vendor.apiKey?.(req.headers)) : this.accounts.open(named);
    if (behaviour.action !== 'read') this.#changed();
    const header = this.#idempotency.get(op.operationId);
    const key = header ? req.headers[header.name] : undefined;
    if (typeof key !== 'string') return this.#perform(account, behaviour, op, req, note);
    note.idempotencyKey = key;

    const now = account.clock.now();
    const first = account.keys.recall(key, now);
    // A key's first use (nearly every request) needs no fingerprint: the record keeps the request's own values.
    if (first && first.fingerprint === fingerprint(op.operationId, op.pathParams, req.body)) {
      note.replay = true;
      if (first.session !== undefined) note.session = first.session;
      return first.answer;
    }
    if (first && op.operation.responses.some((response) => response.code === '409')) {
      return structuredClone(this.vendor.errors.idempotencyConflict);
    }
    const answer = this.#perform(account, behaviour, op, req, note);
    const request = { operationId: op.operationId, pathParams: op.pathParams, body: req.body };
    const made = behaviour.action === 'create' ? this.#createdBody(account, behaviour.kind, note.session) : undefined;
    account.keys.remember(key, request, answer, now, note.session, made);
    return answer;
  }

  /** A create's answer as its key's record keeps it: the session it made, not the text (~500 bytes fewer a key). */
  #createdBody(account: Account, kindName: string, id: string | undefined): BodySource | undefined {
    const session = id === undefined ? undefined : account.sessions.get(id, kindName);
    const kind = this.vendor.kinds[kindName];
    return session && kind ? new CreatedBody(kind, session) : undefined;
  }

  #perform(
    account: Account,
    behaviour: OperationBehaviour,
    op: MatchedOperation,
    req: MockRequest,
    note: RequestNote,
  ): MockAnswer {
    if (behaviour.action === 'createWebhookEndpoint') return this.#createEndpoint(account, behaviour, req);
    const kind = this.vendor.kinds[behaviour.kind];
    if (!kind) throw new Error(`${this.api}: operation ${op.operationId} names no known session kind`);
    if (behaviour.action === 'create') {
      const request = (req.body ?? {}) as Record<string, unknown>;
      const session = account.sessions.create(behaviour.kind, request, origin(req), account.owner);
      note.session = session.id;
      return { status: behaviour.status, body: kind.render(session, 'create') };
    }
    const id = behaviour.idParam ? op.pathParams[behaviour.idParam] : undefined;
    const session = id === undefined ? undefined : account.sessions.get(id, behaviour.kind);
    if (!session) {
      // Another account's session is unknown here, as at the vendor; the spec's own example ids answer as documented.
      const example = id === undefined ? undefined : specExampleAnswer(op, behaviour.idParam!, id);
      return example ?? this.vendor.errors.notFound(behaviour.kind);
    }
    note.session = session.id;
    if (behaviour.action === 'cancel') {
      if (this.vendor.errors.pastExpiry && account.sessions.pastExpiry(session))
        return this.vendor.errors.pastExpiry(session);
      if (!OPEN_PHASES.has(session.phase))
        return this.vendor.errors.notOpen(session, String(kind.status[session.phase]));
      account.sessions.move(session, 'cancelled');
    }
    return { status: behaviour.status, body: kind.render(session, 'read') };
  }

  /** Registers a webhook endpoint for the request's account; the answer carries its secret (shown only there). */
  #createEndpoint(account: Account, behaviour: OperationBehaviour, req: MockRequest): MockAnswer {
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
    const endpoint = {
      id: scheme.newId(),
      url,
      events,
      secret: scheme.newSecret(),
      createdAt: account.clock.now(),
      description: typeof body.description === 'string' ? body.description : null,
    };
    const refused = this.endpoints.add(account.id, endpoint);
    if (refused) return scheme.invalid(refused);
    return { status: behaviour.status, body: scheme.render(endpoint) };
  }

  /** The accounts a clock change is about: one, or every one (then the clock new accounts start from moves too). */
  #clocksOf(accountId: string | undefined): { accounts: Account[]; shared: boolean } {
    if (accountId === undefined) return { accounts: this.accounts.all(), shared: true };
    return { accounts: [this.accounts.open(accountId)], shared: false };
  }

  advance(seconds: number, { expire = true, account }: { expire?: boolean; account?: string } = {}): Session[] {
    const { accounts, shared } = this.#clocksOf(account);
    if (shared) this.accounts.shared.advance(seconds * 1000);
    for (const held of accounts) held.clock.advance(seconds * 1000);
    return this.#afterClockMove(accounts, expire);
  }

  advanceTo(ms: number, { expire = true, account }: { expire?: boolean; account?: string } = {}): Session[] {
    const { accounts, shared } = this.#clocksOf(account);
    const clocks = [...accounts.map((held) => held.clock), ...(shared ? [this.accounts.shared] : [])];
    // The clock furthest ahead moves first: a time before its now is refused (saying its now), and none moves.
    const latest = clocks.reduce((ahead, clock) => (clock.offsetMs > ahead.offsetMs ? clock : ahead));
    latest.advanceTo(ms);
    for (const clock of clocks) if (clock !== latest) clock.advance(Math.max(0, ms - clock.now()));
    return this.#afterClockMove(accounts, expire);
  }

  #afterClockMove(accounts: Account[], expire: boolean): Session[] {
    this.#changed();
    const expired: Session[] = [];
    for (const account of accounts) {
      account.webhooks?.poke();
      if (!expire) continue;
      const pass = account.sessions.expireDue(PASS_LIMIT);
      expired.push(...pass.expired);
      if (pass.more) this.#nextPass ??= setImmediate(() => this.#pass());
    }
    return expired;
  }

  resetClock(account?: string): void {
    const { accounts, shared } = this.#clocksOf(account);
    if (shared) this.accounts.shared.reset();
    for (const held of accounts) held.clock.reset();
    this.#changed();
  }

  reset(account?: string): void {
    if (account === undefined) this.accounts.reset();
    else this.accounts.forget(account);
    // An account's reset forgets its own requests only: the others' stay in the log.
    this.requests.clear(account === undefined ? undefined : (entry) => entry.account === account);
    this.#seed(account);
    this.#changed();
  }

  close(): number {
    clearInterval(this.#expiryJob);
    if (this.#nextPass) clearImmediate(this.#nextPass);
    this.#state?.flush();
    return this.accounts.all().reduce((pending, account) => pending + (account.webhooks?.close() ?? 0), 0);
  }
}

/**
 * The body a create answered, written again from its session: a session is made pending and never updated, and
 * only its phase and the times of its changes move later (the rest, its request and what was made for it, never
 * does), so rendering it as it was made gives the text that was sent.
 */
class CreatedBody implements BodySource {
  constructor(
    private readonly kind: SessionKind,
    private readonly session: Session,
  ) {}

  body(): unknown {
    const { session } = this;
    const asMade: Session = {
      ...session,
      phase: 'pending',
      updatedAt: session.createdAt,
      completedAt: undefined,
      cancelledAt: undefined,
    };
    return this.kind.render(asMade, 'create');
  }
}

type TriggerTarget = { name: string; kind: SessionKind; phase: Phase };

/** The session kind and phase an event type is about; throws a `TriggerError` when the vendor sends no such event. */
function triggerTarget(api: string, vendor: VendorSandbox, type: string, hasSession: boolean): TriggerTarget {
  if (!vendor.webhooks) {
    throw new TriggerError(404, 'No webhooks', `${api} documents no webhooks, so the sandbox sends no events`);
  }
  const found = Object.entries(vendor.kinds).flatMap(([name, kind]) =>
    Object.entries(kind.events ?? {})
      .filter(([, event]) => event === type)
      .map(([phase]) => ({ name, kind, phase: phase as Phase })),
  )[0];
  if (!found) {
    const known = Object.values(vendor.kinds).flatMap((kind) => Object.values(kind.events ?? {}));
    throw new TriggerError(400, 'Unknown event type', `type must be one of ${known.join(', ')}`);
  }
  if (!hasSession && !found.kind.onDemandRequest) {
    throw new TriggerError(400, 'Session required', `a ${type} event needs a session: send its id as session`);
  }
  return found;
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
