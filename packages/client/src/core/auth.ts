/** How a vendor authenticates, as generated from its spec's first security requirement. */
export type AuthScheme =
  | { readonly type: 'apiKey'; readonly name: string }
  | { readonly type: 'http'; readonly scheme: 'basic' | 'bearer' };

export interface AuthHeader {
  /** Header name and value to send on every request. */
  readonly header: Readonly<Record<string, string>>;
  /** Forms of the key as sent on the wire, longest first, to redact wherever they might appear. */
  readonly secrets: readonly string[];
}

/** The header that carries the API key, for the vendor's scheme. */
export function authHeader(scheme: AuthScheme, apiKey: string): AuthHeader {
  if (scheme.type === 'apiKey') return { header: { [scheme.name]: apiKey }, secrets: [apiKey] };
  if (scheme.scheme === 'bearer') return { header: { Authorization: `Bearer ${apiKey}` }, secrets: [apiKey] };
  // HTTP Basic with the key as the user name and an empty password (`curl -u KEY:`). The encoded form is longer
  // than the key, so it is redacted first.
  const credentials = btoa(`${apiKey}:`);
  return { header: { Authorization: `Basic ${credentials}` }, secrets: [credentials, apiKey] };
}
