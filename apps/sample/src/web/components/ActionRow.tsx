/** One action's button. Without `onClick` the button submits its form. */
export function ActionRow(props: {
  label: string;
  pendingLabel: string;
  pending: boolean;
  onClick?: () => void;
  secondary?: boolean;
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
    </div>
  );
}
