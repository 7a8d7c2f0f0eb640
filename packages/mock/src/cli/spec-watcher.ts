import { existsSync, watch, type FSWatcher } from 'node:fs';
import { basename, join } from 'node:path';
import { apis } from '@paykit/spec';

const DEBOUNCE_MS = 300;

/** Editors save through swap and backup files; those are not spec changes. */
function isSpecFile(filename: string | null): boolean {
  if (filename === null) return true;
  const name = basename(filename);
  return !name.startsWith('.') && !name.endsWith('~') && !name.endsWith('.swp') && !name.endsWith('.tmp');
}

/**
 * Calls `onChange` with the APIs whose spec sources changed (`<specDir>/<api>/**`; `redocly.yaml` counts for both),
 * once edits have settled. Returns a function that stops watching.
 */
export function watchSpecSources(specDir: string, onChange: (changed: Set<string>) => void): () => void {
  const watchers: FSWatcher[] = [];
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const touched = (changed: readonly string[]): void => {
    for (const api of changed) pending.add(api);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const batch = pending;
      pending = new Set();
      onChange(batch);
    }, DEBOUNCE_MS);
  };
  for (const api of apis) {
    const dir = join(specDir, api);
    if (!existsSync(dir)) continue;
    watchers.push(watch(dir, { recursive: true }, (_event, filename) => isSpecFile(filename) && touched([api])));
  }
  watchers.push(watch(specDir, (_event, filename) => filename === 'redocly.yaml' && touched(apis)));
  return () => {
    clearTimeout(timer);
    for (const watcher of watchers) watcher.close();
  };
}
