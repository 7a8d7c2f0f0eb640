import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { apis, bundlePath, type ApiName } from '@paykit/spec';
import { defaultMockPort } from '../engine/ports.js';
import type { MockPluginFactory } from '../engine/hook.js';
import { StateFile } from '../sandbox/state-file.js';
import { startMock, type Mock } from '../start-mock.js';
import { banner } from './banner.js';
import { bundleOnly, rebundle } from './rebundle.js';
import { portVariable, readCliSettings, usage, type CliSettings } from './settings.js';
import { watchSpecSources } from './spec-watcher.js';
import { requestLine } from '../request-log/line.js';
import type { RequestEntry } from '../request-log/request-log.js';

/** How long a stop (SIGTERM, Ctrl-C) lets requests in flight finish before cutting them. */
const STOP_GRACE_MS = 5000;

function log(api: string | undefined, text: string): void {
  const prefix = api ? `[${api}] ` : '';
  for (const line of text.split('\n')) if (line.trim() !== '') console.log(`${prefix}${line}`);
}

function explainStartFailure(api: ApiName, port: number, error: unknown): string {
  if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    return `Port ${port} (${api}) is already in use: stop what holds it, or pick another port with ${portVariable(api)} or --${api}-port.`;
  }
  return `The ${api} mock did not start: ${(error as Error).message}`;
}

function portOf(api: ApiName, settings: CliSettings): number {
  const given = settings.ports[api];
  if (given !== undefined) return given;
  const path = bundlePath(api);
  let document: Record<string, unknown>;
  try {
    document = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    // The spec's own bundle: missing or cut short, rebuilding it is the way out.
    throw new Error(
      `${path} does not load (${(error as Error).message}): rebuild it with \`pnpm --filter @paykit/spec bundle\``,
    );
  }
  return defaultMockPort(document, apis.indexOf(api));
}

/**
 * The state file every sandbox shares (one file for every API) and the fixtures file each reads its part of; a
 * state file that cannot be used stops the CLI, saying why.
 */
function sandboxFiles(settings: CliSettings): { stateFile?: StateFile; fixtures?: string } {
  if (settings.stateless) return {};
  return {
    ...(settings.statePath ? { stateFile: new StateFile(resolve(settings.statePath)) } : {}),
    ...(settings.fixturesPath ? { fixtures: resolve(settings.fixturesPath) } : {}),
  };
}

async function startAll(settings: CliSettings, plugins: CliOptions['plugins']): Promise<Mock[] | undefined> {
  let ports: number[];
  let files: ReturnType<typeof sandboxFiles>;
  try {
    ports = apis.map((api) => portOf(api, settings));
    files = sandboxFiles(settings);
  } catch (error) {
    console.error((error as Error).message);
    return undefined;
  }
  const results = await Promise.allSettled(
    apis.map((api, i) =>
      startMock({
        api,
        port: ports[i],
        dynamic: settings.dynamic,
        seed: settings.seed,
        latency: settings.delay,
        faults: settings.faults,
        retryAfterSeconds: settings.retryAfterSeconds,
        onWarning: (text) => log(api, text),
        allowedOrigins: settings.allowedOrigins,
        allowedHosts: settings.allowedHosts,
        requestLog: {
          limit: settings.maxRequests,
          ...(settings.quiet ? {} : { onEntry: (entry: RequestEntry) => log(api, requestLine(entry)) }),
        },
        // A given plugin replaces the API's sandbox; --stateless leaves Prism alone.
        ...(plugins?.[api]
          ? { plugin: plugins[api] }
          : settings.stateless
            ? { stateless: true }
            : {
                sandbox: {
                  webhooks: settings.webhooks,
                  log: (line: string) => log(api, line),
                  limits: settings.limits,
                  ...(settings.redirectOrigin ? { redirectOrigin: settings.redirectOrigin } : {}),
                  ...files,
                },
              }),
      }),
    ),
  );
  const failures = results.flatMap((result, i) =>
    result.status === 'rejected' ? [explainStartFailure(apis[i] as ApiName, ports[i] as number, result.reason)] : [],
  );
  const started = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  if (failures.length > 0) {
    for (const failure of failures) console.error(failure);
    await Promise.all(started.map((mock) => mock.stop()));
    return undefined;
  }
  return started;
}

/** Re-validates, re-bundles and reloads the changed mocks, one round at a time; edits made meanwhile queue the next. */
function reloader(specDir: string, mocks: Mock[]): (changed: Set<string>) => void {
  let queued = new Set<string>();
  let running = false;
  return (changed) => {
    for (const api of changed) queued.add(api);
    if (running) return;
    running = true;
    void (async () => {
      while (queued.size > 0) {
        const batch = queued;
        queued = new Set();
        log(undefined, `Spec changed (${[...batch].join(', ')}): checking and re-bundling…`);
        const failure = await rebundle(specDir);
        if (failure !== undefined) {
          log(undefined, `The spec does not validate or bundle; the mocks keep serving the last good one.\n${failure}`);
          continue;
        }
        for (const mock of mocks.filter((candidate) => batch.has(candidate.api))) {
          try {
            await mock.reload();
            log(mock.api, `now serving the new spec (${mock.url})`);
          } catch (error) {
            log(mock.api, `${(error as Error).message}\nStill serving the last good spec.`);
          }
        }
      }
      running = false;
    })();
  };
}

export interface CliOptions {
  argv?: string[];
  env?: NodeJS.ProcessEnv;
  /** A plugin factory per API (e.g. a stateful sandbox), by API name. */
  plugins?: Partial<Record<string, MockPluginFactory>>;
}

/**
 * `pnpm mock`: every API of `@paykit/spec` in this process, the banner, spec reloads on save, Ctrl-C to stop. A wrong
 * setting sets exit code 2 with the usage; a mock that cannot start, exit code 1.
 */
export async function runMockCli({
  argv = process.argv.slice(2),
  env = process.env,
  plugins,
}: CliOptions = {}): Promise<void> {
  let settings: CliSettings | 'help';
  try {
    settings = readCliSettings(argv, env, apis);
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage(apis)}`);
    process.exitCode = 2;
    return;
  }
  if (settings === 'help') {
    console.log(usage(apis));
    return;
  }
  const specDir = dirname(dirname(bundlePath(apis[0] as ApiName)));
  if (apis.some((api) => !existsSync(bundlePath(api)))) {
    log(undefined, 'No bundled spec yet: bundling it first…');
    const failure = await bundleOnly(specDir);
    if (failure !== undefined) {
      console.error(`Bundling the spec failed:\n${failure}`);
      process.exitCode = 1;
      return;
    }
  }
  const mocks = await startAll(settings, plugins);
  if (mocks === undefined) {
    process.exitCode = 1;
    return;
  }
  const stopWatching = settings.watch ? watchSpecSources(specDir, reloader(specDir, mocks)) : () => undefined;
  console.log(
    banner({
      mocks: mocks.map((mock) => ({
        api: mock.api,
        url: mock.url,
        document: mock.document,
        ...(mock.sandbox
          ? {
              sandbox: {
                sendsWebhooks: mock.sandbox.webhooks !== undefined,
                redirectOrigin: mock.sandbox.redirectOrigin,
              },
            }
          : {}),
      })),
      webhooks: settings.webhooks,
      delay: settings.delay,
      faults: settings.faults,
      dynamic: settings.dynamic,
      watching: settings.watch,
    }),
  );
  if (!settings.stateless && settings.statePath) {
    log(
      undefined,
      `State: kept in ${resolve(settings.statePath)} across restarts (--state; delete it to start empty).`,
    );
  }
  if (!settings.stateless && settings.fixturesPath) {
    log(undefined, `Fixtures: ${resolve(settings.fixturesPath)} (a sandbox with no saved state starts from them).`);
  }
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (stopping) {
      log(undefined, `${signal} again: stopping at once.`);
      process.exit(1);
    }
    stopping = true;
    stopWatching();
    log(
      undefined,
      `${signal}: no new requests; finishing the ones in flight (at most ${STOP_GRACE_MS / 1000} s; ${signal} again stops at once)…`,
    );
    void Promise.all(mocks.map((mock) => mock.stop({ graceMs: STOP_GRACE_MS }))).then((reports) => {
      reports.forEach((report, i) => {
        const api = mocks[i]?.api;
        if (report.cutRequests > 0) {
          log(api, `${plural(report.cutRequests, 'request')} still unanswered after ${STOP_GRACE_MS / 1000} s: cut`);
        }
        if (report.pendingWebhooks > 0) {
          log(
            api,
            `${plural(report.pendingWebhooks, 'webhook delivery', 'webhook deliveries')} still pending: dropped (no pending delivery is kept across a restart)`,
          );
        }
      });
      const pending = reports.reduce((sum, report) => sum + report.pendingWebhooks, 0);
      log(undefined, `Stopped.${pending === 0 ? ' No webhook delivery was pending.' : ''}`);
      process.exit(0);
    });
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
