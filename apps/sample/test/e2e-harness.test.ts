import { describe, expect, test } from 'vitest';
import { assertPrerequisites } from '../e2e/harness.js';

describe('the browser test harness', () => {
  test('fails (never skips) with what to install when Chromium is missing', () => {
    expect(() => assertPrerequisites('/nonexistent/chromium')).toThrow(
      "Chromium is missing at /nonexistent/chromium. Install Debian's package (`apt-get install -y chromium`",
    );
  });

  test('fails with the build command when the page is not built', () => {
    expect(() => assertPrerequisites(process.execPath, '/nonexistent/dist/web')).toThrow(
      'The built page is missing at /nonexistent/dist/web. Run `pnpm turbo run build --filter @paykit/sample`.',
    );
  });
});
