/**
 * A figure at a glance: a small label over a large value, with an optional note under it (for
 * the unit or what it means). Goes in a `<dl className={figures}>` of `usePanelStyles`.
 */
import { Caption1 } from "@fluentui/react-components";
import { usePanelStyles } from "./panelStyles";

export interface FigureProps {
  readonly label: string;
  readonly value: string;
  readonly note?: string;
  readonly testId: string;
}

export function Figure({ label, value, note, testId }: FigureProps): JSX.Element {
  const s = usePanelStyles();
  return (
    <div className={s.figure} data-testid={testId}>
      <dt className={s.figureLabel}>{label}</dt>
      <dd className={s.figureValue}>
        {value}
        {note && (
          <Caption1 as="span" className={s.note}>
            {note}
          </Caption1>
        )}
      </dd>
    </div>
  );
}
