import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { apis } from '@paykit/spec';
import { onTestFinished } from 'vitest';
import { startMock, type Mock, type StartMockOptions } from '../../src/index.js';
import { call, type Answer } from './http.js';
import { tempDir } from './temp-dir.js';

/** A small spec with every `x-paykit-*` extension the mock reads (test/fixtures/shop.json). */
export const SHOP_SPEC = fileURLToPath(new URL('../fixtures/shop.json', import.meta.url));
export const SHOP_KEY = { 'X-Key': 'any-key' };

export function shopDocument(): Record<string, any> {
  return JSON.parse(readFileSync(SHOP_SPEC, 'utf8')) as Record<string, any>;
}

/** Writes a (changed) copy of the shop spec to a temp file, for reloads and variants. */
export function writeShop(
  change: (document: Record<string, any>) => void = () => undefined,
  dir = tempDir('paykit-shop-'),
): string {
  const document = shopDocument();
  change(document);
  const path = join(dir, 'shop.json');
  writeFileSync(path, JSON.stringify(document, null, 2));
  return path;
}

/**
 * A mock serving the shop spec (under the first API's name: any API may serve another spec file), started by the
 * sources' `startMock` unless another one is given (the built package's, say).
 */
export function startShop(options: Omit<StartMockOptions, 'api'> = {}, start = startMock): Promise<Mock> {
  return start({ api: apis[0] as StartMockOptions['api'], specPath: SHOP_SPEC, ...options });
}

/** `startShop` for one test: the mock stops when the test finishes. */
export async function shopForTest(options: Omit<StartMockOptions, 'api'> = {}, start = startMock): Promise<Mock> {
  const mock = await startShop(options, start);
  onTestFinished(async () => {
    await mock.stop();
  });
  return mock;
}

/** A JSON POST with the shop's key (`headers` on top). */
export function postShop(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  return call(url, {
    method: 'POST',
    headers: { ...SHOP_KEY, 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}
