import { existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { seeds } from '@paykit/spec/seeds';
import { describe, expect, it } from 'vitest';
import { PrismStartError, startPrism } from '../src/index.js';
import { call, json } from './support/http.js';
import { isRunning, prismChildrenOf } from './support/processes.js';

// startPrism: Prism as the mocks run it, without the front door, for the bench's baseline.
const KEY = { 'X-API-Key': 'dummy-key' };
const [getSessionSeed] = seeds;

describe('startPrism (a bare Prism, no front door)', () => {
  it('serves the API’s bundle on a free loopback port as soon as it resolves, and stop() ends it', async () => {
    const prism = await startPrism({ api: 'connect' });
    const snapshotDir = dirname(
      readFileSync(`/proc/${prism.pid}/cmdline`, 'utf8')
        .split('\0')
        .find((arg) => arg.includes('paykit-mock-spec-')) as string,
    );
    try {
      expect(prism.url).toBe(`http://127.0.0.1:${prism.port}`);
      expect(prismChildrenOf(process.pid)).toContain(prism.pid);
      const answer = await call(`${prism.url}/payment-sessions/x`, { headers: KEY });
      expect(answer.status).toBe(200);
      expect(json(answer)).toEqual(getSessionSeed?.body);
    } finally {
      await prism.stop();
    }
    expect(isRunning(prism.pid)).toBe(false);
    expect(existsSync(snapshotDir)).toBe(false);
    await expect(call(`${prism.url}/payment-sessions/x`, { headers: KEY })).rejects.toThrow();
  });

  it('is Prism alone: the front door’s headers do nothing and there is no CORS', async () => {
    const prism = await startPrism({ api: 'connect' });
    try {
      const answer = await call(`${prism.url}/payment-sessions/x`, {
        headers: { ...KEY, 'X-Mock-Fault': '503', Origin: 'http://localhost:5173' },
      });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await prism.stop();
    }
  });

  it('rejects with Prism’s own output when the spec does not load, leaving no process', async () => {
    const error = await startPrism({ api: 'connect', specPath: '/dev/null' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrismStartError);
    expect((error as PrismStartError).message).toContain('Prism for /dev/null exited with code 1 before answering');
    expect(prismChildrenOf(process.pid)).toEqual([]);
  });

  it.each([
    [{ api: 'stripe' }, 'api must be one of connect, ten99policy (got "stripe")'],
    [{ api: 'connect', seed: -1 }, 'seed must be a whole number from 0 to 4294967295 (got -1)'],
    [{ api: 'connect', readyTimeoutMs: 0 }, 'readyTimeoutMs must be a whole number from 1 to 600000 (got 0)'],
  ])('refuses bad options with an error naming the option and the rule: %j', async (options, message) => {
    await expect(startPrism(options as never)).rejects.toThrow(message);
  });
});
