import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// A test suite or a script that starts a stateless mock waits for everything `@paykit/mock` loads: the sandbox
// (hosted pages, dashboard, webhooks) and zod (95 modules) are a fifth of a start and no part of a stateless answer.
// They load when a mock has a sandbox, when an option breaks its rule, or when the CLI runs. These tests run the
// build, as apps import it.

const mockPackage = fileURLToPath(new URL('..', import.meta.url));
if (!existsSync(join(mockPackage, 'dist/index.js'))) {
  throw new Error('packages/mock/dist is not built: run `pnpm --filter @paykit/mock build` first (pnpm test does)');
}

/** Node's module loader tells a port of this thread about every ES module it loads. */
const listLoads = `
  import { register } from 'node:module';
  import { MessageChannel } from 'node:worker_threads';
  const loads = [];
  const { port1, port2 } = new MessageChannel();
  port1.on('message', (url) => loads.push(url));
  port1.unref();
  const hooks = 'export let port; export function initialize(data) { port = data.port; }'
    + ' export async function load(url, context, next) { port.postMessage(url); return next(url, context); }';
  register('data:text/javascript,' + encodeURIComponent(hooks), { data: { port: port2 }, transferList: [port2] });
  const settled = () => new Promise((done) => setTimeout(done, 50));
  const loadedOf = (part) => loads.filter((url) => url.includes(part)).length;`;

/** Runs an ES module script in a fresh Node in this package; returns what it printed (JSON). */
function runFresh(script: string): unknown {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', `${listLoads}\n${script}`], {
    cwd: mockPackage,
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`the script exited ${run.status}: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

describe('what a start loads', () => {
  // One fresh Node for both starts, the stateless one first: what it loaded is read before the sandbox's start.
  it('a stateless mock answers without loading the sandbox or zod; one with its sandbox loads it, and an option out of range is refused in the words of every setting', () => {
    const printed = runFresh(`
      const { startMock, CONTROL_ROUTES, LIMIT_DEFAULTS, SandboxSettingError } = await import('./dist/index.js');
      const stateless = await startMock({ api: 'connect', stateless: true, port: 0, seed: 7 });
      const answer = await fetch(stateless.url + '/no/such/path');
      await stateless.stop();
      await settled();
      const before = {
        status: answer.status,
        exports: [CONTROL_ROUTES.length > 0, LIMIT_DEFAULTS.sessions > 0, typeof SandboxSettingError],
        zod: loadedOf('/zod@'),
        sandbox: loadedOf('/dist/sandbox/sandbox.js'),
        cli: loadedOf('/dist/cli/'),
      };
      const mock = await startMock({ api: 'connect' });
      const sandbox = loadedOf('/dist/sandbox/sandbox.js');
      await mock.stop();
      const refusal = await startMock({ api: 'connect', stateless: true, port: 70000 }).catch((error) => error.message);
      await settled();
      console.log(JSON.stringify({ stateless: before, withSandbox: { sandbox, refusal, zod: loadedOf('/zod@') > 0 } }));`);
    expect(printed).toEqual({
      stateless: { status: 404, exports: [true, true, 'function'], zod: 0, sandbox: 0, cli: 0 },
      withSandbox: {
        sandbox: 1,
        refusal: 'port must be a whole number from 0 to 65535 (got 70000)',
        zod: true,
      },
    });
  });
});
