import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** A harmless spec edit: one sentence appended to a one-line schema description. */
export interface SpecEdit {
  /** Repository-relative path of the edited file. */
  file: string;
}

const marker = ' Edited by pnpm bench.';
const plainDescription = /^(\s*description: [A-Za-z][^#'":]*?)\s*$/m;

/**
 * Edits the first tracked Connect schema with a plain one-line description, the kind of edit a spec author makes
 * most often. It changes the generated types' doc comments, so every step of the loop has real work to do.
 */
export async function applySpecEdit(repoRoot: string): Promise<SpecEdit> {
  const tracked = execFileSync('git', ['ls-files', 'spec/connect/components/schemas/*.yaml'], {
    cwd: repoRoot,
    encoding: 'utf8',
  })
    .split('\n')
    .filter(Boolean)
    .sort();
  for (const file of tracked) {
    const path = join(repoRoot, file);
    const original = await readFile(path, 'utf8');
    const match = plainDescription.exec(original);
    if (!match) continue;
    await writeFile(path, original.replace(match[1]!, `${match[1]!}${marker}`));
    return { file };
  }
  throw new Error(
    'no tracked Connect schema with a one-line description to edit: the regeneration benchmark needs one',
  );
}
