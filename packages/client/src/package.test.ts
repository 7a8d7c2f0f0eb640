// The package installs anywhere: packed through pnpm (which rewrites `catalog:` and `workspace:` ranges), installed
// with plain npm into a fresh project, and used there against a loopback server this test starts. npm runs offline:
// the package's runtime dependencies are packed from the versions this workspace installed, so the test needs no
// registry (and a slow registry cannot fail it).
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'paykit-pack-'));
let server: Server | undefined;

beforeAll(async () => {
  // Packs the built `dist` as it is (turbo builds before it tests): rebuilding here would empty `dist` under the
  // packages that compile against it in parallel.
  if (!existsSync(join(packageDir, 'dist', 'index.js'))) throw new Error('dist/ is missing: run pnpm build first');
  await run('pnpm', ['pack', '--pack-destination', scratch], { cwd: packageDir });
}, 120_000);

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  rmSync(scratch, { recursive: true, force: true });
});

/**
 * Packs every runtime dependency of the package, transitively, from where this workspace installed it, into
 * `scratch/deps`; returns the tarballs.
 */
async function packDependencies(manifest: { dependencies?: Record<string, string> }): Promise<string[]> {
  const target = join(scratch, 'deps');
  await run('mkdir', ['-p', target]);
  const packed = new Set<string>();
  const visit = async (fromDir: string, dependencies: Record<string, string> = {}): Promise<void> => {
    for (const name of Object.keys(dependencies)) {
      const dir = dirname(createRequire(join(fromDir, 'package.json')).resolve(`${name}/package.json`));
      if (packed.has(dir)) continue;
      packed.add(dir);
      await run('npm', ['pack', '--silent', '--pack-destination', target, dir]);
      await visit(dir, JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).dependencies);
    }
  };
  await visit(packageDir, manifest.dependencies);
  return readdirSync(target).map((name) => join(target, name));
}

const tarball = () => join(scratch, readdirSync(scratch).find((name) => name.endsWith('.tgz')) ?? 'missing.tgz');
const packedManifest = async () => {
  const { stdout } = await run('tar', ['-xzOf', tarball(), 'package/package.json']);
  return JSON.parse(stdout);
};

/** Runs `@arethetypeswrong/cli` (attw) with `args` through this Node; resolves with what it printed. */
async function attw(args: string[]): Promise<string> {
  const manifest = createRequire(join(packageDir, 'package.json')).resolve('@arethetypeswrong/cli/package.json');
  const bin = join(dirname(manifest), JSON.parse(readFileSync(manifest, 'utf8')).bin.attw);
  const done = await run(process.execPath, [bin, ...args]).catch((error: { stdout?: string; message: string }) => {
    // attw prints its table of problems on stdout and exits 1: hand the table to the test's failure.
    throw new Error(`attw found problems:\n${error.stdout ?? error.message}`);
  });
  return done.stdout;
}

describe('the published package', () => {
  test('ships no catalog: or workspace: range, and says its license, engines and repository', async () => {
    const manifest = await packedManifest();
    const ranges = JSON.stringify({ ...manifest.dependencies, ...manifest.peerDependencies });
    expect(ranges).not.toMatch(/catalog:|workspace:/);
    expect(manifest.dependencies['openapi-fetch']).toMatch(/^\d+\.\d+\.\d+$/);
    expect(manifest).toMatchObject({
      license: 'MIT',
      engines: { node: expect.any(String) },
      repository: expect.any(Object),
    });
    const { stdout } = await run('tar', ['-tzf', tarball()]);
    expect(stdout.split('\n')).toContain('package/LICENSE');
    expect(stdout).not.toMatch(/\.test\.ts|test-support/);
  });

  test("resolves its types for an ESM consumer in every module mode (attw's esm-only profile)", async () => {
    // The tarball `pnpm pack` made above, as `pnpm publish` ships it (`attw --pack` packed another with npm). attw
    // exits 1 on any problem the profile does not ignore, which fails the test with its table.
    const report = await attw([tarball(), '--profile', 'esm-only']);
    for (const entry of ['"@paykit/client"', '"@paykit/client/connect"', '"@paykit/client/ten99policy"']) {
      expect(report).toContain(entry);
    }
  }, 60_000);

  test('installs with plain npm into a fresh project and calls a server', async () => {
    server = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ seen: { method: req.method, url: req.url, key: req.headers['x-api-key'] } }));
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const project = join(scratch, 'app');
    await run('mkdir', ['-p', project]);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
    const dependencies = await packDependencies(await packedManifest());
    await run(
      'npm',
      ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error', tarball(), ...dependencies],
      {
        cwd: project,
        timeout: 110_000,
      },
    );
    writeFileSync(
      join(project, 'main.js'),
      `import { createConnectClient } from '@paykit/client/connect';
import { PaykitError } from '@paykit/client';
const client = createConnectClient({ apiKey: 'installed-key', baseUrl: process.argv[2] });
const { data } = await client.GET('/payment-sessions/{paymentSessionId}', { params: { path: { paymentSessionId: 'ps_1' } } });
console.log(JSON.stringify({ data, neutral: typeof PaykitError }));
`,
    );
    // The child calls back into this process's server, so it must run asynchronously.
    const { stdout } = await run(process.execPath, ['main.js', baseUrl], { cwd: project });
    expect(JSON.parse(stdout)).toEqual({
      data: { seen: { method: 'GET', url: '/payment-sessions/ps_1', key: 'installed-key' } },
      neutral: 'function',
    });
    expect(JSON.parse(readFileSync(join(project, 'node_modules/openapi-fetch/package.json'), 'utf8')).version).toBe(
      (await packedManifest()).dependencies['openapi-fetch'],
    );
  }, 120_000);
});
