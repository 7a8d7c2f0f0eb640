import type { MockScenario } from '../../server/views.js';

export interface ScenarioPicker {
  label: string;
  /** The operation's scenarios; none (dev tools off) renders nothing. */
  scenarios: MockScenario[] | undefined;
  value: string;
  onChange: (value: string) => void;
}

/**
 * Dev tools only: pick which of the spec's named examples the mock answers with, so a developer can see
 * states the happy path never reaches (cancelled, expired, session_not_pending, ...).
 */
export function ScenarioSelect(props: ScenarioPicker) {
  if (!props.scenarios || props.scenarios.length === 0) return null;
  return (
    <label className="scenario">
      <span>{props.label}</span>
      <select value={props.value} onChange={(event) => props.onChange(event.target.value)}>
        <option value="">mock default</option>
        {props.scenarios.map((s) => (
          <option key={`${s.status}/${s.example}`} value={`${s.status}/${s.example}`}>
            {s.status} · {s.example}
          </option>
        ))}
      </select>
    </label>
  );
}

