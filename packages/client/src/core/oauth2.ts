import type { AuthScheme } from './auth.js';
import { PaykitError } from './errors.js';
import { checkCredential, type FetchLike, type OAuth2ClientOptions } from './options.js';

/** Renew a token this long before it expires, so that no request leaves with one about to lapse. */
export const TOKEN_RENEW_MARGIN_MS = 30_000;

export interface TokenSource {
  /** A valid access token: the cached one, or one fetched now (one fetch shared by every concurrent caller). */
  get(): Promise<string>;
  /** Forgets `token` (the API refused it with a 401); true when the next `get()` can give a new one. */
  invalidate(token: string): boolean;
}

export interface TokenContext {
  /** The client's base URL: a relative `tokenUrl` is resolved against it. */
  baseUrl: string;
  fetch: FetchLike;
  now: () => number;
  /** The client's per-attempt limit, applied to the token request as well. */
  timeoutMs: number;
  /** The client's redaction list: the client secret and every token fetched join it. */
  secrets: string[];
  schemes: Readonly<Record<string, AuthScheme>>;
}
/**
 * OAuth2 client credentials (RFC 6749 §4.4) for a client: per scheme, the token from its `tokenUrl`, authenticated
 * with HTTP Basic over the client id and secret (§2.3.1), cached until TOKEN_RENEW_MARGIN_MS before `expires_in`
 * runs out. Imported only by the generated entries of APIs whose spec declares the flow, so other bundles carry
 * none of it. The options are checked on first use.
 */
export function clientCredentials(options: object, context: TokenContext): (scheme: string) => TokenSource {
  const sources = new Map<string, TokenSource>();
  return (scheme) => {
    let source = sources.get(scheme);
    if (!source) {
      const { clientId, clientSecret } = options as Partial<OAuth2ClientOptions>;
      checkCredential('clientId', clientId);
      checkCredential('clientSecret', clientSecret);
      context.secrets.unshift(clientSecret!);
      const { tokenUrl } = context.schemes[scheme] as { tokenUrl: string };
      source = tokenSource(new URL(tokenUrl, `${context.baseUrl}/`).href, clientId!, clientSecret!, context);
      sources.set(scheme, source);
    }
    return source;
  };
}

function tokenSource(tokenUrl: string, clientId: string, clientSecret: string, context: TokenContext): TokenSource {
  const { fetch, now, secrets } = context;
  let cached: { token: string; renewAt: number } | undefined;
  let pending: Promise<string> | undefined;

  async function fetchToken(): Promise<string> {
    const basic = btoa(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`);
    secrets.unshift(basic);
    const request = new Request(tokenUrl, {
      method: 'POST',
      headers: {
        authorization: `Basic ${basic}`,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: 'grant_type=client_credentials',
    });
    const origin = new URL(tokenUrl).origin;
    let response: Response;
    try {
      response = await fetch(request, { signal: AbortSignal.timeout(context.timeoutMs) });
    } catch (error) {
      // A token server that does not answer, or cannot be reached, fails the call by name rather than hanging it.
      throw new PaykitError(`OAuth2 token request to ${origin} failed: ${(error as Error)?.name ?? 'network error'}`);
    }
    const body = (await response.json().catch(() => undefined)) as
      | { access_token?: unknown; expires_in?: unknown; error?: unknown }
      | undefined;
    const token = body?.access_token;
    if (!response.ok || typeof token !== 'string' || !token) {
      const reason = typeof body?.error === 'string' ? body.error : 'no access_token in the answer';
      throw new PaykitError(`OAuth2 token request to ${origin} failed: ${response.status} ${reason}`, {
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
      return true;
    },
  };
}
