import { setTimeout as sleep } from 'node:timers/promises';
import type { WebhookScheme } from './vendors/types.js';

/** Where and how the sandbox delivers webhooks. */
export interface WebhookSettings {
  /** Receivers; every event goes to each of them. */
  urls: readonly string[];
  /** The signing secret (`whsec_…`); required when `urls` is not empty. Never logged. */
  secret?: string;
  /** Attempts per delivery, the first included (default 5). */
  attempts?: number;
  /** Wait before the first retry, doubled before each next one (default 1000 ms: 1, 2, 4, 8 s). */
  backoffMs?: number;
  /** How long one attempt may take before it counts as failed (default 5000 ms). */
  timeoutMs?: number;
}

export interface Attempt {
  attempt: number;
  /** Real time the attempt was sent. */
  at: string;
  /** The receiver's HTTP status, when it answered. */
  status?: number;
  /** Why the attempt failed without an answer (refused, timeout). */
  error?: string;
}

export interface Delivery {
  url: string;
  state: 'delivering' | 'delivered' | 'failed';
  attempts: Attempt[];
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

/**
 * Signs and posts webhook events, retrying a failed attempt (non-2xx, timeout, refused) with exponential backoff
 * up to a bound, and keeps every event with every attempt in its log.
 */
export class WebhookSender {
  readonly #events: LoggedEvent[] = [];
  readonly #stop = new AbortController();
  readonly #inFlight = new Set<Promise<void>>();
  readonly attempts: number;
  readonly backoffMs: number;
  readonly timeoutMs: number;

  constructor(
    private readonly scheme: WebhookScheme,
    private readonly settings: WebhookSettings,
    private readonly log: WebhookLog = () => {},
  ) {
    this.attempts = settings.attempts ?? 5;
    this.backoffMs = settings.backoffMs ?? 1000;
    this.timeoutMs = settings.timeoutMs ?? 5000;
  }

  get events(): readonly LoggedEvent[] {
    return this.#events;
  }

  event(id: string): LoggedEvent | undefined {
    return this.#events.find((event) => event.id === id);
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
    this.#events.push(logged);
    this.send(logged);
    return logged;
  }

  /** Delivers a logged event again to every receiver (same id and body, a fresh signature). */
  send(event: LoggedEvent): void {
    for (const url of this.settings.urls) {
      const delivery: Delivery = { url, state: 'delivering', attempts: [] };
      event.deliveries.push(delivery);
      const running = this.#deliver(event, delivery).finally(() => this.#inFlight.delete(running));
      this.#inFlight.add(running);
    }
  }

  /** Resolves once every delivery under way has ended (delivered, failed, or stopped). */
  async settled(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.all([...this.#inFlight]);
  }

  clear(): void {
    this.#events.length = 0;
  }

  /** Stops retries under way (their deliveries end `failed`). */
  close(): void {
    this.#stop.abort();
  }

  async #deliver(event: LoggedEvent, delivery: Delivery): Promise<void> {
    const body = JSON.stringify(event.body);
    for (let attempt = 1; attempt <= this.attempts; attempt++) {
      if (attempt > 1 && !(await this.#wait(this.backoffMs * 2 ** (attempt - 2)))) break;
      const record: Attempt = { attempt, at: new Date().toISOString() };
      delivery.attempts.push(record);
      try {
        const response = await fetch(delivery.url, {
          method: 'POST',
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
        await response.body?.cancel();
        if (response.ok) {
          delivery.state = 'delivered';
          this.log(`${event.type} ${event.id} delivered to ${printable(delivery.url)} (${response.status})`);
          return;
        }
      } catch (error) {
        record.error = describe(error, this.timeoutMs);
      }
      if (this.#stop.signal.aborted) break;
    }
    delivery.state = 'failed';
    const last = delivery.attempts.at(-1);
    this.log(
      `${event.type} ${event.id} NOT delivered to ${printable(delivery.url)} after ${delivery.attempts.length} ` +
        `attempt(s): ${last?.status ?? last?.error ?? 'stopped'}`,
    );
  }

  /** Waits, unless the sender is closed meanwhile; true when the wait ran out. */
  #wait(ms: number): Promise<boolean> {
    return sleep(ms, true, { signal: this.#stop.signal }).catch(() => false);
  }
}

/** A receiver URL without its query (it may carry a token), for logs and the control API. */
export function printable(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}

/** Why an attempt got no answer, in words that never quote the URL (its query may carry a token). */
function describe(error: unknown, timeoutMs: number): string {
  const name = (error as Error)?.name;
  if (name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  if (name === 'AbortError') return 'stopped';
  const cause = (error as { cause?: { code?: string } })?.cause;
  return `connection failed (${cause?.code ?? name ?? 'unknown error'})`;
}
