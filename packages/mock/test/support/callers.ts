// How the contract tests call each API: through its @paykit/client entry point when the client has one
// (`@paykit/client/<api>`, its `create…Client` factory), else with plain fetch and the credentials its spec's
// security scheme declares. Nothing here names an API.

export interface Result {
  data?: unknown;
  error?: { status: number; body: unknown };
  response: Response;
}

/** The clients' untyped entry point: the cases are data, so their paths are not literal types here. */
export interface Caller {
  request(
    method: string,
    path: string,
    init: { params: { path: Record<string, string> }; body?: unknown; headers?: Record<string, string> },
  ): Promise<Result>;
}

type Node = Record<string, any>;

/** Credentials in the form the spec's first security scheme declares (the mock checks only that they are there). */
export function dummyCredentials(bundle: Node): Record<string, string> {
  const [name] = Object.keys(bundle.security?.[0] ?? {});
  const scheme = name ? bundle.components?.securitySchemes?.[name] : undefined;
  if (scheme?.type === 'apiKey') return { [scheme.name]: 'dummy-key' };
  if (scheme?.type === 'http')
    return { Authorization: scheme.scheme === 'basic' ? `Basic ${btoa('dummy-key:')}` : 'Bearer dummy-key' };
  return {};
}

function fetchCaller(baseUrl: string, bundle: Node): Caller {
  return {
    async request(method, path, { params, body, headers }) {
      const url =
        baseUrl + path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(params.path[name] ?? ''));
      const form = headers?.['Content-Type'] === 'application/x-www-form-urlencoded';
      const response = await fetch(url, {
        method: method.toUpperCase(),
        headers: {
          ...dummyCredentials(bundle),
          ...(body !== undefined && { 'Content-Type': 'application/json' }),
          ...headers,
        },
        ...(body !== undefined && {
          body: form ? new URLSearchParams(body as Record<string, string>).toString() : JSON.stringify(body),
        }),
      });
      const text = await response.clone().text();
      const parsed = text === '' ? undefined : (JSON.parse(text) as unknown);
      return response.ok ? { data: parsed, response } : { error: { status: response.status, body: parsed }, response };
    },
  };
}

/** A caller of `api` at `baseUrl`; maxRetries 0, so the 429 and 5xx cases see the answer, not a retry. */
export async function callerFor(api: string, baseUrl: string, bundle: Node): Promise<{ caller: Caller; via: string }> {
  let module: Record<string, unknown> | undefined;
  try {
    module = (await import(`@paykit/client/${api}`)) as Record<string, unknown>;
  } catch {
    module = undefined;
  }
  const factory = Object.entries(module ?? {}).find(
    ([name, value]) => /^create\w*Client$/.test(name) && typeof value === 'function',
  );
  if (!factory) return { caller: fetchCaller(baseUrl, bundle), via: 'fetch' };
  const create = factory[1] as (options: Record<string, unknown>) => Caller;
  // Every kind of credential a client may take (each checks only those its API's schemes use): a test-mode looking
  // key passes every client's key format check; OAuth2 clients get their tokens from the mock's token operation.
  const credentials = { apiKey: 't9k_test_dummy-key', clientId: 'dummy-client', clientSecret: 'dummy-secret' };
  return { caller: create({ ...credentials, baseUrl, maxRetries: 0 }), via: `@paykit/client/${api}` };
}
