import createClient from 'openapi-fetch';
import { createConnectClient } from '@paykit/client/connect';
import { createTen99PolicyClient } from '@paykit/client/ten99policy';
import { requestExample, successExample, type Fixture } from '../fixtures.js';

export type Call = () => Promise<unknown>;

/** Where the callers send their requests: a stubbed fetch, or the global fetch against a loopback server. */
export interface CallTarget {
  baseUrl: string;
  fetch?: typeof fetch;
}

export interface Callers {
  /** The paykit client with everything on: auth, idempotency keys, retry wrapper and per-attempt timeout (defaults). */
  paykit: Call;
  /** Bare openapi-fetch, sent the same request a developer would hand it. */
  openapiFetch: Call;
  /** Hand-written fetch of the same request. */
  rawFetch: Call;
}

/** The request as the baselines must send it by hand: what paykit derives from the spec and its options. */
interface RequestShape {
  method: 'GET' | 'POST';
  template: string;
  pathParams: Record<string, string>;
  auth: Record<string, string>;
  idempotencyHeader?: string;
  body?: unknown;
}

export interface Scenario {
  name: string;
  label: string;
  method: 'GET' | 'POST';
  /** The concrete request path every caller sends to. */
  path: string;
  response: Fixture;
  callers(target: CallTarget): Callers;
}

type ClientResult = { data?: unknown; error?: unknown; response: Response };

/** Every caller checks for success and parses the body, as an app would. */
function ok(who: string, { data, error, response }: ClientResult): unknown {
  if (error !== undefined) throw new Error(`${who} answered ${response.status}`);
  return data;
}

function concretePath(shape: RequestShape): string {
  return shape.template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(shape.pathParams[name]!));
}

function baselineCallers(shape: RequestShape, { baseUrl, fetch: fetchImpl }: CallTarget): Omit<Callers, 'paykit'> {
  const bare = createClient<any>({ baseUrl, headers: shape.auth, ...(fetchImpl && { fetch: fetchImpl }) });
  const doFetch = fetchImpl ?? fetch;
  const url = `${baseUrl}${concretePath(shape)}`;
  const idempotency = (): Record<string, string> =>
    shape.idempotencyHeader ? { [shape.idempotencyHeader]: crypto.randomUUID() } : {};
  return {
    async openapiFetch() {
      const init = {
        params: { path: shape.pathParams, header: idempotency() },
        ...(shape.body !== undefined && { body: shape.body }),
      };
      // The baseline client is untyped on purpose: types cost nothing at run time, and one caller serves every shape.
      return ok(
        'openapi-fetch',
        await bare.request(shape.method.toLowerCase() as 'get' | 'post', shape.template, init as never),
      );
    },
    async rawFetch() {
      const response = await doFetch(url, {
        method: shape.method,
        headers: {
          ...(shape.body !== undefined && { 'Content-Type': 'application/json' }),
          ...shape.auth,
          ...idempotency(),
        },
        ...(shape.body !== undefined && { body: JSON.stringify(shape.body) }),
      });
      if (!response.ok) throw new Error(`raw fetch answered ${response.status}`);
      return response.json();
    },
  };
}

function scenario(
  def: { name: string; label: string; api: 'connect' | 'ten99policy'; shape: RequestShape },
  paykit: (target: CallTarget) => Call,
): Scenario {
  const { shape } = def;
  return {
    name: def.name,
    label: def.label,
    method: shape.method,
    path: concretePath(shape),
    response: successExample(def.api, shape.method === 'GET' ? 'get' : 'post', shape.template),
    callers: (target) => ({ paykit: paykit(target), ...baselineCallers(shape, target) }),
  };
}

const connectKey = 'bench-connect-key';
const ten99Key = 't9k_test_bench';
const sessionId = 'ps_bench_123';
const withFetch = (target: CallTarget) => ({ baseUrl: target.baseUrl, ...(target.fetch && { fetch: target.fetch }) });

/** The calls measured: a read, and a create on each vendor (where idempotency keys and body validation apply). */
export function scenarios(): Scenario[] {
  const connectBody = requestExample('connect', '/payment-sessions');
  const ten99Body = requestExample('ten99policy', '/api/v1/payment/sessions');
  return [
    scenario(
      {
        name: 'connect.get',
        label: 'Connect GET session',
        api: 'connect',
        shape: {
          method: 'GET',
          template: '/payment-sessions/{paymentSessionId}',
          pathParams: { paymentSessionId: sessionId },
          auth: { 'X-API-Key': connectKey },
        },
      },
      (target) => {
        const client = createConnectClient({ apiKey: connectKey, ...withFetch(target) });
        return async () =>
          ok(
            'paykit',
            await client.GET('/payment-sessions/{paymentSessionId}', {
              params: { path: { paymentSessionId: sessionId } },
            }),
          );
      },
    ),
    scenario(
      {
        name: 'connect.create',
        label: 'Connect POST create session',
        api: 'connect',
        shape: {
          method: 'POST',
          template: '/payment-sessions',
          pathParams: {},
          auth: { 'X-API-Key': connectKey },
          idempotencyHeader: 'X-Idempotency-Key',
          body: connectBody,
        },
      },
      (target) => {
        const client = createConnectClient({ apiKey: connectKey, ...withFetch(target) });
        return async () => ok('paykit', await client.POST('/payment-sessions', { body: connectBody as never }));
      },
    ),
    scenario(
      {
        name: 'ten99policy.create',
        label: '1099Policy POST create session',
        api: 'ten99policy',
        shape: {
          method: 'POST',
          template: '/api/v1/payment/sessions',
          pathParams: {},
          auth: { Authorization: `Basic ${btoa(`${ten99Key}:`)}` },
          idempotencyHeader: 'Idempotency-Key',
          body: ten99Body,
        },
      },
      (target) => {
        const client = createTen99PolicyClient({ apiKey: ten99Key, ...withFetch(target) });
        return async () => ok('paykit', await client.POST('/api/v1/payment/sessions', { body: ten99Body as never }));
      },
    ),
  ];
}
