import { writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { bundlePath } from '@paykit/spec';
import { describe, expect, it, vi } from 'vitest';
import { freePort } from '../src/free-port.js';
import { spawnPrism } from '../src/prism-process.js';
import { PrismStartError, startMock } from '../src/index.js';
import { call, json } from './support/http.js';
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
    const plain = await spawnPrism({ specPath, port: await freePort(), readyTimeoutMs: 15_000 });
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

  it('answers 502 saying so when its Prism exits unexpectedly, logs it with Prism’s output, and restart() recovers', async () => {
    const mock = await startMock({ api: 'connect' });
    const logged: string[] = [];
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((text) => {
      logged.push(String(text));
      return true;
    });
    try {
      // Something for Prism's output tail: its warning about a call without credentials.
      expect((await call(`${mock.url}/payment-sessions/x`)).status).toBe(401);
      const pid = mock.prismPid;
      process.kill(pid, 'SIGKILL');
      // A bounded wait for the exit to be noticed, not a timing assertion.
      await vi.waitFor(() => expect(logged.join('')).toContain('unexpectedly'), { timeout: 10_000, interval: 25 });
      const log = logged.join('');
      expect(log).toContain(`[paykit mock connect] Prism (pid ${pid}) for ${bundlePath('connect')} was killed by SIGKILL`);
      expect(log).toContain('answering 502 until restart()');
      expect(log).toContain('--- Prism output (last lines) ---');
      expect(log).toContain('Invalid security scheme used');

      const answer = await call(`${mock.url}/payment-sessions/x`, { headers: KEY });
      expect(answer.status).toBe(502);
      expect(answer.headers.get('content-type')).toBe('application/problem+json');
      expect(json(answer)).toMatchObject({ status: 502, title: 'Prism exited' });
      expect(json(answer).detail).toBe(
        `Prism (pid ${pid}) for ${bundlePath('connect')} was killed by SIGKILL unexpectedly; ` +
          'the mock answers 502 until it is restarted.',
      );

      await mock.restart();
      expect(mock.prismPid).not.toBe(pid);
      expect((await call(`${mock.url}/payment-sessions/x`, { headers: KEY })).status).toBe(200);
    } finally {
      stderr.mockRestore();
      await mock.stop();
    }
  });

  it('logs nothing when its Prism ends because stop() asked', async () => {
    const mock = await startMock({ api: 'connect' });
    const stderr = vi.spyOn(process.stderr, 'write');
    try {
      await mock.stop();
      // An unexpected exit would be logged one turn after the exit (once Prism's last output is in): look after it.
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setImmediate(resolve));
      expect(stderr.mock.calls.map(([text]) => String(text)).join('')).not.toContain('unexpectedly');
    } finally {
      stderr.mockRestore();
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

  it('is not fooled by another server answering on Prism’s port: Prism’s own EADDRINUSE fails the start', async () => {
    const other = createHttpServer((_req, res) => res.writeHead(404).end('someone else'));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const { port } = other.address() as { port: number };
    try {
      const error = await spawnPrism({ specPath: bundlePath('connect'), port, readyTimeoutMs: 15_000 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PrismStartError);
      expect((error as PrismStartError).message).toContain('exited with code 1 before answering');
      expect((error as PrismStartError).output).toContain(`EADDRINUSE: address already in use 127.0.0.1:${port}`);
      expect(prismChildrenOf(process.pid)).toEqual([]);
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
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
    [{ api: 'connect', faults: { 500: 0.1 } }, 'faults can only inject the statuses 429 and 503 (got "500")'],
    [{ api: 'connect', faults: { 429: 0.1, 502: 0.1, teapot: 1 } }, 'faults can only inject the statuses 429 and 503 (got "502", "teapot")'],
    [{ api: 'connect', faults: 0.1 }, 'faults must be an object of rates such as { 429: 0.1, 503: 0.05 } (got "0.1")'],
    [{ api: 'connect', faults: { 429: '0.1' } }, 'faults[429] must be a rate from 0 to 1 (got "0.1")'],
    [{ api: 'connect', retryAfterSeconds: '7' }, 'retryAfterSeconds must be a whole number from 0 to 86400 (got "7")'],
  ])('refuses bad options with an error naming the option and the rule: %j', async (options, message) => {
    await expect(startMock(options as never)).rejects.toThrow(message);
  });
});
