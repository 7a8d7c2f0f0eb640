import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, inject, vi } from 'vitest';
import type {} from '@paykit/mock/vitest-global-setup';
import { loadConfig, type SampleConfig } from '../src/server/config.js';
import { startServer, type ServerOptions } from '../src/server/server.js';

export interface Answer {
  status: number;
  text: string;
  json: any;
  headers: Headers;
}

export interface Sample {
  url: string;
  config: SampleConfig;
  close(): Promise<void>;
  call(
    method: 'GET' | 'POST',
    path: string,
    init?: { body?: unknown; rawBody?: string; headers?: Record<string, string> },
  ): Promise<Answer>;
}

/**
 * The sample server on a free port, against the mocks this run's globalSetup started (or as `env` says), with its
 * own data folder (removed on close) unless `env` names one.
 */
export async function startSample(env: Record<string, string> = {}, options: ServerOptions = {}): Promise<Sample> {
  const ownDataDir = env['SAMPLE_DATA_DIR'] ? undefined : mkdtempSync(join(tmpdir(), 'paykit-sample-data-'));
  const config = loadConfig({
    ...(ownDataDir ? { SAMPLE_DATA_DIR: ownDataDir } : {}),
    SAMPLE_PORT: '0',
    CONNECT_BASE_URL: inject('connectMockUrl'),
    TEN99POLICY_BASE_URL: inject('ten99policyMockUrl'),
    VENDOR_TIMEOUT_MS: '3000',
    VENDOR_MAX_RETRIES: '1',
    ...env,
  });
  const server = await startServer(config, options);
  return {
    ...server,
    config,
    async close() {
      await server.close();
      if (ownDataDir) rmSync(ownDataDir, { recursive: true, force: true });
    },
    async call(method, path, init = {}) {
      const headers: Record<string, string> = { ...init.headers };
      let body: string | undefined = init.rawBody;
      if (init.body !== undefined) {
        body = JSON.stringify(init.body);
        headers['content-type'] = 'application/json';
      }
      // Every request has a deadline: a hang must fail the test, not stall the run.
      const response = await fetch(`${server.url}${path}`, {
        method,
        headers,
        body,
        signal: AbortSignal.timeout(20_000),
      });
      const text = await response.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: response.status, text, json, headers: response.headers };
    },
  };
}

/** What the page receives never carries a key, the webhook secret, a session link token or a stack trace. */
export function expectNothingSecret(text: string, config: SampleConfig): void {
  for (const secret of [config.connect.apiKey, config.ten99policy.apiKey, config.ten99policy.webhookSecret]) {
    expect(text).not.toContain(secret);
  }
  expect(text).not.toMatch(/\/payment\/setup\/(?!\[redacted\])|\/__paykit\/pages\/(?!\[redacted\])/);
  // Stack frames: `at fn (file:///…/x.js:12:5)`, `node:internal/…`.
  expect(text).not.toMatch(/\.(?:[cm]?[jt]sx?):\d+(?::\d+)?\)?|\((?:file|node):/);
}

/** Collects what the server writes to its console from now on; `stop()` restores the console. */
export function captureServerLog(): { text: () => string; stop: () => void } {
  const lines: string[] = [];
  const spies = (['log', 'info', 'warn', 'error'] as const).map((level) =>
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' '))),
  );
  return {
    text: () => lines.join('\n'),
    stop: () => {
      for (const spy of spies) spy.mockRestore();
    },
  };
}

export { freePort } from '@paykit/mock/free-port';
