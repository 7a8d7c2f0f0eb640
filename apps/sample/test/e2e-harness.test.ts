import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import { launchChromiumServer } from '@paykit/test-chromium';
import { assertPrerequisites } from '../e2e/harness.js';

describe('the browser test harness', () => {
  test('fails (never skips) with what to install when Chromium is missing', () => {
    expect(() => assertPrerequisites('/nonexistent/chromium')).toThrow(
      "Chromium is missing at /nonexistent/chromium. Install Debian's package (`apt-get install -y chromium-headless-shell`",
    );
  });

  test('fails with the build command when the page is not built', () => {
    expect(() => assertPrerequisites(process.execPath, '/nonexistent/dist/web')).toThrow(
      'The built page is missing at /nonexistent/dist/web. Run `pnpm turbo run build --filter @paykit/sample`.',
    );
  });

  test('a browser that fails to launch leaves no temp profile behind', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'paykit-sample-harness-'));
    // Playwright makes its profile in the temp folder TMPDIR names when it launches.
    vi.stubEnv('TMPDIR', parent);
    try {
      await expect(launchChromiumServer({ executablePath: '/nonexistent/chromium' })).rejects.toThrow(
        /\/nonexistent\/chromium/,
      );
      expect(await readdir(parent)).toEqual([]);
    } finally {
      vi.unstubAllEnvs();
      await rm(parent, { recursive: true, force: true });
    }
  });
});
