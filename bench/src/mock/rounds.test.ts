import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { alternatedRounds, medianOf, type Measured } from './rounds.js';

/** Which server each connection went to, in order: every load opens its connections once, at its start. */
const visits: string[] = [];
const servers: Server[] = [];

async function listen(name: string): Promise<string> {
  // Each answer waits a few milliseconds: the loads still get answers all along, at a pace that leaves both cores
  // nearly idle (answered at once, the server and the load generator each took a core for every load's duration).
  const server = createServer((request, response) => {
    request.resume().on('end', () => {
      setTimeout(() => response.writeHead(200, { 'content-type': 'application/json' }).end('{}'), 5);
    });
  });
  server.on('connection', () => visits.push(name));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const measured = (requestsPerSec: number, latencyP99Ms: number): Measured => ({
  requestsPerSec,
  latencyP50Ms: latencyP99Ms / 2,
  latencyP99Ms,
  latencyMaxMs: latencyP99Ms * 2,
  total: 100,
  ok: 120,
  non2xx: 0,
  errors: 0,
  timeouts: 0,
  durationSec: 2,
  statusCounts: { '200': 120 },
  errorCodes: {},
  warmupTotal: 20,
  discardedLatencyP99Ms: latencyP99Ms * 3,
  loadGeneratorCpuSec: 1,
  benchProcessUs: 5,
});

describe('medianOf', () => {
  it("reports each measure's median over the rounds, the counts summed, and keeps every round", () => {
    const summary = medianOf([measured(900, 30), measured(1_000, 10), measured(100, 20)]);
    assert.equal(summary.requestsPerSec, 900);
    assert.equal(summary.latencyP99Ms, 20);
    assert.equal(summary.latencyMaxMs, 60);
    assert.equal(summary.total, 300);
    assert.deepEqual(
      summary.rounds.map((round) => [round.requestsPerSec, round.latencyP99Ms]),
      [
        [900, 30],
        [1_000, 10],
        [100, 20],
      ],
    );
  });
});

describe('alternatedRounds', () => {
  let urls: Record<'first' | 'second', string>;
  beforeAll(async () => {
    urls = { first: await listen('first'), second: await listen('second') };
  });
  afterAll(() => Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve)))));

  it('warms every server, then loads them in turn, each round in another order, and keeps every round', async () => {
    const subject = (url: string) => ({
      url,
      requests: [{ method: 'GET' as const, path: '/', headers: {} }],
      headers: {},
    });
    const out = await alternatedRounds(
      { first: subject(urls.first), second: subject(urls.second) },
      {
        // Loads of 0.3 s (twice shorter still in an earlier round) once got no answer at all in a fresh clone's
        // `pnpm test`, the machine's two cores shared by every task; these cost about 4 s more.
        warmup: { connections: 1, durationSec: 0.7 },
        phases: {
          c1: { connections: 1, rounds: 3, durationSec: 0.5, warmupSec: 0.2 },
          c2: { connections: 2, rounds: 2, durationSec: 0.5, warmupSec: 0.2 },
        },
      },
    );
    const [first, second] = ['first', 'second'];
    assert.deepEqual(visits, [
      ...[first, second], // the warm-up, one connection each
      ...[first, second, second, first, first, second], // three rounds at one connection
      ...[first, first, second, second, second, second, first, first], // two rounds at two
    ]);
    for (const name of ['first', 'second'] as const) {
      assert.equal(out[name].c1.rounds.length, 3);
      assert.equal(out[name].c2.rounds.length, 2);
      assert.ok(out[name].c1.total > 0 && out[name].c1.warmupTotal > 0, 'answers kept and answers discarded');
    }
  });
});
