import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { loadConfig } from '../src/server/config.js';
import { checkLocalMocks } from '../src/server/mock-identity.js';
import { freePort } from './helpers.js';

// What the app says at start when a local vendor URL is not that vendor's mock: this run's two mocks (globalSetup),
// a plain server standing in for another program on the port, and a port nothing listens on.
let stranger: Server;
let strangerUrl: string;
beforeAll(async () => {
  stranger = createServer((_req, res) => res.writeHead(404, { 'content-type': 'text/plain' }).end('not found'));
  await new Promise<void>((resolve) => stranger.listen(0, '127.0.0.1', resolve));
  strangerUrl = `http://127.0.0.1:${(stranger.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => stranger.close(() => resolve())));

const connectMock = () => inject('connectMockUrl');
const ten99Mock = () => inject('ten99policyMockUrl');
const check = (env: Record<string, string>) => checkLocalMocks(loadConfig(env), { patienceMs: 0 });

describe('the app names a local vendor URL that is not that vendor’s mock', () => {
  test('each mock where it belongs: nothing to say', async () => {
    expect(await check({ CONNECT_BASE_URL: connectMock(), TEN99POLICY_BASE_URL: ten99Mock() })).toEqual([]);
  });

  test('crossed ports: names both URLs, the settings that move them and the mock found there', async () => {
    expect(await check({ CONNECT_BASE_URL: ten99Mock(), TEN99POLICY_BASE_URL: connectMock() })).toEqual([
      `Connect is set to ${ten99Mock()} (CONNECT_BASE_URL, or PAYKIT_CONNECT_PORT for the mock's port), but the mock there serves ten99policy: the ports are crossed.`,
      `1099Policy is set to ${connectMock()} (TEN99POLICY_BASE_URL, or PAYKIT_TEN99POLICY_PORT for the mock's port), but the mock there serves connect: the ports are crossed.`,
    ]);
  });

  test('another program on the port: says it is not a paykit mock', async () => {
    const port = new URL(strangerUrl).port;
    expect(await check({ PAYKIT_CONNECT_PORT: port, TEN99POLICY_BASE_URL: ten99Mock() })).toEqual([
      `Connect is set to http://127.0.0.1:${port} (CONNECT_BASE_URL, or PAYKIT_CONNECT_PORT for the mock's port), but what answers there is not a paykit mock: another program has the port.`,
    ]);
  });

  test('nothing listening (yet): left to the first call, which says the mock is not running', async () => {
    const port = String(await freePort());
    expect(await check({ PAYKIT_CONNECT_PORT: port, TEN99POLICY_BASE_URL: ten99Mock() })).toEqual([]);
  });
});
