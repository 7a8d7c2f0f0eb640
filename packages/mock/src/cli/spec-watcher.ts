import { existsSync, type FSWatcher, readdirSync, statSync, watch } from 'node:fs';
import { basename, join, sep } from 'node:path';
import { apis } from '@paykit/spec';

/** How long edits must pause before a batch is reported: an editor's save is several events in a few ms. */
const SETTLE_MS = 300;

/** Editors save through swap and backup files; those are not spec changes. */
function isSpecFile(filename: string | null): boolean {
  if (filename === null) return true;
  const name = basename(filename);
  return !name.startsWith('.') && !name.endsWith('~') && !name.endsWith('.swp') && !name.endsWith('.tmp');
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Watches every folder of a tree, each by itself, and calls `onEvent` with the name of what changed in it.
 * Folders, not files, and not Node's `recursive` option: a file watched by path (which Node 20's recursive watch
 * does on Linux) is lost once an editor saves by writing a temporary file and renaming it over the old one, and a
 * deleted file stays lost when it is created again. A folder's watch sees every later save of every file in it.
 * Folders created later are watched as they appear; removed ones are let go.
 */
function watchTree(root: string, onEvent: (filename: string | null) => void): () => void {
  const watchers = new Map<string, FSWatcher>();
  const add = (dir: string): void => {
    if (watchers.has(dir) || !isDirectory(dir)) return;
    let watcher: FSWatcher;
    try {
      watcher = watch(dir, (_event, filename) => {
        const name = filename === null ? null : filename.toString();
        if (name !== null) {
          const path = join(dir, name);
          if (isDirectory(path)) add(path);
          else drop(path);
        }
        onEvent(name);
      });
    } catch {
      return; // gone between the listing and the watch
    }
    watcher.on('error', () => drop(dir));
    watchers.set(dir, watcher);
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) add(join(dir, entry.name));
    }
  };
  const drop = (dir: string): void => {
    for (const [watched, watcher] of watchers) {
      if (watched === dir || watched.startsWith(`${dir}${sep}`)) {
        watcher.close();
        watchers.delete(watched);
      }
    }
  };
  add(root);
  return () => {
    for (const watcher of watchers.values()) watcher.close();
    watchers.clear();
  };
}

/**
 * Calls `onChange` with the APIs whose spec sources changed (`<specDir>/<api>/**`; `redocly.yaml` counts for both),
 * once edits have settled. Saves in place, saves by rename (editors' safe write, `sed -i`), deletes and re-creates
 * all count. `settleMs` is how long edits must pause first (300 ms). Returns a function that stops watching.
 */
export function watchSpecSources(
  specDir: string,
  onChange: (changed: Set<string>) => void,
  { settleMs = SETTLE_MS }: { settleMs?: number } = {},
): () => void {
  const stops: Array<() => void> = [];
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const touched = (changed: readonly string[]): void => {
    for (const api of changed) pending.add(api);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const batch = pending;
      pending = new Set();
      onChange(batch);
    }, settleMs);
  };
  for (const api of apis) {
    const dir = join(specDir, api);
    if (!existsSync(dir)) continue;
    stops.push(watchTree(dir, (filename) => isSpecFile(filename) && touched([api])));
  }
  const root = watch(specDir, (_event, filename) => filename?.toString() === 'redocly.yaml' && touched(apis));
  stops.push(() => root.close());
  return () => {
    clearTimeout(timer);
    for (const stop of stops) stop();
  };
}
