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
}

export interface Delivery {
  url: string;
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

/** A delivery that has not ended: waiting for its time, for a turn at its receiver, or being attempted. */
interface Pending {
  event: LoggedEvent;
  delivery: Delivery;
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

  /** Up to `limit` events logged after the one numbered `after` (0: the first), oldest first. */
  page(after: number, limit: number): Page<LoggedEvent> {
    return this.#order.page(after, limit);
  }

  /** Records an event and starts delivering it to every receiver. */
  emit(type: string, object: Record<string, unknown>, createdMs: number): LoggedEvent {
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
    this.#finished.set(id, logged);
    this.send(logged);
    return logged;
  }

  /** Delivers a logged event again to every receiver (same id and body, a fresh signature). */
  send(event: LoggedEvent): void {
    if (this.#closed) return;
    for (const url of this.settings.urls) {
      const delivery: Delivery = { url, state: 'delivering', attempts: [] };
      event.deliveries.push(delivery);
      const pending: Pending = { event, delivery, attempt: 1, dueAt: 0, version: 0, dropped: false };
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
    try {
      const response = await fetch(delivery.url, {
        method: 'POST',
        // A vendor never follows a redirect with a signed body: another host would get it.
        redirect: 'manual',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'paykit-mock-sandbox',
          [this.scheme.signatureHeader]: this.scheme.sign(
            Math.floor(Date.now() / 1000),
            body,
            this.settings.secret ?? '',
          ),
        },
        body,
        signal: AbortSignal.any([this.#stop.signal, AbortSignal.timeout(this.timeoutMs)]),
      });
      record.status = response.status;
      const location = response.headers.get('location');
      if (location !== null) record.location = redirectTarget(location, delivery.url);
      await response.body?.cancel();
    } catch (error) {
      record.error = describe(error, this.timeoutMs);
    }
    if (pending.dropped) return;
    const ok = record.status !== undefined && record.status >= 200 && record.status < 300;
    if (ok) {
      delivery.state = 'delivered';
      this.log(`${event.type} ${event.id} delivered to ${printable(delivery.url)} (${record.status})`);
      this.#ended(pending);
      this.#comeBack(delivery.url);
      return;
    }
    if (pending.attempt >= this.attempts || this.#closed) {
      delivery.state = 'failed';
      const why = record.location ? `${record.status} (redirect to ${record.location}, not followed)` : undefined;
      this.log(
        `${event.type} ${event.id} NOT delivered to ${printable(delivery.url)} after ${delivery.attempts.length} ` +
          `attempt(s): ${why ?? record.status ?? record.error}`,
      );
      this.#ended(pending);
      return;
    }
    pending.attempt++;
    this.#schedule(pending, this.clock.now() + backoffBefore(pending.attempt, this.backoffMs, this.maxBackoffMs));
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
