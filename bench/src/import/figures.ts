// Section 5 (issue 17): a Stripe-sized vendor document imported as published. In a scratch checkout of HEAD:
// `pnpm api:add stripe spec3.yaml` (copy, infer, overlay, bundle, generate) against openapi-typescript alone on the
// same file; then lint, build and typecheck must pass; then the edit loop (one edit in Stripe's overlay → bundle,
// generate and typecheck of the client) and the same loop after an edit to Connect, which must not re-bundle Stripe.
import { execFileSync } from 'node:child_process';
import { appendFile, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exec } from '../exec.js';
import { withScratchCheckout } from '../regen/scratch-checkout.js';
import { applySpecEdit } from '../regen/spec-edit.js';
import { runTurbo } from '../regen/turbo.js';
import { figure, type Figure } from '../report/figure.js';
import { repoRoot } from '../repo.js';

const corpusFile = join(repoRoot, 'spec/test/corpus/stripe-spec3.yaml.gz');
/** What one edit re-runs for the client: the spec's bundle, the client's generate, and the client's type check. */
const loop = ['run', 'bundle', 'generate', 'typecheck', '--filter=@paykit/client'];

/** An overlay action appended to Stripe's overlay: a description change, the smallest edit a user makes there. */
const OVERLAY_EDIT = `  # Edited by pnpm bench.
  - target: $.info
    description: "bench: the edit loop's one edit"
    update:
      description: Edited by pnpm bench.
`;

export async function importFigures(): Promise<Figure[]> {
  const document = join(tmpdir(), `paykit-bench-stripe-${process.pid}.yaml`);
  await writeFile(document, execFileSync('gunzip', ['-c', corpusFile], { maxBuffer: 1 << 30 }));
  return withScratchCheckout(repoRoot, async (checkout) => {
    // The checkout as a developer has it: bundles and generated files up to date.
    await runTurbo(checkout, ['run', 'bundle', 'generate']);
    const types = join(tmpdir(), `paykit-bench-stripe-${process.pid}.ts`);
    const openapiTs = await exec(
      join(checkout, 'node_modules/.pnpm/node_modules/.bin/openapi-typescript'),
      [document, '-o', types],
      { cwd: checkout },
    );
    const added = await exec(process.execPath, ['spec/scripts/api-add.js', 'stripe', document], { cwd: checkout });
    // The same checks as the corpus test: every one must pass, or the section fails.
    const checks = await runTurbo(checkout, ['run', 'lint', 'build', 'typecheck']);
    const failed = checks.tasks.filter((task) => task.cache === 'FAILED');
    if (failed.length > 0) throw new Error(`after api:add stripe: ${failed.map((t) => t.task).join(', ')} failed`);

    const stripeBundle = join(checkout, 'spec/dist/stripe.json');
    await appendFile(join(checkout, 'spec/stripe/paykit.overlay.yaml'), OVERLAY_EDIT);
    const stripeEdit = await runTurbo(checkout, loop);
    const bundledAt = (await stat(stripeBundle)).mtimeMs;
    const edited = JSON.parse(await readFile(stripeBundle, 'utf8')).info.description;
    if (edited !== 'Edited by pnpm bench.') throw new Error('the overlay edit did not reach dist/stripe.json');

    await applySpecEdit(checkout);
    const connectEdit = await runTurbo(checkout, loop);
    if ((await stat(stripeBundle)).mtimeMs !== bundledAt) throw new Error('an edit to Connect re-bundled Stripe');

    return [
      figure({
        id: 'import.stripe.api-add',
        label: 'api:add of Stripe spec3.yaml (468 operations)',
        value: added.ms / 1000,
        unit: 's',
        baseline: { label: 'openapi-typescript alone', value: openapiTs.ms / 1000 },
        target: { on: 'ratio', op: '<=', bound: 3 },
      }),
      figure({
        id: 'import.stripe.edit-loop',
        label: 'edit loop: Stripe overlay edit → bundle, generate, typecheck',
        value: stripeEdit.wallMs / 1000,
        unit: 's',
        target: { on: 'value', op: '<=', bound: 20 },
        details: { command: `turbo ${loop.join(' ')}`, tasks: stripeEdit.tasks },
      }),
      figure({
        id: 'import.connect.edit-loop',
        label: 'edit loop: Connect edit with Stripe present (Stripe not re-bundled)',
        value: connectEdit.wallMs / 1000,
        unit: 's',
        baseline: { label: 'Stripe overlay edit', value: stripeEdit.wallMs / 1000 },
        target: { on: 'value', op: '<=', bound: 20 },
        details: { tasks: connectEdit.tasks },
      }),
    ];
  });
}
