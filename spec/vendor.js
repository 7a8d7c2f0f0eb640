// The one reader of what paykit needs to know about a vendor (spec/README.md, "The x-paykit-* extensions"): the
// client generator, the mock and `pnpm api:add` all call vendorFacts(). A mark in the document wins; where there is
// none the fact is inferred by the documented rule, says so and why, and comes with the Overlay 1.0 action that
// would make it explicit. Nothing is required: what can be neither read nor inferred is a gap, never an error.
import { operations, resolveRef } from './examples.js';

/** Header names recognised as an idempotency key without a mark (compared case-insensitively). */
export const IDEMPOTENCY_HEADERS = ['Idempotency-Key', 'X-Idempotency-Key', 'PayPal-Request-Id', 'Idempotency-Token'];
/** The longest idempotency key accepted when the header's schema sets no maxLength (the vendors document 256). */
export const DEFAULT_IDEMPOTENCY_KEY_MAX_LENGTH = 256;
/** Error-body property names recognised as the machine code without a mark. */
const CODE_NAMES = ['code', 'error_code', 'errorCode'];
/** Property names recognised as secrets without a mark, compared without `_`/`-` and case: `client_secret`, `apiKey`. */
const SECRET_NAME = /(secret|password|passwd|token|apikey)$/;
const NOT_SECRET_NAME = /(page|next|continuation|cursor)token$/;
const LOOPBACK = /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/i;
// `sandbox` anywhere, or the word test (test, testing, testmode), in the URL (not its top-level domain: `.test` is
// a reserved TLD for examples) or the description.
const SANDBOX = /sandbox|\btest(ing|mode)?\b/i;
const LOCATION = /^[A-Za-z_$][\w$-]*(\[\d+\])?(\.[A-Za-z_$][\w$-]*(\[\d+\])?)*$/;

/** `https://api.example.test/v1` → `https://api.example/v1`. @param {string} url */
const withoutTld = (url) => url.replace(/^([a-z]+:\/\/[^/:]*?)\.[a-z]+(?=[/:]|$)/i, '$1');
/** @param {string} token */
const escapeToken = (token) => token.replaceAll('~', '~0').replaceAll('/', '~1');
/** @param {string} token */
const unescapeToken = (token) => token.replaceAll('~1', '/').replaceAll('~0', '~');
/** @param {any} value @returns {value is Record<string, any>} */
const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
/** @param {any} schema */
const isString = (schema) => [schema?.type ?? []].flat().includes('string');

/**
 * `#/components/schemas/Error` → `$.components.schemas.Error`; `#/paths/~1v1~1x/post` → `$.paths['/v1/x'].post`.
 * @param {string} pointer
 */
export function pointerToJsonPath(pointer) {
  const tokens = pointer.replace(/^#\/?/, '').split('/').filter(Boolean).map(unescapeToken);
  return `$${tokens
    .map((token) =>
      /^\d+$/.test(token)
        ? `[${token}]`
        : /^[A-Za-z_$][\w$]*$/.test(token)
          ? `.${token}`
          : `['${token.replaceAll("'", "\\'")}']`,
    )
    .join('')}`;
}

/**
 * `error.code` / `errors[0].code` → `['error', 'code']` / `['errors', 0, 'code']`, or undefined when malformed.
 * @param {unknown} text
 * @returns {Array<string | number> | undefined}
 */
export function parseLocation(text) {
  if (typeof text !== 'string' || !LOCATION.test(text)) return undefined;
  return text.split('.').flatMap((part) => {
    const match = /^(.+?)\[(\d+)\]$/.exec(part);
    return match ? [/** @type {string} */ (match[1]), Number(match[2])] : [part];
  });
}

/** @param {Array<string | number>} location */
export function formatLocation(location) {
  return location.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');
}

/**
 * Follows `$ref`s; undefined when one does not resolve (the import's dangling-$ref check names those).
 * @param {Record<string, any>} bundle @param {any} node @param {string} pointer
 * @returns {{ node: any, pointer: string } | undefined}
 */
function resolve(bundle, node, pointer) {
  try {
    return resolveRef(bundle, node, pointer);
  } catch {
    return undefined;
  }
}

/**
 * The schema of property `name` of `schema` (through `$ref` and `allOf`): { node, pointer } or undefined.
 * @param {Record<string, any>} bundle @param {any} schema @param {string} pointer @param {string} name
 * @returns {{ node: any, pointer: string } | undefined}
 */
function property(bundle, schema, pointer, name, depth = 0) {
  const at = resolve(bundle, schema, pointer);
  if (!at || !isObject(at.node) || depth > 8) return undefined;
  const own = at.node.properties?.[name];
  if (own !== undefined) return { node: own, pointer: `${at.pointer}/properties/${escapeToken(name)}` };
  for (const [i, part] of (at.node.allOf ?? []).entries()) {
    const found = property(bundle, part, `${at.pointer}/allOf/${i}`, name, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * Follows a location (`['errors', 0, 'code']`) through a schema: the schema at its end, or undefined.
 * @param {Record<string, any>} bundle @param {{ node: any, pointer: string }} start @param {Array<string | number>} location
 */
function schemaAt(bundle, start, location) {
  /** @type {{ node: any, pointer: string } | undefined} */
  let at = start;
  for (const part of location) {
    if (!at) return undefined;
    if (typeof part === 'number') {
      const array = resolve(bundle, at.node, at.pointer);
      at = array?.node?.items === undefined ? undefined : { node: array.node.items, pointer: `${array.pointer}/items` };
    } else at = property(bundle, at.node, at.pointer, part);
  }
  return at && resolve(bundle, at.node, at.pointer);
}

/**
 * @template T
 * @typedef {T & { source: 'mark' | 'inferred', reason?: string }} Fact
 */

/**
 * @typedef {{
 *   title: string,
 *   servers: { production?: Fact<{ url: string }>, sandbox?: Fact<{ url: string }>, mock?: Fact<{ url: string, port: number }> },
 *   defaultBaseUrl: string | null,
 *   idempotency: Array<Fact<{ path: string, method: string, operationId: string | undefined, header: string, maxLength: number, replays: boolean, pointer: string }>>,
 *   errorCode: Fact<{ location: Array<string | number>, text: string, schema: string | null }> | null,
 *   errorBody: string | null,
 *   secrets: Array<Fact<{ field: string, pointer: string }>>,
 *   refusalStatus: Record<string, 401 | 403>,
 *   gaps: string[],
 *   suggestions: Array<{ target: string, update: Record<string, unknown>, description: string }>,
 * }} VendorFacts
 */

/**
 * The resolved vendor facts of a bundled OpenAPI document (spec/README.md documents every rule).
 * @param {Record<string, any>} bundle
 * @param {string} api the API's name, used in the gaps' sentences
 * @returns {VendorFacts}
 */
export function vendorFacts(bundle, api) {
  /** @type {string[]} */
  const gaps = [];
  /** @type {VendorFacts['suggestions']} */
  const suggestions = [];
  const suggested = new Set();
  /** @param {string} pointer @param {Record<string, unknown>} update @param {string} reason */
  const suggest = (pointer, update, reason) => {
    const target = pointer.startsWith('$') ? pointer : pointerToJsonPath(pointer);
    const key = `${target} ${JSON.stringify(update)}`;
    if (suggested.has(key)) return;
    suggested.add(key);
    suggestions.push({ target, update, description: `inferred: ${reason}` });
  };
  const title =
    String(bundle.info?.title ?? api)
      .split(' — ')[0]
      ?.trim() || api;
  const servers = readServers(bundle, api, gaps, suggest);
  const bodies = errorSchemas(bundle);
  return {
    title,
    servers,
    defaultBaseUrl: baseUrlOf(bundle, api, servers.production, gaps),
    idempotency: readIdempotency(bundle, api, gaps, suggest),
    errorCode: readErrorCode(bundle, bodies, api, gaps, suggest),
    errorBody: bodies[0]?.[0].pointer ?? null,
    secrets: readSecrets(bundle, suggest),
    refusalStatus: readRefusalStatus(bundle, api, gaps, suggest),
    gaps,
    suggestions,
  };
}

/** @typedef {(pointer: string, update: Record<string, unknown>, reason: string) => void} Suggest */

/** @param {Record<string, any>} bundle @param {string} api @param {string[]} gaps @param {Suggest} suggest */
function readServers(bundle, api, gaps, suggest) {
  const list = Array.isArray(bundle.servers) ? bundle.servers : [];
  /** @type {VendorFacts['servers']} */
  const found = {};
  /** @param {'production' | 'sandbox' | 'mock'} environment @param {any} server @param {number} i @param {string} [reason] */
  const take = (environment, server, i, reason) => {
    const url = String(server.url);
    /** @type {any} */
    const fact = { url, source: reason ? 'inferred' : 'mark', ...(reason ? { reason } : {}) };
    if (environment === 'mock') {
      const port = Number(URL.canParse(url) ? new URL(url).port : NaN);
      if (!Number.isInteger(port) || port <= 0) {
        gaps.push(
          `${api}: the mock server ${url} (#/servers/${i}) names no port. Fix: give it one, e.g. http://127.0.0.1:4010.`,
        );
        return;
      }
      fact.port = port;
    }
    found[environment] = fact;
    if (reason) suggest(`#/servers/${i}`, { 'x-paykit-environment': environment }, reason);
  };
  for (const [i, server] of list.entries()) {
    const environment = server?.['x-paykit-environment'];
    if (!['production', 'sandbox', 'mock'].includes(environment)) continue;
    if (found[/** @type {'production'} */ (environment)]) {
      gaps.push(
        `${api}: more than one server is marked x-paykit-environment: ${environment}; the first is used (#/servers/${i} ignored). Fix: mark one.`,
      );
    } else take(environment, server, i);
  }
  for (const [i, server] of list.entries()) {
    if (!isObject(server) || typeof server.url !== 'string' || server['x-paykit-environment'] !== undefined) continue;
    const url = server.url;
    if (LOOPBACK.test(url)) {
      if (!found.mock) take('mock', server, i, `${url} is a loopback server`);
    } else if (SANDBOX.test(`${withoutTld(url)} ${server.description ?? ''}`)) {
      if (!found.sandbox) take('sandbox', server, i, `the URL or description of ${url} says sandbox or test`);
    } else if (/^https:\/\//i.test(url)) {
      if (!found.production) take('production', server, i, `${url} is the first https server that is not a sandbox`);
    } else if (/^http:\/\//i.test(url)) {
      if (!found.production)
        gaps.push(
          `${api}: server ${url} (#/servers/${i}) is not https, so paykit takes no default base URL from it: callers pass baseUrl. Fix: add the vendor's https server with x-paykit-environment: production.`,
        );
    }
  }
  if (
    !found.production &&
    !list.some((/** @type {any} */ server) => /^http:\/\//i.test(server?.url ?? '') && !LOOPBACK.test(server.url))
  )
    gaps.push(
      `${api}: no production server (absolute https URL) in #/servers, so callers pass baseUrl. Fix: add the vendor's server with x-paykit-environment: production.`,
    );
  return found;
}

/**
 * The production URL with its variables' defaults, or null: a `{variable}` host (no fixed host) or no production.
 * @param {Record<string, any>} bundle @param {string} api @param {VendorFacts['servers']['production']} production @param {string[]} gaps
 */
function baseUrlOf(bundle, api, production, gaps) {
  if (!production || !/^https:\/\//i.test(production.url) || /^https:\/\/[^/]*\{/i.test(production.url)) return null;
  const server = (bundle.servers ?? []).find((/** @type {any} */ s) => s?.url === production.url);
  let missing = '';
  const url = production.url.replace(/\{([^}]+)\}/g, (whole, name) => {
    const value = server?.variables?.[name]?.default;
    if (typeof value === 'string') return value;
    missing ||= name;
    return whole;
  });
  if (missing) {
    gaps.push(
      `${api}: server variable {${missing}} of ${production.url} has no default, so callers pass baseUrl. Fix: give it a default.`,
    );
    return null;
  }
  return url.replace(/\/+$/, '');
}

/**
 * One fact per operation sending an idempotency header: marked, or recognised by name (promising no replays).
 * @param {Record<string, any>} bundle @param {string} api @param {string[]} gaps @param {Suggest} suggest
 */
function readIdempotency(bundle, api, gaps, suggest) {
  /** @type {VendorFacts['idempotency']} */
  const facts = [];
  const recognised = IDEMPOTENCY_HEADERS.map((name) => name.toLowerCase());
  const reported = new Set();
  for (const op of operations(bundle)) {
    if (op.kind !== 'path') continue;
    const itemPointer = op.pointer.replace(/\/[^/]+$/, '');
    /** @type {Map<string, { node: any, pointer: string, inline: boolean }>} the operation's wins over the path's */
    const parameters = new Map();
    for (const [list, base] of [
      [op.pathItem.parameters, `${itemPointer}/parameters`],
      [op.operation.parameters, `${op.pointer}/parameters`],
    ]) {
      for (const [i, raw] of (Array.isArray(list) ? list : []).entries()) {
        const at = resolve(bundle, raw, `${base}/${i}`);
        if (!at || !isObject(at.node)) continue;
        const inline = at.pointer === `${base}/${i}`;
        parameters.set(`${at.node.in}:${String(at.node.name).toLowerCase()}`, { ...at, inline });
      }
    }
    const where = `${op.method.toUpperCase()} ${op.path}`;
    /** @type {VendorFacts['idempotency'][number] | undefined} */
    let chosen;
    let chosenTarget = '';
    for (const { node, pointer, inline } of parameters.values()) {
      const name = String(node.name);
      const mark = node['x-paykit-idempotency-key'];
      const base = {
        path: op.path,
        method: op.method.toUpperCase(),
        operationId: op.operation.operationId,
        header: name,
      };
      const maxLength = resolve(bundle, node.schema ?? {}, `${pointer}/schema`)?.node?.maxLength;
      const limit = typeof maxLength === 'number' ? maxLength : DEFAULT_IDEMPOTENCY_KEY_MAX_LENGTH;
      // An inline parameter is targeted by name: an index would point elsewhere once the vendor adds a parameter.
      const target = inline
        ? `${pointerToJsonPath(pointer.replace(/\/\d+$/, ''))}[?(@.name == '${name.replaceAll("'", "\\'")}')]`
        : pointer;
      if (mark !== undefined) {
        if (node.in !== 'header' || !isObject(mark) || typeof mark.replays !== 'boolean') {
          if (!reported.has(pointer))
            gaps.push(
              `${api}: x-paykit-idempotency-key at ${pointer} must sit on a header parameter and say { replays: true | false }; ignored. Fix: write it so.`,
            );
          reported.add(pointer);
          continue;
        }
        if (chosen?.source === 'mark') {
          gaps.push(`${api}: ${where} marks two idempotency headers; ${chosen.header} is used. Fix: mark one.`);
          continue;
        }
        chosen = { ...base, maxLength: limit, replays: mark.replays, pointer, source: 'mark' };
      } else if (node.in === 'header' && recognised.includes(name.toLowerCase())) {
        if (chosen) continue;
        const reason = `header ${name} is a known idempotency header; the document promises no replays`;
        chosen = { ...base, maxLength: limit, replays: false, pointer, source: 'inferred', reason };
        chosenTarget = target;
      } else if (node.in === 'header' && /idempotency/i.test(name) && !reported.has(pointer)) {
        reported.add(pointer);
        gaps.push(
          `${api}: header ${name} (${pointer}) looks like an idempotency key but is not one paykit recognises, so the client sends none. Fix: add x-paykit-idempotency-key: { replays: true | false } to it.`,
        );
      }
    }
    if (!chosen) continue;
    facts.push(chosen);
    if (chosen.source === 'inferred') {
      suggest(chosenTarget, { 'x-paykit-idempotency-key': { replays: false } }, /** @type {string} */ (chosen.reason));
    }
  }
  return facts;
}

/**
 * Every 4xx/5xx/default JSON response schema, most used first: [{ node, pointer }, uses].
 * @param {Record<string, any>} bundle
 * @returns {Array<[{ node: any, pointer: string }, number]>}
 */
function errorSchemas(bundle) {
  /** @type {Map<string, [{ node: any, pointer: string }, number]>} */
  const counts = new Map();
  for (const op of operations(bundle)) {
    for (const [status, raw] of Object.entries(op.operation.responses ?? {})) {
      if (!/^(4|5|default$)/i.test(status)) continue;
      const response = resolve(bundle, raw, `${op.pointer}/responses/${escapeToken(status)}`);
      for (const [mediaType, media] of Object.entries(response?.node?.content ?? {})) {
        if (!/json/i.test(mediaType) || !media?.schema) continue;
        const at = resolve(bundle, media.schema, `${response?.pointer}/content/${escapeToken(mediaType)}/schema`);
        if (!at) continue;
        const entry = counts.get(at.pointer) ?? [at, 0];
        entry[1]++;
        counts.set(at.pointer, entry);
      }
    }
  }
  return [...counts.values()].sort((a, b) => b[1] - a[1]);
}

/**
 * Where the machine code sits in the error body.
 * @param {Record<string, any>} bundle @param {ReturnType<typeof errorSchemas>} bodies the error schemas, most used first
 * @param {string} api @param {string[]} gaps @param {Suggest} suggest
 * @returns {VendorFacts['errorCode']}
 */
function readErrorCode(bundle, bodies, api, gaps, suggest) {
  const body = bodies[0]?.[0];
  // 1. A location string on an error body schema, or on the root.
  for (const [at] of bodies) {
    const location = parseLocation(at.node?.['x-paykit-error-code']);
    if (location) return { location, text: formatLocation(location), schema: at.pointer, source: 'mark' };
  }
  const rootMark = bundle['x-paykit-error-code'];
  if (rootMark !== undefined) {
    const location = parseLocation(rootMark);
    if (location) return { location, text: formatLocation(location), schema: body?.pointer ?? null, source: 'mark' };
    gaps.push(
      `${api}: x-paykit-error-code on the root is ${JSON.stringify(rootMark)}, not a location such as error.code; ignored. Fix: write the location.`,
    );
  }
  // 2. `x-paykit-error-code: true` on a property: its place in the error body, else that property of its owner.
  const marked = markedProperties(bundle, 'x-paykit-error-code');
  if (marked.length > 1)
    gaps.push(
      `${api}: ${marked.length} properties are marked x-paykit-error-code (${marked.map((m) => m.pointer).join(', ')}); the first is used. Fix: mark one.`,
    );
  const [first] = marked;
  if (first) {
    for (const [at] of bodies) {
      const location = findProperty(bundle, at, (pointer) => pointer === first.pointer);
      if (location) return { location, text: formatLocation(location), schema: at.pointer, source: 'mark' };
    }
    return { location: [first.name], text: first.name, schema: first.owner, source: 'mark' };
  }
  // 3. Inferred from the most used error body.
  if (!body) {
    gaps.push(
      `${api}: no 4xx/5xx response declares a JSON body, so errors carry their status and body but no code. Fix: if the vendor documents one, declare its error schema.`,
    );
    return null;
  }
  const location = findProperty(bundle, body, (_pointer, name, node) => CODE_NAMES.includes(name) && isString(node));
  if (!location) {
    gaps.push(
      `${api}: the error body ${body.pointer} has no string property named ${CODE_NAMES.join(', ')} (top level, under error, or in errors[]), so errors carry no code. Fix: add x-paykit-error-code: <location> to it.`,
    );
    return null;
  }
  const text = formatLocation(location);
  const reason = `${text} is a string code property of the most used error body ${body.pointer}`;
  suggest(body.pointer, { 'x-paykit-error-code': text }, reason);
  return { location, text, schema: body.pointer, source: 'inferred', reason };
}

/**
 * The first location in `body` whose property matches: top level, then under `error`, then in `errors[0]`.
 * @param {Record<string, any>} bundle @param {{ node: any, pointer: string }} body
 * @param {(pointer: string, name: string, node: any) => boolean} matches
 * @returns {Array<string | number> | undefined}
 */
function findProperty(bundle, body, matches) {
  /** @type {Array<Array<string | number>>} */
  const prefixes = [[], ['error'], ['errors', 0]];
  for (const prefix of prefixes) {
    const parent = prefix.length ? schemaAt(bundle, body, prefix) : resolve(bundle, body.node, body.pointer);
    if (!parent) continue;
    for (const name of Object.keys(collectProperties(bundle, parent))) {
      const at = property(bundle, parent.node, parent.pointer, name);
      const resolved = at && resolve(bundle, at.node, at.pointer);
      if (
        at &&
        (matches(at.pointer, name, resolved?.node) || (resolved && matches(resolved.pointer, name, resolved.node)))
      )
        return [...prefix, name];
    }
  }
  return undefined;
}

/** The property names of a schema, `allOf` parts included. @param {Record<string, any>} bundle @param {{ node: any, pointer: string }} at */
function collectProperties(bundle, at, depth = 0) {
  /** @type {Record<string, true>} */
  const names = {};
  if (!isObject(at.node) || depth > 8) return names;
  for (const name of Object.keys(at.node.properties ?? {})) names[name] = true;
  for (const [i, part] of (at.node.allOf ?? []).entries()) {
    const resolved = resolve(bundle, part, `${at.pointer}/allOf/${i}`);
    if (resolved) Object.assign(names, collectProperties(bundle, resolved, depth + 1));
  }
  return names;
}

/**
 * Every property schema in the document carrying `extension` (any value), with its name, pointer and owning
 * component schema (null outside components).
 * @param {Record<string, any>} bundle @param {string} extension
 */
function markedProperties(bundle, extension) {
  /** @type {Array<{ name: string, pointer: string, owner: string | null, value: unknown, node: any }>} */
  const found = [];
  eachProperty(bundle, (name, node, pointer, owner) => {
    if (node[extension] !== undefined) found.push({ name, pointer, owner, value: node[extension], node });
  });
  return found;
}

/**
 * Calls `visit` for every property schema of every schema in the document (examples skipped).
 * @param {Record<string, any>} bundle
 * @param {(name: string, node: any, pointer: string, owner: string | null) => void} visit
 */
function eachProperty(bundle, visit) {
  /** @param {any} node @param {string} pointer @param {string | null} owner */
  const walk = (node, pointer, owner) => {
    if (!node || typeof node !== 'object') return;
    if (isObject(node.properties)) {
      for (const [name, child] of Object.entries(node.properties)) {
        if (isObject(child)) visit(name, child, `${pointer}/properties/${escapeToken(name)}`, owner);
      }
    }
    for (const [key, child] of Object.entries(node)) {
      if (key === 'examples' || key === 'example' || !child || typeof child !== 'object') continue;
      const childPointer = `${pointer}/${escapeToken(key)}`;
      const childOwner = owner ?? (/^#\/components\/schemas\/[^/]+$/.test(childPointer) ? childPointer : null);
      walk(child, childPointer, childOwner);
    }
  };
  walk(bundle, '#', null);
}

/**
 * Marked secrets (`x-paykit-secret: true`), plus string properties named like a secret unless marked `false`.
 * @param {Record<string, any>} bundle @param {Suggest} suggest
 */
function readSecrets(bundle, suggest) {
  /** @type {VendorFacts['secrets']} */
  const facts = [];
  eachProperty(bundle, (name, node, pointer) => {
    const mark = node['x-paykit-secret'];
    if (mark === true) facts.push({ field: name, pointer, source: 'mark' });
    if (mark !== undefined) return;
    const normalised = name.replace(/[-_]/g, '').toLowerCase();
    if (!SECRET_NAME.test(normalised) || NOT_SECRET_NAME.test(normalised)) return;
    const schema = resolve(bundle, node, pointer)?.node;
    if (!isString(schema)) return;
    const reason = `string property ${name} is named like a secret`;
    facts.push({ field: name, pointer, source: 'inferred', reason });
    suggest(pointer, { 'x-paykit-secret': true }, reason);
  });
  return facts;
}

/**
 * The status each security scheme's refusal carries: the mark, else 401 (the HTTP convention).
 * @param {Record<string, any>} bundle @param {string} api @param {string[]} gaps @param {Suggest} suggest
 */
function readRefusalStatus(bundle, api, gaps, suggest) {
  /** @type {Record<string, 401 | 403>} */
  const statuses = {};
  for (const [name, raw] of Object.entries(bundle.components?.securitySchemes ?? {})) {
    const at = resolve(bundle, raw, `#/components/securitySchemes/${escapeToken(name)}`);
    const mark = at?.node?.['x-paykit-refusal-status'];
    if (mark === 401 || mark === 403) {
      statuses[name] = mark;
      continue;
    }
    if (mark !== undefined)
      gaps.push(
        `${api}: x-paykit-refusal-status of ${name} is ${JSON.stringify(mark)}, not 401 or 403; 401 is used. Fix: write 401 or 403.`,
      );
    statuses[name] = 401;
    if (at)
      suggest(
        at.pointer,
        { 'x-paykit-refusal-status': 401 },
        `no status documented for ${name}'s refusals: 401, the HTTP convention for missing credentials`,
      );
  }
  return statuses;
}
