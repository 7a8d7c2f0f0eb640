import { isDeepStrictEqual } from 'node:util';
import type { Callers, Scenario } from './scenarios.js';

interface SentRequest {
  method: string;
  url: string;
  headerNames: string[];
  body: unknown;
}

async function describe(input: RequestInfo | URL, init?: RequestInit): Promise<SentRequest> {
  const request = new Request(input, init);
  const text = await request.text();
  return {
    method: request.method,
    url: request.url,
    headerNames: [...request.headers.keys()].sort(),
    body: text ? JSON.parse(text) : undefined,
  };
}

/**
 * Before timing anything, sends one call per caller through a recording stub and checks that all three put the
 * same request on the wire and get the same data back; otherwise the comparison would not be like for like.
 * Returns the headers the paykit client adds beyond the baselines, for the record.
 */
export async function checkEquivalence(scenario: Scenario): Promise<{ extraPaykitHeaders: string[] }> {
  const sent: Partial<Record<keyof Callers, SentRequest>> = {};
  const received: Partial<Record<keyof Callers, unknown>> = {};
  let current: keyof Callers = 'paykit';
  const recording: typeof fetch = async (input, init) => {
    sent[current] = await describe(input, init);
    return new Response(JSON.stringify(scenario.response.body), {
      status: scenario.response.status,
      headers: { 'content-type': 'application/json' },
    });
  };
  const callers = scenario.callers({ baseUrl: 'http://127.0.0.1:9', fetch: recording });
  for (const name of ['paykit', 'openapiFetch', 'rawFetch'] as const) {
    current = name;
    received[name] = await callers[name]();
  }
  const { paykit, openapiFetch, rawFetch } = sent;
  if (!paykit || !openapiFetch || !rawFetch) throw new Error(`${scenario.label}: a caller sent no request`);
  for (const [name, other] of [
    ['openapi-fetch', openapiFetch],
    ['raw fetch', rawFetch],
  ] as const) {
    if (other.method !== paykit.method || other.url !== paykit.url || !isDeepStrictEqual(other.body, paykit.body)) {
      throw new Error(`${scenario.label}: ${name} sends ${JSON.stringify(other)}, paykit ${JSON.stringify(paykit)}`);
    }
    const missing = other.headerNames.filter((h) => !paykit.headerNames.includes(h));
    if (missing.length > 0)
      throw new Error(`${scenario.label}: paykit omits header(s) ${missing.join(', ')} that ${name} sends`);
  }
  for (const name of ['openapiFetch', 'rawFetch'] as const) {
    if (!isDeepStrictEqual(received[name], received.paykit)) {
      throw new Error(`${scenario.label}: ${name} returned other data than paykit`);
    }
  }
  return { extraPaykitHeaders: paykit.headerNames.filter((h) => !rawFetch.headerNames.includes(h)) };
}
