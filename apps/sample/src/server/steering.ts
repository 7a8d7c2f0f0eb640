import type { ApiName } from '@paykit/spec';
import { FAULT_HEADER, FORCED_ERROR_HEADER } from '../shared/steering-headers.js';
import type { SampleConfig } from './config.js';
import { mockScenarios } from './spec-examples.js';
import { type VendorName, vendorTitle } from './vendor-call.js';
import type { FaultPreset, ForcedErrorChoice } from './views.js';

/**
 * Dev tools: the page asks for a forced vendor error or a fault with its own headers; this turns them into the
 * headers the mock understands (Prism's `Prefer`, which the sandbox leaves to Prism, and the front door's
 * `X-Mock-Delay` / `X-Mock-Fault`). Only known values pass, so the page cannot smuggle arbitrary headers to a vendor.
 */

export class SteeringError extends Error {
  override name = 'SteeringError';
}

interface Fault extends FaultPreset {
  headers: Record<string, string>;
}

/** The longest `X-Mock-Delay` the mock accepts (packages/mock). */
const MOCK_MAX_DELAY_MS = 60_000;

export function faultPresets(config: SampleConfig): Fault[] {
  // Far beyond the timeout, so the timeout is certain even on a loaded machine rather than a race with the mock.
  const overTimeout = config.vendorTimeoutMs + 10_000;
  const attempts = config.vendorMaxRetries + 1;
  const presets: Fault[] = [
    { name: 'slow', label: 'slow (1.5 s per call)', headers: { 'x-mock-delay': '1500' } },
    {
      name: 'flaky',
      label: 'flaky (half the calls answer 503; retries hide it)',
      headers: { 'x-mock-fault': '503=0.5' },
    },
    { name: 'rate-limited', label: 'rate limited (every call answers 429)', headers: { 'x-mock-fault': '429' } },
    { name: 'down', label: 'down (every call answers 503)', headers: { 'x-mock-fault': '503' } },
  ];
  // A timeout the mock cannot outlast gets no preset, rather than one that does not do what it says.
  if (overTimeout <= MOCK_MAX_DELAY_MS) {
    presets.push({
      name: 'timeout',
      label: `too slow (each of ${attempts} attempts outlasts the ${config.vendorTimeoutMs / 1000} s timeout)`,
      headers: { 'x-mock-delay': String(overTimeout) },
    });
  }
  return presets;
}

/** Every error answer the spec names an example for, of every operation of both vendors, labelled for the dev panel. */
export function forcedErrors(): ForcedErrorEntry[] {
  return (['ten99policy', 'connect'] as const).flatMap((api) =>
    Object.entries(mockScenarios(api)).flatMap(([operationId, scenarios]) =>
      scenarios
        .filter((s) => s.status >= 400)
        .map(
          (s): ForcedErrorEntry => ({
            key: `${api}.${operationId}:${s.status}/${s.example}`,
            label: `${vendorTitle[api]} ${operationLabels[api][operationId] ?? operationId}: ${s.status} ${s.example}`,
            api,
            operationId,
            status: s.status,
            example: s.example,
          }),
        ),
    ),
  );
}

/**
 * The words the dev panel uses for each operation (the page's own button words where it has one): only the vendors
 * the sample app calls, so an API imported later needs no entry here.
 */
const operationLabels: Record<VendorName, Record<string, string>> = {
  ten99policy: { createPaymentSession: 'add a card', cancelPaymentSession: 'cancel session' },
  connect: {
    createPaymentSession: 'start checkout',
    getPaymentSession: 'look up',
    createPaymentProfileSession: 'start profile session',
    cancelPaymentProfileSession: 'cancel profile session',
  },
};

interface ForcedErrorEntry extends ForcedErrorChoice {
  api: VendorName;
  operationId: string;
  status: number;
  example: string;
}

export class Steering {
  readonly #errors: ForcedErrorEntry[];
  readonly #faults: Fault[];

  constructor(config: SampleConfig) {
    this.#errors = forcedErrors();
    this.#faults = faultPresets(config);
  }

  /** What the dev panel offers: `key` (sent back by the page) and `label`. */
  get forcedErrors(): ForcedErrorChoice[] {
    return this.#errors.map(({ key, label }) => ({ key, label }));
  }

  get faults(): FaultPreset[] {
    return this.#faults.map(({ name, label }) => ({ name, label }));
  }

  /** Vendor headers for one call, from the page's request headers: the forced error applies to its operation only. */
  headersFor(api: ApiName, operationId: string, request: Headers): Record<string, string> {
    const headers: Record<string, string> = {};
    const forced = request.get(FORCED_ERROR_HEADER);
    if (forced) {
      const known = this.#errors.find((e) => e.key === forced);
      if (!known) throw new SteeringError('Unknown vendor error to force; pick one from the list');
      if (known.api === api && known.operationId === operationId) {
        headers['prefer'] = `code=${known.status}, example=${known.example}`;
      }
    }
    const faultName = request.get(FAULT_HEADER);
    if (faultName) {
      const fault = this.#faults.find((f) => f.name === faultName);
      if (!fault) throw new SteeringError('Unknown vendor behaviour; pick one from the list');
      Object.assign(headers, fault.headers);
    }
    return headers;
  }
}
