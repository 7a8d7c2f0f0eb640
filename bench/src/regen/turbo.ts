import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { exec } from '../exec.js';

export interface TaskTiming {
  task: string;
  cache: string;
  ms: number;
}

export interface TurboRun {
  wallMs: number;
  tasks: TaskTiming[];
}

interface Summary {
  id: string;
  tasks: {
    taskId: string;
    cache: { status: string };
    execution?: { startTime: number; endTime: number; exitCode: number };
  }[];
}

/** turbo prints where it wrote the run summary; reading that path avoids racing other runs in the checkout. */
async function readSummary(output: string): Promise<Summary | undefined> {
  const path = /Summary:\s+(\S+\.json)/.exec(output)?.[1];
  if (!path) return undefined;
  const summary = JSON.parse(await readFile(path, 'utf8')) as Summary;
  await rm(path, { force: true });
  return summary;
}

/**
 * Runs the repo's own turbo binary (not through pnpm, whose startup is not part of the loop) and times it from
 * spawn to exit. `--summarize` gives each task's duration and cache status, which explains the total.
 */
export async function runTurbo(repoRoot: string, args: string[]): Promise<TurboRun> {
  const { ms: wallMs, output } = await exec(
    join(repoRoot, 'node_modules', '.bin', 'turbo'),
    [...args, '--summarize', '--output-logs=errors-only'],
    {
      cwd: repoRoot,
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
    },
  );
  const summary = await readSummary(output);
  const tasks = (summary?.tasks ?? []).map((t) => ({
    task: t.taskId,
    cache: t.cache.status,
    ms: t.execution ? t.execution.endTime - t.execution.startTime : 0,
  }));
  return { wallMs, tasks };
}
