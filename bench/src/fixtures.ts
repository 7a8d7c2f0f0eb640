import { readFileSync } from 'node:fs';
import { bundlePath, type ApiName } from '@paykit/spec';
import { namedExamples, operations, resolveRef } from '@paykit/spec/examples';

type Bundle = Record<string, any>;
type Method = 'get' | 'post';

const bundles = new Map<ApiName, Bundle>();

function loadBundle(api: ApiName): Bundle {
  let bundle = bundles.get(api);
  if (bundle === undefined) {
    bundle = JSON.parse(readFileSync(bundlePath(api), 'utf8')) as Bundle;
    bundles.set(api, bundle);
  }
  return bundle;
}

function findOperation(api: ApiName, method: Method, path: string) {
  for (const op of operations(loadBundle(api))) {
    if (op.kind === 'path' && op.method === method && op.path === path) return op;
  }
  throw new Error(`${api}: no ${method.toUpperCase()} ${path} in the bundled spec`);
}

/** The first named JSON example of a request body or of one response, in spec order (the one Prism serves first). */
function firstExample(
  api: ApiName,
  method: Method,
  path: string,
  where: 'requestBody' | 'response',
  status?: string,
): unknown {
  for (const example of namedExamples(loadBundle(api))) {
    if (example.kind !== 'path' || example.method !== method || example.path !== path || example.in !== where) continue;
    if (example.mediaType === 'application/json' && example.status === status) return example.value;
  }
  const what = where === 'response' ? `${status} response` : 'request body';
  throw new Error(`${api}: no named JSON example for the ${what} of ${method.toUpperCase()} ${path}`);
}

export interface Fixture {
  status: number;
  body: unknown;
}

/**
 * The first success status of an operation and its first named example, taken from the bundled spec, so benchmarks
 * serve the same bodies the mock and the client's users see.
 */
export function successExample(api: ApiName, method: Method, path: string): Fixture {
  const bundle = loadBundle(api);
  const op = findOperation(api, method, path);
  const responses = resolveRef<Record<string, unknown> | undefined>(bundle, op.operation['responses']).node ?? {};
  const status = Object.keys(responses).find((code) => /^2\d\d$/.test(code));
  if (!status) throw new Error(`${api}: no success response for ${method.toUpperCase()} ${path}`);
  return { status: Number(status), body: firstExample(api, method, path, 'response', status) };
}

/** The first named example of an operation's JSON request body. */
export function requestExample(api: ApiName, path: string): unknown {
  findOperation(api, 'post', path);
  return firstExample(api, 'post', path, 'requestBody');
}
