import { randomUUID } from 'node:crypto';

/**
 * Which Connect session a hosted checkout's return belongs to. Connect sends the browser back to `returnUrl` as
 * given, and the session's id exists only once the create has answered, so the return URL carries a reference of
 * this server's own (`ref`), which this store maps to the session id. In memory and bounded: the oldest are
 * forgotten beyond `capacity`, and each after `lifetimeMs` (a hosted checkout page works for 30 minutes).
 */
export class CheckoutReturns {
  readonly #ids = new Map<string, { sessionId: string; until: number }>();

  constructor(
    readonly capacity = 1000,
    readonly lifetimeMs = 24 * 60 * 60 * 1000,
    private readonly now: () => number = Date.now,
  ) {}

  /** A fresh reference for a return URL. */
  newRef(): string {
    return randomUUID();
  }

  remember(ref: string, sessionId: string): void {
    this.#ids.delete(ref);
    this.#ids.set(ref, { sessionId, until: this.now() + this.lifetimeMs });
    for (const oldest of this.#ids.keys()) {
      if (this.#ids.size <= this.capacity) break;
      this.#ids.delete(oldest);
    }
  }

  /** The session id a return's reference stands for, or undefined (unknown, forgotten, or past its lifetime). */
  sessionId(ref: string): string | undefined {
    const entry = this.#ids.get(ref);
    if (!entry) return undefined;
    if (entry.until <= this.now()) {
      this.#ids.delete(ref);
      return undefined;
    }
    return entry.sessionId;
  }
}
