#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { apis, bundlePath, type ApiName } from '@paykit/spec';
import { API_TITLES, banner } from './banner.js';
import { bundleSpec } from './bundle-spec.js';
import { ENV, readCliSettings, USAGE, type CliSettings } from './cli-settings.js';
import { watchSpecSources } from './spec-watcher.js';
import { startMock, type Mock } from './start-mock.js';

const PORT_ENV: Record<ApiName, string> = { connect: ENV.connectPort, ten99policy: ENV.ten99policyPort };

function log(api: ApiName | undefined, text: string): void {
  const prefix = api ? `[${api}] ` : '';
  for (const line of text.split('\n')) if (line.trim() !== '') console.log(`${prefix}${line}`);
}

function explainStartFailure(api: ApiName, port: number, error: unknown): string {
  if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    return (
      `Port ${port} (${API_TITLES[api]}) is already in use: stop what holds it, ` +
      `or pick another port with ${PORT_ENV[api]} or --${api}-port.`
    );
  }
  return `${API_TITLES[api]} mock did not start: ${(error as Error).message}`;
}

async function startBoth(settings: CliSettings): Promise<Record<ApiName, Mock> | undefined> {
  const results = await Promise.allSettled(
    apis.map((api) =>
      startMock({
        api,
        port: settings.ports[api],
        dynamic: settings.dynamic,
        seed: settings.seed,
        latency: settings.delay,
        faults: settings.faults,
        retryAfterSeconds: settings.retryAfterSeconds,
        onPrismOutput: (text) => log(api, text),
      }),
    ),
  );
  const failures = results.flatMap((result, i) => {
    const api = apis[i] as ApiName;
    return result.status === 'rejected' ? [explainStartFailure(api, settings.ports[api], result.reason)] : [];
  });
  const started = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  if (failures.length > 0) {
    for (const failure of failures) console.error(failure);
    await Promise.all(started.map((mock) => mock.stop()));
    return undefined;
  }
  return Object.fromEntries(started.map((mock) => [mock.api, mock])) as Record<ApiName, Mock>;
}

/** Re-bundles and restarts the changed mocks, one round at a time; edits made meanwhile queue the next round. */
function restarter(specDir: string, mocks: Record<ApiName, Mock>): (changed: Set<ApiName>) => void {
  let queued = new Set<ApiName>();
  let running = false;
  return (changed) => {
    for (const api of changed) queued.add(api);
    if (running) return;
    running = true;
    void (async () => {
      while (queued.size > 0) {
        const batch = queued;
        queued = new Set();
        log(undefined, `Spec changed (${[...batch].join(', ')}): re-bundling…`);
        const failure = await bundleSpec(specDir);
        if (failure !== undefined) {
          log(undefined, `Bundling failed; the mocks keep serving the previous spec.\n${failure}`);
          continue;
        }
        for (const api of batch) {
          try {
            await mocks[api].restart();
            log(api, `restarted on the new spec (${mocks[api].url})`);
          } catch (error) {
            log(api, `restart failed; still serving the previous spec.\n${(error as Error).message}`);
          }
        }
      }
      running = false;
    })();
  };
}

async function main(): Promise<void> {
  let settings: CliSettings | 'help';
  try {
    settings = readCliSettings(process.argv.slice(2), process.env);
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (settings === 'help') {
    console.log(USAGE);
    return;
  }
  const specDir = dirname(dirname(bundlePath('connect')));
  if (apis.some((api) => !existsSync(bundlePath(api)))) {
    log(undefined, 'No bundled spec yet: bundling it first…');
    const failure = await bundleSpec(specDir);
    if (failure !== undefined) {
      console.error(`Bundling the spec failed:\n${failure}`);
      process.exitCode = 1;
      return;
    }
  }
  const mocks = await startBoth(settings);
  if (mocks === undefined) {
    process.exitCode = 1;
    return;
  }
  const stopWatching = settings.watch ? watchSpecSources(specDir, restarter(specDir, mocks)) : () => undefined;
  console.log(
    banner({
      urls: { connect: mocks.connect.url, ten99policy: mocks.ten99policy.url },
      delay: settings.delay,
      faults: settings.faults,
      dynamic: settings.dynamic,
      watching: settings.watch,
    }),
  );
  const shutdown = (): void => {
    stopWatching();
    void Promise.all(apis.map((api) => mocks[api].stop())).then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

await main();
