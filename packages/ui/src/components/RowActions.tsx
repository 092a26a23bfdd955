import './row-actions.css';

export interface RowAction {
  label: string;
  onClick: () => void;
  disabled?: boolean;
  danger?: boolean;
}

/**
 * A list row's quick actions as plain buttons styled like antd's small ones: four antd Buttons a row were half the
 * time a 100-row page of instances took to draw (bench/ui), plain ones cost next to nothing.
 */
export function RowActions({ actions }: { actions: RowAction[] }) {
  return (
    <span className="nimbus-row-actions">
      {actions.map((action) => (
        <button key={action.label} type="button" className={action.danger ? 'danger' : undefined} disabled={action.disabled} onClick={action.onClick}>
          {action.label}
        </button>
      ))}
    </span>
  );
}
