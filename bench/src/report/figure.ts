/** How a figure is judged: its value (or its ratio to the baseline) against a bound. */
export interface Target {
  on: 'value' | 'ratio';
  op: '<=' | '>=';
  bound: number;
}

/** What a figure is compared with, measured in the same run seconds apart. */
export interface Baseline {
  label: string;
  value: number;
}

export type Unit = 'ops/s' | 'req/s' | 'B' | 'ms' | 's';

/** What a section measured. */
export interface FigureInput {
  id: string;
  label: string;
  value: number;
  unit: Unit;
  baseline?: Baseline;
  /** A ratio measured more robustly than value ÷ baseline (e.g. the median of per-round ratios). */
  ratio?: number;
  target?: Target;
  /** Anything a reader needs to interpret the figure (breakdowns, per-round values, caveats). */
  details?: Record<string, unknown>;
}

/** One figure as printed in the table and written to results.json; `ratio` defaults to value ÷ baseline. */
export interface Figure extends FigureInput {
  pass?: boolean;
}

/** Derives the ratio and the verdict so that no section computes them on its own. */
export function figure(input: FigureInput): Figure {
  const ratio = input.ratio ?? (input.baseline ? input.value / input.baseline.value : undefined);
  const result: Figure = { ...input };
  if (ratio !== undefined) result.ratio = ratio;
  if (input.target) {
    const judged = input.target.on === 'ratio' ? ratio : input.value;
    if (judged === undefined) throw new Error(`figure ${input.id}: a ratio target needs a baseline`);
    result.pass = input.target.op === '<=' ? judged <= input.target.bound : judged >= input.target.bound;
  }
  return result;
}
