import { createHash } from 'node:crypto';

// Session URLs carry a one-time token (1099Policy) and Stripe client secrets are secrets too: a failing comparison
// must not print them. Replacing them by a digest keeps comparisons exact while keeping the values out of the output.
const SECRET_KEYS = new Set(['url', 'clientSecret']);

const digest = (value: string) => `<secret sha256:${createHash('sha256').update(value).digest('hex').slice(0, 16)}>`;

/** A copy of a JSON value with the values of secret fields replaced by their digest. */
export function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      SECRET_KEYS.has(key) && typeof item === 'string' ? digest(item) : withoutSecrets(item),
    ]),
  );
}
