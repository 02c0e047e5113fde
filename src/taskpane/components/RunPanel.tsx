/**
 * The Run step: run every step that exists, a progress bar per phase (read, check,
 * write), cancel, then what happened: the sheets written (links inside Excel, a
 * download standalone) and the way to the demand and supply reviews, or why nothing was
 * written and what to do next.
 */
import {
  Body1,
  Button,
  Caption1,
  Field,
  Link,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useEffect, useRef } from "react";
import type { PaneHost } from "../officeHost";
import { RUN_STEPS, type DataCheck, type PaneError, type RunResult, type RunStep, type StepProgress } from "../workerProtocol";
import { FindingsList } from "./FindingsList";

/** Where a run is. */
export type RunView =
  | { readonly state: "idle" }
  | { readonly state: "running"; readonly progress: Readonly<Record<RunStep, StepProgress | null>> }
  | { readonly state: "done"; readonly result: RunResult }
  | { readonly state: "cancelled" }
  | { readonly state: "failed"; readonly error: PaneError };

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  row: { display: "flex", gap: tokens.spacingHorizontalS, flexWrap: "wrap", alignItems: "center" },
  bars: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalXL, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS },
  result: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS, outlineStyle: "none" },
  muted: { color: tokens.colorNeutralForeground2 },
});

const STEP_TITLES: Readonly<Record<RunStep, string>> = {
  read: "Read the workbook",
  check: "Check the data",
  write: "Write the result",
};

export interface RunPanelProps {
  readonly mode: PaneHost;
  readonly data: DataCheck;
  readonly run: RunView;
  /** A check or an opening is under way: running waits for it. */
  readonly busy: boolean;
  /** Whether the phase under way can be cancelled. */
  readonly canCancel: boolean;
  readonly onRun: () => void;
  readonly onCancel: () => void;
  readonly onShowData: () => void;
  /** Open the Demand step (when the run produced a demand review). */
  readonly onShowDemand?: () => void;
  /** Open the Supply step (when the run produced a supply review). */
  readonly onShowSupply?: () => void;
  /** Open the Scenarios step (after a run that wrote its sheets). */
  readonly onShowScenarios?: () => void;
  /** Open the Meeting step (after a run that wrote its sheets). */
  readonly onShowMeeting?: () => void;
  readonly onDownload?: (result: RunResult) => void;
  readonly onActivate?: (sheet: string) => void;
  readonly onSelect?: (address: string) => void;
}

function Steps({ progress }: { progress: Readonly<Record<RunStep, StepProgress | null>> }): JSX.Element {
  const s = useStyles();
  return (
    <div className={s.bars} data-testid="run-progress">
      {RUN_STEPS.map((step) => {
        const p = progress[step];
        const value = p ? p.fraction : 0;
        return (
          <Field key={step} label={STEP_TITLES[step]} hint={p ? p.label : "Waiting"} data-testid={`progress-${step}`}>
            <ProgressBar value={value} max={1} thickness="large" color={value >= 1 ? "success" : "brand"} aria-valuetext={`${Math.round(value * 100)} %`} />
          </Field>
        );
      })}
    </div>
  );
}

/** A way on to a review step, with what it shows. */
function NextStep({ onClick, testId, label, what }: { onClick: () => void; testId: string; label: string; what: string }): JSX.Element {
  const s = useStyles();
  return (
    <div className={s.row}>
      <Button onClick={onClick} data-testid={testId}>
        {label}
      </Button>
      <Caption1 className={s.muted}>{what}</Caption1>
    </div>
  );
}

function RunOutcome({
  mode,
  result,
  onDownload,
  onActivate,
  onSelect,
  onShowData,
  onShowDemand,
  onShowSupply,
  onShowScenarios,
  onShowMeeting,
}: { mode: PaneHost; result: RunResult } & Pick<RunPanelProps, "onDownload" | "onActivate" | "onSelect" | "onShowData" | "onShowDemand" | "onShowSupply" | "onShowScenarios" | "onShowMeeting">): JSX.Element {
  const s = useStyles();
  const { check, written, output } = result;
  if (written === null) {
    const errors = check.findings.filter((f) => f.severity === "error");
    return (
      <>
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>Nothing was written</MessageBarTitle>
            {errors.length === 1 ? "The data has 1 blocking error." : `The data has ${errors.length} blocking errors.`} Fix the cells listed, then run again.
          </MessageBarBody>
        </MessageBar>
        <FindingsList findings={errors} onSelect={onSelect} foldNotes={false} limit={25} testId="run-errors" />
        <div className={s.row}>
          <Button onClick={onShowData} data-testid="show-data">
            Show all findings in Data
          </Button>
        </div>
      </>
    );
  }
  const counts = { errors: 0, warnings: 0, notes: 0 };
  for (const f of check.findings) {
    if (f.severity === "warning") counts.warnings++;
    else if (f.severity === "info") counts.notes++;
    else counts.errors++;
  }
  const renamed = written.sheets.filter((x) => x.written !== x.requested);
  return (
    <>
      <MessageBar intent="success" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>Cycle {check.cycle} done</MessageBarTitle>
          {mode === "excel" ? "The add-in's sheets were written into this workbook." : `The result workbook ${written.target} is ready to download.`}
        </MessageBarBody>
      </MessageBar>
      <Body1>
        Cycle {check.cycle} · last actual {check.lastActual ?? "none"} · horizon {check.horizon} months · {counts.warnings} warning{counts.warnings === 1 ? "" : "s"}, {counts.notes} note
        {counts.notes === 1 ? "" : "s"}
      </Body1>
      <div>
        <Body1 as="p" style={{ margin: 0 }}>
          Sheets written:
        </Body1>
        <ul className={s.list} data-testid="written-sheets">
          {written.sheets.map((x) => (
            <li key={x.written}>
              {onActivate ? (
                <Link as="button" onClick={() => onActivate(x.written)} data-testid="sheet-link">
                  {x.written}
                </Link>
              ) : (
                <Body1 data-testid="sheet-name">{x.written}</Body1>
              )}
            </li>
          ))}
        </ul>
      </div>
      {(renamed.length > 0 || written.notes.length > 0) && (
        <ul className={s.list}>
          {written.notes.map((n) => (
            <li key={n}>
              <Caption1>{n}</Caption1>
            </li>
          ))}
        </ul>
      )}
      {result.demand && onShowDemand && (
        <NextStep onClick={onShowDemand} testId="show-demand" label="Show the demand review" what="Accuracy, bias and value added per version, the forecast, alerts, and locking the cycle." />
      )}
      {result.supply && onShowSupply && (
        <NextStep onClick={onShowSupply} testId="show-supply" label="Show the supply review" what="The constrained plan, load vs capacity per resource, shortages, and the safety-stock review." />
      )}
      {result.scenarios && onShowScenarios && (
        <NextStep onClick={onShowScenarios} testId="show-scenarios" label="Compare the scenarios" what="Margin and revenue of each scenario against the baseline, the recommendation, and the production strategies." />
      )}
      {result.meeting && onShowMeeting && (
        <NextStep onClick={onShowMeeting} testId="show-meeting" label="Prepare the meeting" what="The decisions to approve, the agenda with its evidence, and the follow-up summary to send." />
      )}
      {output && onDownload && (
        <div className={s.row}>
          <Button appearance="primary" onClick={() => onDownload(result)} data-testid="download">
            Download result ({output.name})
          </Button>
          <Caption1 className={s.muted}>Keep it next to your workbook: next month, open both to continue the cycle.</Caption1>
        </div>
      )}
    </>
  );
}

export function RunPanel(props: RunPanelProps): JSX.Element {
  const { mode, data, run, busy, canCancel, onRun, onCancel, onShowData } = props;
  const s = useStyles();
  const resultRef = useRef<HTMLDivElement>(null);
  const running = run.state === "running";
  useEffect(() => {
    // Move focus to what happened, so keyboard and screen reader users hear it.
    if (run.state === "done" || run.state === "cancelled" || run.state === "failed") resultRef.current?.focus();
  }, [run.state]);

  const errors = data.findings.filter((f) => f.severity === "error").length;
  return (
    <div className={s.root}>
      <Body1>
        Runs every step that exists today: the data check (sheet <strong>SOP Data Check</strong>); the demand review: the statistical forecast, the consensus,
        accuracy, bias and value added (sheets <strong>SOP Forecast</strong> and <strong>SOP Accuracy</strong>); the supply review: load vs capacity, the
        constrained plan and the inventory projection (sheets <strong>SOP Capacity</strong> and <strong>SOP Supply Plan</strong>); then the financials, the scenarios,
        the decisions to approve and the meeting's agenda (sheets <strong>SOP Financials</strong>, <strong>SOP Scenarios</strong>, <strong>SOP Decisions</strong> and{" "}
        <strong>SOP Agenda</strong>)
        {mode === "excel" ? ", written into this workbook" : `, written to a result workbook for ${data.workbook}`}. Your own ranges are never changed.
      </Body1>
      {data.blocked && !running && run.state !== "done" && (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{errors === 1 ? "1 blocking error" : `${errors} blocking errors`}</MessageBarTitle>A run stops before writing anything. Fix the cells listed in Data, then run again.
          </MessageBarBody>
        </MessageBar>
      )}
      <div className={s.row}>
        <Button appearance="primary" onClick={onRun} disabled={running || busy} data-testid="run">
          {run.state === "idle" ? "Run the cycle" : "Run again"}
        </Button>
        {running && (
          <Button onClick={onCancel} disabled={!canCancel} data-testid="cancel">
            Cancel
          </Button>
        )}
      </div>
      {running && <Steps progress={run.progress} />}
      <div ref={resultRef} tabIndex={-1} className={s.result} data-testid="run-result" data-state={run.state === "done" ? (run.result.written ? "done" : "blocked") : run.state} aria-live="polite">
        {run.state === "done" && (
          <RunOutcome
            mode={mode}
            result={run.result}
            onShowData={onShowData}
            onShowDemand={props.onShowDemand}
            onShowSupply={props.onShowSupply}
            onShowScenarios={props.onShowScenarios}
            onShowMeeting={props.onShowMeeting}
            onDownload={props.onDownload}
            onActivate={props.onActivate}
            onSelect={props.onSelect}
          />
        )}
        {run.state === "cancelled" && (
          <MessageBar intent="info">
            <MessageBarBody>
              <MessageBarTitle>Run cancelled</MessageBarTitle>Nothing was written. Run again when you are ready.
            </MessageBarBody>
          </MessageBar>
        )}
        {run.state === "failed" && (
          <MessageBar intent="error" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>{run.error.title}</MessageBarTitle>
              {run.error.message} {run.error.next}
            </MessageBarBody>
          </MessageBar>
        )}
      </div>
    </div>
  );
}
