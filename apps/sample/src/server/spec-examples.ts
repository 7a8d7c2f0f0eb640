import { readFileSync } from 'node:fs';
import { bundlePath, type ApiName } from '@paykit/spec';
import { namedExamples, operations } from '@paykit/spec/examples';
import type { MockScenario } from './views.js';

/**
 * Reads named examples out of the bundled specs, so the dev tools offer exactly what the mock can serve and
 * the webhook simulator posts the spec's own payloads, never hand-copied ones.
 */

type JsonObject = Record<string, unknown>;

export interface WebhookExample {
  /** `<event type>/<example name>`: unique across the spec's webhooks. */
  key: string;
  type: string;
  payload: JsonObject;
}

const cache = new Map<ApiName, JsonObject>();

function loadBundle(api: ApiName): JsonObject {
  let bundle = cache.get(api);
  if (!bundle) {
    const path = bundlePath(api);
    try {
      bundle = JSON.parse(readFileSync(path, 'utf8')) as JsonObject;
    } catch (cause) {
      throw new Error(`Cannot read the ${api} spec bundle at ${path}; run \`pnpm bundle\` first`, { cause });
    }
    cache.set(api, bundle);
  }
  return bundle;
}

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every named JSON response example the mock can be asked for (`Prefer: code, example`), per operationId. */
export function mockScenarios(api: ApiName): Record<string, MockScenario[]> {
  const bundle = loadBundle(api);
  const result: Record<string, MockScenario[]> = {};
  for (const { kind, operation } of operations(bundle)) {
    if (kind === 'path' && typeof operation['operationId'] === 'string') result[operation['operationId']] = [];
  }
  for (const example of namedExamples(bundle)) {
    // `Prefer: code=` takes a status code, so ranges (`4XX`) and `default` cannot be asked for.
    if (example.kind !== 'path' || example.in !== 'response' || example.mediaType !== 'application/json') continue;
    if (!/^\d{3}$/.test(example.status ?? '')) continue;
    result[example.operationId]?.push({ status: Number(example.status), example: example.name });
  }
  return result;
}

/** Every named example of every webhook in the spec's OpenAPI 3.1 `webhooks` section. */
export function webhookExamples(api: ApiName = 'ten99policy'): WebhookExample[] {
  const found: WebhookExample[] = [];
  for (const example of namedExamples(loadBundle(api))) {
    if (example.kind !== 'webhook' || example.in !== 'requestBody' || example.mediaType !== 'application/json')
      continue;
    const payload = example.value;
    if (!isObject(payload)) continue;
    const type = typeof payload['type'] === 'string' ? payload['type'] : example.path;
    found.push({ key: `${type}/${example.name}`, type, payload });
  }
  return found;
}
