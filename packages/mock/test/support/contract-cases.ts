import { operations, resolveRef, type BundleOperation } from '@paykit/spec/examples';
import { generateHttpParam } from '@stoplight/prism-http';
import { isSome } from 'fp-ts/lib/Option.js';
type ApiName = string;

// Derives the contract cases from a bundled spec, so a new operation, status or example is tested the moment it is
// added. Nothing here names an operation: everything comes from the bundle.

type Node = Record<string, any>;

export interface RequestInput {
  pathParams: Record<string, string>;
  /** A request body example (the first named one), when the operation takes a body. */
  body?: unknown;
  /** The body's media type: JSON, or a form (`application/x-www-form-urlencoded`, e.g. an OAuth2 token request). */
  mediaType?: string;
  /** What of this input was made from the schema because the spec gives no example of it. */
  generated?: string[];
}

export interface ResponseCase {
  api: ApiName;
  operationId: string;
  method: string;
  path: string;
  status: number;
  /** The media type the answer must have; undefined for a status without a body. */
  mediaType?: string;
  /** JSON pointer of the schema the body must satisfy. */
  schemaPointer?: string;
  /** The named example asked for with `Prefer: example=…`; the body must equal its value. */
  example?: { name: string; value: unknown };
  /** Response headers the spec marks required (e.g. Retry-After on 429). */
  requiredHeaders: string[];
  input: RequestInput;
  label: string;
}

export interface RequestExampleCase {
  api: ApiName;
  operationId: string;
  method: string;
  path: string;
  /** The lowest 2xx status the operation declares: what a valid request gets by default. */
  successStatus: number;
  exampleName: string;
  input: RequestInput;
  label: string;
}

const escapeToken = (token: string) => token.replaceAll('~', '~0').replaceAll('/', '~1');

const isJson = (mediaType: string) => /^application\/(.+\+)?json\b/.test(mediaType);
/** The request media types the callers can send: JSON first, then a URL-encoded form. */
const isSendable = (mediaType: string) => isJson(mediaType) || mediaType === 'application/x-www-form-urlencoded';

/**
 * A value the schema accepts, for an operation the spec gives no example of: its own example, default, enum or
 * const first, else one made from its type (required properties only). Enough for the mock's contract cases; the
 * cases that use one are counted and printed.
 */
export function sampleOf(bundle: Node, schemaOrRef: Node | undefined, depth = 0): unknown {
  const schema = schemaOrRef ? resolveRef<Node>(bundle, schemaOrRef).node : undefined;
  if (!schema || depth > 8) return null;
  for (const key of ['const', 'example', 'default']) if (schema[key] !== undefined) return schema[key];
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  for (const key of ['allOf', 'oneOf', 'anyOf']) {
    if (Array.isArray(schema[key]) && schema[key].length > 0) {
      if (key !== 'allOf') return sampleOf(bundle, schema[key][0], depth + 1);
      return Object.assign({}, ...schema[key].map((part: Node) => sampleOf(bundle, part, depth + 1)));
    }
  }
  const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== 'null') : schema.type;
  if (type === 'object' || schema.properties) {
    const value: Record<string, unknown> = {};
    for (const name of (schema.required ?? []) as string[])
      value[name] = sampleOf(bundle, schema.properties?.[name], depth + 1);
    return value;
  }
  if (type === 'array') return schema.minItems ? [sampleOf(bundle, schema.items, depth + 1)] : [];
  if (type === 'integer' || type === 'number') return schema.minimum ?? 1;
  if (type === 'boolean') return true;
  const formats: Record<string, string> = {
    'date-time': '2026-01-01T00:00:00Z',
    date: '2026-01-01',
    uri: 'https://example.com/',
    email: 'someone@example.com',
    uuid: '00000000-0000-4000-8000-000000000000',
  };
  if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test('example')) {
    // A string matching the pattern, made by Prism's own generator (json-schema-faker), not a hand-written one.
    const made = generateHttpParam({ name: 'sample', schema: { type: 'string', pattern: schema.pattern } } as never);
    if (isSome(made)) return made.value;
  }
  return formats[schema.format as string] ?? 'example';
}

function parameterValue(bundle: Node, parameter: Node, generated: string[]): string {
  const examples = Object.values(parameter.examples ?? {}).map((e) => resolveRef(bundle, e).node.value);
  const value = parameter.example ?? examples[0] ?? parameter.schema?.example ?? parameter.schema?.examples?.[0];
  if (value !== undefined) return String(value);
  generated.push(`path parameter ${parameter.name}`);
  return String(sampleOf(bundle, parameter.schema));
}

interface BodyExample {
  name: string;
  value: unknown;
  /** Set when the body is not JSON. */
  mediaType?: string;
}

function requestBodyExamples(bundle: Node, op: BundleOperation, generated: string[] = []): BodyExample[] {
  if (!op.operation.requestBody) return [];
  const { node: body } = resolveRef<Node>(bundle, op.operation.requestBody, `${op.pointer}/requestBody`);
  const content = Object.entries((body.content ?? {}) as Node);
  const [mediaType, media] = content.find(([type]) => isJson(type)) ?? content.find(([type]) => isSendable(type)) ?? [];
  if (!mediaType || !media) return [];
  const as = isJson(mediaType) ? {} : { mediaType };
  const named = Object.entries((media.examples ?? {}) as Node).map(([name, example]) => ({
    name,
    value: resolveRef(bundle, example).node.value,
    ...as,
  }));
  if (named.length > 0) return named;
  if (media.example !== undefined) return [{ name: 'example', value: media.example, ...as }];
  if (!body.required) return [];
  generated.push('request body');
  return [{ name: 'generated', value: sampleOf(bundle, media.schema), ...as }];
}

function pathParams(bundle: Node, op: BundleOperation, generated: string[] = []): Record<string, string> {
  const params: Record<string, string> = {};
  for (const ref of [...(op.pathItem.parameters ?? []), ...(op.operation.parameters ?? [])]) {
    const { node: parameter } = resolveRef<Node>(bundle, ref);
    if (parameter.in === 'path') params[parameter.name] = parameterValue(bundle, parameter, generated);
  }
  return params;
}

function statusesOf(op: BundleOperation): number[] {
  return Object.keys(op.operation.responses ?? {})
    .filter((status) => /^\d{3}$/.test(status))
    .map(Number);
}

/** The API operations of a bundle (webhooks are not served by the mock). */
export function apiOperations(bundle: Node): BundleOperation[] {
  return [...operations(bundle)].filter((op) => op.kind === 'path');
}

/** Every declared status of every operation, once per named example (or once, when the status has none). */
export function responseCases(api: ApiName, bundle: Node): ResponseCase[] {
  const cases: ResponseCase[] = [];
  for (const op of apiOperations(bundle)) {
    const generated: string[] = [];
    const [firstBody] = requestBodyExamples(bundle, op, generated);
    const input: RequestInput = {
      pathParams: pathParams(bundle, op, generated),
      ...(firstBody ? { body: firstBody.value } : {}),
      ...(firstBody?.mediaType ? { mediaType: firstBody.mediaType } : {}),
      ...(generated.length > 0 ? { generated } : {}),
    };
    for (const status of statusesOf(op)) {
      const response = resolveRef<Node>(bundle, op.operation.responses[status], `${op.pointer}/responses/${status}`);
      const requiredHeaders = Object.entries((response.node.headers ?? {}) as Node)
        .filter(([, header]) => resolveRef(bundle, header).node.required === true)
        .map(([name]) => name);
      const base = {
        api,
        operationId: op.operation.operationId as string,
        method: op.method,
        path: op.path,
        status,
        requiredHeaders,
        input,
      };
      const label = `${op.method.toUpperCase()} ${op.path} → ${status}`;
      const media = Object.entries((response.node.content ?? {}) as Node);
      if (media.length === 0) cases.push({ ...base, label });
      for (const [mediaType, content] of media) {
        const schemaPointer = `${response.pointer}/content/${escapeToken(mediaType)}/schema`;
        const examples = Object.entries((content.examples ?? {}) as Node);
        if (examples.length === 0) cases.push({ ...base, mediaType, schemaPointer, label: `${label} (${mediaType})` });
        for (const [name, example] of examples) {
          const value = resolveRef(bundle, example).node.value;
          cases.push({
            ...base,
            mediaType,
            schemaPointer,
            example: { name, value },
            label: `${label} example=${name}`,
          });
        }
      }
    }
  }
  return cases;
}

/** Every named request example, sent as is: the mock must accept each one with the operation's success status. */
export function requestExampleCases(api: ApiName, bundle: Node): RequestExampleCase[] {
  return apiOperations(bundle).flatMap((op) => {
    const successStatus = Math.min(...statusesOf(op).filter((status) => status >= 200 && status < 300));
    return requestBodyExamples(bundle, op)
      .filter(({ name }) => name !== 'generated')
      .map(({ name, value, mediaType }) => ({
        api,
        operationId: op.operation.operationId as string,
        method: op.method,
        path: op.path,
        successStatus,
        exampleName: name,
        input: { pathParams: pathParams(bundle, op), body: value, ...(mediaType ? { mediaType } : {}) },
        label: `${op.method.toUpperCase()} ${op.path} with request example ${name} → ${successStatus}`,
      }));
  });
}
