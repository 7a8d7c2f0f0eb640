import { bundlePath } from '@paykit/spec';
import { figure, type Figure, type Target } from '../report/figure.js';
import { loadAverage } from '../report/machine.js';
import { median } from '../stats.js';
import type { LoadRequest } from './load.js';
import { type LoadName, type LoadRow, loadDetails, loadFigures } from './load-rows.js';
import { createdSessionId, LOAD_VENDORS, vendorTraffic, type LoadVendor } from './requests.js';
import { alternatedRounds, type RoundsMedian, type RoundsPlan, type Subject } from './rounds.js';
import { launch, SERVER_LABELS, type RunningServer, type ServerKind } from './servers.js';
import { med, readyTimes } from './start.js';
import { syntheticApi } from './synthetic.js';
import { touchEach, type Touches } from './touch.js';

/**
 * The rounds of the synthetic load rows (`rounds.ts`): each server warmed 4 s, then 4 rounds of 2 s at 10
 * connections and 3 of 2 s at 100, each after 0.5 s of discarded load on the same connections. 77 s of load per
 * synthetic API in 2 load-runner starts, where one 6 s load at each connection count per server (after 3 s and 1 s
 * of warm-up) and the repeated request's took 66 s in 8 runner starts and 2 more server starts.
 */
const SYNTHETIC_ROUNDS: RoundsPlan<LoadName> = {
  warmup: { connections: 10, durationSec: 4 },
  phases: {
    c10: { connections: 10, rounds: 4, durationSec: 2, warmupSec: 0.5 },
    c100: { connections: 100, rounds: 3, durationSec: 2, warmupSec: 0.5 },
  },
};
/** The vendor rows load four servers a round: one round fewer at 10 connections keeps their 76 s of load as before. */
const VENDOR_ROUNDS: RoundsPlan<LoadName> = {
  ...SYNTHETIC_ROUNDS,
  phases: { ...SYNTHETIC_ROUNDS.phases, c10: { ...SYNTHETIC_ROUNDS.phases.c10, rounds: 3 } },
};
/** The secondary repeated request, on the servers the mixed rounds warmed: 1 s for the memo's path, 2 rounds. */
const REPEATED_ROUNDS: RoundsPlan<'c10'> = {
  warmup: { connections: 10, durationSec: 1 },
  phases: { c10: { ...SYNTHETIC_ROUNDS.phases.c10, rounds: 2 } },
};
/** Sizes of the synthetic APIs: a small vendor, a team with several vendors, and hundreds of operations. */
const SIZES = [8, 200, 800] as const;

/**
 * The parts of the section a run measures: all by default; `PAYKIT_BENCH_MOCK_ONLY=200,connect` (synthetic sizes and
 * vendors, comma-separated) for working on a few rows (a full section takes 8 minutes or more).
 */
function selectedParts(): Set<string> {
  const all = [...SIZES.map(String), ...LOAD_VENDORS];
  const asked = process.env['PAYKIT_BENCH_MOCK_ONLY']
    ?.split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  if (!asked?.length) return new Set(all);
  const unknown = asked.filter((part) => !all.includes(part));
  if (unknown.length > 0) {
    throw new Error(`PAYKIT_BENCH_MOCK_ONLY: unknown part ${unknown.join(', ')} (valid: ${all.join(', ')})`);
  }
  return new Set(asked);
}
/** The CORS path of the front door runs on every request, as for a browser app on another origin. */
const ORIGIN = { Origin: 'http://localhost:5173' };
/** Touching every operation once stops here (and is extrapolated, labelled so): a slow server must not stall the run. */
const TOUCH_DEADLINE_MS = 30_000;

/** What one server is sent in the rounds. */
const subject = (server: RunningServer, requests: LoadRequest[]): Subject => ({
  url: server.url,
  requests,
  headers: ORIGIN,
  serverPid: server.pid,
});

/** The servers started side by side (one after another), handed to `use`, then stopped whatever happens. */
async function withServers<K extends ServerKind, T>(
  kinds: readonly K[],
  specPath: string,
  api: LoadVendor | undefined,
  use: (servers: Record<K, RunningServer>) => Promise<T>,
): Promise<T> {
  const started: RunningServer[] = [];
  try {
    for (const kind of kinds) started.push(await launch(kind, specPath, api));
    return await use(Object.fromEntries(started.map((server) => [server.kind, server])) as Record<K, RunningServer>);
  } finally {
    await Promise.all(started.map((server) => server.stop()));
  }
}

async function touchesOn(kind: ServerKind, specPath: string, requests: LoadRequest[]): Promise<Touches> {
  const server = await launch(kind, specPath);
  try {
    return await touchEach(server.url, requests, TOUCH_DEADLINE_MS);
  } finally {
    await server.stop();
  }
}

const SYNTHETIC_KINDS = ['mock', 'steady', 'prism'] as const;
type SyntheticKind = (typeof SYNTHETIC_KINDS)[number];
const VENDOR_KINDS = ['sandbox', 'mock', 'steady', 'prism'] as const;
type VendorKind = (typeof VENDOR_KINDS)[number];

/** The baselines of the load rows; one other than steady names its row (`vsPrism`), so it is spread last. */
const against = {
  steady: { against: 'steady', againstLabel: SERVER_LABELS.steady },
  prism: { against: 'prism', againstLabel: SERVER_LABELS.prism, id: 'vsPrism', label: 'vs Prism CLI' },
  stateless: {
    against: 'mock',
    againstLabel: `${SERVER_LABELS.mock} --stateless`,
    id: 'vsStateless',
    label: 'vs --stateless',
  },
} as const;
const throughput = { measure: 'requestsPerSec', id: 'throughput', label: 'throughput' } as const;
const p99 = { measure: 'latencyP99Ms', id: 'p99', label: 'p99' } as const;
/** The tail the p99 rows leave out (`rounds.ts`): answers to requests sent while the 100 connections open. */
const openingP99 = {
  measure: 'discardedLatencyP99Ms',
  id: 'openingP99',
  label: '(secondary) p99 of the first 0.5 s, connections opening',
} as const;
const atLeast = (bound: number): Target => ({ on: 'ratio', op: '>=', bound });
const atMost = (bound: number): Target => ({ on: 'ratio', op: '<=', bound });

/** The mixed-traffic rows of one synthetic API, in the table's order; `details` go with the first row of a load. */
function syntheticLoadRows(size: number, details: Record<LoadName, Record<string, unknown>>): LoadRow<SyntheticKind>[] {
  return [
    { load: 'c10', ...throughput, ...against.steady, target: atLeast(size === 8 ? 0.8 : 1.0), details: details.c10 },
    { load: 'c10', ...throughput, ...against.prism },
    { load: 'c100', ...p99, ...against.steady, target: atMost(1.5), details: details.c100 },
    { load: 'c100', ...throughput, ...against.steady },
    { load: 'c100', ...openingP99, ...against.steady },
  ];
}

/** The sandbox's rows on one vendor bundle, in the table's order; `details` go with the first row of a load. */
function vendorLoadRows(details: Record<LoadName, Record<string, unknown>>): LoadRow<VendorKind>[] {
  return [
    { load: 'c10', ...throughput, ...against.steady, target: atLeast(0.8), details: details.c10 },
    { load: 'c10', ...throughput, ...against.stateless, target: atLeast(0.8) },
    { load: 'c10', ...throughput, ...against.prism },
    { load: 'c100', ...p99, ...against.steady, target: atMost(1.5), details: details.c100 },
    { load: 'c100', ...openingP99, ...against.steady },
  ];
}

/** Both loads' details in results.json: the rounds' shape and every server's medians and rounds, plus `extra` on 10. */
function bothLoads<K extends string>(
  measured: Record<K, Record<LoadName, RoundsMedian>>,
  plan: RoundsPlan<LoadName>,
  extra: Record<string, unknown>,
): Record<LoadName, Record<string, unknown>> {
  return { c10: { ...extra, ...loadDetails(measured, plan, 'c10') }, c100: loadDetails(measured, plan, 'c100') };
}

/** The three servers side by side on one synthetic API: the mixed traffic's rounds, then the repeated request's. */
async function syntheticLoads(api: Awaited<ReturnType<typeof syntheticApi>>) {
  return withServers(SYNTHETIC_KINDS, api.bundlePath, undefined, async (servers) => {
    const mixed = await alternatedRounds(
      {
        mock: subject(servers.mock, api.mixedRequests),
        steady: subject(servers.steady, api.mixedRequests),
        prism: subject(servers.prism, api.mixedRequests),
      },
      SYNTHETIC_ROUNDS,
    );
    const repeated = await alternatedRounds(
      { mock: subject(servers.mock, [api.request]), steady: subject(servers.steady, [api.request]) },
      REPEATED_ROUNDS,
    );
    return { mixed, repeated };
  });
}

/** The cold rows of one synthetic API: start-to-first-answer, the first touch of a path, every operation once. */
function coldFigures(
  size: number,
  api: Awaited<ReturnType<typeof syntheticApi>>,
  starts: Awaited<ReturnType<typeof readyTimes>>,
  touches: Record<SyntheticKind, Touches>,
): Figure[] {
  const name = `${api.operations} ops`;
  const steady = SERVER_LABELS.steady;
  const { ready, firstAnswer } = starts;
  const touchOf = (kind: SyntheticKind) => median(touches[kind].firstTouchMs);
  const perKind = <T>(pick: (kind: SyntheticKind) => T) =>
    Object.fromEntries(SYNTHETIC_KINDS.map((kind) => [kind, pick(kind)]));
  return [
    figure({
      id: `mock.synthetic${size}.firstAnswer`,
      label: `mock ${name}: start-to-first-answer`,
      value: med(firstAnswer, 'mock'),
      unit: 'ms',
      baseline: { label: steady, value: med(firstAnswer, 'steady') },
      target: atMost(1.5),
      details: {
        samplesMs: firstAnswer,
        prismCliMs: med(firstAnswer, 'prism'),
        readyMs: { mock: med(ready, 'mock'), steady: med(ready, 'steady'), prismCli: med(ready, 'prism') },
        readySamplesMs: ready,
      },
    }),
    figure({
      id: `mock.synthetic${size}.firstTouch`,
      label: `mock ${name}: first touch of a path (median)`,
      value: touchOf('mock'),
      unit: 'ms',
      baseline: { label: steady, value: touchOf('steady') },
      ...(size === 800 && { target: { on: 'value', op: '<=', bound: 20 } as const }),
      details: {
        prismCliMs: touchOf('prism'),
        maxMs: perKind((kind) => Math.max(...touches[kind].firstTouchMs)),
        processFirstRequestMs: perKind((kind) => touches[kind].firstRequestMs),
      },
    }),
    figure({
      id: `mock.synthetic${size}.touchAll`,
      label: `mock ${name}: every operation once`,
      value: touches.mock.totalMs / 1000,
      unit: 's',
      baseline: { label: steady, value: touches.steady.totalMs / 1000 },
      target: atMost(2),
      details: {
        prismCliSec: touches.prism.totalMs / 1000,
        extrapolatedFrom: Object.fromEntries(
          SYNTHETIC_KINDS.flatMap((kind) => {
            const from = touches[kind].extrapolatedFrom;
            return from === undefined ? [] : [[kind, `${from} of ${api.everyOperation.length} operations`]];
          }),
        ),
      },
    }),
  ];
}

/** The mock against steady and Prism's CLI on synthetic APIs of 8, 200 and 800 operations. */
async function syntheticFigures(parts: Set<string>): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const size of SIZES.filter((each) => parts.has(String(each)))) {
    const api = await syntheticApi(size);
    try {
      const loadBefore = loadAverage();
      const [firstRequest] = api.mixedRequests as [LoadRequest];
      const starts = await readyTimes(SYNTHETIC_KINDS, api.bundlePath, firstRequest);
      const { mixed, repeated } = await syntheticLoads(api);
      const touches = {} as Record<SyntheticKind, Touches>;
      for (const kind of SYNTHETIC_KINDS) touches[kind] = await touchesOn(kind, api.bundlePath, api.everyOperation);
      const loadAverage1m5m15m = { before: loadBefore, after: loadAverage() };
      const details = bothLoads(mixed, SYNTHETIC_ROUNDS, {
        operations: api.operations,
        requests: api.mixedRequests,
        loadAverage1m5m15m,
      });
      const name = `${api.operations} ops`;
      figures.push(
        ...loadFigures({
          idPrefix: `mock.synthetic${size}.mixed`,
          labelPrefix: `mock ${name}: new-id GET+POST`,
          server: 'mock',
          measured: mixed,
          plan: SYNTHETIC_ROUNDS,
          rows: syntheticLoadRows(size, details),
        }),
        ...coldFigures(size, api, starts, touches),
        figure({
          id: `mock.synthetic${size}.repeated`,
          label: `mock ${name}: (secondary) one GET repeated, memo`,
          value: repeated.mock.c10.requestsPerSec,
          unit: 'req/s',
          baseline: { label: SERVER_LABELS.steady, value: repeated.steady.c10.requestsPerSec },
          details: {
            request: api.request,
            load: REPEATED_ROUNDS,
            mock: repeated.mock.c10,
            steady: repeated.steady.c10,
          },
        }),
      );
    } finally {
      api.remove();
    }
  }
  return figures;
}

/** The four vendor servers side by side on one bundle, in alternated rounds of the vendor's traffic. */
async function vendorLoads(api: LoadVendor, specPath: string) {
  return withServers(VENDOR_KINDS, specPath, api, async (servers) => {
    const traffic = async (server: RunningServer): Promise<Subject> =>
      subject(server, vendorTraffic(api, api === 'connect' ? await createdSessionId(server.url) : 'none'));
    return alternatedRounds(
      {
        sandbox: await traffic(servers.sandbox),
        mock: await traffic(servers.mock),
        steady: await traffic(servers.steady),
        prism: await traffic(servers.prism),
      },
      VENDOR_ROUNDS,
    );
  });
}

/** The vendor bundles with the mock's default sandbox (stateful), against its own stateless mode, steady and Prism. */
async function vendorFigures(parts: Set<string>): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const api of LOAD_VENDORS.filter((each) => parts.has(each))) {
    const specPath = bundlePath(api);
    const [create] = vendorTraffic(api, 'none') as [LoadRequest];
    const { firstAnswer } = await readyTimes(['sandbox', 'steady', 'prism'], specPath, create, api);
    const measured = await vendorLoads(api, specPath);
    const details = bothLoads(measured, VENDOR_ROUNDS, {
      requests: vendorTraffic(api, '<created id>'),
      loadAverage1m5m15m: loadAverage(),
    });
    figures.push(
      ...loadFigures({
        idPrefix: `mock.${api}.sandbox`,
        labelPrefix: `mock ${api} sandbox: ${api === 'connect' ? 'new create + read' : 'new create'}`,
        server: 'sandbox',
        measured,
        plan: VENDOR_ROUNDS,
        rows: vendorLoadRows(details),
      }),
      figure({
        id: `mock.${api}.firstAnswer`,
        label: `mock ${api} sandbox: start-to-first-answer`,
        value: med(firstAnswer, 'sandbox'),
        unit: 'ms',
        baseline: { label: SERVER_LABELS.steady, value: med(firstAnswer, 'steady') },
        details: { samplesMs: firstAnswer, prismCliMs: med(firstAnswer, 'prism') },
      }),
    );
  }
  return figures;
}

/** Issue 19 §4: the mock under traffic as users send it, against steady and Prism's CLI, in one run. */
export async function mockFigures(): Promise<Figure[]> {
  const parts = selectedParts();
  return [...(await syntheticFigures(parts)), ...(await vendorFigures(parts))];
}
