import { fail } from './errors.js';

/**
 * openapi-fetch `pathSerializer` that keeps every value inside its own path segment: the value is
 * percent-encoded (so `/`, `?`, `#` and `%` stay data), and the values URL parsers treat as dot segments
 * (`.`, `..`) are refused because no encoding stops a URL parser from resolving them. So are missing or empty
 * values, and strings with a lone surrogate (which cannot be encoded).
 */
export function serializePath(pathname: string, pathParams: Record<string, unknown>): string {
  return pathname.replace(/\{([^{}]+)\}/g, (_, name: string) => {
    const value = pathParams[name];
    const text = String(value);
    if ((typeof value === 'string' || Number.isFinite(value)) && text !== '' && text !== '.' && text !== '..') {
      try {
        return encodeURIComponent(text);
      } catch {}
    }
    return fail(`params.path.${name}`, "must be a non-empty string (well-formed Unicode) or a number, not '.' or '..'");
  });
}
