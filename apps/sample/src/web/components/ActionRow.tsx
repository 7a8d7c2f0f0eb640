import { ScenarioSelect, type ScenarioPicker } from './ScenarioSelect.js';

/**
 * One action's button and, with the dev tools on, the picker of what the mock answers it with. Without `onClick`
 * the button submits its form.
 */
export function ActionRow(props: {
  label: string;
  pendingLabel: string;
  pending: boolean;
  onClick?: () => void;
  secondary?: boolean;
  scenario?: ScenarioPicker;
}) {
  return (
    <div className="actions">
      <button
        type={props.onClick ? 'button' : 'submit'}
        onClick={props.onClick}
        disabled={props.pending}
        className={props.secondary ? 'secondary' : undefined}
      >
        {props.pending ? props.pendingLabel : props.label}
      </button>
      {props.scenario && <ScenarioSelect {...props.scenario} />}
    </div>
  );
}
