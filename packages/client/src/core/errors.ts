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
}

/** The request could not reach the vendor (DNS, connection, TLS, reset) on any attempt. `cause` is redacted. */
export class PaykitConnectionError extends PaykitError {
  override name = 'PaykitConnectionError';
  declare readonly attempts: number;
}

/** Every attempt ran out of its `timeoutMs`. A caller's own abort rejects with the signal's reason instead. */
export class PaykitTimeoutError extends PaykitError {
  override name = 'PaykitTimeoutError';
  declare readonly timeoutMs: number;
  declare readonly attempts: number;
}
