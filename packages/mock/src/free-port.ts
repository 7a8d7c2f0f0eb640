import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/**
 * A loopback port that was free a moment ago, for a process that must be told its port (`pnpm mock` with
 * `PAYKIT_<API>_PORT`, an app under test). It is drawn from below the
 * kernel's ephemeral range: a port `listen(0)` hands out is also the kernel's pick for the local end of outgoing
 * connections, and one was taken by another test's connection before the process it was meant for could bind it.
 */
export async function freePort(): Promise<number> {
  const below = ephemeralRangeStart();
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = below - 1 - Math.floor(Math.random() * Math.min(16_384, below - 1024));
    if (handedOut.has(port) || !(await canListen(port))) continue;
    handedOut.add(port); // two picks in one process never share a port, even before either is bound
    return port;
  }
  throw new Error(`no free loopback port below ${below} after 100 tries`);
}

const handedOut = new Set<number>();

function ephemeralRangeStart(): number {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || 32_768;
  } catch {
    return 32_768; // Linux's default; other systems start theirs higher
  }
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
