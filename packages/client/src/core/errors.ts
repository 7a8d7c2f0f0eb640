import { redactShapes, type Redactor } from './redaction.js';

// Every message passes through a redactor before it reaches `Error`, and `toJSON` lists only safe fields, so no
// secret shows in `message`, `String(error)`, `error.stack` or `JSON.stringify(error)`.

/** Base class of every error paykit throws or returns. */
export class PaykitError extends Error {
  override name = 'PaykitError';

  constructor(message: string, options?: ErrorOptions) {
    super(redactShapes.text(message), options);
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message };
  }
}

/** Input the client refused before sending anything. `field` names the input, `rule` the rule it broke. */
export class PaykitValidationError extends PaykitError {
  override name = 'PaykitValidationError';
  readonly field: string;
  readonly rule: string;

  constructor(field: string, rule: string) {
    super(`Invalid ${field}: ${rule}`);
    this.field = field;
    this.rule = rule;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), field: this.field, rule: this.rule };
  }
}

/** Response headers that carry a request id, by vendor habit; the first one present wins. */
const REQUEST_ID_HEADERS = ['x-request-id', 'request-id', 'x-correlation-id'];

/** The request id a response carries, if any. */
export function readRequestId(headers: Headers): string | undefined {
  for (const name of REQUEST_ID_HEADERS) {
    const value = headers.get(name);
    if (value) return value;
  }
  return undefined;
}

export interface ApiErrorInit<Status extends number, Body> {
  vendor: string;
  status: Status;
  body: Body;
  /** The vendor's machine-readable error code, read from the body. */
  code: string | undefined;
  requestId: string | undefined;
  redactor: Redactor;
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
  readonly status: Status;
  readonly code: Code;
  readonly requestId: string | undefined;
  /** The parsed response body (JSON when it parses, else text), with secrets redacted. */
  readonly body: Body;

  constructor(init: ApiErrorInit<Status, Body>) {
    const detail = messageOf(init.body);
    super(
      init.redactor.text(
        `${init.vendor} API responded ${init.status}` +
          (init.code ? ` ${init.code}` : '') +
          (detail ? `: ${detail}` : '') +
          (init.requestId ? ` (request id ${init.requestId})` : ''),
      ),
    );
    this.status = init.status;
    this.code = init.code as Code;
    this.requestId = init.requestId;
    this.body = init.redactor.deep(init.body);
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), status: this.status, code: this.code, requestId: this.requestId, body: this.body };
  }
}

function messageOf(body: unknown): string | undefined {
  if (typeof body === 'string') return body.slice(0, 200) || undefined;
  if (body && typeof body === 'object' && 'message' in body && typeof body.message === 'string') return body.message;
  return undefined;
}

/** The request could not reach the vendor (DNS, connection, TLS, reset) on any attempt. */
export class PaykitConnectionError extends PaykitError {
  override name = 'PaykitConnectionError';
  readonly attempts: number;

  constructor(message: string, attempts: number, cause: unknown) {
    super(message, { cause });
    this.attempts = attempts;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), attempts: this.attempts };
  }
}

/** Every attempt ran out of its `timeoutMs`. A caller's own abort rejects with the signal's reason instead. */
export class PaykitTimeoutError extends PaykitError {
  override name = 'PaykitTimeoutError';
  readonly timeoutMs: number;
  readonly attempts: number;

  constructor(message: string, timeoutMs: number, attempts: number) {
    super(message);
    this.timeoutMs = timeoutMs;
    this.attempts = attempts;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), timeoutMs: this.timeoutMs, attempts: this.attempts };
  }
}

/**
 * A copy of an error chain safe to attach as `cause`: messages and stacks redacted, Node's `code`/`errno`/`syscall`
 * kept for diagnosis.
 */
export function sanitizeCause(error: unknown, redactor: Redactor, depth = 0): unknown {
  if (!(error instanceof Error)) return typeof error === 'string' ? redactor.text(error) : undefined;
  const copy =
    depth < 4 && error.cause !== undefined
      ? new Error(redactor.text(error.message), { cause: sanitizeCause(error.cause, redactor, depth + 1) })
      : new Error(redactor.text(error.message));
  copy.name = error.name;
  copy.stack = error.stack === undefined ? undefined : redactor.text(error.stack);
  for (const key of ['code', 'errno', 'syscall'] as const) {
    const value = (error as Error & Record<string, unknown>)[key];
    if (typeof value === 'string' || typeof value === 'number') Object.assign(copy, { [key]: value });
  }
  return copy;
}
