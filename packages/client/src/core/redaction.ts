/** What a redacted secret is replaced with. */
export const REDACTED = '[redacted]';

// Shapes of secrets that are recognisable without knowing them: credentials after an auth scheme, the token of a
// 1099Policy hosted-page URL, and the vendors' key and webhook-secret prefixes.
const SECRET_SHAPES: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b(Basic|Bearer)(\s+)[^\s,;"'}\]]+/gi, `$1$2${REDACTED}`],
  [/\b(authorization["']?\s*[:=]\s*["']?)(?!(?:Basic|Bearer)\s)[^\s,;"'}\]]+/gi, `$1${REDACTED}`],
  [/(\/payment\/setup\/)[^\s"'<>?#/\\]+/g, `$1${REDACTED}`],
  [/\b(t9k_(?:test|live)_|whsec_)[A-Za-z0-9_-]+/g, `$1${REDACTED}`],
];

const MAX_DEPTH = 8;

export interface Redactor {
  /** The text with every known secret, and everything shaped like a secret, replaced by `[redacted]`. */
  text(value: string): string;
  /** A copy of a JSON-like value whose strings (keys and values) are redacted. */
  deep<T>(value: T): T;
}

/** Builds a redactor for the given secrets (empty strings are ignored) plus the secret shapes above. */
export function createRedactor(secrets: ReadonlyArray<string | undefined>): Redactor {
  // Longest first, so that a secret containing another is replaced whole.
  const known = [...new Set(secrets.filter((s): s is string => typeof s === 'string' && s.length > 0))].sort(
    (a, b) => b.length - a.length,
  );

  function text(value: string): string {
    let result = value;
    for (const secret of known) {
      if (result.includes(secret)) result = result.split(secret).join(REDACTED);
    }
    for (const [shape, replacement] of SECRET_SHAPES) result = result.replace(shape, replacement);
    return result;
  }

  function deep(value: unknown, depth: number): unknown {
    if (typeof value === 'string') return text(value);
    if (value === null || typeof value !== 'object') return value;
    if (depth >= MAX_DEPTH) return REDACTED;
    if (Array.isArray(value)) return value.map((item) => deep(item, depth + 1));
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[text(key)] = deep(item, depth + 1);
    return copy;
  }

  return { text, deep: <T>(value: T) => deep(value, 0) as T };
}

/** Redacts only the recognisable secret shapes; for places that know no specific secret. */
export const redactShapes: Redactor = createRedactor([]);
