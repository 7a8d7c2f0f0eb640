/**
 * The subset of JSON Schema that generated metadata carries (scripts/generate.js keeps only these keywords, with
 * every $ref resolved): enough to check that a payload has the shape the spec promises before code trusts it,
 * without a schema compiler (Ajv is ~35 kB gzip and compiles with `new Function`, which a strict CSP refuses).
 */
export type CheckedSchema =
  | boolean
  | {
      type?: string | string[];
      required?: string[];
      properties?: Record<string, CheckedSchema>;
      items?: CheckedSchema;
      enum?: unknown[];
      const?: unknown;
      allOf?: CheckedSchema[];
      anyOf?: CheckedSchema[];
      oneOf?: CheckedSchema[];
      not?: CheckedSchema;
      /** Every property name of an object must match it; a name that does not is reported as a field to leave out. */
      propertyNames?: CheckedSchema;
      pattern?: string;
    };

const typeOf = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value;

/** The first rule `value` breaks, as "<where>: <rule>" (values never quoted), or undefined when it matches. */
export function schemaViolation(schema: CheckedSchema, value: unknown, where: string, depth = 0): string | undefined {
  if (schema === true) return undefined;
  if (schema === false) return `${where}: must be absent`;
  if (depth > 32) return `${where}: nested too deeply`;
  const { type, required, properties, items, pattern, propertyNames } = schema;
  const actual = typeOf(value);
  if (type !== undefined) {
    const types = Array.isArray(type) ? type : [type];
    if (!types.some((t) => t === actual || (t === 'number' && actual === 'integer')))
      return `${where}: must be ${types.join(' or ')}`;
  }
  if (schema.enum && !schema.enum.includes(value)) return `${where}: must be one of ${schema.enum.join(', ')}`;
  if ('const' in schema && schema.const !== value) return `${where}: must be ${String(schema.const)}`;
  if (pattern && typeof value === 'string' && !new RegExp(pattern, 'u').test(value))
    return `${where}: must match ${pattern}`;
  if (schema.not !== undefined && !schemaViolation(schema.not, value, where, depth + 1))
    return `${where}: must not match its excluded shape`;
  if (actual === 'object') {
    const record = value as Record<string, unknown>;
    if (propertyNames !== undefined) {
      // The spec's way to say "this object never carries field X" (e.g. a secret): the name is the field to drop.
      const refused = Object.keys(record).find((name) => schemaViolation(propertyNames, name, where, depth + 1));
      if (refused !== undefined) return `${where}.${refused}: must be absent`;
    }
    for (const name of required ?? []) if (!(name in record)) return `${where}.${name}: is required`;
    for (const [name, child] of Object.entries(properties ?? {})) {
      const problem = name in record ? schemaViolation(child, record[name], `${where}.${name}`, depth + 1) : undefined;
      if (problem) return problem;
    }
  }
  if (actual === 'array' && items !== undefined) {
    for (const [index, item] of (value as unknown[]).entries()) {
      const problem = schemaViolation(items, item, `${where}[${index}]`, depth + 1);
      if (problem) return problem;
    }
  }
  for (const part of schema.allOf ?? []) {
    const problem = schemaViolation(part, value, where, depth + 1);
    if (problem) return problem;
  }
  const matches = (parts: CheckedSchema[]) =>
    parts.filter((part) => !schemaViolation(part, value, where, depth + 1)).length;
  if (schema.anyOf && matches(schema.anyOf) === 0) return `${where}: matches none of its allowed shapes`;
  if (schema.oneOf && matches(schema.oneOf) !== 1) return `${where}: must match exactly one of its shapes`;
  return undefined;
}
