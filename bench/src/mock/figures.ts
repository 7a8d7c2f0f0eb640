import { startMock, startPrism } from '@paykit/mock';
import { apis, type ApiName } from '@paykit/spec';
import { performance } from 'node:perf_hooks';
import { figure, type Figure } from '../report/figure.js';
import { median } from '../stats.js';
import { ownCpuSec, processCpuSec } from './cpu.js';
import { runLoad, type LoadSummary } from './load.js';
import { loadRequest } from './requests.js';

const readySamples = 3;
const load = { connections: 10, durationSec: 10, warmupSec: 1 };

interface Running {
  url: string;
  stop(): Promise<void>;
}

interface Served extends Running {
  prismPid: number;
}

/**
 * CPU time per answered request (µs) of each process in a load run, warm-up included: Prism, this process (which
 * hosts the front door, and is otherwise idle while autocannon runs in its own process) and autocannon. On a
 * machine with few cores their sum, not the front door's own latency, bounds throughput.
 */
export interface CpuPerRequest {
  prismUs?: number;
  benchProcessUs: number;
  loadGeneratorUs: number;
}

type MeasuredLoad = LoadSummary & { cpuPerRequest: CpuPerRequest };

/** Milliseconds from calling `start` until it resolves (the server answers); the server is stopped again. */
async function timeToReady(start: () => Promise<Running>): Promise<number> {
  const started = performance.now();
  const server = await start();
  const ms = performance.now() - started;
  await server.stop();
  return ms;
}

/**
 * The baseline is `startPrism`: Prism alone, launched exactly as `startMock` launches it (same CLI, flags, spec
 * snapshot, watchdog, readiness check) but without the front door, so the difference is the front door's cost.
 * Alternating the two spreads the machine's drift over both.
 */
async function readyTimes(api: ApiName): Promise<{ direct: number[]; mock: number[] }> {
  const direct: number[] = [];
  const mock: number[] = [];
  for (let i = 0; i < readySamples; i++) {
    direct.push(await timeToReady(() => startPrism({ api })));
    mock.push(await timeToReady(() => startMock({ api })));
  }
  return { direct, mock };
}

async function loadThrough(api: ApiName, start: () => Promise<Served>): Promise<MeasuredLoad> {
  const server = await start();
  try {
    const { path, ...request } = loadRequest(api);
    const prismBefore = processCpuSec(server.prismPid);
    const ownBefore = ownCpuSec();
    const summary = await runLoad({ url: `${server.url}${path}`, ...request, ...load });
    const ownSec = ownCpuSec() - ownBefore;
    const prismAfter = processCpuSec(server.prismPid);
    const requests = summary.total + summary.warmupTotal;
    const us = (sec: number) => Math.round((sec / requests) * 1e6);
    const cpuPerRequest: CpuPerRequest = { benchProcessUs: us(ownSec), loadGeneratorUs: us(summary.loadGeneratorCpuSec) };
    if (prismBefore !== undefined && prismAfter !== undefined) cpuPerRequest.prismUs = us(prismAfter - prismBefore);
    return { ...summary, cpuPerRequest };
  } finally {
    await server.stop();
  }
}

/** Figures for issue 6 §4, per vendor: start-to-ready, and latency and throughput through the front door vs Prism alone. */
export async function mockFigures(): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const api of apis) {
    const ready = await readyTimes(api);
    const direct = await loadThrough(api, async () => {
      const prism = await startPrism({ api });
      return { url: prism.url, prismPid: prism.pid, stop: () => prism.stop() };
    });
    const proxied = await loadThrough(api, async () => {
      const mock = await startMock({ api });
      return { url: mock.url, prismPid: mock.prismPid, stop: () => mock.stop() };
    });
    const prism = 'Prism alone';
    figures.push(
      figure({
        id: `mock.${api}.ready`,
        label: `mock ${api}: startMock start-to-ready`,
        value: median(ready.mock),
        unit: 'ms',
        baseline: { label: prism, value: median(ready.direct) },
        target: { on: 'value', op: '<=', bound: 3000 },
        details: { samplesMs: ready },
      }),
      figure({
        id: `mock.${api}.p50`,
        label: `mock ${api}: p50 latency via front door`,
        value: proxied.latencyP50Ms,
        unit: 'ms',
        baseline: { label: prism, value: direct.latencyP50Ms },
      }),
      figure({
        id: `mock.${api}.p99`,
        label: `mock ${api}: p99 latency via front door`,
        value: proxied.latencyP99Ms,
        unit: 'ms',
        baseline: { label: prism, value: direct.latencyP99Ms },
        target: { on: 'value', op: '<=', bound: 10 },
      }),
      figure({
        id: `mock.${api}.throughput`,
        label: `mock ${api}: throughput via front door`,
        value: proxied.requestsPerSec,
        unit: 'req/s',
        baseline: { label: prism, value: direct.requestsPerSec },
        target: { on: 'ratio', op: '>=', bound: 0.9 },
        details: { request: loadRequest(api), load, frontDoor: proxied, prismAlone: direct },
      }),
    );
  }
  return figures;
}
