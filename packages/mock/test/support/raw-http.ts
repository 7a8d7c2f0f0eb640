import { request } from 'node:http';

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** Hang guard only (a request the mock never answers fails the test instead of stalling it). */
const HANG_GUARD_MS = 10_000;

/**
 * One HTTP request with exactly the headers given (`Host`, `Origin`, `Sec-Fetch-Site` included, which fetch sets or
 * keeps for itself), on a fresh connection.
 */
export function rawCall(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string | Buffer; path?: string } = {},
): Promise<RawAnswer> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        method: init.method ?? 'GET',
        path: init.path ?? `${target.pathname}${target.search}`,
        headers: { connection: 'close', ...init.headers },
        setHost: !Object.keys(init.headers ?? {}).some((name) => name.toLowerCase() === 'host'),
        timeout: HANG_GUARD_MS,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url} within ${HANG_GUARD_MS} ms`)));
    req.on('error', reject);
    req.end(init.body);
  });
}
