import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { startMock } from './start-mock.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL of the Telness Connect mock started for this test run. */
    connectMockUrl: string;
    /** Base URL of the 1099Policy mock started for this test run. */
    ten99policyMockUrl: string;
  }
}

/**
 * Vitest `globalSetup`: starts both mocks once per run and hands their URLs to the tests
 * (`inject('connectMockUrl')`, `inject('ten99policyMockUrl')`); stops them when the run ends.
 */
export default async function setup(project: Pick<TestProject, 'provide'>): Promise<() => Promise<void>> {
  const [connect, ten99policy] = await Promise.allSettled([
    startMock({ api: 'connect' }),
    startMock({ api: 'ten99policy' }),
  ]);
  const started = [connect, ten99policy].flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const stopAll = async (): Promise<void> => {
    await Promise.all(started.map((mock) => mock.stop()));
  };
  if (connect.status === 'rejected' || ten99policy.status === 'rejected') {
    await stopAll();
    throw connect.status === 'rejected' ? connect.reason : (ten99policy as PromiseRejectedResult).reason;
  }
  project.provide('connectMockUrl', connect.value.url);
  project.provide('ten99policyMockUrl', ten99policy.value.url);
  return stopAll;
}
