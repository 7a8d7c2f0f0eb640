import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

/** Same ceiling as Prism's own body parser. */
export const MAX_JSON_BODY_BYTES = 10 * 1024 * 1024;

/**
 * The media types Prism parses as JSON (its server uses `type-is` with these two patterns). A malformed body of one
 * of these types makes Prism hang, so the front door checks exactly these.
 */
export function hasJsonBody(headers: IncomingHttpHeaders): boolean {
  if (headers['content-length'] === '0') return false;
  if (headers['content-length'] === undefined && headers['transfer-encoding'] === undefined) return false;
  const contentType = headers['content-type'];
  if (contentType === undefined) return false;
  const semicolon = contentType.indexOf(';');
  const media = (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
  return media === 'application/json' || (media.startsWith('application/') && media.endsWith('+json'));
}

/**
 * Why `text` is not JSON, or undefined when it is (an empty body is Prism's "no body", so it passes).
 * V8 quotes the offending source in some messages; the body may hold secrets, so the quote is replaced by the
 * position, which is all a developer needs to find the mistake.
 */
export function jsonParseError(text: string): string | undefined {
  if (text.length === 0) return undefined;
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    const message = (error as Error).message;
    const quoted = /^(Unexpected token .*?), (?:\.\.\.)?".*is not valid JSON$/s.exec(message);
    return quoted ? `${quoted[1]} in JSON at position ${firstBadPosition(text)}` : message;
  }
}

/** Length of the longest prefix of `text` that could still grow into valid JSON, i.e. where parsing went wrong. */
function firstBadPosition(text: string): number {
  let low = 0;
  let high = text.length;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (isViablePrefix(text.slice(0, mid))) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** A prefix is viable when parsing only failed for running out of input, wherever V8 reports that. */
function isViablePrefix(prefix: string): boolean {
  try {
    JSON.parse(prefix);
    return true;
  } catch (error) {
    const message = (error as Error).message;
    return message === 'Unexpected end of JSON input' || message.endsWith(` in JSON at position ${prefix.length}`);
  }
}

/** Reads a whole body; rejects (after draining the rest, so the connection stays usable) past the size limit. */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_JSON_BODY_BYTES) chunks.push(chunk);
    });
    req.once('end', () => {
      if (size <= MAX_JSON_BODY_BYTES) resolve(Buffer.concat(chunks, size));
      else reject(new Error(`A JSON request body may be at most ${MAX_JSON_BODY_BYTES} bytes.`));
    });
    req.once('error', reject);
  });
}
