import { bundlePath, type ApiName } from '@paykit/spec';
import { createLauncher } from './launcher.js';
import { checkPrismOptions, DEFAULT_READY_TIMEOUT_MS } from './prism-options.js';
import { PRISM_HOST } from './prism-process.js';

export interface StartPrismOptions {
  /** Which vendor API to serve (its bundle), unless `specPath` names another spec. */
  api: ApiName;
  /** Spec file to serve instead of the API's bundle (self-contained, as the bundles are). */
  specPath?: string;
  /** Generate bodies from the schemas (Prism `-d`) instead of serving the spec's examples. */
  dynamic?: boolean;
  /** Makes dynamic bodies repeatable. */
  seed?: number;
  /** How long to wait for Prism to answer (default 15 000 ms). */
  readyTimeoutMs?: number;
}

/** A Prism of its own, without the front door: no CORS, latency, faults or malformed-JSON answer. */
export interface BarePrism {
  /** Base URL, e.g. `http://127.0.0.1:38411`. */
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  /** Ends Prism and removes its spec copy; resolves once the process has exited. */
  stop(): Promise<void>;
}

/**
 * Starts Prism exactly as `startMock` runs it (same CLI, flags, spec snapshot, watchdog and readiness check), on a
 * free loopback port, without the front door: the baseline for measuring what the front door costs. Resolves once
 * this Prism answers; rejects with a `PrismStartError` carrying Prism's output when it cannot start. Like the mocks'
 * Prisms, it is ended when its starter exits or is interrupted, or killed outright.
 */
export async function startPrism(options: StartPrismOptions): Promise<BarePrism> {
  checkPrismOptions(options);
  const launcher = createLauncher(options.specPath ?? bundlePath(options.api), {
    dynamic: options.dynamic,
    seed: options.seed,
    readyTimeoutMs: options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS,
  });
  try {
    const prism = await launcher.launch();
    return {
      url: `http://${PRISM_HOST}:${prism.port}`,
      port: prism.port,
      pid: prism.pid,
      stop: async () => {
        await prism.stop();
        launcher.dispose();
      },
    };
  } catch (error) {
    launcher.dispose();
    throw error;
  }
}
