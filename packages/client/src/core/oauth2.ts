import { PaykitError } from './errors.js';
import type { FetchLike } from './options.js';

/** Renew a token this long before it expires, so that no request leaves with one about to lapse. */
export const TOKEN_RENEW_MARGIN_MS = 30_000;

export interface TokenSource {
  /** A valid access token: the cached one, or one fetched now (one fetch shared by every concurrent caller). */
  get(): Promise<string>;
  /** Forgets `token` (the API refused it with a 401), so the next `get()` fetches a new one. */
  invalidate(token: string): void;
}

export interface ClientCredentials {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  fetch: FetchLike;
  now: () => number;
  /** Every token fetched is added here, so that the client's redactor hides it. */
  secrets: string[];
}

/**
 * OAuth2 client credentials (RFC 6749 §4.4): the token from `tokenUrl`, authenticated with HTTP Basic over the
 * client id and secret (§2.3.1), cached until TOKEN_RENEW_MARGIN_MS before `expires_in` runs out. Imported only by
 * the generated entries of APIs whose spec declares the flow, so other bundles carry none of it.
 */
export function clientCredentials(options: ClientCredentials): TokenSource {
  const { tokenUrl, clientId, clientSecret, fetch, now, secrets } = options;
  let cached: { token: string; renewAt: number } | undefined;
  let pending: Promise<string> | undefined;

  async function fetchToken(): Promise<string> {
    const basic = btoa(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`);
    secrets.unshift(basic);
    const request = new Request(tokenUrl, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: 'grant_type=client_credentials',
    });
    const response = await fetch(request);
    const body = (await response.json().catch(() => undefined)) as
      | { access_token?: unknown; expires_in?: unknown; error?: unknown }
      | undefined;
    const token = body?.access_token;
    if (!response.ok || typeof token !== 'string' || !token) {
      const reason = typeof body?.error === 'string' ? body.error : 'no access_token in the answer';
      throw new PaykitError(`OAuth2 token request to ${new URL(tokenUrl).origin} failed: ${response.status} ${reason}`, {
        status: response.status,
      });
    }
    secrets.unshift(token);
    const lifetimeMs = typeof body.expires_in === 'number' ? body.expires_in * 1000 : 0;
    cached = { token, renewAt: now() + lifetimeMs - TOKEN_RENEW_MARGIN_MS };
    return token;
  }

  return {
    get() {
      if (cached && now() < cached.renewAt) return Promise.resolve(cached.token);
      return (pending ??= fetchToken().finally(() => (pending = undefined)));
    },
    invalidate(token) {
      if (cached?.token === token) cached = undefined;
    },
  };
}
