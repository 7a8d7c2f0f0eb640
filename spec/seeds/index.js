import { readFileSync } from 'node:fs';

const read = (file) => JSON.parse(readFileSync(new URL(`./${file}`, import.meta.url), 'utf8'));

/**
 * The response bodies of the three vendor documents paykit started from (../shared/seeds), copied verbatim, with the
 * operation each documents and the named spec example that must equal it. `isDefault` says whether that example is
 * the operation's first (the mock's default answer); the two cancel seeds are not: the vendor's example shows a
 * `pending` session, so a cancelled session is the default and the seed is served by name (`Prefer: example=…`).
 */
export const seeds = [
  {
    file: 'connect-get-payment-session.json',
    api: 'connect',
    method: 'get',
    path: '/payment-sessions/{paymentSessionId}',
    status: '200',
    example: 'pendingEmbedded',
    isDefault: true,
  },
  {
    file: 'connect-cancel-payment-profile-session.json',
    api: 'connect',
    method: 'post',
    path: '/payment-profiles/sessions/{paymentProfileSessionId}/cancel',
    status: '200',
    example: 'vendorDocsExample',
    isDefault: false,
  },
  {
    file: 'ten99policy-cancel-payment-session.json',
    api: 'ten99policy',
    method: 'post',
    path: '/api/v1/payment/sessions/{session}/cancel',
    status: '200',
    example: 'vendorDocsExample',
    isDefault: false,
  },
].map((seed) => ({ ...seed, body: read(seed.file) }));
