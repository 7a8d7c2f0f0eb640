import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

/** Files that replace a module with `vi.mock`: each keeps a module graph of its own, unseen by the other files. */
const mocksModules = ['test/webhook-log.test.ts'];

export default defineConfig({
  test: {
    // Vite's transforms of the test files and sources kept on disk (node_modules/.experimental-vitest-cache) and
    // reused by the next run for every file whose content is unchanged: after a spec edit, only what changed is
    // compiled again. Keyed by content, not by what an import resolves to: after renaming a module that an unchanged
    // file imports, `pnpm vitest --clearCache` (vitest-dev/vitest#11246).
    experimental: { fsModuleCache: true },
    projects: [
      {
        test: {
          name: 'server',
          include: ['test/**/*.test.ts'],
          exclude: mocksModules,
          // Both Prism mocks, once per run, on free ports: inject('connectMockUrl'), inject('ten99policyMockUrl').
          globalSetup: [require.resolve('@paykit/mock/vitest-global-setup')],
          // One module graph for these files: each imported the server, Hono and the client again. Each test starts
          // its own server on its own port and data folder; none writes a global, and only e2e-harness
          // writes process.env (TMPDIR, for one test, restored after it).
          isolate: false,
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: { name: 'server-isolated', include: mocksModules, testTimeout: 30_000, hookTimeout: 30_000 },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.test.ts'],
          // One module graph for the browser files too (each imported the mock, the server and the client again).
          // Each starts its own stack on its own ports and data folder and opens its own context in the run's one
          // Chromium (launched here, closed when the run ends); none writes process.env.
          isolate: false,
          globalSetup: ['./e2e/chromium-server.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
