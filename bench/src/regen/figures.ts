import { execFileSync } from 'node:child_process';
import { figure, type Figure } from '../report/figure.js';
import { repoRoot } from '../repo.js';
import { median } from '../stats.js';
import { applySpecEdit } from './spec-edit.js';
import { runEssentialTools } from './tools.js';
import { runTurbo, type TurboRun } from './turbo.js';

/** Everything from a spec edit to a rebuilt client: the spec's lint and bundle, the client's generate and build. */
const pipeline = ['run', 'lint', 'bundle', 'generate', 'build', '--filter=@paykit/client...'];
const coldRuns = 3;
const cachedRuns = 3;

/**
 * What git shows for the tracked files the loop writes (the spec it edits, the generated client sources); it must
 * be the same after the benchmark as before. Other paths are left out so that work elsewhere in the checkout
 * during a run is not taken for a leftover of the benchmark.
 */
function gitState(): string {
  const paths = ['spec', 'packages/client/src/generated'];
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8' });
  return git('status', '--porcelain', '--', ...paths) + git('diff', '--', ...paths);
}

function medianRun(runs: TurboRun[]): TurboRun {
  const m = median(runs.map((r) => r.wallMs));
  return runs.reduce((best, r) => (Math.abs(r.wallMs - m) < Math.abs(best.wallMs - m) ? r : best));
}

/** Figures for issue 6 §3. Edits the spec and always puts it back, then proves git shows no difference. */
export async function regenerationFigures(): Promise<Figure[]> {
  const before = gitState();
  // Makes sure the unedited outputs are built and cached, so putting them back afterwards is a cache restore.
  await runTurbo(repoRoot, pipeline);
  const cold: TurboRun[] = [];
  const cached: TurboRun[] = [];
  let editedFile = '';
  const edit = await applySpecEdit(repoRoot);
  try {
    editedFile = edit.file;
    for (let i = 0; i < coldRuns; i++) cold.push(await runTurbo(repoRoot, [...pipeline, '--force']));
    for (let i = 0; i < cachedRuns; i++) cached.push(await runTurbo(repoRoot, pipeline));
  } finally {
    await edit.restore();
    await runTurbo(repoRoot, pipeline);
  }
  const tools = await runEssentialTools(repoRoot);
  const after = gitState();
  if (after !== before) throw new Error(`the regeneration benchmark left a difference in git:\n${after}`);

  const coldMedian = medianRun(cold);
  const cachedMedian = medianRun(cached);
  const toolsMs = tools.reduce((sum, t) => sum + t.ms, 0);
  const coldFigure = figure({
    id: 'regen.cold',
    label: 'regeneration loop, cold (turbo --force)',
    value: coldMedian.wallMs / 1000,
    unit: 's',
    baseline: { label: 'essential tools, no turbo/lint/docs', value: toolsMs / 1000 },
    target: { on: 'value', op: '<=', bound: 3 },
    details: { editedFile, command: `turbo ${pipeline.join(' ')} --force`, runsSec: cold.map((r) => r.wallMs / 1000), tasks: coldMedian.tasks, tools },
  });
  const cachedFigure = figure({
    id: 'regen.cached',
    label: 'regeneration loop, cached (no change)',
    value: cachedMedian.wallMs / 1000,
    unit: 's',
    baseline: { label: 'cold', value: coldMedian.wallMs / 1000 },
    target: { on: 'value', op: '<=', bound: 1 },
    details: { command: `turbo ${pipeline.join(' ')}`, runsSec: cached.map((r) => r.wallMs / 1000), tasks: cachedMedian.tasks },
  });
  return [coldFigure, cachedFigure];
}
