import { bundlePath } from '@paykit/spec';
import { figure, type Figure, type Target } from '../report/figure.js';
import { loadAverage } from '../report/machine.js';
import { median } from '../stats.js';
import { ownCpuSec, processCpuSec } from './cpu.js';
import { type LoadJob, type LoadRequest, type LoadSummary, runLoad, runLoads } from './load.js';
import { createdSessionId, LOAD_VENDORS, vendorTraffic, type LoadVendor } from './requests.js';
import { launch, SERVER_LABELS, type RunningServer, type ServerKind } from './servers.js';
import { med, readyTimes } from './start.js';
import { syntheticApi } from './synthetic.js';
import { touchEach, type Touches } from './touch.js';

/**
 * Two loads per server, in this order: a team's everyday traffic, and a burst (the tail at 100 connections). The
 * first load warms a freshly started server for 3 s (the mock's first second runs at about half its speed while V8
 * compiles Prism's request path; its cold costs are the start and first-touch figures' business).
 */
const LOADS = {
  c10: { connections: 10, durationSec: 6, warmupSec: 3 },
  c100: { connections: 100, durationSec: 6, warmupSec: 1 },
} as const;
type LoadName = keyof typeof LOADS;
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

interface Measured extends LoadSummary {
  /** CPU time per answered request of the server process (µs), warm-up included. */
  serverCpuUs?: number;
  benchProcessUs: number;
}

type LoadShape = { connections: number; durationSec: number; warmupSec: number };

async function measureLoad(server: RunningServer, requests: LoadRequest[], load: LoadShape): Promise<Measured> {
  const cpuBefore = processCpuSec(server.pid);
  const ownBefore = ownCpuSec();
  const summary = await runLoad({ url: server.url, requests, headers: ORIGIN, ...load });
  const cpuAfter = processCpuSec(server.pid);
  const requestsDone = summary.total + summary.warmupTotal;
  const measured: Measured = {
    ...summary,
    benchProcessUs: Math.round(((ownCpuSec() - ownBefore) / requestsDone) * 1e6),
  };
  if (cpuBefore !== undefined && cpuAfter !== undefined)
    measured.serverCpuUs = Math.round(((cpuAfter - cpuBefore) / requestsDone) * 1e6);
  return measured;
}

/** One server started once, then the loads in turn (each with its own warm-up). */
async function loadsOn(
  kind: ServerKind,
  specPath: string,
  traffic: (server: RunningServer) => Promise<LoadRequest[]>,
  names: readonly LoadName[],
  api?: LoadVendor,
): Promise<Record<LoadName, Measured>> {
  const server = await launch(kind, specPath, api);
  try {
    const requests = await traffic(server);
    const out = {} as Record<LoadName, Measured>;
    for (const name of names) out[name] = await measureLoad(server, requests, LOADS[name]);
    return out;
  } finally {
    await server.stop();
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

/** The mock against steady and Prism's CLI on synthetic APIs of 8, 200 and 800 operations. */
async function syntheticFigures(parts: Set<string>): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const size of SIZES.filter((each) => parts.has(String(each)))) {
    const api = await syntheticApi(size);
    try {
      const loadBefore = loadAverage();
      const [firstRequest] = api.mixedRequests as [LoadRequest];
      const { ready, firstAnswer } = await readyTimes(SYNTHETIC_KINDS, api.bundlePath, firstRequest);
      const mixed = {} as Record<ServerKind, Record<LoadName, Measured>>;
      const touches = {} as Record<ServerKind, Touches>;
      for (const kind of SYNTHETIC_KINDS) {
        mixed[kind] = await loadsOn(kind, api.bundlePath, async () => api.mixedRequests, ['c10', 'c100']);
        touches[kind] = await touchesOn(kind, api.bundlePath, api.everyOperation);
      }
      const repeated = {
        mock: await loadsOn('mock', api.bundlePath, async () => [api.request], ['c10']),
        steady: await loadsOn('steady', api.bundlePath, async () => [api.request], ['c10']),
      };
      const loadAfter = loadAverage();
      const name = `${api.operations} ops`;
      const steady = SERVER_LABELS.steady;
      const prism = SERVER_LABELS.prism;
      const at = (target: Target | undefined): { target?: Target } => (target ? { target } : {});
      const touchOf = (kind: ServerKind) => median(touches[kind].firstTouchMs);
      figures.push(
        figure({
          id: `mock.synthetic${size}.mixed10.throughput`,
          label: `mock ${name}: new-id GET+POST, 10 conn, throughput`,
          value: mixed.mock.c10.requestsPerSec,
          unit: 'req/s',
          baseline: { label: steady, value: mixed.steady.c10.requestsPerSec },
          target: { on: 'ratio', op: '>=', bound: size === 8 ? 0.8 : 1.0 },
          details: {
            operations: api.operations,
            requests: api.mixedRequests,
            load: LOADS.c10,
            mock: mixed.mock.c10,
            steady: mixed.steady.c10,
            prismCli: mixed.prism.c10,
            loadAverage1m5m15m: { before: loadBefore, after: loadAfter },
          },
        }),
        figure({
          id: `mock.synthetic${size}.mixed10.vsPrism`,
          label: `mock ${name}: new-id GET+POST, 10 conn, vs Prism CLI`,
          value: mixed.mock.c10.requestsPerSec,
          unit: 'req/s',
          baseline: { label: prism, value: mixed.prism.c10.requestsPerSec },
        }),
        figure({
          id: `mock.synthetic${size}.mixed100.p99`,
          label: `mock ${name}: new-id GET+POST, 100 conn, p99`,
          value: mixed.mock.c100.latencyP99Ms,
          unit: 'ms',
          baseline: { label: steady, value: mixed.steady.c100.latencyP99Ms },
          target: { on: 'ratio', op: '<=', bound: 1.5 },
          details: {
            load: LOADS.c100,
            mock: mixed.mock.c100,
            steady: mixed.steady.c100,
            prismCli: mixed.prism.c100,
          },
        }),
        figure({
          id: `mock.synthetic${size}.mixed100.throughput`,
          label: `mock ${name}: new-id GET+POST, 100 conn, throughput`,
          value: mixed.mock.c100.requestsPerSec,
          unit: 'req/s',
          baseline: { label: steady, value: mixed.steady.c100.requestsPerSec },
          details: { prismCliReqPerSec: mixed.prism.c100.requestsPerSec },
        }),
        figure({
          id: `mock.synthetic${size}.firstAnswer`,
          label: `mock ${name}: start-to-first-answer`,
          value: med(firstAnswer, 'mock'),
          unit: 'ms',
          baseline: { label: steady, value: med(firstAnswer, 'steady') },
          target: { on: 'ratio', op: '<=', bound: 1.5 },
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
          ...at(size === 800 ? { on: 'value', op: '<=', bound: 20 } : undefined),
          details: {
            prismCliMs: touchOf('prism'),
            maxMs: Object.fromEntries(SYNTHETIC_KINDS.map((kind) => [kind, Math.max(...touches[kind].firstTouchMs)])),
            processFirstRequestMs: Object.fromEntries(
              SYNTHETIC_KINDS.map((kind) => [kind, touches[kind].firstRequestMs]),
            ),
          },
        }),
        figure({
          id: `mock.synthetic${size}.touchAll`,
          label: `mock ${name}: every operation once`,
          value: touches.mock.totalMs / 1000,
          unit: 's',
          baseline: { label: steady, value: touches.steady.totalMs / 1000 },
          target: { on: 'ratio', op: '<=', bound: 2 },
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
        figure({
          id: `mock.synthetic${size}.repeated`,
          label: `mock ${name}: (secondary) one GET repeated, memo`,
          value: repeated.mock.c10.requestsPerSec,
          unit: 'req/s',
          baseline: { label: steady, value: repeated.steady.c10.requestsPerSec },
          details: { request: api.request, mock: repeated.mock.c10, steady: repeated.steady.c10 },
        }),
      );
    } finally {
      api.remove();
    }
  }
  return figures;
}

const VENDOR_KINDS = ['sandbox', 'mock', 'steady', 'prism'] as const;
type VendorKind = (typeof VENDOR_KINDS)[number];

/**
 * The vendor rows alternate the servers over short rounds and take each one's median: one long run per server, one
 * after another, read the sandbox at either of two speeds (V8's background GC threads against the machine's other
 * work, which drifts over a minute), so one server's run could land in a slow minute and another's in a quiet one.
 * Every server is started first and warmed once, longer than a fresh one takes (3-4 s), then each round loads each
 * server in turn (a new order every round). About the load time of the one 9 s and one 7 s load per server before.
 */
const VENDOR_ROUNDS = {
  warmupSec: 4,
  c10: { rounds: 3, durationSec: 2, warmupSec: 0.5 },
  c100: { rounds: 2, durationSec: 2, warmupSec: 0.5 },
} as const;

/** One figure of several rounds: each numeric field's median, and the rounds' throughputs and p99s as measured. */
function medianOf(rounds: Measured[]): Measured & { rounds: { requestsPerSec: number; latencyP99Ms: number }[] } {
  const numeric = (pick: (each: Measured) => number | undefined): number =>
    median(rounds.map(pick).filter((value): value is number => value !== undefined));
  const [first] = rounds as [Measured];
  const summary: Measured = {
    ...first,
    requestsPerSec: numeric((each) => each.requestsPerSec),
    latencyP50Ms: numeric((each) => each.latencyP50Ms),
    latencyP99Ms: numeric((each) => each.latencyP99Ms),
    latencyMaxMs: Math.max(...rounds.map((each) => each.latencyMaxMs)),
    total: rounds.reduce((sum, each) => sum + each.total, 0),
    ok: rounds.reduce((sum, each) => sum + each.ok, 0),
    benchProcessUs: numeric((each) => each.benchProcessUs),
  };
  const serverCpuUs = rounds.flatMap((each) => (each.serverCpuUs === undefined ? [] : [each.serverCpuUs]));
  if (serverCpuUs.length > 0) summary.serverCpuUs = median(serverCpuUs);
  else delete summary.serverCpuUs;
  return {
    ...summary,
    rounds: rounds.map(({ requestsPerSec, latencyP99Ms }) => ({ requestsPerSec, latencyP99Ms })),
  };
}

/** Each round's figures, from one runner's loads: the server's CPU per request, the bench's own over them all. */
function roundsMeasured(summaries: LoadSummary[], ownCpuSec: number): Measured[] {
  const requests = summaries.reduce((sum, each) => sum + each.total + each.warmupTotal, 0);
  return summaries.map(({ serverCpuSec, ...summary }) => {
    const measured: Measured = { ...summary, benchProcessUs: Math.round((ownCpuSec / requests) * 1e6) };
    if (serverCpuSec !== undefined) {
      measured.serverCpuUs = Math.round((serverCpuSec / (summary.total + summary.warmupTotal)) * 1e6);
    }
    return measured;
  });
}

/**
 * Every vendor server started at once, warmed, then loaded in alternated rounds (`VENDOR_ROUNDS`): each phase's loads
 * run one after another in one load runner (a runner's start is a second or more on a loaded machine).
 */
async function alternatedLoads(
  specPath: string,
  api: LoadVendor,
): Promise<Record<VendorKind, Record<LoadName, ReturnType<typeof medianOf>>>> {
  const servers: RunningServer[] = [];
  try {
    for (const kind of VENDOR_KINDS) servers.push(await launch(kind, specPath, api));
    const jobs = new Map<RunningServer, LoadJob>();
    for (const server of servers) {
      const requests = vendorTraffic(api, api === 'connect' ? await createdSessionId(server.url) : 'none');
      jobs.set(server, { url: server.url, requests, headers: ORIGIN, serverPid: server.pid, ...LOADS.c10 });
    }
    const job = (server: RunningServer) => jobs.get(server) as LoadJob;
    const warmup = VENDOR_ROUNDS.warmupSec;
    await runLoads(servers.map((server) => ({ ...job(server), durationSec: 1, warmupSec: warmup - 1 })));
    const rounds = new Map<string, Measured[]>();
    for (const name of ['c10', 'c100'] as const) {
      const { rounds: count, durationSec, warmupSec } = VENDOR_ROUNDS[name];
      // Each round starts one server later, so no server always follows the same other one's load.
      const order = Array.from({ length: count }, (_, round) =>
        servers.map((_, index) => servers[(index + round) % servers.length] as RunningServer),
      ).flat();
      const { connections } = LOADS[name];
      const ownBefore = ownCpuSec();
      const summaries = await runLoads(
        order.map((server) => ({ ...job(server), connections, durationSec, warmupSec })),
      );
      roundsMeasured(summaries, ownCpuSec() - ownBefore).forEach((measured, index) => {
        const key = `${(order[index] as RunningServer).kind} ${name}`;
        rounds.set(key, [...(rounds.get(key) ?? []), measured]);
      });
    }
    const of = (kind: VendorKind) => ({
      c10: medianOf(rounds.get(`${kind} c10`) ?? []),
      c100: medianOf(rounds.get(`${kind} c100`) ?? []),
    });
    return { sandbox: of('sandbox'), mock: of('mock'), steady: of('steady'), prism: of('prism') };
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
}

/** The vendor bundles with the mock's default sandbox (stateful), against its own stateless mode, steady and Prism. */
async function vendorFigures(parts: Set<string>): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const api of LOAD_VENDORS.filter((each) => parts.has(each))) {
    const specPath = bundlePath(api);
    const [create] = vendorTraffic(api, 'none') as [LoadRequest];
    const { firstAnswer } = await readyTimes(['sandbox', 'steady', 'prism'], specPath, create, api);
    const measured = await alternatedLoads(specPath, api);
    const { sandbox } = measured;
    const what = api === 'connect' ? 'new create + read' : 'new create';
    figures.push(
      figure({
        id: `mock.${api}.sandbox10.throughput`,
        label: `mock ${api} sandbox: ${what}, 10 conn, throughput`,
        value: sandbox.c10.requestsPerSec,
        unit: 'req/s',
        baseline: { label: SERVER_LABELS.steady, value: measured.steady.c10.requestsPerSec },
        target: { on: 'ratio', op: '>=', bound: 0.8 },
        details: {
          requests: vendorTraffic(api, '<created id>'),
          load: { connections: LOADS.c10.connections, ...VENDOR_ROUNDS.c10, serverWarmupSec: VENDOR_ROUNDS.warmupSec },
          ...Object.fromEntries(VENDOR_KINDS.map((kind) => [kind, measured[kind].c10])),
          loadAverage1m5m15m: loadAverage(),
        },
      }),
      figure({
        id: `mock.${api}.sandbox10.vsStateless`,
        label: `mock ${api} sandbox: ${what}, 10 conn, vs --stateless`,
        value: sandbox.c10.requestsPerSec,
        unit: 'req/s',
        baseline: { label: `${SERVER_LABELS.mock} --stateless`, value: measured.mock.c10.requestsPerSec },
        target: { on: 'ratio', op: '>=', bound: 0.8 },
      }),
      figure({
        id: `mock.${api}.sandbox10.vsPrism`,
        label: `mock ${api} sandbox: ${what}, 10 conn, vs Prism CLI`,
        value: sandbox.c10.requestsPerSec,
        unit: 'req/s',
        baseline: { label: SERVER_LABELS.prism, value: measured.prism.c10.requestsPerSec },
      }),
      figure({
        id: `mock.${api}.sandbox100.p99`,
        label: `mock ${api} sandbox: ${what}, 100 conn, p99`,
        value: sandbox.c100.latencyP99Ms,
        unit: 'ms',
        baseline: { label: SERVER_LABELS.steady, value: measured.steady.c100.latencyP99Ms },
        target: { on: 'ratio', op: '<=', bound: 1.5 },
        details: {
          load: { connections: LOADS.c100.connections, ...VENDOR_ROUNDS.c100 },
          ...Object.fromEntries(VENDOR_KINDS.map((kind) => [kind, measured[kind].c100])),
        },
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
