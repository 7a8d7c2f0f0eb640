import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { apis, bundlePath, type ApiName } from '@paykit/spec';
import { createEngine, type Engine } from './engine/engine.js';
import type { MockPluginFactory } from './engine/hook.js';
import { toDelayRange, toRates, type FaultRates, type Latency } from './front-door/chaos.js';
import { type Boundary, createBoundary } from './front-door/boundary.js';
import { answerClientError, answerConnect } from './front-door/client-error.js';
import { createFrontDoor } from './front-door/door.js';
import { createRandom } from './front-door/random.js';
import type { Sandbox, SandboxOptions } from './sandbox/sandbox.js';
import { type RequestEntry, RequestLog } from './request-log/request-log.js';
import { type NumberRanges, wholeNumbersIn } from './whole-number.js';

export const MOCK_HOST = '127.0.0.1';

/** The header on every answer of a mock that names its API (`connect`, `ten99policy`, …). */
export const MOCK_API_HEADER = 'x-paykit-mock';

export interface StartMockOptions {
  /** Which API of `@paykit/spec` to mock. */
  api: ApiName;
  /** Port of the mock; a free one when omitted or 0. */
  port?: number;
  /** Generate bodies from the schemas (Prism's dynamic mode) instead of serving the spec's examples. */
  dynamic?: boolean;
  /** Makes dynamic bodies, random delays and fault rolls repeatable. */
  seed?: number;
  /** Delay before every answer, in ms: fixed (`300`) or random in a range (`{ min: 100, max: 800 }`). */
  latency?: Latency;
  /** Share (0..1) of requests answered with an injected fault, e.g. `{ 429: 0.1, 503: 0.05, reset: 0.01 }`. */
  faults?: FaultRates;
  /** `Retry-After` of injected faults, in seconds, replacing the spec's own. */
  retryAfterSeconds?: number;
  /** Spec file to serve instead of the API's bundle (self-contained, as the bundles are). */
  specPath?: string;
  /**
   * Serve the spec's examples only (Prism alone), without the sandbox's state, hosted pages, webhooks and control
   * API. Default false: the API's sandbox, when it has one.
   */
  stateless?: boolean;
  /**
   * The sandbox's webhook receivers and secret, expiry job interval, log, state file and fixtures (see README, "The
   * sandbox").
   */
  sandbox?: SandboxOptions;
  /** Makes this mock's plugin in place of the sandbox; called once, the plugin lives as long as the mock. */
  plugin?: MockPluginFactory;
  /** Told about answers that break the spec (Prism's response validation). Default: ignored. */
  onWarning?: (text: string) => void;
  /**
   * Origins whose pages may call the mock from a browser (CORS, never with credentials) and use `/__paykit/`:
   * `'loopback'` (any port of localhost, 127.0.0.0/8 and [::1]) and http(s) origins. Default `['loopback']`; the
   * sandbox's redirect origin is always allowed. See README, "Threat model".
   */
  allowedOrigins?: readonly string[];
  /** Host names the mock answers to beyond the loopback ones (any other `Host` gets 421). Default none. */
  allowedHosts?: readonly string[];
  /**
   * The request log: how many requests it keeps (`limit`, default 1000) and who is told about each one once it
   * is answered (`onEntry`: the CLI prints a line). See README, "Dashboard and request log".
   */
  requestLog?: { limit?: number; onEntry?: (entry: RequestEntry) => void };
}

export interface Mock {
  readonly api: ApiName;
  /** Base URL of the mock, e.g. `http://127.0.0.1:4010`. */
  readonly url: string;
  readonly port: number;
  /** The spec file the mock serves (and re-reads on `reload()`). */
  readonly specPath: string;
  /** The bundled document served now. */
  readonly document: Record<string, unknown>;
  /** The API's sandbox (its clock, sessions and webhook log), unless the mock is stateless or has another plugin. */
  readonly sandbox: Sandbox | undefined;
  /** The requests it answered, newest last (kept also when stateless). */
  readonly requests: RequestLog;
  /**
   * Re-reads the spec file and swaps the compiled routes in at once; requests in flight finish on the old ones.
   * Rejects with a `SpecLoadError` (file and line) when the file does not load: the last good spec keeps serving.
   */
  reload(): Promise<void>;
  /**
   * Stops accepting requests, lets those in flight finish for up to `graceMs` (default 0: cut at once), then
   * closes every connection and the sandbox. Resolves once the port is closed, saying what was cut or dropped.
   */
  stop(options?: { graceMs?: number }): Promise<StopReport>;
}

/** What a stop left undone. */
export interface StopReport {
  /** Requests still unanswered when the grace period ended, whose connections were cut. */
  cutRequests: number;
  /** Webhook deliveries not yet delivered or given up: dropped (the state file keeps no pending delivery). */
  pendingWebhooks: number;
}

const NUMBER_OPTIONS: NumberRanges = { port: [0, 65_535], seed: [0, 2 ** 32 - 1], retryAfterSeconds: [0, 86_400] };
const STOP_OPTIONS: NumberRanges = { graceMs: [0, 600_000] };

/** Refuses numbers out of range in zod's wording; zod is loaded only then (a good start does without it). */
async function refuseNumbers(numbers: Record<string, unknown>, ranges: NumberRanges): Promise<never> {
  return (await import('./number-options.js')).refuseNumbers(numbers, ranges);
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, MOCK_HOST, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Checks the options that need no spec; gives the front door's chaos settings. */
async function checkOptions(options: StartMockOptions) {
  if (!apis.includes(options.api)) {
    throw new TypeError(`api must be one of ${apis.join(', ')} (got ${JSON.stringify(options.api)})`);
  }
  const numbers = { port: options.port, seed: options.seed, retryAfterSeconds: options.retryAfterSeconds };
  if (!wholeNumbersIn(numbers, NUMBER_OPTIONS)) await refuseNumbers(numbers, NUMBER_OPTIONS);
  if (options.sandbox !== undefined && (options.stateless || options.plugin)) {
    throw new TypeError(
      `sandbox cannot be combined with ${options.stateless ? 'stateless: true' : 'plugin'} (there is no sandbox then)`,
    );
  }
  if (options.allowedOrigins !== undefined && !Array.isArray(options.allowedOrigins)) {
    throw new TypeError('allowedOrigins must be an array of origins (or "loopback")');
  }
  if (options.allowedHosts !== undefined && !Array.isArray(options.allowedHosts)) {
    throw new TypeError('allowedHosts must be an array of host names');
  }
  return {
    delay: toDelayRange(options.latency, 'latency'),
    faults: toRates(options.faults, 'faults'),
    retryAfterSeconds: options.retryAfterSeconds,
    random: createRandom(options.seed),
  };
}

/**
 * Serves one API of `@paykit/spec` with Prism's engine in this process, behind the front door (CORS, delay, faults,
 * refusals in the vendor's words, malformed-JSON 400). The port is bound only once the spec is loaded, so the mock
 * answers as soon as this resolves. Bad options are refused with an error naming the option and the rule.
 */
export async function startMock(options: StartMockOptions): Promise<Mock> {
  const chaos = await checkOptions(options);
  const specPath = options.specPath ?? bundlePath(options.api);
  const requests = new RequestLog(options.requestLog?.limit);
  if (options.requestLog?.onEntry) requests.subscribe(options.requestLog.onEntry);
  // Loaded only for a mock that has one: a stateless mock starts without the sandbox's modules.
  const sandbox =
    options.plugin || options.stateless
      ? undefined
      : (await import('./sandbox/sandbox.js')).createSandbox(options.api, options.sandbox, requests);
  const plugin = options.plugin?.(options.api) ?? sandbox;
  let engine: Engine;
  let boundary: Boundary;
  try {
    boundary = createBoundary({
      ...(options.allowedOrigins ? { allowedOrigins: options.allowedOrigins } : {}),
      ...(options.allowedHosts ? { allowedHosts: options.allowedHosts } : {}),
      alsoAllowed: sandbox?.redirectOrigin ? [sandbox.redirectOrigin] : [],
    });
    engine = await createEngine(specPath, {
      api: options.api,
      dynamic: options.dynamic ?? false,
      seed: options.seed,
      plugin,
      onWarning: options.onWarning ?? (() => undefined),
    });
  } catch (error) {
    sandbox?.close();
    throw error;
  }
  const door = createFrontDoor({ engine, chaos, plugin, boundary, host: MOCK_HOST, requests });
  // Every answer names the API it comes from, so an app pointed at the wrong port (or at a server that is no
  // paykit mock) can say so instead of failing on a body it does not understand.
  const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
    res.setHeader(MOCK_API_HEADER, options.api);
    door(req, res);
  });
  server.on('clientError', answerClientError);
  server.on('connect', answerConnect);
  const port = await listen(server, options.port ?? 0).catch((error: unknown) => {
    sandbox?.close();
    throw error;
  });
  // Fixtures' hosted pages need the address the mock listens on.
  sandbox?.listening(`http://${MOCK_HOST}:${port}`);
  // Requests not yet answered, so that a stop can let them finish.
  const inFlight = new Set<ServerResponse>();
  let drained: (() => void) | undefined;
  server.on('request', (_req, res: ServerResponse) => {
    inFlight.add(res);
    res.once('close', () => {
      inFlight.delete(res);
      if (inFlight.size === 0) drained?.();
    });
  });
  let stopping: Promise<StopReport> | undefined;
  return {
    api: options.api,
    url: `http://${MOCK_HOST}:${port}`,
    port,
    specPath,
    get document() {
      return engine.spec.document;
    },
    sandbox,
    requests,
    async reload() {
      await engine.load(specPath);
    },
    stop({ graceMs = 0 } = {}) {
      if (!wholeNumbersIn({ graceMs }, STOP_OPTIONS)) return refuseNumbers({ graceMs }, STOP_OPTIONS);
      stopping ??= (async () => {
        const closed = new Promise<void>((done) => server.close(() => done()));
        server.closeIdleConnections();
        // A dashboard's live stream never ends by itself: it is no request to wait for.
        for (const res of inFlight) {
          if (String(res.getHeader('content-type')).startsWith('text/event-stream')) res.end();
        }
        if (inFlight.size > 0 && graceMs > 0) {
          let timer: NodeJS.Timeout | undefined;
          await new Promise<void>((done) => {
            drained = done;
            timer = setTimeout(done, graceMs);
          });
          clearTimeout(timer);
        }
        const cutRequests = inFlight.size;
        server.closeAllConnections();
        await closed;
        return { cutRequests, pendingWebhooks: sandbox?.close() ?? 0 };
      })();
      return stopping;
    },
  };
}
