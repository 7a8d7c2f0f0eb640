import type { Figure, Target, Unit } from './figure.js';

export function formatValue(value: number, unit: Unit): string {
  switch (unit) {
    case 'ops/s':
    case 'req/s':
      return `${Math.round(value).toLocaleString('en-US')} ${unit}`;
    case 'B':
      return `${Math.round(value).toLocaleString('en-US')} B`;
    case 'ms':
      return `${value < 10 ? value.toFixed(2) : Math.round(value).toLocaleString('en-US')} ms`;
    case 's':
      return `${value.toFixed(2)} s`;
  }
}

function formatTarget(target: Target, unit: Unit): string {
  const op = target.op === '<=' ? '≤' : '≥';
  return target.on === 'ratio' ? `${op} ${target.bound}×` : `${op} ${formatValue(target.bound, unit)}`;
}

/** The table as plain text, one row per figure: figure, value, baseline, ratio, target, verdict. */
export function formatTable(figures: readonly Figure[]): string {
  const header = ['figure', 'value', 'baseline', 'ratio', 'target', 'result'];
  const rows = figures.map((f) => [
    f.label,
    formatValue(f.value, f.unit),
    f.baseline ? `${f.baseline.label}: ${formatValue(f.baseline.value, f.unit)}` : '',
    f.ratio === undefined ? '' : `${f.ratio.toFixed(2)}×`,
    f.target ? formatTarget(f.target, f.unit) : '',
    f.pass === undefined ? '' : f.pass ? 'pass' : 'FAIL',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}
