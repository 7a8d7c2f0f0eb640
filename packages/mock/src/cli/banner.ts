import { namedExamples, operations, resolveRef } from '@paykit/spec/examples';
import { FAULTS, type DelayRange, type Rates } from '../front-door/chaos.js';
import { sandboxBanner } from '../sandbox/index.js';
import type { WebhookSettings } from '../sandbox/webhooks.js';

/** A node of the bundled JSON document, read by key. */
interface Node {
  readonly [key: string]: Node | undefined;
}

/** The node a `$ref` points to (the bundle is Redocly's, every reference resolves). */
const resolve = (document: Node, node: Node | undefined): Node | undefined =>
  node === undefined ? undefined : (resolveRef(document, node).node as Node);

function exampleOf(document: Node, parameter: Node): string {
  const examples = Object.values((parameter['examples'] ?? {}) as Node).map(
    (example) => resolve(document, example as Node)?.['value'],
  );
  const value =
    parameter['example'] ?? examples[0] ?? parameter['schema']?.['example'] ?? parameter['schema']?.['examples']?.[0];
  return value === undefined ? 'example' : String(value);
}

/** Credentials in the form the scheme declares, with a dummy value (the mock checks only that they are there). */
function credentialArgs(document: Node, operation: Node): string {
  const requirement = ((operation['security'] ?? document['security'] ?? []) as Node[])[0] ?? {};
  const name = Object.keys(requirement)[0];
  const scheme = name ? resolve(document, document['components']?.['securitySchemes']?.[name]) : undefined;
  if (String(scheme?.['type']) === 'apiKey' && String(scheme?.['in']) === 'header')
    return ` -H '${String(scheme?.['name'])}: dummy-key'`;
  if (String(scheme?.['type']) === 'http' && String(scheme?.['scheme']) === 'basic') return ' -u dummy-key:';
  if (String(scheme?.['type']) === 'http') return ` -H 'Authorization: Bearer dummy-key'`;
  return '';
}

/** A ready-to-paste call of the API's first read (or else first operation that needs no body). */
export function sampleCurl(document: Node, baseUrl: string): string | undefined {
  const candidates = [...operations(document)].filter((candidate) => candidate.kind === 'path');
  const chosen =
    candidates.find((candidate) => candidate.method === 'get') ??
    candidates.find((candidate) => !resolve(document, candidate.operation['requestBody'])?.['required']);
  if (!chosen) return undefined;
  const parameters = [...(chosen.pathItem['parameters'] ?? []), ...(chosen.operation['parameters'] ?? [])]
    .map((parameter: Node) => resolve(document, parameter))
    .filter((parameter): parameter is Node => String(parameter?.['in']) === 'path');
  let path = chosen.path;
  for (const parameter of parameters)
    path = path.replace(`{${parameter['name']}}`, encodeURIComponent(exampleOf(document, parameter)));
  const method = chosen.method === 'get' ? '' : ` -X ${chosen.method.toUpperCase()}`;
  return `curl -s${method} ${baseUrl}${path}${credentialArgs(document, chosen.operation)}`;
}

/**
 * For a sandbox: a ready-to-paste create (the first POST without path parameters whose JSON body the spec
 * exemplifies), as an example id means nothing to a sandbox until something is created.
 */
export function sandboxCurl(document: Node, baseUrl: string): string | undefined {
  for (const { kind, method, path, operation } of operations(document)) {
    if (kind !== 'path' || method !== 'post' || path.includes('{')) continue;
    const media = resolve(document, operation['requestBody'])?.['content']?.['application/json'] as Node | undefined;
    const named = Object.values((media?.['examples'] ?? {}) as Node).map(
      (example) => resolve(document, example as Node)?.['value'],
    );
    const example = media?.['example'] ?? named[0];
    if (example === undefined) continue;
    const body = JSON.stringify(example);
    if (body.includes("'")) continue;
    return `curl -s -X POST ${baseUrl}${path}${credentialArgs(document, operation)} -H 'Content-Type: application/json' -d '${body}'`;
  }
  return undefined;
}

/** The names `Prefer: example=…` can pick: the named response examples of the bundle's operations. */
function exampleNames(document: Node): string[] {
  const names = new Set<string>();
  for (const example of namedExamples(document)) {
    if (example.kind === 'path' && example.in === 'response') names.add(example.name);
  }
  return [...names].sort();
}

function describeDelay(delay: DelayRange | undefined): string {
  if (delay === undefined || delay.max === 0) return 'no delay';
  return delay.min === delay.max ? `${delay.min} ms delay` : `${delay.min}-${delay.max} ms delay`;
}

function describeFaults(faults: Rates): string {
  const parts = FAULTS.filter((fault) => faults[fault] > 0).map((fault) => `${fault} at rate ${faults[fault]}`);
  return parts.length ? parts.join(', ') : 'no faults';
}

export interface BannerMock {
  api: string;
  url: string;
  document: Record<string, unknown>;
  /** The mock's sandbox, when it has one: whether its vendor sends webhooks, where its hosted pages redirect. */
  sandbox?: { sendsWebhooks: boolean; redirectOrigin?: string | undefined };
}

/** The bundled document of a mock, read by key. */
const doc = (mock: BannerMock): Node => mock.document as Node;

export interface BannerInput {
  mocks: BannerMock[];
  delay: DelayRange | undefined;
  faults: Rates;
  dynamic: boolean;
  watching: boolean;
  /** The sandbox's webhook settings (receivers; the secret is never printed). */
  webhooks?: WebhookSettings;
}

/** What `pnpm mock` prints once every mock answers. */
export function banner({ mocks, delay, faults, dynamic, watching, webhooks }: BannerInput): string {
  const sandboxes = mocks.filter((mock) => mock.sandbox);
  const bodies = `${sandboxes.length > 0 ? 'stateful sandbox, else ' : ''}${dynamic ? 'dynamic bodies' : 'spec examples'}`;
  const title = (mock: BannerMock): string => String(doc(mock)['info']?.['title'] ?? mock.api);
  const width = Math.max(...mocks.map((mock) => title(mock).length)) + 2;
  const lines = [
    '',
    `paykit mocks are up (Prism's engine, ${bodies}; ${describeDelay(delay)}, ${describeFaults(faults)})`,
    '',
  ];
  for (const mock of mocks) lines.push(`  ${title(mock).padEnd(width)} ${mock.url}`);
  lines.push('', 'Try them (any key works: the mock only checks that one is sent):');
  for (const mock of mocks) {
    const curl = (mock.sandbox && sandboxCurl(doc(mock), mock.url)) || sampleCurl(doc(mock), mock.url);
    if (curl) lines.push(`  ${curl}`);
  }
  if (sandboxes.length > 0) {
    lines.push(
      '',
      'Sandbox (state in memory; --stateless for examples only): what you create is what you get back; an id it',
      "did not create gets the vendor's 404 (-H 'Prefer: code=200' still answers with the spec's example).",
    );
    for (const mock of sandboxes) {
      lines.push(
        `  ${title(mock)}`,
        ...sandboxBanner(mock.url, webhooks, mock.sandbox!.sendsWebhooks, mock.sandbox!.redirectOrigin),
      );
    }
  }
  lines.push(
    '',
    'Choose the answer with the Prefer header:',
    "  -H 'Prefer: example=<name>'       a named example from the spec",
    "  -H 'Prefer: code=404'             a status the operation declares",
    "  -H 'Prefer: code=200, example=<name>'",
  );
  for (const mock of mocks) lines.push(`  ${title(mock)} examples: ${exampleNames(doc(mock)).join(', ') || '(none)'}`);
  lines.push(
    '',
    'See the app under a slow or failing vendor (per request; PAYKIT_MOCK_DELAY / PAYKIT_MOCK_FAULTS for all):',
    "  -H 'X-Mock-Delay: 800'            wait 800 ms first ('200-1500': random in range; '0': none)",
    "  -H 'X-Mock-Fault: 503'            inject a fault ('429=0.3,503=0.1' for rates; 'none' for none):",
    "      429, 500, 502, 503, 504       that status: the spec's own answer when the operation declares it",
    '      reset                         connection destroyed before any answer',
    '      lost                          the operation runs, then the connection is cut before the answer',
    '',
    watching
      ? 'Watching the spec: saving a spec file re-lints and re-bundles it, and the mock switches to it at once (a spec that does not validate keeps the last good one).'
      : 'Not watching the spec (--no-watch).',
    'Each request is printed below as one line: method, path, status, latency, idempotency key, replay, session',
    '(--quiet stops it; the dashboard keeps them).',
    'Ctrl-C stops them.',
    '',
  );
  return lines.join('\n');
}
