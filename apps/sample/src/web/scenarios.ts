import type { MockScenario } from '../server/views.js';

/** `key` when the spec offers that scenario, else the mock's default. */
export function scenarioIfKnown(scenarios: MockScenario[] | undefined, key: string): string {
  return scenarios?.some((s) => `${s.status}/${s.example}` === key) ? key : '';
}
