import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Several tests run Redocly's CLI (a second or two alone; far more while the machine builds other packages).
    testTimeout: 30_000,
  },
});
