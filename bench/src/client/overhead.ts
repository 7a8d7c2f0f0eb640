import { figure, type Figure } from '../report/figure.js';
import { checkEquivalence } from './equivalence.js';
import { startLoopbackServer } from './loopback.js';
import { pairedRatio, runRounds, type RoundsOptions } from './rounds.js';
import { scenarios, type CallTarget, type Scenario } from './scenarios.js';

type Mode = 'stubbed' | 'loopback';

const modes: Record<
  Mode,
  { label: string; rounds: RoundsOptions; target: number; against: 'openapiFetch' | 'rawFetch' }
> = {
  // In one process the only cost is the client's own code, so paykit is held to bare openapi-fetch.
  stubbed: {
    label: '(a) stubbed fetch',
    rounds: { rounds: 11, timeMs: 200, warmupMs: 200 },
    target: 0.8,
    against: 'openapiFetch',
  },
  // Over a real socket the client's cost must vanish next to the network: paykit is held to raw fetch.
  loopback: {
    label: '(b) loopback HTTP',
    rounds: { rounds: 11, timeMs: 300, warmupMs: 300 },
    target: 0.95,
    against: 'rawFetch',
  },
};

const baselineLabels = { openapiFetch: 'openapi-fetch', rawFetch: 'raw fetch' } as const;

/** A fetch that answers every call with a fresh Response of the scenario's example, as all three callers get. */
function stubFetch(scenario: Scenario): typeof fetch {
  const body = JSON.stringify(scenario.response.body);
  const init = { status: scenario.response.status, headers: { 'content-type': 'application/json' } };
  return async () => new Response(body, init);
}

async function measure(mode: Mode, scenario: Scenario, target: CallTarget, extraHeaders: string[]): Promise<Figure[]> {
  const { label, rounds, target: bound, against } = modes[mode];
  const callers = scenario.callers(target);
  const results = await runRounds({ ...callers }, rounds);
  const paykit = results['paykit']!;
  const baseline = results[against]!;
  const raw = results['rawFetch']!;
  const openapiFetch = results['openapiFetch']!;
  return [
    figure({
      id: `client.${mode}.${scenario.name}.paykit`,
      label: `client ${label}: ${scenario.label}, paykit`,
      value: paykit.medianHz,
      unit: 'ops/s',
      baseline: { label: baselineLabels[against], value: baseline.medianHz },
      ratio: pairedRatio(paykit, baseline),
      target: { on: 'ratio', op: '>=', bound },
      details: {
        roundsHz: { paykit: paykit.roundsHz, openapiFetch: openapiFetch.roundsHz, rawFetch: raw.roundsHz },
        paykitVsRawFetch: pairedRatio(paykit, raw),
        paykitVsOpenapiFetch: pairedRatio(paykit, openapiFetch),
        extraPaykitHeaders: extraHeaders,
        ...rounds,
      },
    }),
    figure({
      id: `client.${mode}.${scenario.name}.openapi-fetch`,
      label: `client ${label}: ${scenario.label}, openapi-fetch`,
      value: openapiFetch.medianHz,
      unit: 'ops/s',
      baseline: { label: 'raw fetch', value: raw.medianHz },
      ratio: pairedRatio(openapiFetch, raw),
    }),
  ];
}

/** Figures for issue 6 §1: ops/s of each scenario through paykit, bare openapi-fetch and raw fetch. */
export async function clientOverheadFigures(): Promise<Figure[]> {
  const all = scenarios();
  const extra = new Map<string, string[]>();
  for (const scenario of all) extra.set(scenario.name, (await checkEquivalence(scenario)).extraPaykitHeaders);

  const figures: Figure[] = [];
  for (const scenario of all) {
    figures.push(
      ...(await measure(
        'stubbed',
        scenario,
        { baseUrl: 'http://127.0.0.1:9', fetch: stubFetch(scenario) },
        extra.get(scenario.name)!,
      )),
    );
  }
  const server = await startLoopbackServer(
    Object.fromEntries(
      all.map((s) => [`${s.method} ${s.path}`, { status: s.response.status, body: JSON.stringify(s.response.body) }]),
    ),
  );
  try {
    for (const scenario of all) {
      figures.push(...(await measure('loopback', scenario, { baseUrl: server.url }, extra.get(scenario.name)!)));
    }
  } finally {
    await server.stop();
  }
  return figures;
}
