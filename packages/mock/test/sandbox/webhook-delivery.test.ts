import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook } from '@paykit/client/ten99policy';
import { describe, expect, it, vi } from 'vitest';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { backoffBefore, type Delivery, WEBHOOK_DEFAULTS } from '../../src/sandbox/webhooks.js';
import { closeAfterTest, type SandboxHarness, startHarness } from './support.js';

const SECRET = 'whsec_delivery_test';
const create = { contractor: 'cn_AbCdEfGh12', return_url: 'https://app.example.com/return' };

/** A loopback receiver whose answer the test sets: a status, and headers (a redirect's Location). */
async function receiver(answer: { status: number; headers?: Record<string, string> } = { status: 200 }) {
  const received: Array<{ path: string; method: string; headers: IncomingHttpHeaders; rawBody: string }> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({
        path: req.url ?? '',
        method: req.method ?? '',
        headers: req.headers,
        rawBody: Buffer.concat(chunks).toString('utf8'),
      });
      res.writeHead(answer.status, answer.headers).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closeAfterTest(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url: `${origin}/hooks`, origin, received, answer };
}

async function cancelNewSession(harness: SandboxHarness): Promise<string> {
  const { id } = (await harness.call('createPaymentSession', { body: create })).body as { id: string };
  await harness.call('cancelPaymentSession', { pathParams: { session: id } });
  return id;
}

const deliveries = (sandbox: Sandbox): Delivery[] => sandbox.webhooks!.events.flatMap((event) => event.deliveries);

/** Waits until no attempt is under way: every delivery has ended or waits for its next attempt. */
async function attemptsDone(sandbox: Sandbox): Promise<void> {
  await vi.waitFor(
    () => {
      for (const delivery of deliveries(sandbox)) {
        expect(delivery.state !== 'delivering' || delivery.nextAttemptAt !== undefined).toBe(true);
      }
    },
    { timeout: 10_000, interval: 5 },
  );
}

describe('webhook delivery: redirects', () => {
  it.each([307, 302, 301])('a %i answer is a failed attempt: its Location recorded, never followed', async (status) => {
    const elsewhere = await receiver();
    const redirecting = await receiver({ status, headers: { location: `${elsewhere.origin}/steal?token=t_1` } });
    const lines: string[] = [];
    const harness = await startHarness('ten99policy', {
      webhooks: { urls: [redirecting.url], secret: SECRET, attempts: 2, backoffMs: 1 },
      log: (line) => lines.push(line),
    });
    await cancelNewSession(harness);
    await harness.sandbox.webhooks!.settled();

    const [delivery] = deliveries(harness.sandbox);
    expect(delivery!.state).toBe('failed');
    expect(delivery!.attempts).toEqual([
      expect.objectContaining({ attempt: 1, status, location: `${elsewhere.origin}/steal` }),
      expect.objectContaining({ attempt: 2, status, location: `${elsewhere.origin}/steal` }),
    ]);
    expect(redirecting.received).toHaveLength(2);
    expect(elsewhere.received).toEqual([]);
    expect(lines).toEqual([
      expect.stringMatching(
        new RegExp(
          `^webhook payment\\.session\\.cancelled evt_\\w+ attempt 1 to ${redirecting.url} failed: ${status} \\(\\d+ ms\\); next attempt in 1 ms of mock time$`,
        ),
      ),
      expect.stringMatching(
        new RegExp(
          `^webhook payment\\.session\\.cancelled evt_\\w+ NOT delivered to ${redirecting.url} after 2 attempt\\(s\\): ${status} \\(redirect to ${elsewhere.origin}/steal, not followed\\)$`,
        ),
      ),
    ]);
  });
});

describe('webhook delivery: the retry schedule', () => {
  it('by default retries for over an hour, backing off exponentially to a cap, and the test clock runs it out', async () => {
    const waits = Array.from({ length: WEBHOOK_DEFAULTS.attempts - 1 }, (_, i) =>
      backoffBefore(i + 2, WEBHOOK_DEFAULTS.backoffMs, WEBHOOK_DEFAULTS.maxBackoffMs),
    );
    expect(waits.slice(0, 4)).toEqual([1000, 2000, 4000, 8000]);
    expect(Math.max(...waits)).toBe(30 * 60 * 1000);
    expect(waits.reduce((sum, wait) => sum + wait, 0)).toBeGreaterThan(60 * 60 * 1000);

    const down = await receiver({ status: 503 });
    const harness = await startHarness('ten99policy', { webhooks: { urls: [down.url], secret: SECRET } });
    await cancelNewSession(harness);
    const [delivery] = deliveries(harness.sandbox);
    // Each step moves the mock clock to the next scheduled attempt: no real wait.
    for (;;) {
      await attemptsDone(harness.sandbox);
      if (delivery!.state !== 'delivering') break;
      const wait = Date.parse(delivery!.nextAttemptAt as string) - harness.sandbox.clock.now();
      harness.sandbox.advance(Math.max(0, wait) / 1000);
    }
    expect(delivery!.state).toBe('failed');
    expect(delivery!.attempts).toHaveLength(WEBHOOK_DEFAULTS.attempts);
    const times = delivery!.attempts.map((attempt) => Date.parse(attempt.at));
    const gaps = times.slice(1).map((time, i) => time - (times[i] as number));
    for (const [i, gap] of gaps.entries()) expect(gap).toBeGreaterThanOrEqual((waits[i] as number) - 1);
    expect((times.at(-1) as number) - (times[0] as number)).toBeGreaterThan(60 * 60 * 1000);
    expect(down.received).toHaveLength(WEBHOOK_DEFAULTS.attempts);
  });

  it('a receiver down for 60 s of mock time, then back, gets every event; the first it takes brings the rest', async () => {
    const app = await receiver({ status: 503 });
    const harness = await startHarness('ten99policy', { webhooks: { urls: [app.url], secret: SECRET } });
    const sessions: string[] = [];
    for (let i = 0; i < 5; i++) sessions.push(await cancelNewSession(harness));
    // Down for a minute of mock time: the deliveries are retried and fail, none is given up.
    for (let second = 0; second < 60; second += 10) {
      await attemptsDone(harness.sandbox);
      harness.sandbox.advance(10);
    }
    await attemptsDone(harness.sandbox);
    expect(deliveries(harness.sandbox).map((delivery) => delivery.state)).toEqual(Array(5).fill('delivering'));
    const failedAttempts = app.received.length;
    expect(failedAttempts).toBeGreaterThan(5);

    // Back: the next event is taken at once, and the five waiting out their backoff follow without the clock moving.
    app.answer.status = 200;
    sessions.push(await cancelNewSession(harness));
    await harness.sandbox.webhooks!.settled();
    expect(deliveries(harness.sandbox).map((delivery) => delivery.state)).toEqual(Array(6).fill('delivered'));
    const taken = await Promise.all(
      app.received
        .slice(failedAttempts)
        .map((delivery) => verifyWebhook({ rawBody: delivery.rawBody, headers: delivery.headers, secret: SECRET })),
    );
    expect(taken.map((event) => (event.data.object as { id: string }).id).sort()).toEqual([...sessions].sort());
  });
});
