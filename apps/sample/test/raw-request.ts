import { request } from 'node:http';
import { Readable } from 'node:stream';

export interface RawAnswer {
  status: number | undefined;
  headers: Record<string, string | string[] | undefined>;
  json: any;
  /** Bytes the body's source had handed to the socket when the connection closed. */
  bytesSent: number;
}

/**
 * One request over its own connection, with a body of `bodyBytes` zero bytes produced as the socket asks for them
 * (nothing of that size is ever allocated), declared with Content-Length or sent chunked. Resolves when the server
 * closes the connection, so a server that kept reading would show it in `bytesSent`.
 */
export function rawRequest(
  url: string,
  init: { method: string; path: string; headers?: Record<string, string>; bodyBytes?: number; chunked?: boolean },
): Promise<RawAnswer> {
  const { port, hostname } = new URL(url);
  const bodyBytes = init.bodyBytes ?? 0;
  const headers: Record<string, string> = { ...init.headers };
  if (bodyBytes > 0 && !init.chunked) headers['content-length'] = String(bodyBytes);
  if (init.chunked) headers['transfer-encoding'] = 'chunked';

  return new Promise((resolve) => {
    let bytesSent = 0;
    const answer: RawAnswer = { status: undefined, headers: {}, json: undefined, bytesSent: 0 };
    const req = request({ host: hostname, port, method: init.method, path: init.path, headers, agent: false });
    req.on('response', (res) => {
      answer.status = res.statusCode;
      answer.headers = res.headers;
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        try {
          answer.json = JSON.parse(text);
        } catch {
          answer.json = text;
        }
      });
      res.on('error', () => {});
    });
    // A refused upload ends in EPIPE or ECONNRESET on our side: expected, and what the test is about.
    req.on('error', () => {});
    req.on('close', () => resolve({ ...answer, bytesSent }));

    if (bodyBytes === 0 && !init.chunked) {
      req.end();
      return;
    }
    const chunk = Buffer.alloc(64 * 1024);
    function* zeros() {
      for (let left = bodyBytes; left > 0; left -= chunk.length) {
        const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
        bytesSent += piece.length;
        yield piece;
      }
    }
    const source = Readable.from(zeros(), { objectMode: false, highWaterMark: 64 * 1024 });
    source.on('error', () => {});
    source.pipe(req);
  });
}
