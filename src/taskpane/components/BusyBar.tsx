/**
 * Work under way that is not a run (opening a workbook, checking the data): what is
 * happening, and a way to stop it.
 */
import { Button, Spinner, makeStyles, tokens } from "@fluentui/react-components";

const useStyles = makeStyles({
  root: {
    display: "flex",
    alignItems: "center",
    justifyContent: "space-between",
    gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground3,
  },
});

export interface BusyBarProps {
  readonly label: string;
  readonly onCancel: (() => void) | null;
}

export function BusyBar({ label, onCancel }: BusyBarProps): JSX.Element {
  const s = useStyles();
  return (
    <div className={s.root} role="status" data-testid="busy">
      <Spinner size="tiny" label={label} />
      {onCancel && (
        <Button size="small" onClick={onCancel} data-testid="busy-cancel">
          Cancel
        </Button>
      )}
    </div>
  );
}
