import type { DevTools } from '../../server/views.js';

/** Dev tools only: make every vendor call slow or failing, to see how the page copes. */
export function DevToolbar({ devTools, fault, onFault }: { devTools: DevTools; fault: string; onFault: (f: string) => void }) {
  return (
    <section className="devtools" aria-label="Mock controls">
      <strong>Mock controls</strong>
      <label className="scenario">
        <span>Vendor behaviour</span>
        <select value={fault} onChange={(event) => onFault(event.target.value)}>
          <option value="">normal</option>
          {devTools.faults.map((f) => (
            <option key={f.name} value={f.name}>
              {f.label}
            </option>
          ))}
        </select>
      </label>
      <span className="hint">Applies to every vendor call from this page. Scenario pickers choose the spec example.</span>
    </section>
  );
}
