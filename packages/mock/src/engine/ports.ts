/**
 * An API's default local port: the one in its spec's `x-paykit-environment: mock` server URL, else 4010 plus its
 * place in the list of APIs (the first API 4010, the second 4011, …).
 */
export function defaultMockPort(document: Record<string, any>, index: number): number {
  const servers = Array.isArray(document['servers']) ? (document['servers'] as Record<string, unknown>[]) : [];
  const mock = servers.find((server) => server['x-paykit-environment'] === 'mock');
  if (typeof mock?.['url'] === 'string') {
    try {
      const port = Number(new URL(mock['url']).port);
      if (Number.isInteger(port) && port > 0) return port;
    } catch {
      // An unparsable URL falls back to the rule below; the spec's lint rule reports it.
    }
  }
  return 4010 + index;
}
