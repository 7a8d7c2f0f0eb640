import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { onInterrupt } from '../interrupt.js';

/** One request of a load, the path relative to the server. */
export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** Each request gets a fresh id wherever `[<id>]` appears (path or body), so no two are alike. */
  idReplacement?: boolean;
}

export interface LoadJob {
  /** The server's origin. */
  url: string;
  /** Sent in turn by every connection (one request repeated, or a GET and a POST alternating). */
  requests: LoadRequest[];
  /** Headers every request carries besides its own. */
  headers: Record<string, string>;
  connections: number;
  /** The measured part of the run: its answers make the throughput and latencies. */
  durationSec: number;
  /** The run's first seconds, over the same connections, whose answers are left out of the figures. */
  warmupSec: number;
  /** The server's process: its CPU time over the load is measured (`serverCpuSec`). */
  serverPid?: number;
}

/** One load's figures, from the answers of its measured part (after `warmupSec`) unless said otherwise. */
export interface LoadSummary {
  requestsPerSec: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMaxMs: number;
  total: number;
  /** 2xx answers over the whole run, warm-up included (as are the other counts and the statuses). */
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  durationSec: number;
  statusCounts: Record<string, number>;
  /** Connection errors and timeouts by code. */
  errorCodes: Record<string, number>;
  /**
   * Answers outside the measured part: the warm-up's, and those of the run's last tick (CPU shares are per answer of
   * the whole run).
   */
  warmupTotal: number;
  /** p99 of the warm-up's answers, which the figures leave out: what opening the connections costs the tail. */
  discardedLatencyP99Ms: number;
  /** CPU seconds autocannon itself used over the warm-up and the run. */
  loadGeneratorCpuSec: number;
  /** CPU seconds the server used over the warm-up and the run (a job with `serverPid`, on Linux). */
  serverCpuSec?: number;
}

const runner = fileURLToPath(new URL('./load-runner.ts', import.meta.url));

/** Connection errors tolerated before a run is refused: a rare reset under load does not change the figures. */
const maxErrorShare = 0.01;

/** Runs autocannon in a child process; every answer must be a 2xx, or the figures would not measure the mock. */
export async function runLoad(job: LoadJob): Promise<LoadSummary> {
  const [summary] = (await runLoads([job])) as [LoadSummary];
  return summary;
}

/**
 * Runs several loads one after another in one child process (one process start for all: a start of the runner is
 * a second or more on a loaded machine); the same rule for every answer.
 */
export async function runLoads(jobs: LoadJob[]): Promise<LoadSummary[]> {
  let release = () => {};
  const seconds = jobs.reduce((sum, job) => sum + job.durationSec + job.warmupSec + 5, 25);
  const stdout = await new Promise<string>((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', runner],
      {
        env: { ...process.env, LOAD_JOBS: JSON.stringify(jobs) },
        // Whole milliseconds: execFile refuses a fractional timeout, which durations such as 0.15 s sum to.
        timeout: Math.ceil(seconds * 1000),
      },
      (error, out, err) =>
        error ? reject(new Error(`autocannon run failed: ${error.message}\n${err}`)) : resolve(out),
    );
    // An interrupted bench must not leave a load generator hammering a port for the rest of its run.
    release = onInterrupt(() => void child.kill('SIGTERM'));
  }).finally(() => release());
  const summaries = JSON.parse(stdout) as LoadSummary[];
  for (const [index, summary] of summaries.entries()) check(jobs[index] as LoadJob, summary);
  return summaries;
}

function check(job: LoadJob, summary: LoadSummary): void {
  if (
    summary.non2xx > 0 ||
    summary.ok === 0 ||
    summary.errors > (summary.total + summary.warmupTotal) * maxErrorShare
  ) {
    throw new Error(
      `load on ${job.requests.map((each) => `${each.method} ${each.path}`).join(' + ')} at ${job.url} got ${summary.non2xx} non-2xx answers and ${summary.errors} errors ` +
        `(${JSON.stringify(summary.errorCodes)}) out of ${summary.total} (statuses ${JSON.stringify(summary.statusCounts)}): ` +
        'the figures would not measure the mock',
    );
  }
}
