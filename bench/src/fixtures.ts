import { readFileSync } from 'node:fs';
import { bundlePath, type ApiName } from '@paykit/spec';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function resolveRef(doc: Json, node: Json): Json {
  if (node && typeof node === 'object' && !Array.isArray(node) && typeof node['$ref'] === 'string') {
    const ref = node['$ref'];
    if (!ref.startsWith('#/')) throw new Error(`unsupported $ref ${ref} in the bundled spec`);
    let target: Json = doc;
    for (const raw of ref.slice(2).split('/')) {
      const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      if (!target || typeof target !== 'object' || Array.isArray(target)) throw new Error(`unresolvable $ref ${ref}`);
      target = target[key] ?? null;
    }
    return resolveRef(doc, target);
  }
  return node;
}

function child(doc: Json, node: Json, key: string): Json {
  const resolved = resolveRef(doc, node);
  if (!resolved || typeof resolved !== 'object' || Array.isArray(resolved)) return null;
  return resolveRef(doc, resolved[key] ?? null);
}

const bundles = new Map<ApiName, Json>();

function loadBundle(api: ApiName): Json {
  let doc = bundles.get(api);
  if (doc === undefined) {
    doc = JSON.parse(readFileSync(bundlePath(api), 'utf8')) as Json;
    bundles.set(api, doc);
  }
  return doc;
}

function firstExample(doc: Json, media: Json): Json {
  const examples = child(doc, media, 'examples');
  const first = examples && typeof examples === 'object' && !Array.isArray(examples) ? Object.values(examples)[0] : null;
  return first ? child(doc, first, 'value') : child(doc, media, 'example');
}

export interface Fixture {
  status: number;
  body: Json;
}

/**
 * The first success status of an operation and its first named example, taken from the bundled spec, so benchmarks
 * serve the same bodies the mock and the client's users see.
 */
export function successExample(api: ApiName, method: 'get' | 'post', path: string): Fixture {
  const doc = loadBundle(api);
  const operation = child(doc, child(doc, child(doc, doc, 'paths'), path), method);
  const responses = child(doc, operation, 'responses');
  if (!responses || typeof responses !== 'object' || Array.isArray(responses)) {
    throw new Error(`${api}: no responses for ${method.toUpperCase()} ${path} in the bundled spec`);
  }
  const status = Object.keys(responses).find((code) => /^2\d\d$/.test(code));
  if (!status) throw new Error(`${api}: no success response for ${method.toUpperCase()} ${path}`);
  const media = child(doc, child(doc, responses[status] ?? null, 'content'), 'application/json');
  const body = firstExample(doc, media);
  if (body === null) throw new Error(`${api}: no example for ${method.toUpperCase()} ${path} ${status}`);
  return { status: Number(status), body };
}

/** The first named example of an operation's JSON request body. */
export function requestExample(api: ApiName, path: string): Json {
  const doc = loadBundle(api);
  const operation = child(doc, child(doc, child(doc, doc, 'paths'), path), 'post');
  const media = child(doc, child(doc, child(doc, operation, 'requestBody'), 'content'), 'application/json');
  const body = firstExample(doc, media);
  if (body === null) throw new Error(`${api}: no request example for POST ${path}`);
  return body;
}
