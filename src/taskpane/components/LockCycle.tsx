/**
 * Lock the cycle (DESIGN.md §2 step 6): archive every version's forecast in the
 * append-only `SOP Snapshots` ledger, so later cycles measure accuracy by lag. When the
 * cycle is already locked the pane asks first (locking again replaces its snapshot).
 * Progress while locking, then the lock's own sentence — locked, or why not — and,
 * standalone, the updated result workbook to download.
 */
import {
  Body1,
  Button,
  Caption1,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Link,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useEffect, useRef, useState } from "react";
import { lockIntent, lockMessage, lockTitle, relockQuestion } from "../demandView";
import type { PaneHost } from "../officeHost";
import { type LockResult, type PaneError, type StepProgress, type WorkbookFile, overallFraction } from "../workerProtocol";
import { PanelSection } from "./PanelSection";
import { usePanelStyles } from "./panelStyles";

/** Where a lock is. */
export type LockView =
  | { readonly state: "idle" }
  | { readonly state: "locking"; readonly progress: StepProgress | null }
  | { readonly state: "done"; readonly result: LockResult }
  | { readonly state: "cancelled" }
  | { readonly state: "failed"; readonly error: PaneError };

const useStyles = makeStyles({
  result: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS, outlineStyle: "none" },
});

export interface LockCycleProps {
  readonly mode: PaneHost;
  readonly cycle: string;
  readonly lock: LockView;
  /** The cycle is in the ledger already: ask before locking again. */
  readonly locked: boolean;
  /** Something else is under way: locking waits for it. */
  readonly busy: boolean;
  readonly canCancel: boolean;
  readonly onLock: (force: boolean) => void;
  readonly onCancel: () => void;
  readonly onActivate?: (sheet: string) => void;
  readonly onDownload?: (file: WorkbookFile) => void;
}

function Outcome({ mode, result, onActivate, onDownload }: { mode: PaneHost; result: LockResult } & Pick<LockCycleProps, "onActivate" | "onDownload">): JSX.Element {
  const s = usePanelStyles();
  const { lock, written, output } = result;
  const sheet = written?.sheets[0]?.written ?? null;
  return (
    <>
      <MessageBar intent={lockIntent(lock.status)} layout="multiline" data-testid="lock-message" data-status={lock.status}>
        <MessageBarBody>
          <MessageBarTitle>{lockTitle(lock.status)}</MessageBarTitle>
          {lockMessage(lock)}
          {written && mode === "excel" ? " The ledger was written into this workbook." : ""}
          {lock.status === "already-locked" ? " Choose Lock cycle again to replace it." : ""}
        </MessageBarBody>
      </MessageBar>
      {written && (
        <Caption1 className={s.muted}>
          The ledger now holds {lock.ledgerRows.toLocaleString("en-US")} row{lock.ledgerRows === 1 ? "" : "s"}.
        </Caption1>
      )}
      {sheet && onActivate && (
        <div className={s.row}>
          <Link as="button" onClick={() => onActivate(sheet)} data-testid="open-snapshots">
            Open {sheet}
          </Link>
        </div>
      )}
      {output && onDownload && (
        <div className={s.row}>
          <Button appearance="primary" onClick={() => onDownload(output)} data-testid="lock-download">
            Download updated result ({output.name})
          </Button>
          <Caption1 className={s.muted}>Keep it next to your workbook in place of the result downloaded before: next month, open both to continue the ledger.</Caption1>
        </div>
      )}
    </>
  );
}

export function LockCycle(props: LockCycleProps): JSX.Element {
  const { mode, cycle, lock, locked, busy, canCancel, onLock, onCancel } = props;
  const s = { ...usePanelStyles(), ...useStyles() };
  const [asking, setAsking] = useState(false);
  const resultRef = useRef<HTMLDivElement>(null);
  const lockButton = useRef<HTMLButtonElement>(null);
  const locking = lock.state === "locking";
  useEffect(() => {
    // Move focus to what happened, so keyboard and screen reader users hear it.
    if (lock.state === "done" || lock.state === "cancelled" || lock.state === "failed") resultRef.current?.focus();
  }, [lock.state]);

  const start = (): void => {
    if (locked) setAsking(true);
    else onLock(false);
  };

  /** Closed without locking: focus goes back to the button that asked. */
  const keep = (): void => {
    setAsking(false);
    setTimeout(() => lockButton.current?.focus(), 0);
  };

  return (
    <PanelSection id="lock-title" title="Lock the cycle">
      <Body1>
        Locking archives every version's forecast for cycle {cycle} in the sheet <strong>SOP Snapshots</strong>
        {mode === "excel" ? " of this workbook" : " of the result workbook"}, so that the next cycles measure accuracy by lag. Lock once the consensus is agreed.
      </Body1>
      {locked && (
        <Caption1 className={s.muted} data-testid="lock-state">
          Cycle {cycle} is already locked: locking again replaces its snapshot.
        </Caption1>
      )}
      <div className={s.row}>
        <Button ref={lockButton} appearance="primary" onClick={start} disabled={locking || busy} data-testid="lock">
          Lock cycle {cycle}
        </Button>
        {locking && (
          <Button onClick={onCancel} disabled={!canCancel} data-testid="lock-cancel">
            Cancel
          </Button>
        )}
      </div>
      {lock.state === "locking" && (
        <Field label={`Locking cycle ${cycle}`} hint={lock.progress?.label ?? "Starting"} data-testid="lock-progress">
          <ProgressBar
            value={lock.progress ? overallFraction(lock.progress) : 0}
            max={1}
            thickness="large"
            aria-valuetext={`${Math.round((lock.progress ? overallFraction(lock.progress) : 0) * 100)} %`}
          />
        </Field>
      )}
      <div ref={resultRef} tabIndex={-1} className={s.result} data-testid="lock-result" data-state={lock.state === "done" ? lock.result.lock.status : lock.state} aria-live="polite">
        {lock.state === "done" && <Outcome mode={mode} result={lock.result} onActivate={props.onActivate} onDownload={props.onDownload} />}
        {lock.state === "cancelled" && (
          <MessageBar intent="info">
            <MessageBarBody>
              <MessageBarTitle>Lock cancelled</MessageBarTitle>Nothing was locked. Lock again when you are ready.
            </MessageBarBody>
          </MessageBar>
        )}
        {lock.state === "failed" && (
          <MessageBar intent="error" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>{lock.error.title}</MessageBarTitle>
              {lock.error.message} {lock.error.next}
            </MessageBarBody>
          </MessageBar>
        )}
      </div>
      <Dialog open={asking} onOpenChange={(_, d) => (d.open ? setAsking(true) : keep())}>
        <DialogSurface data-testid="relock-dialog">
          <DialogBody>
            <DialogTitle>Lock cycle {cycle} again?</DialogTitle>
            <DialogContent>
              <Body1 as="p" style={{ marginTop: 0 }} data-testid="relock-question">
                {relockQuestion(cycle)}
              </Body1>
              <Body1 as="p" style={{ marginBottom: 0 }}>
                Its earlier rows in SOP Snapshots are replaced by the forecasts as they are now; other cycles are kept as they are.
              </Body1>
            </DialogContent>
            <DialogActions>
              <Button
                appearance="primary"
                onClick={() => {
                  setAsking(false);
                  onLock(true);
                }}
                data-testid="relock-confirm"
              >
                Lock again
              </Button>
              <Button onClick={keep} data-testid="relock-cancel">
                Keep the snapshot
              </Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </PanelSection>
  );
}
