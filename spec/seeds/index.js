import { readFileSync } from 'node:fs';

const read = (/** @type {string} */ file) => JSON.parse(readFileSync(new URL(`./${file}`, import.meta.url), 'utf8'));

/**
 * The response bodies of the three vendor documents paykit started from (../shared/seeds), copied verbatim, with the
 * operation each documents and the spec example that must equal it (the first one the mock serves).
 */
export const seeds = [
  {
    file: 'connect-get-payment-session.json',
    api: 'connect',
    method: 'get',
    path: '/payment-sessions/{paymentSessionId}',
    status: '200',
    example: 'pendingEmbedded',
  },
  {
    file: 'connect-cancel-payment-profile-session.json',
    api: 'connect',
    method: 'post',
    path: '/payment-profiles/sessions/{paymentProfileSessionId}/cancel',
    status: '200',
    example: 'vendorDocsExample',
  },
  {
    file: 'ten99policy-cancel-payment-session.json',
    api: 'ten99policy',
    method: 'post',
    path: '/api/v1/payment/sessions/{session}/cancel',
    status: '200',
    example: 'vendorDocsExample',
  },
].map((seed) => ({ ...seed, body: read(seed.file) }));
