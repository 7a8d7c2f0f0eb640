import { figure, type Figure } from '../report/figure.js';
import { repoRoot } from '../repo.js';
import { median } from '../stats.js';
import { withScratchCheckout } from './scratch-checkout.js';
import { applySpecEdit } from './spec-edit.js';
import { runEssentialTools } from './tools.js';
import { runTurbo, type TurboRun } from './turbo.js';

/** Everything from a spec edit to a rebuilt client: the spec's lint and bundle, the client's generate and build. */
const pipeline = ['run', 'lint', 'bundle', 'generate', 'build', '--filter=@paykit/client...'];
const coldRuns = 3;
const cachedRuns = 3;

function medianRun(runs: TurboRun[]): TurboRun {
  const m = median(runs.map((r) => r.wallMs));
  return runs.reduce((best, r) => (Math.abs(r.wallMs - m) < Math.abs(best.wallMs - m) ? r : best));
}

/** Figures for issue 6 §3, measured in a scratch checkout of HEAD: a spec edit, then the pipeline cold and cached. */
export async function regenerationFigures(): Promise<Figure[]> {
  const { cold, cached, tools, editedFile } = await withScratchCheckout(repoRoot, async (checkout) => {
    // Builds the unedited outputs first, as a developer's checkout would have them.
    await runTurbo(checkout, pipeline);
    const edit = await applySpecEdit(checkout);
    const cold: TurboRun[] = [];
    const cached: TurboRun[] = [];
    for (let i = 0; i < coldRuns; i++) cold.push(await runTurbo(checkout, [...pipeline, '--force']));
    for (let i = 0; i < cachedRuns; i++) cached.push(await runTurbo(checkout, pipeline));
    return { cold, cached, tools: await runEssentialTools(checkout), editedFile: edit.file };
  });

  const coldMedian = medianRun(cold);
  const cachedMedian = medianRun(cached);
  const toolsMs = tools.reduce((sum, t) => sum + t.ms, 0);
  const coldFigure = figure({
    id: 'regen.cold',
    label: 'regeneration loop, cold (turbo --force)',
    value: coldMedian.wallMs / 1000,
    unit: 's',
    baseline: { label: 'essential tools, no turbo/lint', value: toolsMs / 1000 },
    target: { on: 'value', op: '<=', bound: 3 },
    details: {
      editedFile,
      command: `turbo ${pipeline.join(' ')} --force`,
      runsSec: cold.map((r) => r.wallMs / 1000),
      tasks: coldMedian.tasks,
      tools,
    },
  });
  const cachedFigure = figure({
    id: 'regen.cached',
    label: 'regeneration loop, cached (no change)',
    value: cachedMedian.wallMs / 1000,
    unit: 's',
    baseline: { label: 'cold', value: coldMedian.wallMs / 1000 },
    target: { on: 'value', op: '<=', bound: 1 },
    details: {
      command: `turbo ${pipeline.join(' ')}`,
      runsSec: cached.map((r) => r.wallMs / 1000),
      tasks: cachedMedian.tasks,
    },
  });
  return [coldFigure, cachedFigure];
}
