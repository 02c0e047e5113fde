/**
 * Standalone mode: choose the planner's workbook (file picker or drop), and optionally
 * the previous result (`<name>.sop.xlsx`) to continue the cycle from.
 */
import { Body1, Button, Caption1, Subtitle2, makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import { type RefObject, useRef } from "react";

const useStyles = makeStyles({
  zone: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalL,
    borderRadius: tokens.borderRadiusLarge,
    border: `${tokens.strokeWidthThick} dashed ${tokens.colorNeutralStroke1}`,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  compact: { padding: tokens.spacingHorizontalM, border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}` },
  active: { border: `${tokens.strokeWidthThick} dashed ${tokens.colorBrandStroke1}`, backgroundColor: tokens.colorBrandBackground2 },
  row: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalS, flexWrap: "wrap" },
  label: { minWidth: "7.5em", fontWeight: tokens.fontWeightSemibold },
  name: { fontWeight: tokens.fontWeightSemibold, wordBreak: "break-all" },
  muted: { color: tokens.colorNeutralForeground2 },
  title: { margin: 0 },
});

export interface OpenWorkbookProps {
  readonly inputName: string | null;
  readonly previousName: string | null;
  readonly dragging: boolean;
  readonly disabled: boolean;
  readonly onInput: (file: File) => void;
  readonly onPrevious: (file: File | null) => void;
}

const ACCEPT = ".xlsx,.xlsm,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export function OpenWorkbook({ inputName, previousName, dragging, disabled, onInput, onPrevious }: OpenWorkbookProps): JSX.Element {
  const s = useStyles();
  const inputRef = useRef<HTMLInputElement>(null);
  const previousRef = useRef<HTMLInputElement>(null);
  const open = inputName !== null;
  const pick = (ref: RefObject<HTMLInputElement>): void => {
    if (ref.current) {
      ref.current.value = "";
      ref.current.click();
    }
  };
  return (
    <section className={mergeClasses(s.zone, open && s.compact, dragging && s.active)} aria-labelledby="open-title" data-testid="open-zone">
      <input
        ref={inputRef}
        type="file"
        accept={ACCEPT}
        style={{ display: "none" }}
        data-testid="open-input"
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (f) onInput(f);
        }}
      />
      <input
        ref={previousRef}
        type="file"
        accept={ACCEPT}
        style={{ display: "none" }}
        data-testid="previous-input"
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (f) onPrevious(f);
        }}
      />
      {!open ? (
        <>
          <Subtitle2 as="h2" id="open-title" className={s.title}>
            Open your S&amp;OP workbook
          </Subtitle2>
          <Body1>Drop an .xlsx workbook on this page, or choose it. It is read in this browser tab and never uploaded.</Body1>
          <div className={s.row}>
            <Button appearance="primary" disabled={disabled} onClick={() => pick(inputRef)} data-testid="open-button">
              Open workbook…
            </Button>
          </div>
        </>
      ) : (
        <>
          <Subtitle2 as="h2" id="open-title" className={s.title}>
            Workbook
          </Subtitle2>
          <div className={s.row}>
            <Body1 className={s.name} data-testid="workbook-name">
              {inputName}
            </Body1>
            <Button size="small" disabled={disabled} onClick={() => pick(inputRef)} data-testid="open-button">
              Open another…
            </Button>
          </div>
        </>
      )}
      <div className={s.row}>
        <Caption1 className={s.label}>Previous result</Caption1>
        {previousName ? (
          <>
            <Body1 className={s.name} data-testid="previous-name">
              {previousName}
            </Body1>
            <Button size="small" disabled={disabled} onClick={() => onPrevious(null)} data-testid="previous-remove">
              Remove
            </Button>
          </>
        ) : (
          <>
            <Caption1 className={s.muted}>optional: last month&apos;s .sop.xlsx, to continue its cycle</Caption1>
            <Button size="small" disabled={disabled} onClick={() => pick(previousRef)} data-testid="previous-button">
              Choose…
            </Button>
          </>
        )}
      </div>
    </section>
  );
}
