/**
 * Browser entries whose bundles are compared. Each builds a client and makes one call, so that tree-shaking keeps
 * what an app really ships; the baseline is openapi-fetch's `createClient` alone doing the same call.
 */
export interface SizeEntry {
  name: string;
  label: string;
  source: string;
}

export const baselineEntry: SizeEntry = {
  name: 'openapi-fetch',
  label: 'openapi-fetch createClient',
  source: `
import createClient from 'openapi-fetch';
export const getSession = (id) =>
  createClient({ baseUrl: 'https://apiv2.example.com' }).GET('/payment-sessions/{paymentSessionId}', {
    params: { path: { paymentSessionId: id } },
  });
`,
};

export const vendorEntries: readonly SizeEntry[] = [
  {
    name: 'connect',
    label: '@paykit/client/connect',
    source: `
import { createConnectClient } from '@paykit/client/connect';
export const getSession = (apiKey, id) =>
  createConnectClient({ apiKey, baseUrl: 'https://apiv2.example.com' }).GET('/payment-sessions/{paymentSessionId}', {
    params: { path: { paymentSessionId: id } },
  });
`,
  },
  {
    name: 'ten99policy',
    label: '@paykit/client/ten99policy',
    source: `
import { createTen99PolicyClient } from '@paykit/client/ten99policy';
export const cancelSession = (apiKey, id) =>
  createTen99PolicyClient({ apiKey }).POST('/api/v1/payment/sessions/{session}/cancel', {
    params: { path: { session: id } },
  });
`,
  },
];
