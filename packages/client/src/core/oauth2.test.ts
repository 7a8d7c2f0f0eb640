// OAuth2 client credentials against a loopback server that is both the token endpoint and the API.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { renderApi } from '../../scripts/generate.js';
import { fixtureClient, fixtureSpec } from '../test-support/fixture-client.js';
import type { AuthMetadata } from './auth.js';
import { PaykitError, PaykitValidationError } from './errors.js';
import { clientCredentials } from './oauth2.js';
import { realDeps, type RuntimeDeps } from './runtime.js';

const auth: AuthMetadata = {
  schemes: { OAuth: { type: 'oauth2', tokenUrl: '/oauth/token' } },
  root: 'OAuth',
  operations: {},
};
const CLIENT = { clientId: 'client-1', clientSecret: 'secret-xyz' };

interface Seen {
  tokenRequests: { authorization?: string; body: string }[];
  apiAuthorizations: (string | undefined)[];
}

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** Issues tok_1, tok_2, … (each `expiresIn` seconds); the API answers with `api(token)`. */
async function serve(
  api: (authorization: string | undefined, res: ServerResponse) => void = (_, res) =>
    reply(res, 200, { sessionId: 's_1', status: 'pending' }),
  token: (count: number, res: ServerResponse) => void = (count, res) =>
    reply(res, 200, { access_token: `tok_${count}`, token_type: 'Bearer', expires_in: 3600 }),
): Promise<{ baseUrl: string; seen: Seen }> {
  const seen: Seen = { tokenRequests: [], apiAuthorizations: [] };
  server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      if (req.url === '/oauth/token') {
        const count = seen.tokenRequests.push({ authorization: req.headers.authorization, body });
        // Slow enough that concurrent calls overlap with the fetch in flight.
        setTimeout(() => token(count, res), 20);
      } else {
        seen.apiAuthorizations.push(req.headers.authorization);
        api(req.headers.authorization, res);
      }
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function oauthClient(
  baseUrl: string,
  deps: RuntimeDeps = { ...realDeps, sleep: async () => {} },
  logger?: { warn: (m: string) => void },
) {
  return fixtureClient({
    deps,
    vendor: { auth, clientCredentials },
    options: { baseUrl, fetch: globalThis.fetch, apiKey: undefined, logger, ...CLIENT } as never,
  }).client;
}
const get = (client: ReturnType<typeof oauthClient>) =>
  client.GET('/sessions/{sessionId}', { params: { path: { sessionId: 's_1' } } });

describe('OAuth2 client credentials', () => {
  test('the token comes from tokenUrl with the client id and secret, and is reused until shortly before it expires', async () => {
    const { baseUrl, seen } = await serve();
    const client = oauthClient(baseUrl);
    await get(client);
    await get(client);
    expect(seen.tokenRequests).toEqual([
      { authorization: `Basic ${btoa('client-1:secret-xyz')}`, body: 'grant_type=client_credentials' },
    ]);
    expect(seen.apiAuthorizations).toEqual(['Bearer tok_1', 'Bearer tok_1']);
  });

  test('concurrent calls share one token fetch', async () => {
    const { baseUrl, seen } = await serve();
    const client = oauthClient(baseUrl);
    await Promise.all(Array.from({ length: 5 }, () => get(client)));
    expect(seen.tokenRequests).toHaveLength(1);
    expect(seen.apiAuthorizations).toEqual(Array(5).fill('Bearer tok_1'));
  });

  test('a token about to expire is renewed before use', async () => {
    const { baseUrl, seen } = await serve(undefined, (count, res) =>
      reply(res, 200, { access_token: `tok_${count}`, expires_in: 60 }),
    );
    let now = Date.UTC(2026, 0, 1);
    const client = oauthClient(baseUrl, { ...realDeps, now: () => now });
    await get(client);
    now += 29_000; // 31 s left: still used
    await get(client);
    now += 2_000; // 29 s left: inside the 30 s margin
    await get(client);
    expect(seen.apiAuthorizations).toEqual(['Bearer tok_1', 'Bearer tok_1', 'Bearer tok_2']);
  });

  test('a 401 fetches a new token once and sends the call again; a second 401 is the answer', async () => {
    const { baseUrl, seen } = await serve((authorization, res) =>
      authorization === 'Bearer tok_2' && seen.apiAuthorizations.length === 2
        ? reply(res, 200, { sessionId: 's_1', status: 'pending' })
        : reply(res, 401, { code: 'token_revoked', message: `token ${authorization} revoked` }),
    );
    const client = oauthClient(baseUrl);
    const { data } = await get(client);
    expect(data).toMatchObject({ sessionId: 's_1' });
    expect(seen.apiAuthorizations).toEqual(['Bearer tok_1', 'Bearer tok_2']);

    const { error } = await get(client); // tok_2 refused now, tok_3 too: no loop
    expect(error?.status).toBe(401);
    expect(seen.tokenRequests).toHaveLength(3);
    expect(error?.message).toBe('Fixture API responded 401 token_revoked: token Bearer [redacted] revoked');
  });

  test('the token and the client secret never show in errors or logs', async () => {
    const lines: string[] = [];
    const { baseUrl } = await serve((authorization, res) => reply(res, 503, { message: `busy for ${authorization}` }));
    const { error } = await get(oauthClient(baseUrl, undefined, { warn: (line) => lines.push(line) }));
    const shown = JSON.stringify(error) + String(error) + lines.join('\n');
    expect(error?.status).toBe(503);
    expect(shown).not.toMatch(/tok_1|secret-xyz/);

    const refused = await serve(undefined, (_, res) =>
      reply(res, 401, { error: 'invalid_client', secret: 'secret-xyz' }),
    );
    const failure = await get(oauthClient(refused.baseUrl)).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PaykitError);
    expect((failure as Error).message).toMatch(
      /^OAuth2 token request to http:\/\/127\.0\.0\.1:\d+ failed: 401 invalid_client$/,
    );
  });

  test('a token server that never answers fails the call by name within the timeout', async () => {
    const { baseUrl } = await serve(undefined, () => {});
    const client = fixtureClient({
      deps: realDeps,
      vendor: { auth, clientCredentials },
      options: { baseUrl, fetch: globalThis.fetch, timeoutMs: 300, ...CLIENT } as never,
    }).client;
    await expect(get(client)).rejects.toThrow(
      /^OAuth2 token request to http:\/\/127\.0\.0\.1:\d+ failed: TimeoutError$/,
    );
  });

  test('a missing client id is refused by name before anything is sent', async () => {
    const { baseUrl, seen } = await serve();
    const client = fixtureClient({
      vendor: { auth, clientCredentials },
      options: { baseUrl, fetch: globalThis.fetch, clientSecret: 's' } as never,
    }).client;
    await expect(get(client)).rejects.toMatchObject({ name: 'PaykitValidationError', field: 'clientId' });
    expect(seen.tokenRequests).toHaveLength(0);
    expect(PaykitValidationError).toBeDefined();
  });

  test('an API whose spec declares the flow gets an entry that takes clientId and clientSecret', async () => {
    const spec = structuredClone(fixtureSpec);
    spec.components.securitySchemes = {
      OAuth: {
        type: 'oauth2',
        flows: { clientCredentials: { tokenUrl: 'https://auth.example.test/token', scopes: {} } },
      },
    };
    spec.security = [{ OAuth: [] }];
    const entry = (await renderApi('fixture', spec))['src/generated/fixture/index.ts'];
    expect(entry).toContain("import { clientCredentials } from '../../core/oauth2.js';");
    expect(entry).toContain('export type FixtureClientOptions = OAuth2ClientOptions;');
    expect(entry).toContain(
      'return createVendorClient<paths, ErrorCode | undefined>({ ...vendor, clientCredentials }, options);',
    );
    // A flow paykit cannot run itself: the caller passes the token.
    spec.components.securitySchemes.OAuth.flows = {
      authorizationCode: { authorizationUrl: 'https://x', tokenUrl: 'https://y', scopes: {} },
    };
    const withToken = (await renderApi('fixture', spec))['src/generated/fixture/index.ts'];
    expect(withToken).toContain("import { accessTokens } from '../../core/access-token.js';");
    expect(withToken).toContain('export type FixtureClientOptions = AccessTokenClientOptions;');
  });
});
