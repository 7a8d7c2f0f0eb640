import { bundlePath, type ApiName } from '@paykit/spec';
import { toDelayRange, toRates, type FaultRates, type Latency } from './chaos.js';
import { openFrontDoor } from './front-door.js';
import { createLauncher } from './launcher.js';
import { checkPrismOptions, DEFAULT_READY_TIMEOUT_MS } from './prism-options.js';
import { PRISM_HOST, type PrismExit, type PrismProcess } from './prism-process.js';
import { createRandom } from './random.js';
import { wholeNumber } from './whole-number.js';

export interface StartMockOptions {
  /** Which vendor API to mock. */
  api: ApiName;
  /** Port of the mock; a free one when omitted or 0. */
  port?: number;
  /** Generate bodies from the schemas (Prism `-d`) instead of serving the spec's examples. */
  dynamic?: boolean;
  /** Makes dynamic bodies, random delays and fault rolls repeatable. */
  seed?: number;
  /** Delay before every answer, in ms: fixed (`300`) or random in a range (`{ min: 100, max: 800 }`). */
  latency?: Latency;
  /** Share (0..1) of requests answered with an injected 429 or 503, e.g. `{ 429: 0.1, 503: 0.05 }`. */
  faults?: FaultRates;
  /** `Retry-After` of injected faults, in seconds, replacing the spec's own (its example: 2). */
  retryAfterSeconds?: number;
  /** Spec file to serve instead of the API's bundle. */
  specPath?: string;
  /** How long to wait for Prism to answer (default 15 000 ms). */
  readyTimeoutMs?: number;
  /** Receives Prism's own output (warnings about requests and responses that break the spec). */
  onPrismOutput?: (text: string) => void;
}

export interface Mock {
  readonly api: ApiName;
  /** Base URL of the mock, e.g. `http://127.0.0.1:4010`. */
  readonly url: string;
  readonly port: number;
  /** Process id of the Prism currently serving (it changes on `restart()`). */
  readonly prismPid: number;
  /** Starts a fresh Prism on the spec file as it is now; switches to it once it answers (the old one serves until then). */
  restart(): Promise<void>;
  /** Stops the mock; resolves once its Prism process has exited. */
  stop(): Promise<void>;
}

function checkOptions(options: StartMockOptions): void {
  checkPrismOptions(options);
  if (options.port !== undefined) wholeNumber(options.port, 'port', 0, 65_535);
  if (options.retryAfterSeconds !== undefined) wholeNumber(options.retryAfterSeconds, 'retryAfterSeconds', 0, 86_400);
}

/** The last lines of Prism's output, for a log line that stays readable. */
function lastLines(output: string, count = 20): string {
  return output.trimEnd().split('\n').slice(-count).join('\n') || '(none)';
}

/**
 * Starts a Prism mock of one vendor API behind the paykit front door (CORS, latency, faults, malformed-JSON 400).
 * Resolves once the mock answers; rejects with Prism's own output when it cannot start.
 */
export async function startMock(options: StartMockOptions): Promise<Mock> {
  checkOptions(options);
  const specPath = options.specPath ?? bundlePath(options.api);
  const door = await openFrontDoor({
    host: PRISM_HOST,
    port: options.port ?? 0,
    chaos: {
      delay: toDelayRange(options.latency, 'latency'),
      faults: toRates(options.faults, 'faults'),
      retryAfterSeconds: options.retryAfterSeconds,
      random: createRandom(options.seed),
    },
  });

  let prism: PrismProcess;
  let stopping: Promise<void> | undefined;
  // Prism ending on its own (a crash, a kill from outside) must not look like a hang or a vendor error: say so on
  // stderr with what Prism printed, and answer 502 saying so until restart() brings up a new one. Only a Prism that
  // was ready can end unexpectedly, so `prism` is set by then; one that is not serving (yet) is not the mock's state.
  const onUnexpectedExit = ({ pid, reason, output }: PrismExit): void => {
    if (stopping || pid !== prism.pid) return;
    const what = `Prism (pid ${pid}) for ${specPath} ${reason} unexpectedly`;
    door.markGone(`${what}; the mock answers 502 until it is restarted.`);
    process.stderr.write(
      `[paykit mock ${options.api}] ${what}; answering 502 until restart().\n--- Prism output (last lines) ---\n` +
        `${lastLines(output)}\n`,
    );
  };
  const launcher = createLauncher(specPath, {
    dynamic: options.dynamic,
    seed: options.seed,
    readyTimeoutMs: options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS,
    onOutput: options.onPrismOutput,
    onUnexpectedExit,
  });
  try {
    prism = await launcher.launch();
  } catch (error) {
    await door.close();
    launcher.dispose();
    throw error;
  }
  door.setUpstream(prism.port);

  let restarting: Promise<void> = Promise.resolve();
  return {
    api: options.api,
    url: `http://${PRISM_HOST}:${door.port}`,
    port: door.port,
    get prismPid() {
      return prism.pid;
    },
    restart() {
      restarting = restarting
        .catch(() => undefined)
        .then(async () => {
          if (stopping) throw new Error('The mock is stopped.');
          const next = await launcher.launch();
          if (stopping) return next.stop();
          const previous = prism;
          prism = next;
          door.setUpstream(next.port);
          await previous.stop();
        });
      return restarting;
    },
    stop() {
      stopping ??= restarting
        .catch(() => undefined)
        .then(async () => {
          await door.close();
          await prism.stop();
          launcher.dispose();
        });
      return stopping;
    },
  };
}
