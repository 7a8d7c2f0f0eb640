import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // The scratch-checkout tests start real processes (git, tsx) and signal them; on a loaded 2-core machine that
    // takes seconds. No test asserts on time.
    testTimeout: 60_000,
  },
});
