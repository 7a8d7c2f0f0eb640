import type { Duplex } from 'node:stream';

/**
 * Answers a request Node's HTTP parser refuses (a malformed request line or header, an oversized header block) with
 * a problem document, as the mock answers everything else, instead of Node's bare `400 Bad Request`.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const status = tooLarge ? 431 : 400;
  const body = JSON.stringify({
    type: 'about:blank',
    title: tooLarge ? 'Request Header Fields Too Large' : 'Malformed HTTP request',
    status,
    detail: tooLarge
      ? 'The request line and headers are larger than this mock takes.'
      : `The request does not parse as HTTP/1.1 (${error.code ?? 'parse error'}).`,
  });
  socket.end(
    `HTTP/1.1 ${status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
      'Content-Type: application/problem+json\r\nX-Content-Type-Options: nosniff\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
