import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiDir, apis, bundlePath, isApiName } from '../index.js';
import { configPath, readApis } from '../scripts/config.js';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const entry = (key: string, body: string) => `apis:\n  ${key}:\n${body}`;

describe('the one list of APIs (redocly.yaml apis:)', () => {
  it('is what @paykit/spec exports, in the file order', () => {
    expect(apis).toEqual(readApis().map((api) => api.name));
  });

  it('is what the generated module says (on CI, the committed one: pnpm generate leaves nothing to commit)', () => {
    expect(() =>
      execFileSync(process.execPath, ['scripts/generate.js', '--check'], {
        cwd: join(configPath, '..'),
        stdio: 'pipe',
      }),
    ).not.toThrow();
  });

  it.each(apis)('%s: its folder holds its root document, and its bundle is exported as @paykit/spec/%s.json', (api) => {
    expect(existsSync(join(apiDir(api), 'openapi.yaml'))).toBe(true);
    expect(bundlePath(api)).toBe(join(configPath, '..', 'dist', `${api}.json`));
    expect(createRequire(import.meta.url).resolve(`${pkg.name}/${api}.json`)).toBe(bundlePath(api));
  });

  it('refuses an API that is not in the list, naming the list', () => {
    expect(isApiName('nope')).toBe(false);
    expect(() => bundlePath('nope' as never)).toThrow(`Unknown API "nope": expected one of ${apis.join(', ')}`);
    expect(() => apiDir('nope' as never)).toThrow('Unknown API "nope"');
  });

  it('refuses an entry that breaks the house layout, naming the entry and the rule', () => {
    expect(() => readApis(entry('Acme@v1', '    root: Acme/openapi.yaml\n    output: dist/Acme.json\n'))).toThrow(
      'apis.Acme@v1: the API name "Acme" must be a lower-case identifier',
    );
    expect(() => readApis(entry('acme@v1', '    root: other/openapi.yaml\n    output: dist/acme.json\n'))).toThrow(
      "apis.acme@v1.root must be a document inside the API's folder (acme/openapi.yaml)",
    );
    expect(() => readApis(entry('acme@v1', '    root: acme/openapi.yaml\n    output: dist/other.json\n'))).toThrow(
      'apis.acme@v1.output must be dist/acme.json',
    );
    expect(() => readApis('telemetry: off\n')).toThrow('`apis:` must map each API');
  });
});
