import type { OpenApiDocument, SchemaObject } from './document.js';
import type { IHttpOperation, IMediaTypeContent } from '@stoplight/types';
import { type EngineAnswer, jsonAnswer, plainProblem } from './answers.js';
import type { MockRequest } from './hook.js';
import type { Violation } from './prism.js';
import { factsOf } from './vendor-facts.js';

// A refusal is the vendor's own error response for that status, as its spec declares it: the vendor's error schema,
// the machine code the spec assigns (`x-paykit-invalid-code`) where the error code sits (`x-paykit-error-code`, else
// inferred: `code`, `error.code`, `errors[0].code`), and a message naming the field and the rule actually broken.
// Nothing here names a vendor: everything comes from the spec (@paykit/spec/vendor reads its marks).

type Schema = SchemaObject;

const isJson = (mediaType: string): boolean => /^application\/(?:.+\+)?json\b/i.test(mediaType);
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function declaredJson(operation: IHttpOperation, status: number): IMediaTypeContent | undefined {
  const response = operation.responses.find((candidate) => candidate.code === String(status));
  return response?.contents?.find((content) => isJson(content.mediaType));
}

function firstExample(content: IMediaTypeContent | undefined): unknown {
  const example = content?.examples?.[0];
  return example && 'value' in example ? example.value : undefined;
}

/** Sets `value` at `location` (`['errors', 0, 'code']`), making the objects and arrays on the way. */
function setAt(body: Record<string, unknown>, location: readonly (string | number)[], value: unknown): void {
  type Container = Record<string | number, unknown>;
  let at = body as Container;
  location.forEach((key, i) => {
    if (i === location.length - 1) at[key] = value;
    else at = (at[key] ??= typeof location[i + 1] === 'number' ? [] : {}) as Container;
  });
}

/**
 * The vendor's error body for `status`, shaped by the error schema the operation declares for it: the code at the
 * error-code location (left out when there is none, or this schema lacks its first property), the message beside a
 * nested code (Stripe: `error.message`) or in the top-level message property, other required properties from the
 * declared example. Undefined when the operation declares no JSON schema for it.
 */
function vendorError(
  operation: IHttpOperation,
  document: OpenApiDocument,
  status: number,
  code: string | undefined,
  message: string,
): EngineAnswer | undefined {
  const content = declaredJson(operation, status);
  const schema = content?.schema as Schema | undefined;
  const properties = (schema?.['properties'] ?? {}) as Record<string, Schema>;
  const names = Object.keys(properties);
  if (!content || names.length === 0) return undefined;
  const declared = factsOf(document).errorCode?.location;
  const location = declared && String(declared[0]) in properties ? declared : undefined;
  const head = location?.[0];
  const nested = location !== undefined && location.length > 1;
  const messageProperty = nested
    ? undefined
    : (['message', 'detail', 'error_description', 'error'].find((name) => name in properties && name !== head) ??
      names.find((name) => name !== head && properties[name]?.['type'] === 'string'));
  const example = firstExample(content);
  const body: Record<string, unknown> = {};
  for (const name of (schema?.['required'] ?? []) as string[]) {
    if (name !== head && name !== messageProperty && isObject(example) && name in example)
      body[name] = structuredClone(example[name]);
  }
  if (location && code !== undefined) setAt(body, location, code);
  if (nested) setAt(body, [...location.slice(0, -1), 'message'], message);
  else if (messageProperty) body[messageProperty] = message;
  return jsonAnswer(status, body, {}, content.mediaType);
}

const declares = (operation: IHttpOperation, status: number): boolean =>
  operation.responses.some((response) => response.code === String(status));

/** The status the operation's security schemes say the vendor answers for missing or wrong credentials. */
function refusalStatus(operation: IHttpOperation, document: OpenApiDocument): number {
  const statuses = factsOf(document).refusalStatus;
  for (const alternative of operation.security ?? []) {
    for (const scheme of alternative) {
      const status = statuses[scheme.key];
      if (status !== undefined) return status;
    }
  }
  return 401;
}

function credentialsWanted(operation: IHttpOperation): string {
  const wanted = (operation.security ?? []).map((alternative) =>
    alternative
      .map((scheme) => {
        if (scheme.type === 'apiKey')
          return `the ${scheme.name} ${scheme.in === 'header' ? 'header' : `${scheme.in} parameter`}`;
        if (scheme.type === 'http') return `Authorization: ${scheme.scheme[0]?.toUpperCase()}${scheme.scheme.slice(1)}`;
        return `${scheme.type} credentials`;
      })
      .join(' and '),
  );
  return wanted.join(', or ') || 'credentials';
}

function securityRefusal(operation: IHttpOperation, document: OpenApiDocument): EngineAnswer {
  const status = refusalStatus(operation, document);
  // Never quote what was sent: it may be a real key.
  const message = `Missing or invalid credentials: this operation takes ${credentialsWanted(operation)}.`;
  const content = declaredJson(operation, status);
  const example = firstExample(content);
  if (content && example !== undefined) return jsonAnswer(status, example, {}, content.mediaType);
  return (
    vendorError(operation, document, status, undefined, message) ??
    plainProblem(status, status === 403 ? 'Forbidden' : 'Unauthorized', message)
  );
}

function mediaTypeOf(request: MockRequest): string | undefined {
  const header = request.headers['content-type'];
  return header?.split(';')[0]?.trim().toLowerCase() || undefined;
}

function accepts(declared: string, sent: string): boolean {
  const [type, subtype] = declared.toLowerCase().split('/');
  const [sentType, sentSubtype] = sent.split('/');
  return (type === '*' || type === sentType) && (subtype === '*' || subtype === sentSubtype);
}

function contentTypeRefusal(
  operation: IHttpOperation,
  document: OpenApiDocument,
  request: MockRequest,
): EngineAnswer | undefined {
  if (request.rawBody.length === 0) return undefined;
  const declared = (operation.request?.body?.contents ?? []).map((content) => content.mediaType);
  if (declared.length === 0) return undefined;
  const sent = mediaTypeOf(request);
  if (sent !== undefined && declared.some((mediaType) => accepts(mediaType, sent))) return undefined;
  const message = `${sent === undefined ? 'A request body without a Content-Type' : `Content-Type ${sent}`} is not accepted: send ${declared.join(' or ')}.`;
  const status = declares(operation, 415) ? 415 : 400;
  return (
    vendorError(operation, document, status, invalidCodeOf(document), message) ??
    plainProblem(status, 'Unsupported Media Type', message)
  );
}

const PARAMETER_PLACES: Record<string, 'query' | 'headers' | 'path' | 'cookie'> = {
  query: 'query',
  header: 'headers',
  path: 'path',
  cookie: 'cookie',
};

interface Broken {
  /** How the message names the field: `return_url`, `contractor.address.city`, `query parameter limit`. */
  field: string;
  rule: string;
  /** The schemas from the outermost to the field itself: the deepest `x-paykit-invalid-code` wins. */
  schemas: Schema[];
}

function bodySchemas(operation: IHttpOperation, request: MockRequest, path: string[]): Schema[] {
  const sent = mediaTypeOf(request);
  const contents = operation.request?.body?.contents ?? [];
  const content = contents.find((candidate) => sent !== undefined && accepts(candidate.mediaType, sent)) ?? contents[0];
  const schemas: Schema[] = [];
  let schema = content?.schema as Schema | undefined;
  for (const key of path) {
    schema = (schema?.['properties']?.[key] ?? schema?.['items']) as Schema | undefined;
    if (!schema) break;
    schemas.push(schema);
  }
  return schemas;
}

/** What Prism's validator says, as a field and a rule (`must be string`, `is required`). */
function describe(operation: IHttpOperation, request: MockRequest, violation: Violation): Broken {
  const [place = 'body', ...rest] = violation.path ?? [];
  const ruleStart = /\b(?:must|should)\b/.exec(violation.message);
  let rule = ruleStart ? violation.message.slice(ruleStart.index) : violation.message;
  const fieldPath = [...rest];
  const required = /must have required property '([^']+)'/.exec(violation.message);
  if (required) {
    fieldPath.push(required[1] as string);
    rule = 'is required';
  }
  if (place === 'body') {
    return {
      field: fieldPath.length > 0 ? fieldPath.join('.') : 'the request body',
      rule,
      // A missing field breaks its parent's rule, not its own: its field code is for a value it refuses.
      schemas: bodySchemas(operation, request, required ? rest : fieldPath),
    };
  }
  const where = PARAMETER_PLACES[place];
  const name = fieldPath[0] ?? '';
  const parameter = where
    ? (operation.request?.[where] ?? []).find((candidate) => candidate.name.toLowerCase() === name.toLowerCase())
    : undefined;
  const schemas: Schema[] = [];
  if (parameter?.schema) schemas.push(parameter.schema as Schema);
  return { field: `${place} parameter ${parameter?.name ?? name}`, rule, schemas };
}

/** The document's own `x-paykit-invalid-code`, when it has one. */
function invalidCodeOf(document: OpenApiDocument): string | undefined {
  const code = document['x-paykit-invalid-code'];
  return typeof code === 'string' ? code : undefined;
}

function invalidCode(broken: Broken, document: OpenApiDocument): string | undefined {
  for (const schema of [...broken.schemas].reverse()) {
    const code = schema['x-paykit-invalid-code'];
    if (typeof code === 'string') return code;
  }
  return invalidCodeOf(document);
}

function validationRefusal(
  operation: IHttpOperation,
  document: OpenApiDocument,
  request: MockRequest,
  violations: Violation[],
): EngineAnswer {
  const broken = violations.map((violation) => describe(operation, request, violation));
  // Fields the spec gives a code of their own come first: that is the code the vendor answers with.
  broken.sort(
    (a, b) =>
      Number(b.schemas.some((s) => 'x-paykit-invalid-code' in s)) -
      Number(a.schemas.some((s) => 'x-paykit-invalid-code' in s)),
  );
  const message = [...new Set(broken.map(({ field, rule }) => `${field} ${rule}`))].join('; ');
  const code = invalidCode(broken[0] as Broken, document);
  const status = declares(operation, 400) ? 400 : declares(operation, 422) ? 422 : 400;
  return vendorError(operation, document, status, code, message) ?? plainProblem(400, 'Invalid request', message);
}

export interface RefusalInput {
  operation: IHttpOperation;
  document: OpenApiDocument;
  request: MockRequest;
  /** Prism's validation result for the request. */
  violations: Violation[];
  /** Prism refused the credentials without listing a violation for it. */
  securityFailed: boolean;
}

/**
 * The vendor's refusal of a request that breaks the spec, or undefined for one that breaks no rule (which is then
 * never refused): credentials first, then the media type, then the body and parameters.
 */
export function refusalFor({
  operation,
  document,
  request,
  violations,
  securityFailed,
}: RefusalInput): EngineAnswer | undefined {
  const errors = violations.filter((violation) => violation.severity === 0);
  if (securityFailed || errors.some((violation) => violation.code === 401)) return securityRefusal(operation, document);
  const mediaType = contentTypeRefusal(operation, document, request);
  if (mediaType) return mediaType;
  const broken = errors.filter((violation) => violation.code !== 415 && violation.code !== 401);
  if (broken.length === 0) return undefined;
  return validationRefusal(operation, document, request, broken);
}
