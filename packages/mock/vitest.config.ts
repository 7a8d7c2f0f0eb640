import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Both mocks start once per run; tests reach them with inject('connectMockUrl') / inject('ten99policyMockUrl').
    globalSetup: ['./src/vitest-global-setup.ts'],
    // Some tests start their own Prism (about a second each) or a child process.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
