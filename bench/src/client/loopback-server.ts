/**
 * A node:http server in its own process (so it does not share the client's event loop) that answers each
 * known request with a prebuilt JSON body: the cheapest possible server, so the client's own cost shows.
 * Started by loopback.ts; tells its parent the port over IPC and exits with it.
 */
import { createServer } from 'node:http';

interface Canned {
  status: number;
  body: string;
}

/** Keyed by `${method} ${path}`. */
const responses = JSON.parse(process.env['LOOPBACK_RESPONSES'] ?? '{}') as Record<string, Canned>;

const server = createServer((req, res) => {
  const canned = responses[`${req.method} ${req.url}`];
  req.resume();
  req.on('end', () => {
    if (!canned) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(canned.status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(canned.body),
    });
    res.end(canned.body);
  });
});
server.keepAliveTimeout = 60_000;

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') process.send?.({ port: address.port });
});
process.on('disconnect', () => process.exit(0));
