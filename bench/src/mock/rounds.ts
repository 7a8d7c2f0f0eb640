import { median } from '../stats.js';
import { ownCpuSec } from './cpu.js';
import { type LoadJob, type LoadSummary, runLoads } from './load.js';

/**
 * Several servers loaded side by side in alternated short rounds, each figure the median of its rounds: one long run
 * per server, one after another, lets one server land in a slow minute of a shared machine and the next in a quiet
 * one (the 200-operation row read 0.65×, 1.21× and 0.88× steady in three runs so). Every server is started first
 * and warmed once, longer than a fresh one takes (3-4 s: V8 compiling the mock's request path), then each phase
 * loads each server in turn, a round at a time, every round in another order.
 *
 * Each round is one run over the same connections whose first `warmupSec` is left out (`load-runner.ts`), so the
 * figures measure the steady state, not the connections opening: at 100 connections the mock's answers to the
 * requests sent in a fresh load's first 0.5 s took p99 0.3-2.2 s where steady's stayed near its own tail, and 100 of
 * them in a 2-s round's ~5,000 answers were its p99 (Connect's sandbox read 3.6× steady's p99 on fresh 2-s rounds,
 * 1.3× with the first 0.5 s left out; a 6-s load on fresh connections still held them, 1.5×). Each round's
 * discarded p99 is kept, so that cost stays visible.
 */

/** One load's figures with the CPU it cost per answered request. */
export interface Measured extends LoadSummary {
  /** CPU time per answered request of the server process (µs), warm-up included. */
  serverCpuUs?: number;
  benchProcessUs: number;
}

/** One phase: so many rounds at so many connections, each `warmupSec` of discarded load then `durationSec` kept. */
export interface Phase {
  connections: number;
  rounds: number;
  durationSec: number;
  warmupSec: number;
}

export interface RoundsPlan<P extends string> {
  /** Every subject's load before the rounds, all of it discarded. */
  warmup: { connections: number; durationSec: number };
  /** Run in this order, all rounds of one phase before the next. */
  phases: Record<P, Phase>;
}

/** What one subject sends to its server; the plan gives the load's shape. */
export type Subject = Omit<LoadJob, 'connections' | 'durationSec' | 'warmupSec'>;

/** One round as measured, kept in results.json. */
export interface Round {
  requestsPerSec: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  /** The p99 of the answers to the round's discarded first part (its connections opening), for comparison. */
  discardedLatencyP99Ms: number;
}

/** A figure of several rounds: each numeric field's median, the counts summed, and every round. */
export type RoundsMedian = Measured & { rounds: Round[] };

export function medianOf(rounds: readonly Measured[]): RoundsMedian {
  const numeric = (pick: (each: Measured) => number | undefined): number =>
    median(rounds.map(pick).filter((value): value is number => value !== undefined));
  const [first] = rounds as [Measured];
  const summary: Measured = {
    ...first,
    requestsPerSec: numeric((each) => each.requestsPerSec),
    latencyP50Ms: numeric((each) => each.latencyP50Ms),
    latencyP99Ms: numeric((each) => each.latencyP99Ms),
    latencyMaxMs: Math.max(...rounds.map((each) => each.latencyMaxMs)),
    discardedLatencyP99Ms: numeric((each) => each.discardedLatencyP99Ms),
    total: rounds.reduce((sum, each) => sum + each.total, 0),
    warmupTotal: rounds.reduce((sum, each) => sum + each.warmupTotal, 0),
    ok: rounds.reduce((sum, each) => sum + each.ok, 0),
    benchProcessUs: numeric((each) => each.benchProcessUs),
  };
  const serverCpuUs = rounds.flatMap((each) => (each.serverCpuUs === undefined ? [] : [each.serverCpuUs]));
  if (serverCpuUs.length > 0) summary.serverCpuUs = median(serverCpuUs);
  else delete summary.serverCpuUs;
  const round = ({ requestsPerSec, latencyP50Ms, latencyP99Ms, discardedLatencyP99Ms }: Measured): Round => ({
    requestsPerSec,
    latencyP50Ms,
    latencyP99Ms,
    discardedLatencyP99Ms,
  });
  return { ...summary, rounds: rounds.map(round) };
}

/** Each round's figures, from one runner's loads: the server's CPU per request, the bench's own over them all. */
function roundsMeasured(summaries: readonly LoadSummary[], ownCpuSec: number): Measured[] {
  const requests = summaries.reduce((sum, each) => sum + each.total + each.warmupTotal, 0);
  return summaries.map(({ serverCpuSec, ...summary }) => {
    const measured: Measured = { ...summary, benchProcessUs: Math.round((ownCpuSec / requests) * 1e6) };
    if (serverCpuSec !== undefined) {
      measured.serverCpuUs = Math.round((serverCpuSec / (summary.total + summary.warmupTotal)) * 1e6);
    }
    return measured;
  });
}

/** Round `round`'s order: each round starts one subject later, so none is always loaded first or last. */
function rotated<T>(items: readonly T[], round: number): T[] {
  return items.map((_, index) => items[(index + round) % items.length] as T);
}

/**
 * The subjects (by name) warmed, then loaded in alternated rounds by `plan`, all in one load runner: a runner's start
 * is a second or more on a loaded machine, and autocannon's own code runs cold in it at first (a round run first in a
 * fresh runner read the mock at a quarter of its next rounds); the warm-up warms the runner as well. Resolves each
 * subject's medians.
 */
export async function alternatedRounds<K extends string, P extends string>(
  subjects: Record<K, Subject>,
  plan: RoundsPlan<P>,
): Promise<Record<K, Record<P, RoundsMedian>>> {
  const names = Object.keys(subjects) as K[];
  const phases = Object.keys(plan.phases) as P[];
  const warmups: LoadJob[] = names.map((name) => ({ ...subjects[name], ...plan.warmup, warmupSec: 0 }));
  const order = phases.flatMap((phase) =>
    Array.from({ length: plan.phases[phase].rounds }, (_, round) =>
      rotated(names, round).map((name) => ({ name, phase })),
    ).flat(),
  );
  const jobs = order.map(({ name, phase }): LoadJob => {
    const { rounds: _, ...shape } = plan.phases[phase];
    return { ...subjects[name], ...shape };
  });
  const ownBefore = ownCpuSec();
  const summaries = (await runLoads([...warmups, ...jobs])).slice(warmups.length);
  const measured = new Map<string, Measured[]>();
  roundsMeasured(summaries, ownCpuSec() - ownBefore).forEach((each, index) => {
    const { name, phase } = order[index] as (typeof order)[number];
    measured.set(`${name} ${phase}`, [...(measured.get(`${name} ${phase}`) ?? []), each]);
  });
  const out = {} as Record<K, Record<P, RoundsMedian>>;
  for (const name of names) {
    out[name] = Object.fromEntries(
      phases.map((phase) => [phase, medianOf(measured.get(`${name} ${phase}`) ?? [])]),
    ) as Record<P, RoundsMedian>;
  }
  return out;
}
