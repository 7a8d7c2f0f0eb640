import type { TokenContext, TokenSource } from './oauth2.js';
import { checkCredential, type AccessTokenClientOptions } from './options.js';
import { fail } from './errors.js';

/**
 * The caller's OAuth2 access tokens, for flows paykit cannot run itself (authorization code, implicit, password,
 * OpenID Connect): `accessToken` (a string, or a function called before each attempt), and on a 401 one call of
 * `refreshAccessToken`, whose token is used from then on. Imported only by the generated entries of APIs that
 * declare such a flow. Every token joins the client's redaction list.
 */
export function accessTokens(options: object, context: Pick<TokenContext, 'secrets'>): (scheme: string) => TokenSource {
  const { accessToken, refreshAccessToken } = options as Partial<AccessTokenClientOptions>;
  if (typeof accessToken !== 'function') checkCredential('accessToken', accessToken);
  if (refreshAccessToken !== undefined && typeof refreshAccessToken !== 'function')
    fail('refreshAccessToken', 'must be a function returning a new access token');
  let current = typeof accessToken === 'string' ? accessToken : undefined;
  let refreshing: Promise<string> | undefined;

  const checked = (field: string, token: unknown): string => {
    if (typeof token !== 'string' || !/^[\x21-\x7e]+$/.test(token))
      fail(field, 'must give a token: visible ASCII characters only');
    if (!context.secrets.includes(token)) context.secrets.unshift(token);
    return token;
  };
  if (current) checked('accessToken', current);

  const source: TokenSource = {
    async get() {
      if (refreshing) return refreshing;
      if (current !== undefined) return current;
      return checked('accessToken', await (accessToken as () => string | Promise<string>)());
    },
    invalidate() {
      if (!refreshAccessToken) return false;
      // Shared by every call refused at the same time: one refresh.
      refreshing ??= Promise.resolve(refreshAccessToken())
        .then((token) => (current = checked('refreshAccessToken', token)))
        .finally(() => (refreshing = undefined));
      return true;
    },
  };
  return () => source;
}
