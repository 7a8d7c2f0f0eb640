import { PaykitValidationError } from './errors.js';

const PATH_TEMPLATE_PARAM = /\{([^{}]+)\}/g;

/**
 * openapi-fetch `pathSerializer` that keeps every value inside its own path segment: the value is
 * percent-encoded (so `/`, `?`, `#` and `%` stay data), and the values URL parsers treat as dot segments
 * (`.`, `..`) are refused because no encoding stops a URL parser from resolving them.
 */
export function serializePath(pathname: string, pathParams: Record<string, unknown>): string {
  return pathname.replace(PATH_TEMPLATE_PARAM, (_, name: string) => encodeSegment(name, pathParams[name]));
}

/** Throws when a path template has parameters but the call passed none (openapi-fetch would send `{name}`). */
export function checkPathParamsGiven(path: string, pathParams: unknown): void {
  if (pathParams !== undefined || !path.includes('{')) return;
  const name = /\{([^{}]+)\}/.exec(path)?.[1] ?? '';
  throw new PaykitValidationError(`params.path.${name}`, 'is required');
}

function encodeSegment(name: string, value: unknown): string {
  const field = `params.path.${name}`;
  if (value === undefined || value === null) throw new PaykitValidationError(field, 'is required');
  if (typeof value !== 'string' && !(typeof value === 'number' && Number.isFinite(value))) {
    throw new PaykitValidationError(field, 'must be a string or a finite number');
  }
  const text = String(value);
  if (text.length === 0) throw new PaykitValidationError(field, 'must not be empty');
  if (text === '.' || text === '..') throw new PaykitValidationError(field, "must not be '.' or '..'");
  try {
    return encodeURIComponent(text);
  } catch {
    throw new PaykitValidationError(field, 'must be well-formed Unicode (it has a lone surrogate)');
  }
}
