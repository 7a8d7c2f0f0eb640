import { Bench } from 'tinybench';
import { median } from '../stats.js';

export interface RoundsOptions {
  rounds: number;
  /** Measured time per task per round. */
  timeMs: number;
  /** Time per task of the unrecorded warm-up round (JIT, connection pool). */
  warmupMs: number;
}

export interface RoundsResult {
  /** Median over rounds of each round's ops/s (runs ÷ measured time). */
  medianHz: number;
  roundsHz: number[];
}

async function round(
  tasks: Record<string, () => Promise<unknown>>,
  order: string[],
  timeMs: number,
): Promise<Map<string, number>> {
  const bench = new Bench({ time: timeMs, warmup: false, throws: true });
  for (const name of order) bench.add(name, tasks[name]!, { async: true });
  await bench.run();
  const hz = new Map<string, number>();
  for (const task of bench.tasks) {
    const result = task.result;
    if (result.state !== 'completed') throw new Error(`benchmark task ${task.name} ended ${result.state}`);
    hz.set(task.name, (task.runs * 1000) / result.totalTime);
  }
  return hz;
}

/**
 * Runs the tasks in many short rounds, rotating their order each round so that none always runs first, and
 * summarises each by its median over rounds. On a shared machine throughput drifts by tens of percent within
 * seconds; short interleaved rounds let every task see the same drift.
 */
export async function runRounds(
  tasks: Record<string, () => Promise<unknown>>,
  options: RoundsOptions,
): Promise<Record<string, RoundsResult>> {
  const names = Object.keys(tasks);
  await round(tasks, names, options.warmupMs);
  const perTask = new Map<string, number[]>(names.map((n) => [n, []]));
  for (let r = 0; r < options.rounds; r++) {
    const order = names.map((_, i) => names[(i + r) % names.length]!);
    for (const [name, hz] of await round(tasks, order, options.timeMs)) perTask.get(name)!.push(hz);
  }
  return Object.fromEntries(names.map((n) => [n, { medianHz: median(perTask.get(n)!), roundsHz: perTask.get(n)! }]));
}

/** Median of the per-round ratios a/b: each pair was measured seconds apart, so machine drift cancels out. */
export function pairedRatio(a: RoundsResult, b: RoundsResult): number {
  return median(a.roundsHz.map((hz, i) => hz / b.roundsHz[i]!));
}
