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
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    endWithProblem(
      socket,
      431,
      'Request Header Fields Too Large',
      'The request line and headers are larger than this mock takes.',
    );
  } else {
    endWithProblem(
      socket,
      400,
      'Bad Request',
      `The request does not parse as HTTP/1.1 (${error.code ?? 'parse error'}).`,
    );
  }
}

/** Answers `CONNECT` (Node hands it over as a raw socket): the mock is no proxy. */
export function answerConnect(_req: unknown, socket: Duplex): void {
  endWithProblem(socket, 405, 'Method Not Allowed', 'The mock is not a proxy: it does not take CONNECT.');
}

function endWithProblem(socket: Duplex, status: number, title: string, detail: string): void {
  const body = JSON.stringify({ type: 'about:blank', title, status, detail });
  // Once the answer is out the socket goes: nobody reads a socket Node handed over, so the client's end of it would
  // never be seen and the connection would hold the server's close() forever.
  socket.end(
    `HTTP/1.1 ${status} ${title}\r\n` +
      'Content-Type: application/problem+json\r\nX-Content-Type-Options: nosniff\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    () => socket.destroy(),
  );
}
