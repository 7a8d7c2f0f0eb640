import { PaykitValidationError } from './errors.js';

/** An operation's idempotency header, as generated from the spec. */
export interface IdempotencyRule {
  readonly name: string;
  readonly maxLength: number | null;
}

/** The longest key accepted when the spec sets no maxLength. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 256;

const VISIBLE_ASCII = /^[\x21-\x7e]+$/;

type HeaderRecord = Record<string, unknown>;

export interface InitWithHeaders {
  params?: { header?: HeaderRecord | undefined; [key: string]: unknown } | undefined;
  headers?: HeadersInit | HeaderRecord | undefined;
  [key: string]: unknown;
}

/**
 * Gives the call an idempotency key: the caller's (validated) when they passed one, through the typed
 * `params.header` or through `headers`, otherwise a fresh `newKey()`. Returns a new init; the caller's objects are
 * never modified, so reusing an init object for a second call gets a second key.
 */
export function withIdempotencyKey<Init extends InitWithHeaders>(
  init: Init | undefined,
  rule: IdempotencyRule,
  newKey: () => string,
): Init {
  const fromParams = init?.params?.header?.[rule.name];
  if (fromParams !== undefined) {
    if (fromParams !== null) checkKey(`params.header.${rule.name}`, fromParams, rule);
    return init as Init;
  }
  const fromHeaders = findHeader(init?.headers, rule.name);
  if (fromHeaders !== undefined) {
    if (fromHeaders !== null) checkKey(`headers.${rule.name}`, fromHeaders, rule);
    return init as Init;
  }
  const params = init?.params;
  return {
    ...init,
    params: { ...params, header: { ...params?.header, [rule.name]: newKey() } },
  } as Init;
}

function checkKey(field: string, value: unknown, rule: IdempotencyRule): void {
  const maxLength = rule.maxLength ?? MAX_IDEMPOTENCY_KEY_LENGTH;
  if (typeof value !== 'string' || value.length === 0) {
    throw new PaykitValidationError(field, 'must be a non-empty string');
  }
  if (value.length > maxLength) {
    throw new PaykitValidationError(field, `must be at most ${maxLength} characters (got ${value.length})`);
  }
  if (!VISIBLE_ASCII.test(value)) {
    throw new PaykitValidationError(field, 'must contain only visible ASCII characters');
  }
}

/** A header's value in any of the shapes `headers` accepts, by case-insensitive name; undefined when absent. */
function findHeader(headers: InitWithHeaders['headers'], name: string): unknown {
  if (!headers) return undefined;
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const wanted = name.toLowerCase();
  if (Array.isArray(headers)) {
    const entry = headers.find((pair) => String(pair[0]).toLowerCase() === wanted);
    return entry?.[1];
  }
  for (const key of Object.keys(headers)) {
    if (key.toLowerCase() === wanted) return (headers as HeaderRecord)[key];
  }
  return undefined;
}
