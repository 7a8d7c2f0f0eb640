import type { IncomingMessage } from 'node:http';

/** Same ceiling as Prism's own body parser. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** Reads a whole body; rejects (after draining the rest, so the connection stays usable) past the size limit. */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.once('end', () => {
      if (size <= MAX_BODY_BYTES) resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));
      else reject(new Error(`A request body may be at most ${MAX_BODY_BYTES} bytes.`));
    });
    req.once('error', reject);
  });
}
