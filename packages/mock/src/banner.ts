import { readFileSync } from 'node:fs';
import { bundlePath, type ApiName } from '@paykit/spec';
import { namedExamples } from '@paykit/spec/examples';
import type { DelayRange, Rates } from './chaos.js';

export const API_TITLES: Record<ApiName, string> = { connect: 'Telness Connect', ten99policy: '1099Policy' };

export interface SampleCall {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
}

/** One ready-to-paste call per vendor: the seed operations, with a dummy key (the mock accepts any key). */
export const SAMPLE_CALLS: Record<ApiName, SampleCall> = {
  connect: {
    method: 'GET',
    path: '/payment-sessions/d2e3f4a5-b6c7-8901-2345-012345678901',
    headers: { 'X-API-Key': 'dummy-key' },
  },
  ten99policy: {
    method: 'POST',
    path: '/api/v1/payment/sessions/hps_dummy/cancel',
    headers: { Authorization: 'Bearer t9k_test_dummy' },
  },
};

export function curlFor(api: ApiName, baseUrl: string): string {
  const { method, path, headers } = SAMPLE_CALLS[api];
  const headerArgs = Object.entries(headers).map(([name, value]) => ` -H '${name}: ${value}'`);
  return `curl -s${method === 'GET' ? '' : ` -X ${method}`} ${baseUrl}${path}${headerArgs.join('')}`;
}

/** The names `Prefer: example=…` can pick: the named response examples of the bundle's operations. */
function exampleNames(bundle: Record<string, unknown>): string[] {
  const names = new Set<string>();
  for (const example of namedExamples(bundle)) {
    if (example.kind === 'path' && example.in === 'response') names.add(example.name);
  }
  return [...names].sort();
}

function describeDelay(delay: DelayRange | undefined): string {
  if (delay === undefined || delay.max === 0) return 'no delay';
  return delay.min === delay.max ? `${delay.min} ms delay` : `${delay.min}-${delay.max} ms delay`;
}

function describeFaults(faults: Rates): string {
  const parts = ([429, 503] as const).filter((status) => faults[status] > 0).map((s) => `${s} at rate ${faults[s]}`);
  return parts.length ? parts.join(', ') : 'no faults';
}

export interface BannerInput {
  urls: Record<ApiName, string>;
  delay: DelayRange | undefined;
  faults: Rates;
  dynamic: boolean;
  watching: boolean;
}

/** What `pnpm mock` prints once both mocks answer. */
export function banner({ urls, delay, faults, dynamic, watching }: BannerInput): string {
  const apis = Object.keys(urls) as ApiName[];
  const bodies = dynamic ? 'dynamic bodies' : 'spec examples';
  const lines = ['', `paykit mocks are up (Prism, ${bodies}; ${describeDelay(delay)}, ${describeFaults(faults)})`, ''];
  for (const api of apis) lines.push(`  ${API_TITLES[api].padEnd(16)} ${urls[api]}`);
  lines.push('', 'Try them (any key works: the mock only checks that one is sent):');
  for (const api of apis) lines.push(`  ${curlFor(api, urls[api])}`);
  lines.push(
    '',
    'Choose the answer with the Prefer header:',
    "  -H 'Prefer: example=<name>'       a named example from the spec",
    "  -H 'Prefer: code=404'             a status the operation declares",
    "  -H 'Prefer: code=200, example=<name>'",
  );
  for (const api of apis) {
    const names = exampleNames(JSON.parse(readFileSync(bundlePath(api), 'utf8')) as Record<string, unknown>);
    lines.push(`  ${API_TITLES[api]} examples: ${names.join(', ') || '(none)'}`);
  }
  lines.push(
    '',
    'See the app under a slow or failing vendor (per request; PAYKIT_MOCK_DELAY / PAYKIT_MOCK_FAULTS for all):',
    "  -H 'X-Mock-Delay: 800'            wait 800 ms first ('200-1500': random in range; '0': none)",
    "  -H 'X-Mock-Fault: 429'            answer 429 with Retry-After ('503', '429=0.3,503=0.1', 'none')",
    '',
    watching
      ? 'Watching spec/connect and spec/ten99policy: saving a spec file re-bundles it and restarts that mock.'
      : 'Not watching the spec (--no-watch).',
    'Ctrl-C stops both.',
    '',
  );
  return lines.join('\n');
}
