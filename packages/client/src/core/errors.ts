import { redactShapes } from './redaction.js';

// One base class does the work: it redacts the message and serialises every field set through `fields`, so no
// secret shows in `message`, `String(error)`, `error.stack` or `JSON.stringify(error)`. The subclasses only name
// themselves and declare their fields, which keeps each of them a few bytes in a browser bundle.

/** Base class of every error paykit throws or returns. */
export class PaykitError extends Error {
  override name = 'PaykitError';

  constructor(message: string, fields?: object, cause?: unknown) {
    super(redactShapes(message), cause === undefined ? undefined : { cause });
    Object.assign(this, fields);
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, ...(this as object) };
  }
}

/** Input the client refused before sending anything. `field` names the input, `rule` the rule it broke. */
export class PaykitValidationError extends PaykitError {
  override name = 'PaykitValidationError';
  declare readonly field: string;
  declare readonly rule: string;

  constructor(field: string, rule: string) {
    super(`Invalid ${field}: ${rule}`, { field, rule });
  }
}

/** Throws the PaykitValidationError for `field` breaking `rule`. */
export function fail(field: string, rule: string): never {
  throw new PaykitValidationError(field, rule);
}

/**
 * A non-2xx response, returned as `error` by every client call. Narrow it by `status` (the statuses the spec
 * documents for the operation) and by `code` (the vendor's error code).
 */
export class PaykitApiError<
  Status extends number = number,
  Body = unknown,
  Code extends string | undefined = string | undefined,
> extends PaykitError {
  override name = 'PaykitApiError';
  declare readonly status: Status;
  declare readonly code: Code;
  /** From `x-request-id`, `request-id` or `x-correlation-id`, when the vendor sends one. */
  declare readonly requestId: string | undefined;
  /** The parsed response body (JSON when it parses, else text), with secrets redacted. */
  declare readonly body: Body;
  /** The idempotency key the call carried, if any: repeat the same logical call with it. */
  declare readonly idempotencyKey: string | undefined;
  /** How many attempts the call made: more than 1 when this answer came after retries. */
  declare readonly attempts: number;
  /** What each attempt came to, e.g. `['503', '503']`: the last one is this answer. */
  declare readonly outcomes: readonly string[];
}

/** Fields every failure of a call carries. */
interface CallFailure {
  /** The idempotency key the call carried (yours, or the one paykit made): repeat the same logical call with it. */
  readonly idempotencyKey: string | undefined;
}

/**
 * No whole answer came back on the last attempt: the connection failed (DNS, refused, reset, TLS) or was lost
 * before the whole body was read. `mayHaveActed` says whether the vendor may have carried the request out (false
 * only when no attempt ever left, or the vendor said it took none). `cause` is redacted.
 */
export class PaykitConnectionError extends PaykitError implements CallFailure {
  override name = 'PaykitConnectionError';
  declare readonly attempts: number;
  /** What each attempt came to, e.g. `['503', 'connection lost']`. */
  declare readonly outcomes: readonly string[];
  declare readonly mayHaveActed: boolean;
  declare readonly idempotencyKey: string | undefined;
}

/** The last attempt ran out of its `timeoutMs`. A caller's own abort rejects with the signal's reason instead. */
export class PaykitTimeoutError extends PaykitError implements CallFailure {
  override name = 'PaykitTimeoutError';
  declare readonly timeoutMs: number;
  declare readonly attempts: number;
  /** How many of the attempts timed out (the others are in `outcomes`). */
  declare readonly timedOut: number;
  declare readonly outcomes: readonly string[];
  /** A timed-out request may have reached the vendor and acted. */
  declare readonly mayHaveActed: true;
  declare readonly idempotencyKey: string | undefined;
}

/** A 2xx response whose body paykit could not parse; the request may have acted. Never quotes the body. */
export class PaykitResponseError extends PaykitError implements CallFailure {
  override name = 'PaykitResponseError';
  declare readonly status: number;
  declare readonly requestId: string | undefined;
  declare readonly idempotencyKey: string | undefined;
}
