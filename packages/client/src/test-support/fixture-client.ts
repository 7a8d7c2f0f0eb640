// The one client setup of the core tests: a client of the small fixture spec `fixtures/sessions.json` (never a
// vendor's, so a vendor's spec edit cannot break a core test), read by the generator itself, with a scripted fetch
// and a test clock.
import { readFileSync } from 'node:fs';
import { readVendor } from '../../scripts/generate.js';
import { createVendorClient, type VendorDefinition } from '../core/client.js';
import type { PaykitClient } from '../core/client-types.js';
import type { ClientOptions } from '../core/options.js';
import type { RuntimeDeps } from '../core/runtime.js';
import { testClock, type TestClock } from './deps.js';
import { fakeFetch, type Answer, type FakeFetch } from './fake-fetch.js';
import type { paths } from './fixtures/sessions.types.js';

export type { paths };
export const fixtureSpec = JSON.parse(readFileSync(new URL('./fixtures/sessions.json', import.meta.url), 'utf8'));
/** The fixture API as the generator reads it: the same metadata a generated entry carries. */
export const fixtureVendor: VendorDefinition = readVendor(fixtureSpec, 'fixture').vendor as VendorDefinition;
export const FIXTURE_BASE_URL = 'https://api.example.test';

export type FixtureClient = PaykitClient<paths, string | undefined>;

export interface FixtureSetup {
  /** Scripted answers, in order (see fake-fetch.ts). */
  answers?: Answer[];
  options?: Partial<ClientOptions>;
  clock?: TestClock;
  /** Real runtime dependencies instead of the test clock (for loopback HTTP tests). */
  deps?: RuntimeDeps;
  /** Changes to the fixture's metadata, e.g. `{ idempotencyHeaders: {} }`. */
  vendor?: Partial<VendorDefinition>;
}

/** A fixture client, its fake fetch and its clock. */
export function fixtureClient(setup: FixtureSetup = {}): { client: FixtureClient; fetch: FakeFetch; clock: TestClock } {
  const clock = setup.clock ?? testClock();
  const fetch = fakeFetch(...(setup.answers ?? []));
  const client = createVendorClient<paths, string | undefined>(
    { ...fixtureVendor, ...setup.vendor },
    { apiKey: 'k', baseUrl: FIXTURE_BASE_URL, fetch, ...setup.options },
    setup.deps ?? clock.deps,
  );
  return { client, fetch, clock };
}

/** A fixture client with your own options (a fetch of your own, …) and real runtime dependencies. */
export function createFixtureClient(
  options: Partial<ClientOptions> & { fetch: ClientOptions['fetch'] },
): FixtureClient {
  return createVendorClient<paths, string | undefined>(fixtureVendor, {
    apiKey: 'k',
    baseUrl: FIXTURE_BASE_URL,
    ...options,
  });
}
