import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { freePort } from '../src/free-port.js';
import { startPrism } from '../src/prism-process.js';
import { PrismStartError, startMock } from '../src/index.js';
import { call } from './support/http.js';
import { isRunning, prismChildrenOf } from './support/processes.js';
import { tempDir } from './support/temp-dir.js';

const KEY = { 'X-API-Key': 'dummy-key' };

/** A one-operation spec whose answer names its version. */
const tinySpec = (version: string) =>
  JSON.stringify({
    openapi: '3.1.0',
    info: { title: 'tiny', version: '1' },
    paths: {
      '/version': {
        get: {
          responses: { '200': { description: 'ok', content: { 'application/json': { example: { version } } } } },
        },
      },
    },
  });

async function served(baseUrl: string): Promise<string> {
  const answer = await call(`${baseUrl}/version`);
  return (JSON.parse(answer.text) as { version: string }).version;
}

describe('startMock', () => {
  it('picks a free port of its own when none is given, and answers as soon as it resolves', async () => {
    const [a, b] = await Promise.all([startMock({ api: 'connect' }), startMock({ api: 'ten99policy' })]);
    try {
      expect(a.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(a.port).not.toBe(b.port);
      expect((await call(`${a.url}/payment-sessions/x`, { headers: KEY })).status).toBe(200);
      const cancel = await call(`${b.url}/api/v1/payment/sessions/x/cancel`, {
        method: 'POST',
        headers: { Authorization: 'Bearer k' },
      });
      expect(cancel.status).toBe(200);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  it('listens on the port it is given', async () => {
    const port = await freePort();
    const mock = await startMock({ api: 'connect', port });
    try {
      expect(mock.url).toBe(`http://127.0.0.1:${port}`);
    } finally {
      await mock.stop();
    }
  });

  it('stop() ends its Prism process, frees the port, and can be called again', async () => {
    const mock = await startMock({ api: 'connect' });
    const pid = mock.prismPid;
    expect(isRunning(pid)).toBe(true);
    await mock.stop();
    expect(isRunning(pid)).toBe(false);
    await expect(call(`${mock.url}/payment-sessions/x`)).rejects.toThrow();
    await expect(mock.stop()).resolves.toBeUndefined();
  });

  it('restart() brings up a new Prism behind the same URL and ends the old one', async () => {
    const mock = await startMock({ api: 'connect' });
    try {
      const before = mock.prismPid;
      await mock.restart();
      expect(mock.prismPid).not.toBe(before);
      expect(isRunning(before)).toBe(false);
      expect((await call(`${mock.url}/payment-sessions/x`, { headers: KEY })).status).toBe(200);
    } finally {
      await mock.stop();
    }
  });

  it('keeps serving the spec it started with when the file changes, until restart()', async () => {
    const dir = tempDir('paykit-mock-test-');
    const specPath = join(dir, 'spec.json');
    writeFileSync(specPath, tinySpec('first'));
    const mock = await startMock({ api: 'connect', specPath });
    // Prism on its own reloads a spec file that changes: this one shows when that would have happened.
    const plain = await startPrism({ specPath, port: await freePort(), readyTimeoutMs: 15_000 });
    try {
      writeFileSync(specPath, tinySpec('second'));
      await vi.waitFor(async () => expect(await served(`http://127.0.0.1:${plain.port}`)).toBe('second'), {
        timeout: 15_000,
        interval: 50,
      });
      expect(await served(mock.url)).toBe('first');
      await mock.restart();
      expect(await served(mock.url)).toBe('second');
    } finally {
      await Promise.all([mock.stop(), plain.stop()]);
    }
  });

  it('passes on Prism’s warnings about requests that break the spec, but not its start-up chatter', async () => {
    const output: string[] = [];
    const mock = await startMock({ api: 'connect', onPrismOutput: (text) => output.push(text) });
    try {
      expect(output.join('')).toBe('');
      await call(`${mock.url}/payment-sessions/x`);
      await vi.waitFor(() => expect(output.join('')).toContain('Invalid security scheme used'), {
        timeout: 5_000,
        interval: 25,
      });
      expect(output.join('')).not.toContain('__paykit_mock_ready');
    } finally {
      await mock.stop();
    }
  });

  it('serves generated bodies with dynamic, the same ones again for the same seed', async () => {
    const [a, b] = await Promise.all([
      startMock({ api: 'connect', dynamic: true, seed: 7 }),
      startMock({ api: 'connect', dynamic: true, seed: 7 }),
    ]);
    try {
      const bodyA = (await call(`${a.url}/payment-sessions/x`, { headers: KEY })).text;
      const bodyB = (await call(`${b.url}/payment-sessions/x`, { headers: KEY })).text;
      expect(bodyA).toBe(bodyB);
      expect(JSON.parse(bodyA)).not.toMatchObject({ paymentSessionId: 'd2e3f4a5-b6c7-8901-2345-012345678901' });
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});

describe('startMock failures', () => {
  it('rejects with Prism’s own output when Prism cannot load the spec, leaving no process behind', async () => {
    const dir = tempDir('paykit-mock-test-');
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"openapi": "3.1.0", "paths": ');
    const error = await startMock({ api: 'connect', specPath: broken }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrismStartError);
    expect((error as PrismStartError).message).toContain(`Prism for ${broken} exited with code 1 before answering`);
    expect((error as PrismStartError).message).toContain('--- Prism output ---');
    expect((error as PrismStartError).output).toContain('Error parsing');
    expect((error as PrismStartError).output).toContain('unexpected end of the stream');
    expect(prismChildrenOf(process.pid)).toEqual([]);
  });

  it('says how to make the bundle when the spec file is missing', async () => {
    await expect(startMock({ api: 'connect', specPath: '/nonexistent/connect.json' })).rejects.toThrow(
      'No spec at /nonexistent/connect.json: bundle it first with `pnpm --filter @paykit/spec bundle`.',
    );
  });

  it('rejects a port that is taken, without starting Prism', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const { port } = holder.address() as { port: number };
    try {
      await expect(startMock({ api: 'connect', port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
      expect(prismChildrenOf(process.pid)).toEqual([]);
    } finally {
      holder.close();
    }
  });

  it.each([
    [{ api: 'stripe' }, 'api must be one of connect, ten99policy (got "stripe")'],
    [{ api: 'connect', port: -1 }, 'port must be a whole number from 0 to 65535 (got -1)'],
    [{ api: 'connect', seed: 1.5 }, 'seed must be a whole number from 0 to 4294967295 (got 1.5)'],
    [{ api: 'connect', latency: -5 }, 'latency must be a whole number of milliseconds from 0 to 60000 (got -5)'],
    [{ api: 'connect', latency: { min: 900, max: 100 } }, 'latency.min must not exceed latency.max (got 900 > 100)'],
    [{ api: 'connect', faults: { 429: 1.5 } }, 'faults[429] must be a rate from 0 to 1 (got 1.5)'],
    [{ api: 'connect', faults: { 429: 0.6, 503: 0.6 } }, 'faults: the rates of 429 and 503 must add up to at most 1 (got 1.2)'],
  ])('refuses bad options with an error naming the option and the rule: %j', async (options, message) => {
    await expect(startMock(options as never)).rejects.toThrow(message);
  });
});
