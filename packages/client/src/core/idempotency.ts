import { fail } from './errors.js';
import { VISIBLE_ASCII } from './options.js';

/**
 * An operation's idempotency header as generated from the spec: its name, the longest key it accepts, and whether
 * the vendor promises that a repeated key returns the first answer (`x-paykit-idempotency-key: { replays }`).
 */
export interface IdempotencyRule {
  readonly header: string;
  readonly maxLength: number;
  readonly replays: boolean;
}

type HeaderRecord = Record<string, unknown>;

export interface InitWithHeaders {
  params?: { header?: HeaderRecord | undefined; [key: string]: unknown } | undefined;
  headers?: HeadersInit | HeaderRecord | undefined;
}

/**
 * The idempotency key the caller passed, through the typed `params.header` or through `headers` (any shape, any
 * case): `undefined` when they passed none, `null` when they removed the header on purpose. Throws a
 * PaykitValidationError naming where the key came from when it is not 1 to `maxLength` visible ASCII characters.
 */
export function callerIdempotencyKey(
  init: InitWithHeaders | undefined,
  { header: name, maxLength }: IdempotencyRule,
): unknown {
  let key = init?.params?.header?.[name];
  const headers = init?.headers;
  const fromHeaders = key === undefined && headers;
  if (fromHeaders) {
    key =
      headers instanceof Headers
        ? headers.get(name)
        : (Array.isArray(headers) ? headers : Object.entries(headers)).find(
            ([header]) => header.toLowerCase() === name.toLowerCase(),
          )?.[1];
  }
  if (key != null && !(typeof key === 'string' && key.length <= maxLength && VISIBLE_ASCII.test(key))) {
    fail(`${fromHeaders ? 'headers' : 'params.header'}.${name}`, `must be 1 to ${maxLength} visible ASCII characters`);
  }
  return key;
}
