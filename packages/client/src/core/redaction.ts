/** What a redacted secret is replaced with. */
export const REDACTED = '[redacted]';

// Shapes of secrets recognisable without knowing them, whatever the vendor: credentials after an auth scheme or an
// `authorization` key (unless a scheme follows, which the first branch then handles), and OAuth2 token fields.
// Each keeps its prefix (group 1). Vendor secrets are known by value (the key) or by field (the spec's
// `x-paykit-secret` properties, in the generated metadata).
const SECRET_SHAPES = [
  /\b((?:basic|bearer)\s+|(?:authorization|access_token|client_secret)["']?\s*[:=]\s*["']?(?!(?:basic|bearer)\s))[^\s,;"'}\]&]+/gi,
];

/**
 * The string values under any of `fields` in a JSON-like value (8 levels deep), longest first: the secrets a
 * response carries by the spec's `x-paykit-secret`.
 */
export function secretValues(value: unknown, fields: readonly string[], found: string[] = [], depth = 0): string[] {
  if (value !== null && typeof value === 'object' && depth < 8) {
    for (const [key, item] of Object.entries(value)) {
      if (typeof item === 'string' && item && fields.includes(key)) found.push(item);
      else secretValues(item, fields, found, depth + 1);
    }
  }
  return found;
}

/** Replaces every known secret, and everything shaped like a secret, with `[redacted]`. */
export type Redact = (text: string) => string;

/** A redactor for `secrets` (non-empty; a secret containing another must come first) plus the secret shapes. */
export function redactor(secrets: readonly string[]): Redact {
  return (text) => {
    for (const secret of secrets) text = text.split(secret).join(REDACTED);
    for (const shape of SECRET_SHAPES) text = text.replace(shape, `$1${REDACTED}`);
    return text;
  };
}

/** Redacts only the recognisable secret shapes; for places that know no specific secret. */
export const redactShapes: Redact = /* @__PURE__ */ redactor([]);

/** A copy of a JSON-like value whose strings (keys and values) are redacted; nesting beyond 8 levels is dropped. */
export function redactDeep<T>(value: T, redact: Redact, depth = 0): T {
  return (
    typeof value === 'string'
      ? redact(value)
      : value === null || typeof value !== 'object'
        ? value
        : depth > 7
          ? REDACTED
          : Array.isArray(value)
            ? value.map((item) => redactDeep(item, redact, depth + 1))
            : Object.fromEntries(Object.entries(value).map(([k, v]) => [redact(k), redactDeep(v, redact, depth + 1)]))
  ) as T;
}
