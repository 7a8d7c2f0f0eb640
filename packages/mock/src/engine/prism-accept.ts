/**
 * A lean check that a request is one Prism's validation accepts with no violation at all, made of Prism's own parts
 * (its Ajv instances and compiled validators, deserializers, media type matching, security handlers) without its
 * fp-ts pipeline, router and answer negotiation, which cost most of a sandbox request. It only ever accepts: a request
 * it does not accept (or an operation it does not know how to check) goes through Prism as before, which makes the
 * refusal. `test/prism-accept.test.ts` holds its verdict equal to Prism's on every operation of both vendors and the
 * corpus, with valid and broken inputs.
 */
// Aliased: the engine bundle's banner declares `createRequire` itself (scripts/bundle-engine.mjs).
import { createRequire as requireFor } from 'node:module';
import type { IHttpRequest } from '@stoplight/prism-http';
import {
  path as pathStyles,
  header as headerStyles,
} from '@stoplight/prism-http/dist/validator/deserializers/index.js';
import { parseMIMEHeader } from '@stoplight/prism-http/dist/validator/validators/headers.js';
import { validateAgainstSchema } from '@stoplight/prism-http/dist/validator/validators/utils.js';
import {
  findSecurityHandler,
  noneSecurityHandler,
} from '@stoplight/prism-http/dist/validator/validators/security/handlers/index.js';
import { wildcardMediaTypeMatch } from '@stoplight/prism-http/dist/validator/utils/wildcardMediaTypeMatch.js';
import { stripReadOnlyProperties } from '@stoplight/prism-http/dist/utils/filterRequiredProperties.js';
import type { IHttpOperation, IHttpOperationRequestBody, IHttpParam, IMediaTypeContent } from '@stoplight/types';
import { isRight } from 'fp-ts/lib/Either.js';
import { isNone, isSome, type Option } from 'fp-ts/lib/Option.js';

type Schema = Record<string, unknown>;
type Deserializer = (name: string, values: Record<string, unknown>, schema: unknown, explode: boolean) => unknown;
type Handler = (input: IHttpRequest, name: string) => unknown;
/** Prism's `ValidationContext.Input` (a const enum in its types, so not importable as a value). */
const INPUT = 0;

/** One parameter list (headers or path) as Prism's `validateParams` reads it: by lower-case name, and its schema. */
interface ParamCheck {
  params: [name: string, param: IHttpParam][];
  schema: Schema & { properties: Record<string, unknown> };
  styles: Record<string, Deserializer | undefined>;
  prefix: string;
}

interface OperationCheck {
  /** The path as Prism's router surely matches it: literal segments, and unreserved characters for a parameter. */
  path: RegExp;
  pathNames: string[];
  /** Alternatives, each a list of Prism's handlers that must all accept; undefined when the operation has none. */
  security: [Handler, string][][] | undefined;
  headers: ParamCheck | undefined;
  pathParams: ParamCheck | undefined;
  body: IHttpOperationRequestBody | undefined;
  media: Map<string, MediaVerdict>;
  bundle: unknown;
}

const UNRESERVED = /^[A-Za-z0-9._~-]*$/;
/** Request media types that are JSON: never one of the forms Prism deserializes first. */
const JSON_MEDIA_TYPE = /^application\/(?:[a-z0-9.+-]+\+)?json$/;
const isRightOf = (result: unknown): boolean => isRight(result as Parameters<typeof isRight>[0]);

/** Prism's `createJsonSchemaFromParams` (validator/validators/params.js), with its lodash steps as loops. */
function paramCheck(
  params: IHttpParam[] | undefined,
  styles: ParamCheck['styles'],
  prefix: string,
): ParamCheck | undefined {
  if (!params || params.length === 0) return undefined;
  const byName = new Map<string, IHttpParam>();
  for (const param of params) byName.set(param.name.toLowerCase(), param);
  const properties: Record<string, unknown> = {};
  for (const [name, param] of byName) if (param.schema) properties[name] = param.schema;
  const required = params.filter((param) => param.required).map((param) => param.name.toLowerCase());
  return {
    params: [...byName],
    schema: { type: 'object', properties, required: required.filter(Boolean) },
    styles,
    prefix,
  };
}

/** Prism's `validateParams`: the values deserialized by the parameter's style, then its Ajv check with coercion. */
function paramsAccepted(check: ParamCheck, target: Record<string, unknown>, bundle: unknown): boolean {
  const values: Record<string, unknown> = {};
  for (const [name, param] of check.params) {
    const deserializer = check.styles[param.style || 'simple'];
    const value = deserializer?.(name, target, check.schema.properties[name], param.explode || false);
    if (value) values[name] = value;
  }
  return isNone(validateAgainstSchema(values, check.schema as never, true, INPUT, check.prefix, bundle));
}

function securityOf(operation: IHttpOperation): OperationCheck['security'] {
  const alternatives = operation.security;
  if (!alternatives || alternatives.length === 0) return undefined;
  return alternatives.map((schemes) => {
    if (schemes.length === 0) return [[noneSecurityHandler as Handler, '']];
    const handlers: [Handler, string][] = [];
    for (const scheme of schemes) {
      const found = findSecurityHandler(scheme);
      // A scheme Prism does not check fails its alternative (with Prism's warning): never accepted here.
      handlers.push(isRight(found) ? [found.right as Handler, 'name' in scheme ? scheme.name : ''] : [() => false, '']);
    }
    return handlers;
  });
}

/** What of an operation this checks; undefined for what it leaves to Prism (query or deprecated parameters, …). */
function compile(operation: IHttpOperation): OperationCheck | undefined {
  const request = operation.request;
  if (request?.query?.length) return undefined;
  // A schema with an `$id` compiles once per Ajv instance: a second compile of it here would throw, which Prism's
  // `validateAgainstSchema` reads as no violation.
  if (JSON.stringify(operation).includes('"$id"')) return undefined;
  const params = [...(request?.headers ?? []), ...(request?.path ?? [])];
  if (params.some((param) => param.deprecated)) return undefined;
  const segments = operation.path.split('/');
  const pathNames: string[] = [];
  const pattern = segments.map((segment) => {
    const name = /^\{([^{}]+)\}$/.exec(segment)?.[1];
    if (name !== undefined) {
      pathNames.push(name.toLowerCase());
      return '([A-Za-z0-9._~-]+)';
    }
    return UNRESERVED.test(segment) ? segment.replaceAll('.', '\\.') : undefined;
  });
  if (pattern.includes(undefined)) return undefined;
  return {
    path: new RegExp(`^${pattern.join('/')}$`),
    pathNames,
    security: securityOf(operation),
    headers: paramCheck(request?.headers, headerStyles as ParamCheck['styles'], 'header'),
    pathParams: paramCheck(request?.path, pathStyles as ParamCheck['styles'], 'path'),
    body: request?.body,
    media: new Map(),
    bundle: (operation as { __bundled__?: unknown }).__bundled__,
  };
}

// Prism's allOf merger, from where Prism finds it (loaded on first use, as Prism's patched body.js loads it).
const fromPrism = requireFor(requireFor(import.meta.url).resolve('@stoplight/prism-http'));
type MergeAllOf = (schema: Schema, options: { deep: boolean; ignoreAdditionalProperties: boolean }) => Schema;

/** Prism's body schema normalizer (validator/validators/body.js): allOf merged, then readOnly properties dropped. */
function normalized(schema: Schema): Option<Schema> {
  let after = schema;
  let text: string | undefined;
  try {
    text = JSON.stringify(schema);
  } catch {
    text = undefined;
  }
  if (text === undefined || text.includes('"allOf"')) {
    try {
      after = (fromPrism('@stoplight/json-schema-merge-allof') as MergeAllOf)(schema, {
        deep: true,
        ignoreAdditionalProperties: true,
      });
    } catch {
      after = schema;
    }
  }
  return stripReadOnlyProperties(after as never) as Option<Schema>;
}

const bodySchemas = new WeakMap<IMediaTypeContent, Option<Schema>>();

/** What a request's `Content-Type` means for an operation's body, as Prism's `validateInputBody` reads it. */
interface MediaVerdict {
  /** A non-empty body may come with it (else Prism's 415). */
  supported: boolean;
  /** The content whose schema checks a JSON body (Prism's choice); null for no JSON media type (left to Prism). */
  content: IMediaTypeContent | undefined | null;
}

/** Verdicts kept per operation and `Content-Type` value: a client sends the same one or two every time. */
const MEDIA_VERDICTS = 16;

function mediaVerdict(spec: IHttpOperationRequestBody | undefined, contentType: string | undefined): MediaVerdict {
  const mediaType = contentType ? parseMIMEHeader(contentType)[1] : undefined;
  const contents = spec?.contents;
  const matches = (content: IMediaTypeContent): boolean =>
    !content.mediaType || wildcardMediaTypeMatch(mediaType as string, content.mediaType);
  const supported = spec !== undefined && !(contents && mediaType !== undefined && !contents.some(matches));
  if (!spec || mediaType === undefined || !JSON_MEDIA_TYPE.test(mediaType)) return { supported, content: null };
  const specs = contents ?? [];
  return {
    supported,
    content: specs.find((candidate) => wildcardMediaTypeMatch(mediaType, candidate.mediaType)) ?? specs[0],
  };
}

/** Prism's `validateInputBody` for a JSON body (a request of another media type is left to Prism). */
function bodyAccepted(check: OperationCheck, request: IHttpRequest, headers: Record<string, string>): boolean {
  const spec = check.body;
  const body = request.body;
  if (spec?.required && !body) return false;
  const contentType = headers['content-type'] || '';
  let media = check.media.get(contentType);
  if (!media) {
    if (check.media.size >= MEDIA_VERDICTS) check.media.clear();
    check.media.set(contentType, (media = mediaVerdict(spec, contentType)));
  }
  // biome-ignore lint/correctness/useParseIntRadix: read as Prism reads it (`0x…` is hexadecimal there)
  const contentLength = Number.parseInt(headers['content-length'] as string) || 0;
  if (contentLength !== 0 && !media.supported) return false;
  if (body === undefined || body === null || !spec) return true;
  const { content } = media;
  if (content === null) return false;
  if (!content?.schema) return true;
  let schema = bodySchemas.get(content);
  if (!schema) bodySchemas.set(content, (schema = normalized(content.schema as Schema)));
  if (!isSome(schema)) return true;
  return isNone(validateAgainstSchema(body, schema.value as never, false, INPUT, 'body', check.bundle));
}

/** Header names as Prism's checks read them: lower case (the last of names alike in all but case wins, as there). */
function lowerCased(headers: Record<string, string>): Record<string, string> {
  if (!Object.keys(headers).some((name) => name !== name.toLowerCase())) return headers;
  const lowered: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) lowered[name.toLowerCase()] = value;
  return lowered;
}

function accepted(check: OperationCheck, request: IHttpRequest): boolean {
  const query = request.url.query;
  if (request.url.baseUrl !== undefined || (query && Object.keys(query).length > 0)) return false;
  const flat = (request.headers ?? {}) as Record<string, string>;
  // Prism's answer step for a valid request asking for a media type other than JSON (`answerOnlyRefusals`).
  const accept = flat['accept'];
  if (accept !== undefined && !accept.includes('*/*') && !accept.includes('json')) return false;
  const matched = check.path.exec(request.url.path);
  if (!matched) return false;
  if (
    check.security &&
    !check.security.some((all) => all.every(([handler, name]) => isRightOf(handler(request, name))))
  )
    return false;
  const headers = lowerCased(flat);
  if (!bodyAccepted(check, request, headers)) return false;
  if (check.headers && !paramsAccepted(check.headers, headers, check.bundle)) return false;
  if (!check.pathParams) return true;
  const path: Record<string, string> = {};
  check.pathNames.forEach((name, index) => {
    path[name] = matched[index + 1] as string;
  });
  return paramsAccepted(check.pathParams, path, check.bundle);
}

/**
 * Whether Prism's validation accepts `request` to `operation` with no violation, no forced choice (`Prefer`, the
 * `__` query) and an answer in JSON; false also when this cannot tell (Prism decides then).
 */
export function createAcceptor(): (operation: IHttpOperation, request: IHttpRequest) => boolean {
  const checks = new WeakMap<IHttpOperation, OperationCheck | null>();
  const checkOf = (operation: IHttpOperation): OperationCheck | null => {
    let check = checks.get(operation);
    if (check === undefined) {
      try {
        check = compile(operation) ?? null;
      } catch {
        check = null;
      }
      checks.set(operation, check);
    }
    return check;
  };
  return (operation, request) => {
    if (request.headers?.['prefer'] || request.method !== operation.method) return false;
    const check = checkOf(operation);
    if (check === null) return false;
    try {
      return accepted(check, request);
    } catch {
      // Whatever Prism's parts throw at (a Content-Type that does not parse, …), Prism's pipeline meets as before.
      return false;
    }
  };
}
