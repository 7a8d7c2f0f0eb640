import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { apis } from '@paykit/spec';
import { startMock, type Mock } from './start-mock.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /**
     * Base URL of each API's mock started for this test run, one key per API: `inject('connectMockUrl')` is the
     * stateful sandbox, `inject('connectStatelessMockUrl')` serves the spec's examples only.
     */
    [key: `${string}MockUrl`]: string;
  }
}

/** The `inject()` key of an API's mock URL (the sandbox). */
export const mockUrlKey = (api: string): `${string}MockUrl` => `${api}MockUrl`;
/** The `inject()` key of an API's stateless mock URL (the spec's examples only). */
export const statelessMockUrlKey = (api: string): `${string}MockUrl` => `${api}StatelessMockUrl`;

/**
 * Vitest `globalSetup`: starts two mocks of every API of `@paykit/spec` in this process, once per run, on free
 * ports: the sandbox (`inject('<api>MockUrl')`) and a stateless one (`inject('<api>StatelessMockUrl')`) for tests
 * of the spec's examples; stops them when the run ends.
 */
export default async function setup(project: Pick<TestProject, 'provide'>): Promise<() => Promise<void>> {
  const wanted = apis.flatMap((api) => [
    { api, stateless: false, key: mockUrlKey(api) },
    { api, stateless: true, key: statelessMockUrlKey(api) },
  ]);
  const results = await Promise.allSettled(wanted.map(({ api, stateless }) => startMock({ api, stateless })));
  const started = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const stopAll = async (): Promise<void> => {
    await Promise.all(started.map((mock: Mock) => mock.stop()));
  };
  const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) {
    await stopAll();
    throw failed.reason;
  }
  results.forEach((result, index) => {
    if (result.status === 'fulfilled') project.provide(wanted[index]!.key, result.value.url);
  });
  return stopAll;
}
