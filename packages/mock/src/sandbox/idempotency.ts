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

interface Remembered {
  fingerprint: string;
  answer: MockAnswer;
  expiresAt: number;
}

/**
 * The first answer given for each idempotency key. The sandbox replays on every API, also where the vendor
 * promises nothing (`replays: false`): **inferred** as the kind choice for a sandbox, since a client's retry then
 * never creates a second session. A key reused with a different request gets the vendor's 409 where the operation
 * declares one; where it does not, the request is served as a new one (the first answer stays remembered).
 */
export class IdempotencyKeys {
  readonly #keys = new Map<string, Remembered>();

  /** The remembered entry for a key that has not expired at `now`. */
  recall(key: string, now: number): Remembered | undefined {
    const entry = this.#keys.get(key);
    if (entry && entry.expiresAt <= now) {
      this.#keys.delete(key);
      return undefined;
    }
    return entry;
  }

  remember(key: string, fingerprint: string, answer: MockAnswer, now: number): void {
    if (this.recall(key, now)) return;
    this.#keys.set(key, { fingerprint, answer: structuredClone(answer), expiresAt: now + KEY_LIFETIME_MS });
  }

  reset(): void {
    this.#keys.clear();
  }
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
  for (const { operationId, header, replays } of factsOf(document as Record<string, any>).idempotency) {
    if (operationId !== undefined) headers.set(operationId, { name: header.toLowerCase(), replays });
  }
  return headers;
}
