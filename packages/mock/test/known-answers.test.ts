import { readFileSync } from 'node:fs';
import { apis, bundlePath } from '@paykit/spec';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../src/engine/engine.js';
import type { MockRequest } from '../src/engine/hook.js';
import { dummyCredentials } from './support/callers.js';
import { responseCases, type ResponseCase } from './support/contract-cases.js';

// The engine keeps Prism's static answer to a valid request and answers the next such request (same operation,
// forced choices and Accept) with it, Prism only validating that one (engine/engine.ts, `knownAnswers`). Whether an
// answer was known must change nothing: every request below is answered the same in either order, on a fresh engine
// each, so each is once asked of Prism with nothing known and once after requests of its kind were answered.

const stateless = { dynamic: false, seed: undefined, plugin: undefined, onWarning: () => {} };

/** The requests of one response case: as the contract test sends it, then valid and broken variants of it. */
function variants(c: ResponseCase, credentials: Record<string, string>): MockRequest[] {
  const path = c.path.replace(/\{([^}]+)\}/g, (_, name: string) =>
    encodeURIComponent(c.input.pathParams[name] ?? name),
  );
  const body = c.input.body === undefined ? undefined : JSON.stringify(c.input.body);
  const request = (headers: Record<string, string>, text = body): MockRequest => {
    const rawBody = Buffer.from(text ?? '');
    const withBody = text === undefined ? {} : { 'content-type': c.input.mediaType ?? 'application/json' };
    const all = { ...withBody, ...headers };
    const json = text !== undefined && all['content-type'] === 'application/json';
    return {
      method: c.method.toUpperCase(),
      url: new URL(`http://127.0.0.1${path}`),
      headers: all,
      rawBody,
      body: json ? JSON.parse(text) : undefined,
      note: {},
    };
  };
  const prefer = c.example ? `code=${c.status}, example=${c.example.name}` : `code=${c.status}`;
  return [
    request({ ...credentials, prefer }),
    request(credentials),
    request({ ...credentials, 'x-request-id': 'another' }),
    request({}),
    request({ ...credentials, accept: 'text/plain' }),
    request({ ...credentials, accept: 'application/xml, application/json;q=0.5' }),
    ...(body === undefined ? [] : [request(credentials, '{"unexpected":[1]}'), request(credentials, '[]')]),
  ];
}

async function answers(api: string, requests: MockRequest[]): Promise<unknown[]> {
  const engine = await createEngine(bundlePath(api as never), { api, ...stateless });
  const out: unknown[] = [];
  for (const request of requests) {
    const { status, headers, body } = await engine.handle({ ...request, note: {} });
    out.push({ status, headers, body });
  }
  return out;
}

describe.each(apis)('known answers (%s)', (api) => {
  it('answer every request as Prism does with nothing known, whatever came before', async () => {
    const bundle = JSON.parse(readFileSync(bundlePath(api), 'utf8'));
    const credentials = Object.fromEntries(
      Object.entries(dummyCredentials(bundle)).map(([name, value]) => [name.toLowerCase(), value]),
    );
    const requests = responseCases(api, bundle).flatMap((c) => variants(c, credentials));
    const forward = await answers(api, requests);
    const backward = (await answers(api, [...requests].reverse())).reverse();
    expect(requests.length).toBeGreaterThan(100);
    for (const [index, request] of requests.entries()) {
      const what = `${request.method} ${request.url.pathname} ${JSON.stringify(request.headers)} ${request.rawBody}`;
      expect(forward[index], what).toEqual(backward[index]);
    }
  });
});
