import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { apis } from '@paykit/spec';
import { startMock, type Mock } from './start-mock.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL of each API's mock started for this test run: `inject('connectMockUrl')`, one key per API. */
    [key: `${string}MockUrl`]: string;
  }
}

/** The `inject()` key of an API's mock URL. */
export const mockUrlKey = (api: string): `${string}MockUrl` => `${api}MockUrl`;

/**
 * Vitest `globalSetup`: starts a mock of every API of `@paykit/spec` in this process, once per run, on free ports,
 * and hands their URLs to the tests (`inject('<api>MockUrl')`); stops them when the run ends.
 */
export default async function setup(project: Pick<TestProject, 'provide'>): Promise<() => Promise<void>> {
  const results = await Promise.allSettled(apis.map((api) => startMock({ api })));
  const started = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const stopAll = async (): Promise<void> => {
    await Promise.all(started.map((mock: Mock) => mock.stop()));
  };
  const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) {
    await stopAll();
    throw failed.reason;
  }
  for (const mock of started) project.provide(mockUrlKey(mock.api), mock.url);
  return stopAll;
}
