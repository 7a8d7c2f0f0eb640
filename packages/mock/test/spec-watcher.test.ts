import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterEach, describe, expect, it, vi } from 'vitest';
import { watchSpecSources } from '../src/cli/spec-watcher.js';
import { call, json } from './support/http.js';
import { SHOP_KEY, shopDocument, shopForTest } from './support/shop.js';
import { tempDir } from './support/temp-dir.js';

// Edits settle after 100 ms here rather than 300: each test waits for the batch of every edit it makes (15 edits),
// and every save below is made by one synchronous call or one `sed` run, a few ms long.
const FAST = { settleMs: 100 };

// A copy of the spec folder layout in a temp dir: the real spec belongs to its authors.
function specLayout(): string {
  const dir = tempDir('paykit-spec-');
  for (const api of ['connect', 'ten99policy']) mkdirSync(join(dir, api, 'paths'), { recursive: true });
  return dir;
}

describe('watchSpecSources', () => {
  let stop: () => void = () => undefined;
  afterEach(() => stop());

  it('reports which API changed, once edits settle, for files in nested folders', async () => {
    const dir = specLayout();
    const batches: Set<string>[] = [];
    stop = watchSpecSources(dir, (changed) => batches.push(changed), FAST);
    for (let i = 0; i < 5; i++) writeFileSync(join(dir, 'ten99policy', 'paths', 'cancel.yaml'), `v${i}`);
    await vi.waitFor(() => expect(batches).toHaveLength(1), { timeout: 5_000, interval: 25 });
    expect([...(batches[0] as Set<string>)]).toEqual(['ten99policy']);
  });

  it('ignores editor swap and backup files', async () => {
    const dir = specLayout();
    const batches: Set<string>[] = [];
    stop = watchSpecSources(dir, (changed) => batches.push(changed), FAST);
    writeFileSync(join(dir, 'connect', '.openapi.yaml.swp'), 'x');
    writeFileSync(join(dir, 'connect', 'openapi.yaml~'), 'x');
    writeFileSync(join(dir, 'ten99policy', 'openapi.yaml'), 'x');
    await vi.waitFor(() => expect(batches).toHaveLength(1), { timeout: 5_000, interval: 25 });
    expect([...(batches[0] as Set<string>)]).toEqual(['ten99policy']);
  });

  it('counts redocly.yaml as a change to both APIs', async () => {
    const dir = specLayout();
    const batches: Set<string>[] = [];
    stop = watchSpecSources(dir, (changed) => batches.push(changed), FAST);
    writeFileSync(join(dir, 'redocly.yaml'), 'telemetry: off');
    await vi.waitFor(() => expect(batches).toHaveLength(1), { timeout: 5_000, interval: 25 });
    expect([...(batches[0] as Set<string>)].sort()).toEqual(['connect', 'ten99policy']);
  });
});

/** Saves as editors do: the new text to a temporary file in the same folder, renamed over the old one. */
function renameSave(file: string, text: string): void {
  writeFileSync(`${file}.swp.tmp`, text);
  renameSync(`${file}.swp.tmp`, file);
}

describe('watchSpecSources, as editors save', () => {
  let stop: () => void = () => undefined;
  afterEach(() => stop());

  /** Watches a fresh layout; `edit` then resolves once the watcher reported the change it makes. */
  function watched() {
    const dir = specLayout();
    const file = join(dir, 'ten99policy', 'paths', 'cancel.yaml');
    writeFileSync(file, 'v0');
    const batches: Set<string>[] = [];
    stop = watchSpecSources(dir, (changed) => batches.push(changed), FAST);
    return {
      dir,
      file,
      async edit(change: () => void) {
        const before = batches.length;
        change();
        await vi.waitFor(() => expect(batches.length).toBeGreaterThan(before), { timeout: 5_000, interval: 25 });
        expect([...(batches.at(-1) as Set<string>)]).toEqual(['ten99policy']);
      },
    };
  }

  it('sees every save by rename (write a temporary file, rename it over), not only the first', async () => {
    const spec = watched();
    for (let i = 1; i <= 3; i++) await spec.edit(() => renameSave(spec.file, `v${i}`));
  });

  it('sees every `sed -i` edit', async () => {
    const spec = watched();
    for (let i = 1; i <= 3; i++) await spec.edit(() => execFileSync('sed', ['-i', `s/v${i - 1}/v${i}/`, spec.file]));
    expect(readFileSync(spec.file, 'utf8')).toBe('v3');
  });

  it('sees a file deleted, created again, then edited; and files in a folder created later', async () => {
    const spec = watched();
    await spec.edit(() => rmSync(spec.file));
    await spec.edit(() => writeFileSync(spec.file, 'again'));
    await spec.edit(() => writeFileSync(spec.file, 'edited'));
    const later = join(spec.dir, 'ten99policy', 'components');
    await spec.edit(() => mkdirSync(later));
    await spec.edit(() => renameSave(join(later, 'schemas.yaml'), 'a'));
    await spec.edit(() => renameSave(join(later, 'schemas.yaml'), 'b'));
  });

  it('a mock reloaded on each change serves every rename-saved edit', async () => {
    const dir = specLayout();
    const file = join(dir, 'ten99policy', 'openapi.json');
    const save = (id: string) => {
      const document = shopDocument();
      document.paths['/orders/latest'].get.responses['200'].content['application/json'].examples.default.value.id = id;
      renameSave(file, JSON.stringify(document));
    };
    save('first');
    const mock = await shopForTest({ specPath: file });
    const reloads: Promise<void>[] = [];
    stop = watchSpecSources(dir, () => reloads.push(mock.reload()), FAST);
    const served = async () => json(await call(`${mock.url}/orders/latest`, { headers: SHOP_KEY })).id;
    expect(await served()).toBe('first');
    for (const id of ['second', 'third', 'fourth']) {
      save(id);
      await vi.waitFor(async () => expect(await served()).toBe(id), { timeout: 5_000, interval: 50 });
    }
    await Promise.all(reloads);
  });
});
