import { factsOf } from '../engine/vendor-facts.js';
import type { MockAnswer } from './hook.js';

/** How long a key is remembered, in mock time (Connect documents 24 hours; the same is assumed elsewhere). */
export const KEY_LIFETIME_MS = 24 * 60 * 60 * 1000;

/** What the spec says about an operation's idempotency header (`x-paykit-idempotency-key`, else recognised by name). */
export interface IdempotencyHeader {
  /** Lower-case header name. */
  name: string;
  /** The vendor documents replays (`true`) or promises nothing (`false`). */
  replays: boolean;
}

export interface Remembered {
  fingerprint: string;
  answer: MockAnswer;
  expiresAt: number;
  /** The session the first answer was about, for a replay's request log entry. */
  session?: string;
}

/** What a fingerprint is made of: the operation, its path parameters and the request's parsed body. */
export interface RequestIdentity {
  operationId: string;
  pathParams: Record<string, string>;
  body: unknown;
}

/**
 * A first answer's body that a record writes again when asked (a replay, a save) instead of keeping its text: a
 * create's, from the session it made. Must give the body that was sent, whatever happened since.
 */
export interface BodySource {
  body(): unknown;
}

/**
 * The first answer given for each idempotency key. The sandbox replays on every API, also where the vendor
 * promises nothing (`replays: false`): **inferred** as the kind choice for a sandbox, since a client's retry then
 * never creates a second session. A key reused with a different request gets the vendor's 409 where the operation
 * declares one; where it does not, the request is served as a new one (the first answer stays remembered).
 */
export class IdempotencyKeys {
  /**
   * Each key's record is small, as a busy sandbox holds 100,000 of them and the garbage collector copies every new
   * one: the answer's body as the session it was made from (a create's) or as its JSON text (the text it was sent
   * as), not a copy of every object in it; the request as its own parsed values (the body its session keeps too),
   * its fingerprint written only when the key is reused or saved. The wire and the state file see the same JSON.
   */
  readonly #keys = new Map<string, Held>();

  /** The remembered entry (its answer a fresh copy) for a key that has not expired at `now`. */
  recall(key: string, now: number): Remembered | undefined {
    const held = this.#live(key, now);
    return held && remembered(held);
  }

  /**
   * Remembers the first answer for `key`. `request` is kept as it is, not copied: its values must not change later.
   * The body is kept as `source` when given, else as its JSON text.
   */
  remember(
    key: string,
    request: string | RequestIdentity,
    answer: MockAnswer,
    now: number,
    session?: string,
    source?: BodySource,
  ): void {
    if (this.#live(key, now)) return;
    this.#keys.set(key, held(request, answer, now + KEY_LIFETIME_MS, session, source));
  }

  #live(key: string, now: number): Held | undefined {
    const held = this.#keys.get(key);
    if (held && held.expiresAt <= now) {
      this.#keys.delete(key);
      return undefined;
    }
    return held;
  }

  get size(): number {
    return this.#keys.size;
  }

  /**
   * Forgets expired keys, then the oldest beyond `cap`, at most `limit` in all. Keys are kept in the order they
   * were remembered, which is the order they expire in (one lifetime, a clock that only moves forward), so only
   * the keys it forgets are looked at. `evicted` counts the keys forgotten for the cap alone.
   */
  sweep(now: number, cap: number, limit: number): { forgotten: number; evicted: number; more: boolean } {
    let forgotten = 0;
    let evicted = 0;
    for (const [key, entry] of this.#keys) {
      const expired = entry.expiresAt <= now;
      if (!expired && this.#keys.size <= cap) break;
      if (forgotten >= limit) return { forgotten, evicted, more: true };
      this.#keys.delete(key);
      forgotten++;
      if (!expired) evicted++;
    }
    return { forgotten, evicted, more: false };
  }

  reset(): void {
    this.#keys.clear();
  }

  /** Every key with its entry, oldest first (the state file saves them). */
  entries(): Array<[string, Remembered]> {
    return [...this.#keys.entries()].map(([key, held]) => [key, remembered(held)]);
  }

  /** Puts back a key a saved state had (in the order they were saved: oldest first). */
  restore(key: string, entry: Remembered): void {
    this.#keys.set(key, held(entry.fingerprint, entry.answer, entry.expiresAt, entry.session));
  }
}

/**
 * An entry as the keys hold it: the answer's parts, its body as JSON text or its source; the request until asked.
 * Every field is always set (one object shape, its fields inside the object).
 */
interface Held {
  request: string | RequestIdentity;
  status: number;
  headers: Record<string, string> | undefined;
  body: string | BodySource | undefined;
  reason: string | undefined;
  expiresAt: number;
  session: string | undefined;
}

function held(
  request: Held['request'],
  answer: MockAnswer,
  expiresAt: number,
  session?: string,
  source?: BodySource,
): Held {
  const { status, headers, body, reason } = answer;
  return {
    request,
    status,
    headers: headers && { ...headers },
    body: source ?? (body === undefined ? undefined : JSON.stringify(body)),
    reason,
    expiresAt,
    session: session || undefined,
  };
}

function remembered(held: Held): Remembered {
  // Written out once: a key reused again, or saved again, compares the same text.
  if (typeof held.request !== 'string') {
    const { operationId, pathParams, body } = held.request;
    held.request = fingerprint(operationId, pathParams, body);
  }
  const answer: MockAnswer = { status: held.status };
  if (held.headers) answer.headers = { ...held.headers };
  // A fresh copy either way (a source's body may share objects with its session).
  if (held.body !== undefined) {
    answer.body = JSON.parse(typeof held.body === 'string' ? held.body : JSON.stringify(held.body.body()));
  }
  if (held.reason !== undefined) answer.reason = held.reason;
  const entry: Remembered = { fingerprint: held.request, answer, expiresAt: held.expiresAt };
  if (held.session !== undefined) entry.session = held.session;
  return entry;
}

/** Identifies "the same request": operation, path parameters and body, independent of key order and whitespace. */
export function fingerprint(operationId: string, pathParams: Record<string, string>, body: unknown): string {
  return JSON.stringify(canonical({ operationId, pathParams, body: body ?? null }));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/** The idempotency header of every operation of a bundled document, by operationId (@paykit/spec/vendor). */
export function idempotencyHeaders(document: unknown): Map<string, IdempotencyHeader> {
  const headers = new Map<string, IdempotencyHeader>();
  for (const { operationId, header, replays } of factsOf(document as object).idempotency) {
    if (operationId !== undefined) headers.set(operationId, { name: header.toLowerCase(), replays });
  }
  return headers;
}
