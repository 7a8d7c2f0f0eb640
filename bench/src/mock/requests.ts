import { requestExample } from '../fixtures.js';
import type { LoadRequest } from './load.js';

/** The vendors the mock's load figures call: named here, so an API imported later needs no request of its own. */
export const LOAD_VENDORS = ['connect', 'ten99policy'] as const;

/**
 * One static-example call per vendor, valid for the spec so Prism answers 2xx: a read on Connect, and the
 * 1099Policy create (its API has no read), with credentials in the form each vendor's spec declares.
 */
export function loadRequest(api: (typeof LOAD_VENDORS)[number]): LoadRequest {
  if (api === 'connect') {
    return {
      method: 'GET',
      path: '/payment-sessions/d2e3f4a5-b6c7-8901-2345-012345678901',
      headers: { 'X-API-Key': 'bench-connect-key' },
    };
  }
  return {
    method: 'POST',
    path: '/api/v1/payment/sessions',
    headers: {
      authorization: `Basic ${btoa('t9k_test_bench:')}`,
      'content-type': 'application/json',
      'idempotency-key': 'bench-idempotency-key',
    },
    body: JSON.stringify(requestExample('ten99policy', '/api/v1/payment/sessions')),
  };
}
