import type { SteeringChoice } from '../api.js';
import type { DevTools } from '../../server/views.js';

/**
 * Dev tools only: the one place to make the local mock misbehave. A fault applies to every vendor call; a forced
 * error (the spec's example, via Prism's `Prefer`) to its own operation only, until it is set back to none.
 */
export function DevToolbar(props: {
  devTools: DevTools;
  steering: SteeringChoice;
  onChange: (s: SteeringChoice) => void;
}) {
  const { devTools, steering, onChange } = props;
  return (
    <section className="devtools" aria-label="Mock controls">
      <strong>Mock controls</strong>
      <label className="scenario">
        <span>Vendor behaviour</span>
        <select value={steering.fault ?? ''} onChange={(event) => onChange({ ...steering, fault: event.target.value })}>
          <option value="">normal</option>
          {devTools.faults.map((f) => (
            <option key={f.name} value={f.name}>
              {f.label}
            </option>
          ))}
        </select>
      </label>
      <label className="scenario">
        <span>Force a vendor error</span>
        <select
          value={steering.forcedError ?? ''}
          onChange={(event) => onChange({ ...steering, forcedError: event.target.value })}
        >
          <option value="">none: the sandbox answers</option>
          {devTools.forcedErrors.map((e) => (
            <option key={e.key} value={e.key}>
              {e.label}
            </option>
          ))}
        </select>
      </label>
    </section>
  );
}
