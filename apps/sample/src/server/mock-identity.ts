import type { SampleConfig } from './config.js';
import { isLoopbackUrl } from '@paykit/mock/boundary';
import { mockPortVariables } from './config.js';

/** The header every paykit mock answer carries, naming its API (packages/mock `MOCK_API_HEADER`). */
const MOCK_API_HEADER = 'x-paykit-mock';

/** The vendors the app calls, with the setting that places each and the mock API it expects there. */
const VENDORS = [
  { api: 'connect', title: 'Connect', urlVariable: 'CONNECT_BASE_URL' },
  { api: 'ten99policy', title: '1099Policy', urlVariable: 'TEN99POLICY_BASE_URL' },
] as const;

export interface ProbeOptions {
  /** How long to keep trying a mock that does not answer yet (`pnpm dev` starts the mocks and the app together). */
  patienceMs?: number;
  fetch?: typeof fetch;
}

/**
 * What is listening at each local vendor URL, when it is not that vendor's paykit mock: another API's mock (two
 * ports swapped), or a server that is no paykit mock at all (anyone else's program on 4010). One sentence per
 * problem, naming the URL and the settings that move it; empty when every local URL answers as expected or does not
 * answer within the patience (a mock that is not running is named by the first call instead).
 */
export async function checkLocalMocks(config: SampleConfig, options: ProbeOptions = {}): Promise<string[]> {
  const { patienceMs = 15_000, fetch: fetchLike = fetch } = options;
  const deadline = Date.now() + patienceMs;
  const found = await Promise.all(
    VENDORS.map(async (vendor) => {
      const baseUrl = config[vendor.api].baseUrl;
      if (!isLoopbackUrl(baseUrl)) return undefined;
      const answer = await firstAnswer(`${baseUrl}/__paykit/`, deadline, fetchLike);
      if (answer === undefined) return undefined;
      const api = answer.headers.get(MOCK_API_HEADER);
      if (api === vendor.api) return undefined;
      const where = `${vendor.title} is set to ${baseUrl} (${vendor.urlVariable}, or ${mockPortVariables[vendor.urlVariable]} for the mock's port)`;
      return api
        ? `${where}, but the mock there serves ${api}: the ports are crossed.`
        : `${where}, but what answers there is not a paykit mock: another program has the port.`;
    }),
  );
  return found.filter((line): line is string => line !== undefined);
}

/** The first answer from `url` before the deadline, trying again while nothing listens; undefined if none came. */
async function firstAnswer(url: string, deadline: number, fetchLike: typeof fetch): Promise<Response | undefined> {
  for (;;) {
    try {
      const response = await fetchLike(url, { signal: AbortSignal.timeout(2_000), redirect: 'manual' });
      await response.body?.cancel();
      return response;
    } catch {
      if (Date.now() >= deadline) return undefined;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
