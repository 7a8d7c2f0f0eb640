import { requestExample } from '../fixtures.js';
import type { LoadRequest } from './load.js';

/** The vendors the mock's load figures call: named here, so an API imported later needs no request of its own. */
export const LOAD_VENDORS = ['connect', 'ten99policy'] as const;
export type LoadVendor = (typeof LOAD_VENDORS)[number];

/** A client's request id: realistic, and no two requests alike (autocannon replaces `[<id>]`). */
const REQUEST_ID = { 'x-request-id': 'bench-[<id>]' };

/**
 * One vendor's traffic, valid for its spec so every server answers 2xx: creates with a new body and idempotency key
 * each time, and on Connect, in turn, reads of a session created before the load (`readId`; each with a new request
 * id, so no answer is reused). 1099Policy's API has no read.
 */
export function vendorTraffic(api: LoadVendor, readId: string): LoadRequest[] {
  if (api === 'connect') {
    const auth = { 'X-API-Key': 'bench-connect-key' };
    const example = requestExample('connect', '/payment-sessions') as Record<string, unknown>;
    return [
      {
        method: 'POST',
        path: '/payment-sessions',
        headers: { ...auth, ...REQUEST_ID, 'content-type': 'application/json', 'x-idempotency-key': 'bench-[<id>]' },
        body: JSON.stringify({ ...example, metadata: { source: 'bench-[<id>]' } }),
        idReplacement: true,
      },
      { method: 'GET', path: `/payment-sessions/${readId}`, headers: { ...auth, ...REQUEST_ID }, idReplacement: true },
    ];
  }
  const example = requestExample('ten99policy', '/api/v1/payment/sessions') as Record<string, unknown>;
  return [
    {
      method: 'POST',
      path: '/api/v1/payment/sessions',
      headers: {
        authorization: `Basic ${btoa('t9k_test_bench:')}`,
        'content-type': 'application/json',
        'idempotency-key': 'bench-[<id>]',
        ...REQUEST_ID,
      },
      body: JSON.stringify({ ...example, return_url: 'https://app.yourplatform.com/billing/return?run=[<id>]' }),
      idReplacement: true,
    },
  ];
}

/** The id a Connect read asks for: one the server just created (the sandbox knows no other), or the example's. */
export async function createdSessionId(origin: string): Promise<string> {
  const [create] = vendorTraffic('connect', 'unused');
  if (!create) throw new Error('no Connect create request');
  const id = 'seed';
  const response = await fetch(`${origin}${create.path}`, {
    method: 'POST',
    headers: Object.fromEntries(
      Object.entries(create.headers).map(([name, value]) => [name, value.replace('[<id>]', id)]),
    ),
    body: create.body?.replaceAll('[<id>]', id),
  });
  const body = (await response.json()) as { paymentSessionId?: string };
  if (!response.ok || typeof body.paymentSessionId !== 'string') {
    throw new Error(`Connect create answered ${response.status} without a paymentSessionId`);
  }
  return body.paymentSessionId;
}
