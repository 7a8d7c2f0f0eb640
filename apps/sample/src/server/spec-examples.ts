import { readFileSync } from 'node:fs';
import { bundlePath, type ApiName } from '@paykit/spec';
import type { MockScenario } from './views.js';

/**
 * Reads named examples out of the bundled specs, so the dev tools offer exactly what the mock can serve and
 * the webhook simulator posts the spec's own payloads, never hand-copied ones.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };


export interface WebhookExample {
  /** `<event type>/<example name>`: unique across the spec's webhooks. */
  key: string;
  type: string;
  summary?: string;
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

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Follows internal `$ref`s (`#/components/...`), which the bundler keeps. */
function deref(bundle: JsonObject, value: Json | undefined): Json | undefined {
  let current = value;
  for (let hops = 0; isObject(current) && typeof current['$ref'] === 'string'; hops++) {
    const ref = current['$ref'];
    if (hops > 20 || !ref.startsWith('#/')) throw new Error(`Unsupported $ref ${ref}`);
    current = ref
      .slice(2)
      .split('/')
      .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
      .reduce<Json | undefined>((node, key) => (isObject(node) ? node[key] : undefined), bundle);
  }
  return current;
}

function child(bundle: JsonObject, node: Json | undefined, ...keys: string[]): JsonObject | undefined {
  let current = deref(bundle, node);
  for (const key of keys) current = isObject(current) ? deref(bundle, current[key]) : undefined;
  return isObject(current) ? current : undefined;
}

function namedExamples(bundle: JsonObject, media: JsonObject | undefined): Array<[string, JsonObject]> {
  const examples = child(bundle, media, 'examples') ?? {};
  return Object.entries(examples).flatMap(([name, raw]) => {
    const example = deref(bundle, raw);
    return isObject(example) ? [[name, example] as [string, JsonObject]] : [];
  });
}

function summaryOf(example: JsonObject): { summary?: string } {
  return typeof example['summary'] === 'string' ? { summary: example['summary'] } : {};
}

/** Every named JSON response example, per operationId. */
export function mockScenarios(api: ApiName): Record<string, MockScenario[]> {
  const bundle = loadBundle(api);
  const result: Record<string, MockScenario[]> = {};
  for (const pathItem of Object.values(child(bundle, bundle, 'paths') ?? {})) {
    for (const operation of Object.values(isObject(pathItem) ? pathItem : {})) {
      if (!isObject(operation) || typeof operation['operationId'] !== 'string') continue;
      const scenarios: MockScenario[] = [];
      for (const [status, response] of Object.entries(child(bundle, operation, 'responses') ?? {})) {
        const media = child(bundle, response, 'content', 'application/json');
        for (const [example, value] of namedExamples(bundle, media)) {
          scenarios.push({ status: Number(status), example, ...summaryOf(value) });
        }
      }
      result[operation['operationId']] = scenarios;
    }
  }
  return result;
}

/** Every named example of every webhook in the spec's OpenAPI 3.1 `webhooks` section. */
export function webhookExamples(api: ApiName = 'ten99policy'): WebhookExample[] {
  const bundle = loadBundle(api);
  const found: WebhookExample[] = [];
  for (const [type, pathItem] of Object.entries(child(bundle, bundle, 'webhooks') ?? {})) {
    const media = child(bundle, pathItem, 'post', 'requestBody', 'content', 'application/json');
    for (const [name, example] of namedExamples(bundle, media)) {
      const payload = example['value'];
      if (!isObject(payload)) continue;
      const eventType = typeof payload['type'] === 'string' ? payload['type'] : type;
      found.push({ key: `${eventType}/${name}`, type: eventType, ...summaryOf(example), payload });
    }
  }
  return found;
}
