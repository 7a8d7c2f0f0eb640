// The programs the import test writes into its scratch copy of the repository (bench/src/import-calls/, files of
// bench's own program) to prove the new client entry points from the outside: type-checked with every program of
// `pnpm typecheck`, and the acme-pay one run against its mock.

/** Type-checked with tsc, then run: a wrong path or body would not compile. */
export const CONSUMER = `import { createAcmePayClient } from '@paykit/client/acme-pay';
import { startMock } from '@paykit/mock';

const mock = await startMock({ api: 'acme-pay' });
try {
  const client = createAcmePayClient({ baseUrl: mock.url, clientId: 'acme_client', clientSecret: 'acme_secret' });
  const created = await client.POST('/v2/checkout-sessions', {
    body: { amount: 1250, currency: 'EUR', returnUrl: 'https://shop.example/done' },
  });
  if (!created.data) throw new Error('create failed: ' + String(created.error));
  const fetched = await client.GET('/v2/checkout-sessions/{sessionId}', {
    params: { path: { sessionId: created.data.id } },
  });
  if (!fetched.data) throw new Error('get failed: ' + String(fetched.error));
  const amount: number = fetched.data.amount;
  console.log(JSON.stringify({
    created: { id: created.data.id, status: created.data.status },
    fetched: { id: fetched.data.id, status: fetched.data.status, amount },
  }));
  // Never called: a path the vendor does not have must not compile.
  // @ts-expect-error: not a path of the Acme Pay API
  const notAPath = () => client.GET('/v2/refunds');
  void notAPath;
} finally {
  await mock.stop();
}
`;

/** Type-checked with tsc: a wrong path, body or option would not compile. Never run (the mocks are checked above). */
export const TYPED_CALLS = `import { createPetstoreClient } from '@paykit/client/petstore';
import { createTwilioClient } from '@paykit/client/twilio';
import { createWebhookExampleClient, type Pet } from '@paykit/client/webhook-example';

export const typedCalls = (baseUrl: string) => [
  createPetstoreClient({ baseUrl }).GET('/pets', { params: { query: { limit: 10 } } }),
  createPetstoreClient({ baseUrl }).POST('/pets', { body: { id: 1, name: 'Rex' } }),
  createTwilioClient({ baseUrl, apiKey: 'AC123' }).GET('/2010-04-01/Accounts.json', {}),
  createTwilioClient({ baseUrl, apiKey: 'AC123' }).POST('/2010-04-01/Accounts.json', { body: { FriendlyName: 'x' } }),
  // @ts-expect-error: not a path of the petstore
  createPetstoreClient({ baseUrl }).GET('/owners'),
  createWebhookExampleClient({ baseUrl }),
];
// A webhooks-only API: its payloads are typed from the document.
export const pet: Pet = { id: 1, name: 'Rex', tag: 'dog' };
// @ts-expect-error: \`name\` is required by the webhook's Pet schema
export const notAPet: Pet = { id: 1 };
`;
