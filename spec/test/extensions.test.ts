import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// The payments/paykit-extensions lint rule, run through the Redocly CLI (as `pnpm lint` runs it) over fixture
// specs: one that uses every x-paykit-* extension correctly, one whose every `# breaks:` line is a mistake.
const fixtures = fileURLToPath(new URL('./fixtures/extensions/', import.meta.url));
const cli = createRequire(import.meta.url).resolve('@redocly/cli/bin/cli.js');

interface Problem {
  ruleId: string;
  message: string;
  location: { pointer: string; start: { line: number } }[];
}

async function lint(file: string): Promise<Problem[]> {
  const args = [cli, 'lint', '--config', `${fixtures}redocly.yaml`, '--format=json', `${fixtures}${file}`];
  // Exit code 1 means "problems found": the JSON on stdout is the answer either way.
  const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: fixtures }).catch((error) => error);
  return JSON.parse(stdout).problems;
}

const brokenLines = readFileSync(`${fixtures}broken.yaml`, 'utf8')
  .split('\n')
  .flatMap((line, index) =>
    /^\s*[^#\s].* # breaks:/.test(line) ? [{ line: index + 1, what: line.split('# breaks:')[1]?.trim() }] : [],
  );

describe('payments/paykit-extensions', () => {
  it('accepts every extension used as spec/README.md describes it', async () => {
    expect(await lint('valid.yaml')).toEqual([]);
  });

  describe('on a spec with one mistake per marked line', async () => {
    const problems = await lint('broken.yaml');

    it('reports each mistake once, at its line, and nothing else', () => {
      expect(brokenLines.length).toBeGreaterThanOrEqual(15);
      expect(problems.map((p) => p.location[0]?.start.line ?? 0).sort((a, b) => a - b)).toEqual(
        brokenLines.map((b) => b.line),
      );
      expect(new Set(problems.map((p) => p.ruleId))).toEqual(new Set(['payments/paykit-extensions']));
    });

    it.each(brokenLines)('line $line ($what): names the API and says how to fix it', ({ line }) => {
      const problem = problems.find((p) => p.location[0]?.start.line === line);
      expect(problem?.message).toMatch(/^\[broken\] .+\. Fix: .+\.$/);
    });

    it.each([
      [
        '#/servers/1/x-paykit-environment',
        'two production servers (https://api.example.com and https://api2.example.com)',
      ],
      ['#/servers/2/x-paykit-environment', 'a mock server must be loopback http with a port'],
      ['#/servers/3/x-paykit-environment', 'not "http://localhost"'],
      ['#/servers/4/x-paykit-environment', 'must be one of production | sandbox | mock, not "staging"'],
      ['#/x-paykit-retries', 'unknown extension x-paykit-retries'],
      ['#/x-paykit-error-code', 'or a location such as "error.code", not "error..code"'],
      ['#/paths/~1things/post/x-paykit-secret', 'x-paykit-secret stands on a node of type Operation'],
      ['#/paths/~1things/post/parameters/0/x-paykit-idempotency-key', 'replays must be a boolean'],
      ['#/paths/~1things/post/parameters/1/x-paykit-idempotency-key', 'unknown key(s) ttl'],
      ['#/paths/~1things/post/parameters/2/x-paykit-idempotency-key', 'it belongs on a header parameter'],
      ['#/paths/~1things~1{id}~1cancel/post/parameters/2/x-paykit-idempotency-key', 'idempotency headers disagree'],
      ['#/components/securitySchemes/ApiKey/x-paykit-refusal-status', 'must be the number 401 or 403, not "403"'],
      ['#/components/schemas/ApiError/properties/error_code/x-paykit-error-code', 'two error-code marks'],
      [
        '#/components/schemas/ApiError/properties/message/x-paykit-error-code',
        'must be true (on the code property) or a location such as "error.code", not false',
      ],
    ])('%s: %s', (pointer, text) => {
      const problem = problems.find((p) => p.location[0]?.pointer === pointer);
      expect(problem?.message).toContain(text);
    });
  });
});
