import type { MockClock } from './clock.js';
import { MinHeap } from './heap.js';
import { type Page, PagedList, type Slot } from './pages.js';
import type { WebhookScheme } from './vendors/types.js';

/** Where and how the sandbox delivers webhooks. */
export interface WebhookSettings {
  /** Receivers; every event goes to each of them. */
  urls: readonly string[];
  /** The signing secret (`whsec_…`); required when `urls` is not empty. Never logged. */
  secret?: string;
  /** Attempts per delivery, the first included (default 20). */
  attempts?: number;
  /** Wait before the first retry, doubled before each next one up to `maxBackoffMs` (default 1000 ms). */
  backoffMs?: number;
  /** The longest wait between two attempts (default 1800000 ms: 30 minutes). */
  maxBackoffMs?: number;
  /** How long one attempt may take before it counts as failed (default 5000 ms). */
  timeoutMs?: number;
}

/**
 * The default schedule: 20 attempts, the waits 1, 2, 4 … 1024 s, then 30 minutes each: a receiver is retried for
 * 4 h 34 min of mock time. Stripe, which 1099Policy's library copies, retries for up to 3 days with exponential
 * backoff; a developer's app that restarts, or is down for an hour, loses nothing.
 */
export const WEBHOOK_DEFAULTS = { attempts: 20, backoffMs: 1000, maxBackoffMs: 30 * 60 * 1000, timeoutMs: 5000 };

/** Deliveries to one receiver under way at once; the others wait for a turn. */
const PER_RECEIVER = 8;

export interface Attempt {
  attempt: number;
  /** Mock time the attempt was sent (the signature's `t` is real time: receivers compare it to their clock). */
  at: string;
  /** The receiver's HTTP status, when it answered. */
  status?: number;
  /** A redirect's target (origin and path): a 3xx is a failed attempt, never followed. */
  location?: string;
  /** Why the attempt failed without an answer (refused, timeout). */
  error?: string;
  /** How long the attempt took, in real ms (until the answer's excerpt was read, or the failure). */
  durationMs?: number;
  /**
   * The start of the receiver's answer (at most `EXCERPT_CHARS` characters, `…` when cut), with the signing secret
   * and the signature header's value blanked should the receiver echo them.
   */
  response?: string;
}

export interface Delivery {
  url: string;
  /** The webhook endpoint (`we_…`) the delivery goes to; absent for a receiver of the mock's settings. */
  endpoint?: string;
  state: 'delivering' | 'delivered' | 'failed';
  attempts: Attempt[];
  /** Mock time of the next attempt, while one is scheduled. */
  nextAttemptAt?: string;
}

export interface LoggedEvent {
  id: string;
  type: string;
  objectId: string;
  /** Mock time of the event. */
  created: string;
  body: Record<string, unknown>;
  deliveries: Delivery[];
}

/** A line for the developer's console (never the secret or a body). */
export type WebhookLog = (line: string) => void;

/** Where one delivery goes and the secret it is signed with (never shown: only in the pending delivery). */
export interface Receiver {
  url: string;
  secret: string;
  endpoint?: string;
}

/** Receivers beyond the mock's settings (the vendor's webhook endpoints), for an event of an account. */
export type MoreReceivers = (type: string, account: string | undefined) => Receiver[];

/** The most of a receiver's answer an attempt keeps: enough for an error message, never a whole page. */
export const EXCERPT_CHARS = 300;
const EXCERPT_BYTES = 4 * EXCERPT_CHARS;

/** A delivery that has not ended: waiting for its time, for a turn at its receiver, or being attempted. */
interface Pending {
  event: LoggedEvent;
  delivery: Delivery;
  secret: string;
  /** The number of the next attempt. */
  attempt: number;
  dueAt: number;
  /** Bumped on every reschedule: heap entries of an older one are stale. */
  version: number;
  dropped: boolean;
}

interface Due {
  pending: Pending;
  dueAt: number;
  version: number;
}

/** The wait before attempt `attempt` (2 or more): `backoffMs` doubled per retry, at most `maxBackoffMs`. */
export function backoffBefore(attempt: number, backoffMs: number, maxBackoffMs: number): number {
  return Math.min(backoffMs * 2 ** Math.min(attempt - 2, 40), maxBackoffMs);
}

/** How long a delivery is retried for: the sum of the waits between its attempts, in ms. */
export function retrySpanMs(settings: WebhookSettings): number {
  const attempts = settings.attempts ?? WEBHOOK_DEFAULTS.attempts;
  let span = 0;
  for (let attempt = 2; attempt <= attempts; attempt++) {
    span += backoffBefore(
      attempt,
      settings.backoffMs ?? WEBHOOK_DEFAULTS.backoffMs,
      settings.maxBackoffMs ?? WEBHOOK_DEFAULTS.maxBackoffMs,
    );
  }
  return span;
}

/**
 * Signs and posts webhook events, as the vendors do: a non-2xx answer (a redirect included: it is never followed),
 * a timeout or a refused connection is retried on an exponential schedule capped per wait, run by the sandbox's
 * clock (advancing it brings due retries forward). When a receiver takes a delivery, its other pending deliveries
 * are tried at once rather than waiting out their backoff. Every event and attempt is kept in the log, up to a cap
 * (the oldest finished events are forgotten first).
 */
export class WebhookSender {
  readonly #order = new PagedList<LoggedEvent>();
  readonly #events = new Map<string, Slot<LoggedEvent>>();
  /** The same events by type, by object and by both (`GET /__paykit/events?type=…&session=…` reads a page of one). */
  readonly #indexes = new Map<string, PagedList<LoggedEvent>>();
  readonly #indexSlots = new Map<LoggedEvent, Array<[string, Slot<LoggedEvent>]>>();
  /** The account (a hash of its API key) whose session an event is about, for its webhook endpoints. */
  readonly #accountOf = new WeakMap<LoggedEvent, string | undefined>();
  /** Events whose deliveries have all ended, in the order they ended; and those with deliveries pending. */
  readonly #finished = new Map<string, LoggedEvent>();
  readonly #unfinished = new Map<string, LoggedEvent>();
  readonly #pendingOf = new Map<LoggedEvent, Set<Pending>>();
  readonly #due = new MinHeap<Due>((a, b) => a.dueAt < b.dueAt);
  /** Per receiver: deliveries waiting for their time, due ones waiting for a turn, and attempts under way. */
  readonly #waiting = new Map<string, Set<Pending>>();
  readonly #ready = new Map<string, Pending[]>();
  readonly #running = new Map<string, number>();
  #pending = 0;
  #timer: NodeJS.Timeout | undefined;
  #idle: Array<() => void> = [];
  #stop = new AbortController();
  #closed = false;
  readonly attempts: number;
  readonly backoffMs: number;
  readonly maxBackoffMs: number;
  readonly timeoutMs: number;

  constructor(
    private readonly scheme: WebhookScheme,
    private readonly settings: WebhookSettings,
    private readonly clock: MockClock,
    private readonly log: WebhookLog = () => {},
    /** How many events `evict` keeps. */
    readonly cap: number = Number.POSITIVE_INFINITY,
    private readonly moreReceivers: MoreReceivers = () => [],
  ) {
    this.attempts = settings.attempts ?? WEBHOOK_DEFAULTS.attempts;
    this.backoffMs = settings.backoffMs ?? WEBHOOK_DEFAULTS.backoffMs;
    this.maxBackoffMs = settings.maxBackoffMs ?? WEBHOOK_DEFAULTS.maxBackoffMs;
    this.timeoutMs = settings.timeoutMs ?? WEBHOOK_DEFAULTS.timeoutMs;
  }

  /** Every logged event, oldest first: a copy, for tests (the control API reads pages). */
  get events(): readonly LoggedEvent[] {
    return [...this.#events.values()].map((slot) => slot.item);
  }

  get size(): number {
    return this.#events.size;
  }

  /** Deliveries that have not ended (scheduled, waiting for a turn, or under way). */
  get pending(): number {
    return this.#pending;
  }

  event(id: string): LoggedEvent | undefined {
    return this.#events.get(id)?.item;
  }

  /**
   * Up to `limit` events logged after the one numbered `after` (0: the first), oldest first; only those of a `type`
   * and/or about an object (`objectId`) when asked. Each filter reads its own index: no event is looked at twice.
   */
  page(after: number, limit: number, filter: { type?: string; objectId?: string } = {}): Page<LoggedEvent> {
    const key = indexKey(filter.type, filter.objectId);
    if (key === undefined) return this.#order.page(after, limit);
    return this.#indexes.get(key)?.page(after, limit) ?? { items: [], next: undefined, visited: 0 };
  }

  /** Records an event and starts delivering it to every receiver (those of `account`'s endpoints too). */
  emit(type: string, object: Record<string, unknown>, createdMs: number, account?: string): LoggedEvent {
    const { id, body } = this.scheme.event(type, object, createdMs);
    const logged: LoggedEvent = {
      id,
      type,
      objectId: String(object.id ?? ''),
      created: new Date(createdMs).toISOString(),
      body,
      deliveries: [],
    };
    this.#events.set(id, this.#order.add(logged));
    const slots: Array<[string, Slot<LoggedEvent>]> = [];
    for (const key of [
      indexKey(type, undefined),
      indexKey(undefined, logged.objectId),
      indexKey(type, logged.objectId),
    ]) {
      let list = this.#indexes.get(key!);
      if (!list) this.#indexes.set(key!, (list = new PagedList()));
      slots.push([key!, list.add(logged)]);
    }
    this.#indexSlots.set(logged, slots);
    this.#accountOf.set(logged, account);
    this.#finished.set(id, logged);
    this.send(logged);
    return logged;
  }

  /**
   * Delivers a logged event again to every receiver (same id and body, a fresh signature): the mock's settings'
   * and the webhook endpoints of the event's account that take its type now.
   */
  send(event: LoggedEvent): void {
    if (this.#closed) return;
    const receivers: Receiver[] = [
      ...this.settings.urls.map((url) => ({ url, secret: this.settings.secret ?? '' })),
      ...this.moreReceivers(event.type, this.#accountOf.get(event)),
    ];
    for (const { url, secret, endpoint } of receivers) {
      const delivery: Delivery = { url, ...(endpoint ? { endpoint } : {}), state: 'delivering', attempts: [] };
      event.deliveries.push(delivery);
      const pending: Pending = { event, delivery, secret, attempt: 1, dueAt: 0, version: 0, dropped: false };
      this.#finished.delete(event.id);
      this.#unfinished.set(event.id, event);
      let set = this.#pendingOf.get(event);
      if (!set) this.#pendingOf.set(event, (set = new Set()));
      set.add(pending);
      this.#pending++;
      this.#schedule(pending, this.clock.now());
    }
  }

  /** Runs what became due: the clock moved ahead (the sandbox calls this after `advance`). */
  poke(): void {
    this.#run();
  }

  /** Resolves once no delivery is pending (all delivered or failed, or the sender closed). */
  settled(): Promise<void> {
    return this.#pending === 0 ? Promise.resolve() : new Promise((resolve) => this.#idle.push(resolve));
  }

  /**
   * Forgets events beyond the cap, at most `limit`: the oldest finished first (in the order they finished), then
   * the oldest with deliveries pending (those deliveries are dropped). Returns how many it forgot.
   */
  evict(limit = Number.POSITIVE_INFINITY): number {
    let evicted = 0;
    for (const from of [this.#finished, this.#unfinished]) {
      for (const event of from.values()) {
        if (this.#events.size <= this.cap || evicted >= limit) return evicted;
        this.#forget(event);
        evicted++;
      }
    }
    return evicted;
  }

  get overCap(): boolean {
    return this.#events.size > this.cap;
  }

  /** Forgets every event and drops every pending delivery. */
  clear(): void {
    for (const event of [...this.#unfinished.values()]) this.#dropAll(event);
    this.#events.clear();
    this.#order.clear();
    this.#indexes.clear();
    this.#indexSlots.clear();
    this.#finished.clear();
    this.#unfinished.clear();
    this.#due.clear();
  }

  /** Stops: attempts under way are aborted, nothing more is sent. Returns how many deliveries were pending. */
  close(): number {
    const pending = this.#pending;
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#stop.abort();
    for (const event of [...this.#unfinished.values()]) this.#dropAll(event);
    this.#due.clear();
    return pending;
  }

  #forget(event: LoggedEvent): void {
    this.#dropAll(event);
    const slot = this.#events.get(event.id);
    if (slot) this.#order.remove(slot);
    for (const [key, indexed] of this.#indexSlots.get(event) ?? []) {
      const list = this.#indexes.get(key);
      list?.remove(indexed);
      if (list?.size === 0) this.#indexes.delete(key);
    }
    this.#indexSlots.delete(event);
    this.#events.delete(event.id);
    this.#finished.delete(event.id);
    this.#unfinished.delete(event.id);
  }

  /** Ends an event's pending deliveries without another attempt (reset, eviction, close). */
  #dropAll(event: LoggedEvent): void {
    for (const pending of this.#pendingOf.get(event) ?? []) {
      pending.dropped = true;
      pending.delivery.state = 'failed';
      delete pending.delivery.nextAttemptAt;
      this.#waiting.get(pending.delivery.url)?.delete(pending);
      this.#ended(pending);
    }
  }

  #schedule(pending: Pending, dueAt: number): void {
    pending.dueAt = dueAt;
    pending.version++;
    pending.delivery.nextAttemptAt = new Date(dueAt).toISOString();
    this.#due.push({ pending, dueAt, version: pending.version });
    let waiting = this.#waiting.get(pending.delivery.url);
    if (!waiting) this.#waiting.set(pending.delivery.url, (waiting = new Set()));
    waiting.add(pending);
    if (dueAt <= this.clock.now()) this.#run();
    else this.#arm();
  }

  /** Sets the one timer to the earliest scheduled attempt, in real ms from the mock clock's now. */
  #arm(): void {
    clearTimeout(this.#timer);
    let next = this.#due.peek();
    while (next && (next.version !== next.pending.version || next.pending.dropped)) {
      this.#due.pop();
      next = this.#due.peek();
    }
    if (!next || this.#closed) return;
    this.#timer = setTimeout(() => this.#run(), Math.max(0, next.dueAt - this.clock.now()));
    this.#timer.unref();
  }

  #run(): void {
    const now = this.clock.now();
    for (let next = this.#due.peek(); next && next.dueAt <= now; next = this.#due.peek()) {
      this.#due.pop();
      const { pending } = next;
      if (next.version !== pending.version || pending.dropped) continue;
      const url = pending.delivery.url;
      this.#waiting.get(url)?.delete(pending);
      let ready = this.#ready.get(url);
      if (!ready) this.#ready.set(url, (ready = []));
      ready.push(pending);
      this.#startTurns(url);
    }
    this.#arm();
  }

  #startTurns(url: string): void {
    const ready = this.#ready.get(url) ?? [];
    while (ready.length > 0 && (this.#running.get(url) ?? 0) < PER_RECEIVER && !this.#closed) {
      const pending = ready.shift() as Pending;
      if (pending.dropped) continue;
      this.#running.set(url, (this.#running.get(url) ?? 0) + 1);
      void this.#attempt(pending).finally(() => {
        this.#running.set(url, (this.#running.get(url) ?? 1) - 1);
        this.#startTurns(url);
      });
    }
  }

  async #attempt(pending: Pending): Promise<void> {
    const { event, delivery } = pending;
    const body = JSON.stringify(event.body);
    const record: Attempt = { attempt: pending.attempt, at: new Date(this.clock.now()).toISOString() };
    delivery.attempts.push(record);
    delete delivery.nextAttemptAt;
    const signature = this.scheme.sign(Math.floor(Date.now() / 1000), body, pending.secret);
    const started = performance.now();
    const signal = AbortSignal.any([this.#stop.signal, AbortSignal.timeout(this.timeoutMs)]);
    try {
      const response = await fetch(delivery.url, {
        method: 'POST',
        // A vendor never follows a redirect with a signed body: another host would get it.
        redirect: 'manual',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'paykit-mock-sandbox',
          [this.scheme.signatureHeader]: signature,
        },
        body,
        signal,
      });
      record.status = response.status;
      const location = response.headers.get('location');
      if (location !== null) record.location = redirectTarget(location, delivery.url);
      const excerpt = await readExcerpt(response, [pending.secret, signature]).catch(() => undefined);
      if (excerpt) record.response = excerpt;
    } catch (error) {
      record.error = describe(error, this.timeoutMs);
    }
    record.durationMs = Math.round(performance.now() - started);
    if (pending.dropped) return;
    const ok = record.status !== undefined && record.status >= 200 && record.status < 300;
    const to = `${printable(delivery.url)}${delivery.endpoint ? ` (${delivery.endpoint})` : ''}`;
    if (ok) {
      delivery.state = 'delivered';
      this.log(
        `${event.type} ${event.id} delivered to ${to} (${record.status}, attempt ${record.attempt}, ${record.durationMs} ms)`,
      );
      this.#ended(pending);
      this.#comeBack(delivery.url);
      return;
    }
    if (pending.attempt >= this.attempts || this.#closed) {
      delivery.state = 'failed';
      const why = record.location ? `${record.status} (redirect to ${record.location}, not followed)` : undefined;
      this.log(
        `${event.type} ${event.id} NOT delivered to ${to} after ${delivery.attempts.length} ` +
          `attempt(s): ${why ?? record.status ?? record.error}`,
      );
      this.#ended(pending);
      return;
    }
    pending.attempt++;
    const wait = backoffBefore(pending.attempt, this.backoffMs, this.maxBackoffMs);
    this.log(
      `${event.type} ${event.id} attempt ${record.attempt} to ${to} failed: ${record.status ?? record.error} ` +
        `(${record.durationMs} ms); next attempt in ${wait} ms of mock time`,
    );
    this.#schedule(pending, this.clock.now() + wait);
  }

  /** A receiver took a delivery: it is back, so what waits for it is due now. */
  #comeBack(url: string): void {
    const waiting = [...(this.#waiting.get(url) ?? [])];
    const now = this.clock.now();
    for (const pending of waiting) if (pending.dueAt > now) this.#schedule(pending, now);
  }

  #ended(pending: Pending): void {
    const set = this.#pendingOf.get(pending.event);
    if (!set?.delete(pending)) return;
    this.#pending--;
    if (set.size === 0) {
      this.#pendingOf.delete(pending.event);
      const id = pending.event.id;
      if (this.#unfinished.delete(id)) this.#finished.set(id, pending.event);
    }
    if (this.#pending === 0) for (const resolve of this.#idle.splice(0)) resolve();
  }
}

/** The key of an index of events (undefined: no filter, the whole log). */
function indexKey(type: string | undefined, objectId: string | undefined): string | undefined {
  if (type === undefined && objectId === undefined) return undefined;
  return `${type ?? ''}\u0000${objectId ?? ''}\u0000${type !== undefined ? 't' : ''}${objectId !== undefined ? 'o' : ''}`;
}

/**
 * The first `EXCERPT_CHARS` characters of an answer, reading at most a few KB of it (the rest is not fetched), the
 * secrets blanked before it is cut (so no part of one is left at the cut).
 */
async function readExcerpt(response: Response, secrets: readonly string[]): Promise<string | undefined> {
  if (!response.body) return undefined;
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  let more = true;
  while (bytes < EXCERPT_BYTES) {
    const { done, value } = await reader.read();
    if (done) {
      more = false;
      break;
    }
    chunks.push(value);
    bytes += value.byteLength;
  }
  if (more) await reader.cancel();
  const text = blank(new TextDecoder().decode(Buffer.concat(chunks).subarray(0, EXCERPT_BYTES)), secrets);
  if (text.length === 0) return undefined;
  const cut = more || text.length > EXCERPT_CHARS;
  return cut ? `${text.slice(0, EXCERPT_CHARS)}…` : text;
}

/** The text with each secret (and a signature's hex digest, alone) blanked: an echoing receiver shows none. */
function blank(text: string, secrets: readonly string[]): string {
  let shown = text;
  for (const secret of secrets) {
    if (secret.length === 0) continue;
    shown = shown.replaceAll(secret, '[redacted]');
    for (const digest of secret.match(/[0-9a-f]{64}/g) ?? []) shown = shown.replaceAll(digest, '[redacted]');
  }
  return shown;
}

/** A receiver URL without its query (it may carry a token), for logs and the control API. */
export function printable(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}

/** Where a redirect pointed, resolved against the receiver, without its query (it may carry a token). */
function redirectTarget(location: string, base: string): string {
  try {
    return printable(new URL(location, base).href);
  } catch {
    return '(not a URL)';
  }
}

/** Why an attempt got no answer, in words that never quote the URL (its query may carry a token). */
function describe(error: unknown, timeoutMs: number): string {
  const name = (error as Error)?.name;
  if (name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  if (name === 'AbortError') return 'stopped';
  const cause = (error as { cause?: { code?: string } })?.cause;
  return `connection failed (${cause?.code ?? name ?? 'unknown error'})`;
}
