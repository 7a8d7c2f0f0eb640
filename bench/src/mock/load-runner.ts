/**
 * Runs autocannon loads in their own process, so the load generator never shares an event loop with the mock's front
 * door under test. Reads its jobs from LOAD_JOBS (a JSON array, run one after another), prints their summaries as a
 * JSON array on stdout. A job that names its server's pid gets that process's CPU time over its load (Linux).
 */
import autocannon from 'autocannon';
import { processCpuSec } from './cpu.js';
import type { LoadJob, LoadSummary } from './load.js';

const jobs = JSON.parse(process.env['LOAD_JOBS'] ?? 'null') as LoadJob[] | null;
if (!jobs) throw new Error('LOAD_JOBS is not set');

async function run(job: LoadJob): Promise<LoadSummary> {
  const request = {
    url: job.url,
    requests: job.requests.map(({ method, path, headers, body }) => ({
      method,
      path,
      headers: { ...job.headers, ...headers },
      ...(body !== undefined && { body }),
    })),
    idReplacement: job.requests.some((each) => each.idReplacement === true),
    connections: job.connections,
  };
  const cpuAtStart = process.cpuUsage();
  const serverCpuAtStart = job.serverPid === undefined ? undefined : processCpuSec(job.serverPid);
  // A short discarded run first: Prism's first requests pay for JIT warm-up, which no steady user sees.
  const warmup = await autocannon({ ...request, duration: job.warmupSec });
  const errorCodes: Record<string, number> = {};
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ ...request, duration: job.durationSec }, (error, done) =>
      error ? reject(error) : resolve(done),
    );
    instance.on('reqError', (error: NodeJS.ErrnoException) => {
      const code = error.code ?? error.message;
      errorCodes[code] = (errorCodes[code] ?? 0) + 1;
    });
  });
  const serverCpuAtEnd = job.serverPid === undefined ? undefined : processCpuSec(job.serverPid);
  const cpu = process.cpuUsage(cpuAtStart);
  const summary: LoadSummary = {
    requestsPerSec: result.requests.average,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    latencyMaxMs: result.latency.max,
    total: result.requests.total,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    durationSec: result.duration,
    errorCodes,
    warmupTotal: warmup.requests.total,
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
