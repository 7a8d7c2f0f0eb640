/**
 * Runs autocannon loads in their own process, so the load generator never shares an event loop with the mock's front
 * door under test. Reads its jobs from LOAD_JOBS (a JSON array, run one after another), prints their summaries as a
 * JSON array on stdout. A job that names its server's pid gets that process's CPU time over its load (Linux).
 *
 * Each job is one autocannon run of `warmupSec + durationSec` over the same connections; the answers of its first
 * `warmupSec` are left out of the throughput and latencies. A separate warm-up run would not do: autocannon's next
 * run opens its connections afresh, and at 100 connections the answers queued behind those 100 opening at once
 * land in the measured run's tail (see `discardedLatencyP99Ms` and bench/README.md).
 */
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { processCpuSec } from './cpu.js';
import type { LoadJob, LoadSummary } from './load.js';

const jobs = JSON.parse(process.env['LOAD_JOBS'] ?? 'null') as LoadJob[] | null;
if (!jobs) throw new Error('LOAD_JOBS is not set');

/** Autocannon ends a run at its next sample tick after the duration: ticks this often keep the overrun short. */
const SAMPLE_INTERVAL_MS = 100;

/** Nearest-rank percentile of ascending values (what autocannon's HDR histogram reports, without its 1 ms floor). */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1]!;
}

/**
 * The measured window, from `openedAt` to `closedAt`: the answers it got (the throughput), the latencies of those
 * whose request was sent in it (`kept`) and of those sent before (`discarded`).
 */
interface Window {
  answered: number;
  kept: number[];
  discarded: number[];
  openedAt: number;
  closedAt: number;
}

async function load(job: LoadJob, window: Window, errorCodes: Record<string, number>): Promise<autocannon.Result> {
  const options = {
    url: job.url,
    requests: job.requests.map(({ method, path, headers, body }) => ({
      method,
      path,
      headers: { ...job.headers, ...headers },
      ...(body !== undefined && { body }),
    })),
    idReplacement: job.requests.some((each) => each.idReplacement === true),
    connections: job.connections,
    duration: job.warmupSec + job.durationSec,
    sampleInt: SAMPLE_INTERVAL_MS,
  };
  const started = performance.now();
  window.openedAt = started + job.warmupSec * 1000;
  window.closedAt = window.openedAt + job.durationSec * 1000;
  return new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (error, done) => (error ? reject(error) : resolve(done)));
    instance.on('response', (_client: unknown, _status: number, _bytes: number, latencyMs: number) => {
      const now = performance.now();
      if (now > window.closedAt) return;
      if (now >= window.openedAt) window.answered++;
      // By when the request was sent: an answer queued behind the warm-up's must not count as the window's tail.
      if (now - latencyMs >= window.openedAt) window.kept.push(latencyMs);
      else window.discarded.push(latencyMs);
    });
    instance.on('reqError', (error: NodeJS.ErrnoException) => {
      const code = error.code ?? error.message;
      errorCodes[code] = (errorCodes[code] ?? 0) + 1;
    });
  });
}

async function run(job: LoadJob): Promise<LoadSummary> {
  const cpuAtStart = process.cpuUsage();
  const serverCpuAtStart = job.serverPid === undefined ? undefined : processCpuSec(job.serverPid);
  const window: Window = { answered: 0, kept: [], discarded: [], openedAt: 0, closedAt: 0 };
  const errorCodes: Record<string, number> = {};
  const result = await load(job, window, errorCodes);
  const serverCpuAtEnd = job.serverPid === undefined ? undefined : processCpuSec(job.serverPid);
  const cpu = process.cpuUsage(cpuAtStart);
  const kept = window.kept.sort((a, b) => a - b);
  const discarded = window.discarded.sort((a, b) => a - b);
  const summary: LoadSummary = {
    requestsPerSec: window.answered / job.durationSec,
    latencyP50Ms: percentile(kept, 50),
    latencyP99Ms: percentile(kept, 99),
    latencyMaxMs: kept.at(-1) ?? 0,
    total: window.answered,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    durationSec: job.durationSec,
    errorCodes,
    warmupTotal: result.requests.total - window.answered,
    discardedLatencyP99Ms: percentile(discarded, 99),
    loadGeneratorCpuSec: (cpu.user + cpu.system) / 1e6,
    statusCounts: Object.fromEntries(
      Object.entries(result.statusCodeStats ?? {}).map(([code, stat]) => [code, stat.count ?? 0]),
    ),
  };
  if (serverCpuAtStart !== undefined && serverCpuAtEnd !== undefined) {
    summary.serverCpuSec = serverCpuAtEnd - serverCpuAtStart;
  }
  return summary;
}

const summaries: LoadSummary[] = [];
for (const job of jobs) summaries.push(await run(job));
process.stdout.write(JSON.stringify(summaries));
