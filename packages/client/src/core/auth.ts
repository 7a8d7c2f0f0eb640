import { fail } from './errors.js';
import { checkCredential } from './options.js';

/** One security scheme, as generated from the spec. */
export type AuthScheme =
  | { readonly type: 'apiKey'; readonly in: 'header' | 'query' | 'cookie'; readonly name: string }
  | { readonly type: 'http'; readonly scheme: 'basic' | 'bearer' }
  /** OAuth2 client credentials: a bearer token from `tokenUrl` (src/core/oauth2.ts). */
  | { readonly type: 'oauth2'; readonly tokenUrl: string }
  /** An OAuth2 flow paykit cannot run (authorization code…) or OpenID Connect: the caller's token (access-token.ts). */
  | { readonly type: 'accessToken' };

/**
 * How an API authenticates, as generated from its spec: the schemes the client uses, the one the root `security`
 * names (null: anonymous), and per operation (path template, then upper-case method) the ones that differ.
 */
export interface AuthMetadata {
  readonly schemes: Readonly<Record<string, AuthScheme>>;
  readonly root: string | null;
  readonly operations: Readonly<Record<string, Readonly<Record<string, string | null>>>>;
}

/**
 * What one operation needs beyond the default headers: a header to drop, a header or query parameter to set, or
 * the OAuth2 scheme whose bearer token it carries.
 */
export interface OperationAuth {
  readonly drop?: string;
  readonly oauth2?: string;
  readonly header?: readonly [name: string, value: string];
  readonly query?: readonly [name: string, value: string];
}

export interface Credentials {
  /** Headers on every request: the root scheme's, when it sits in a header. */
  readonly headers: Readonly<Record<string, string>>;
  /** Forms of the key as sent on the wire, longest first, to redact wherever they might appear. */
  readonly secrets: readonly string[];
  /** What an operation needs beyond `headers`; undefined when nothing. */
  forOperation(path: string, method: string): OperationAuth | undefined;
}

type Placement = readonly ['header' | 'query' | 'oauth2', string, string];

/**
 * The HTTP basic user name and password, when the caller gave them instead of an API key (Twilio's account SID and
 * auth token; only the options type of an API with an HTTP basic scheme has them); undefined otherwise.
 */
export function basicCredentials(options: {
  username?: unknown;
  password?: unknown;
}): readonly [string, string] | undefined {
  const { username, password } = options;
  if (username === undefined && password === undefined) return undefined;
  checkCredential('username', username);
  checkCredential('password', password);
  if ((username as string).includes(':')) fail('username', 'must not contain ":"');
  return [username as string, password as string];
}

/**
 * Where a scheme puts the key: HTTP Basic sends the user name and password when given, else the key as the user
 * name with an empty password (`curl -u KEY:`).
 */
function placement(name: string, scheme: AuthScheme, apiKey: string, basic?: readonly [string, string]): Placement {
  if (scheme.type === 'oauth2' || scheme.type === 'accessToken') return ['oauth2', name, ''];
  if (scheme.type === 'apiKey') {
    return scheme.in === 'cookie'
      ? ['header', 'Cookie', `${scheme.name}=${encodeURIComponent(apiKey)}`]
      : [scheme.in, scheme.name, apiKey];
  }
  const pair = basic ? basic.join(':') : `${apiKey}:`;
  return ['header', 'Authorization', scheme.scheme === 'bearer' ? `Bearer ${apiKey}` : `Basic ${btoa(pair)}`];
}

/** The credentials of a client: its key (when a scheme takes one) placed as each scheme of the API says. */
export function credentials(auth: AuthMetadata, apiKey = '', basic?: readonly [string, string]): Credentials {
  const place = (name: string | null | undefined) =>
    name ? placement(name, auth.schemes[name]!, apiKey, basic) : undefined;
  const root = place(auth.root);
  const rootHeader = root?.[0] === 'header' ? root : undefined;
  const rootOther = root?.[0] === 'query' || root?.[0] === 'oauth2' ? root : undefined;
  // The encoded forms are longer than the key, so they are redacted first.
  const secrets = apiKey
    ? [btoa(`${apiKey}:`), encodeURIComponent(apiKey), new URLSearchParams({ k: apiKey }).toString().slice(2), apiKey]
    : [];
  if (basic) secrets.push(btoa(basic.join(':')), ...basic);
  const other = (placed: Placement | undefined): OperationAuth | undefined =>
    placed?.[0] === 'query'
      ? { query: [placed[1], placed[2]] }
      : placed?.[0] === 'oauth2'
        ? { oauth2: placed[1] }
        : undefined;
  return {
    headers: rootHeader ? { [rootHeader[1]]: rootHeader[2] } : {},
    secrets: [...new Set(secrets)].sort((a, b) => b.length - a.length),
    forOperation(path, method) {
      const own = auth.operations[path]?.[method];
      if (own === undefined) return other(rootOther);
      const chosen = place(own);
      return {
        ...other(chosen),
        drop: rootHeader?.[1],
        header: chosen?.[0] === 'header' ? [chosen[1], chosen[2]] : undefined,
      };
    },
  };
}
