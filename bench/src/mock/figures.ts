import { bundlePath } from '@paykit/spec';
import { figure, type Figure, type Target } from '../report/figure.js';
import { loadAverage } from '../report/machine.js';
import { median } from '../stats.js';
import { ownCpuSec, processCpuSec } from './cpu.js';
import { runLoad, type LoadRequest, type LoadSummary } from './load.js';
import { LOAD_VENDORS, loadRequest } from './requests.js';
import { launch, SERVER_LABELS, type ServerKind } from './servers.js';
import { syntheticApi } from './synthetic.js';

const readySamples = 5;
const load = { connections: 10, durationSec: 10, warmupSec: 1 };
/** Sizes of the synthetic APIs: a small vendor, a team with several vendors, and hundreds of operations. */
const SIZES = [8, 200, 800] as const;
/** The CORS path of the front door runs on every request, as for a browser app on another origin. */
const ORIGIN = { Origin: 'http://localhost:5173' };

interface Measured extends LoadSummary {
  /** CPU time per answered request of the server process (µs), warm-up included. */
  serverCpuUs?: number;
  benchProcessUs: number;
}

type Samples = Record<ServerKind, number[]>;

/**
 * Start-to-ready (the port's first answer) and start-to-first-answer (the request answered 2xx right after: what a
 * test suite starting the mock feels, the engine's first-use costs included), per server.
 */
async function readyTimes(
  kinds: readonly ServerKind[],
  specPath: string,
  request: LoadRequest,
): Promise<{ ready: Samples; firstAnswer: Samples }> {
  const empty = (): Samples => Object.fromEntries(kinds.map((kind) => [kind, [] as number[]])) as Samples;
  const ready = empty();
  const firstAnswer = empty();
  // Alternated, so the machine's drift spreads over all of them.
  for (let i = 0; i < readySamples; i++) {
    for (const kind of kinds) {
      const server = await launch(kind, specPath);
      try {
        const { path, ...init } = request;
        const asked = performance.now();
        const response = await fetch(`${server.url}${path}`, init);
        await response.arrayBuffer();
        if (!response.ok) throw new Error(`${SERVER_LABELS[kind]} answered ${response.status} to ${path}`);
        ready[kind].push(server.startToReadyMs);
        firstAnswer[kind].push(server.startToReadyMs + performance.now() - asked);
      } finally {
        await server.stop();
      }
    }
  }
  return { ready, firstAnswer };
}

async function loadThrough(kind: ServerKind, specPath: string, request: LoadRequest): Promise<Measured> {
  const server = await launch(kind, specPath);
  try {
    const { path, ...rest } = request;
    const cpuBefore = processCpuSec(server.pid);
    const ownBefore = ownCpuSec();
    const summary = await runLoad({
      url: `${server.url}${path}`,
      ...rest,
      headers: { ...rest.headers, ...ORIGIN },
      ...load,
    });
    const cpuAfter = processCpuSec(server.pid);
    const requests = summary.total + summary.warmupTotal;
    const measured: Measured = { ...summary, benchProcessUs: Math.round(((ownCpuSec() - ownBefore) / requests) * 1e6) };
    if (cpuBefore !== undefined && cpuAfter !== undefined)
      measured.serverCpuUs = Math.round(((cpuAfter - cpuBefore) / requests) * 1e6);
    return measured;
  } finally {
    await server.stop();
  }
}

/** The mock against steady (and Prism's CLI) on synthetic APIs of 8, 200 and 800 operations. */
async function syntheticFigures(): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const size of SIZES) {
    const api = await syntheticApi(size);
    try {
      const at800 = size === 800;
      const target = (on: Target['on'], op: Target['op'], bound: number): { target?: Target } =>
        at800 ? { target: { on, op, bound } } : {};
      const loadBefore = loadAverage();
      const { ready, firstAnswer } = await readyTimes(['mock', 'steady', 'prism'], api.bundlePath, api.request);
      const measured = {} as Record<ServerKind, Measured>;
      for (const kind of ['mock', 'steady', 'prism'] as const)
        measured[kind] = await loadThrough(kind, api.bundlePath, api.request);
      // Prism's CLI is left out here: at 800 operations it answers a few hundred requests a second either way.
      const varied = {
        mock: await loadThrough('mock', api.bundlePath, api.variedRequest),
        steady: await loadThrough('steady', api.bundlePath, api.variedRequest),
      };
      const details = {
        operations: api.operations,
        request: api.request,
        load,
        loadAverage1m5m15m: { before: loadBefore, after: loadAverage() },
      };
      const name = `${api.operations} ops`;
      figures.push(
        figure({
          id: `mock.synthetic${size}.ready`,
          label: `mock ${name}: start-to-ready`,
          value: median(ready.mock),
          unit: 'ms',
          baseline: { label: SERVER_LABELS.steady, value: median(ready.steady) },
          target: { on: 'ratio', op: '<=', bound: 1.5 },
          details: { samplesMs: ready, prismCliMs: median(ready.prism), ...details },
        }),
        figure({
          id: `mock.synthetic${size}.firstAnswer`,
          label: `mock ${name}: start-to-first-answer`,
          value: median(firstAnswer.mock),
          unit: 'ms',
          baseline: { label: SERVER_LABELS.steady, value: median(firstAnswer.steady) },
          details: { samplesMs: firstAnswer, prismCliMs: median(firstAnswer.prism) },
        }),
        figure({
          id: `mock.synthetic${size}.readyVsPrism`,
          label: `mock ${name}: start-to-ready vs Prism CLI`,
          value: median(ready.mock),
          unit: 'ms',
          baseline: { label: SERVER_LABELS.prism, value: median(ready.prism) },
        }),
        figure({
          id: `mock.synthetic${size}.throughput`,
          label: `mock ${name}: throughput (CORS on)`,
          value: measured.mock.requestsPerSec,
          unit: 'req/s',
          baseline: { label: SERVER_LABELS.steady, value: measured.steady.requestsPerSec },
          ...target('ratio', '>=', 1.0),
          details: { ...details, mock: measured.mock, steady: measured.steady, prismCli: measured.prism },
        }),
        figure({
          id: `mock.synthetic${size}.throughputVsPrism`,
          label: `mock ${name}: throughput vs Prism CLI`,
          value: measured.mock.requestsPerSec,
          unit: 'req/s',
          baseline: { label: SERVER_LABELS.prism, value: measured.prism.requestsPerSec },
        }),
        figure({
          id: `mock.synthetic${size}.throughputVaried`,
          label: `mock ${name}: throughput, a new id per request`,
          value: varied.mock.requestsPerSec,
          unit: 'req/s',
          baseline: { label: SERVER_LABELS.steady, value: varied.steady.requestsPerSec },
          details: { request: api.variedRequest, mock: varied.mock, steady: varied.steady },
        }),
        figure({
          id: `mock.synthetic${size}.p99`,
          label: `mock ${name}: p99 latency`,
          value: measured.mock.latencyP99Ms,
          unit: 'ms',
          baseline: { label: SERVER_LABELS.steady, value: measured.steady.latencyP99Ms },
          ...target('value', '<=', 10),
          details: { prismCliP99Ms: measured.prism.latencyP99Ms },
        }),
      );
    } finally {
      api.remove();
    }
  }
  return figures;
}

/** Today's comparison on the vendor bundles: the mock against Prism's CLI serving the same bundle. */
async function vendorFigures(): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const api of LOAD_VENDORS) {
    const specPath = bundlePath(api);
    const request = loadRequest(api);
    const { ready } = await readyTimes(['mock', 'prism'], specPath, request);
    const mock = await loadThrough('mock', specPath, request);
    const prism = await loadThrough('prism', specPath, request);
    const baseline = SERVER_LABELS.prism;
    figures.push(
      figure({
        id: `mock.${api}.ready`,
        label: `mock ${api}: start-to-ready`,
        value: median(ready.mock),
        unit: 'ms',
        baseline: { label: baseline, value: median(ready.prism) },
        details: { samplesMs: ready },
      }),
      figure({
        id: `mock.${api}.p99`,
        label: `mock ${api}: p99 latency`,
        value: mock.latencyP99Ms,
        unit: 'ms',
        baseline: { label: baseline, value: prism.latencyP99Ms },
        target: { on: 'value', op: '<=', bound: 10 },
      }),
      figure({
        id: `mock.${api}.throughput`,
        label: `mock ${api}: throughput (CORS on)`,
        value: mock.requestsPerSec,
        unit: 'req/s',
        baseline: { label: baseline, value: prism.requestsPerSec },
        details: { request, load, mock, prismCli: prism, loadAverage1m5m15m: loadAverage() },
      }),
    );
  }
  return figures;
}

/** Issue 11 §6: the mock against steady on 8, 200 and 800 operations, and against Prism's CLI (the baseline). */
export async function mockFigures(): Promise<Figure[]> {
  const figures = [...(await syntheticFigures()), ...(await vendorFigures())];
  return figures;
}
