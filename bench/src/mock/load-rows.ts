import { figure, type Figure, type Target } from '../report/figure.js';
import type { RoundsMedian, RoundsPlan } from './rounds.js';

/** The loads of the mock section's tables: a team's everyday traffic, and a burst (the tail at 100 connections). */
export type LoadName = 'c10' | 'c100';

/** One row of a load table: the table's server against another one, on one load and one measure. */
export interface LoadRow<K extends string> {
  load: LoadName;
  measure: 'requestsPerSec' | 'latencyP99Ms' | 'discardedLatencyP99Ms';
  against: K;
  /** The baseline's name in the table. */
  againstLabel: string;
  /** The end of the figure's id (`….mixed10.<id>`) and of its label (`…, 10 conn, <label>`). */
  id: string;
  label: string;
  target?: Target;
  details?: Record<string, unknown>;
}

/** Rows of one server's loads against its baselines, all measured in the same alternated rounds. */
export interface LoadTable<K extends string> {
  /** `mock.synthetic200.mixed`: the connections and the row's id follow. */
  idPrefix: string;
  /** `mock 200 ops: new-id GET+POST`: the connections and the row's label follow. */
  labelPrefix: string;
  server: K;
  measured: Record<K, Record<LoadName, RoundsMedian>>;
  plan: RoundsPlan<LoadName>;
  rows: LoadRow<K>[];
}

const UNITS = { requestsPerSec: 'req/s', latencyP99Ms: 'ms', discardedLatencyP99Ms: 'ms' } as const;

export function loadFigures<K extends string>(table: LoadTable<K>): Figure[] {
  return table.rows.map((row) => {
    const connections = table.plan.phases[row.load].connections;
    return figure({
      id: `${table.idPrefix}${connections}.${row.id}`,
      label: `${table.labelPrefix}, ${connections} conn, ${row.label}`,
      value: table.measured[table.server][row.load][row.measure],
      unit: UNITS[row.measure],
      baseline: { label: row.againstLabel, value: table.measured[row.against][row.load][row.measure] },
      ...(row.target && { target: row.target }),
      ...(row.details && { details: row.details }),
    });
  });
}

/** What results.json keeps of one load: its rounds' shape and every server's medians with all its rounds. */
export function loadDetails<K extends string>(
  measured: Record<K, Record<LoadName, RoundsMedian>>,
  plan: RoundsPlan<LoadName>,
  load: LoadName,
): Record<string, unknown> {
  return {
    load: { ...plan.phases[load], ...(load === 'c10' && { serverWarmup: plan.warmup }) },
    ...Object.fromEntries(
      Object.entries<Record<LoadName, RoundsMedian>>(measured).map(([kind, of]) => [kind, of[load]]),
    ),
  };
}
