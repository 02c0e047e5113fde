/**
 * The task pane: the steps of the cycle that exist today, Data, Run, Demand (the demand
 * review of the last run, and locking the cycle), Supply (its supply review), Scenarios (its
 * scenario comparison) and Meeting (the executive meeting's decisions, agenda and follow-up).
 *
 * Props-driven: every effect goes through the plain functions of `PaneActions`
 * (never Office.js, the worker or files directly). Standalone, the pane first asks
 * for the workbook (picker or drop) and optionally the previous result.
 */
import { Button, Caption1, MessageBar, MessageBarBody, MessageBarTitle, Title3, makeStyles, tokens } from "@fluentui/react-components";
import { type DragEvent, useCallback, useEffect, useRef, useState } from "react";
import type { Mapping, RangeSource, RoleName } from "../workbook/mapping";
import type { OnProgress, PaneActions } from "./actions";
import { BusyBar } from "./components/BusyBar";
import { DataPanel } from "./components/DataPanel";
import { DemandPanel, type LockView } from "./components/DemandPanel";
import { MeetingStep, ScenariosStep, preloadReviewPanels } from "./components/LazyPanels";
import { OpenWorkbook } from "./components/OpenWorkbook";
import { RunPanel, type RunView } from "./components/RunPanel";
import { SupplyPanel } from "./components/SupplyPanel";
import { usableMapping, withSources } from "./sources";
import { lockedAfter } from "./demandView";
import type { DataCheck, Outcome, PaneError, RunResult } from "./workerProtocol";

const useStyles = makeStyles({
  page: { minHeight: "100vh", boxSizing: "border-box" },
  root: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
    padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalL}`,
    maxWidth: "760px",
    marginLeft: "auto",
    marginRight: "auto",
  },
  header: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalM },
  headerText: { display: "flex", flexDirection: "column" },
  title: { margin: 0 },
  muted: { color: tokens.colorNeutralForeground2 },
  steps: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS, margin: 0, padding: 0, listStyleType: "none" },
  /** Step buttons as wide as their label (not Fluent's 96 px minimum): the six wrap onto two rows in a 360 px pane. */
  stepButton: { minWidth: "auto" },
  panel: { outlineStyle: "none" },
});

const STEPS: readonly { readonly step: Step; readonly label: string; readonly title: string }[] = [
  { step: "data", label: "1 · Data", title: "Data" },
  { step: "run", label: "2 · Run", title: "Run" },
  { step: "demand", label: "3 · Demand", title: "Demand" },
  { step: "supply", label: "4 · Supply", title: "Supply" },
  { step: "scenarios", label: "5 · Scenarios", title: "Scenarios" },
  { step: "meeting", label: "6 · Meeting", title: "Meeting" },
];

type Step = "data" | "run" | "demand" | "supply" | "scenarios" | "meeting";

/** Why a review step cannot be opened yet. */
const NOT_YET: Readonly<Partial<Record<Step, string>>> = {
  demand: "Run the cycle first: the demand review comes from a run.",
  supply: "Run the cycle first: the supply review comes from a run.",
  scenarios: "Run the cycle first: the scenario comparison comes from a run.",
  meeting: "Run the cycle first: the decisions, the agenda and the follow-up come from a run.",
};

interface Job {
  readonly kind: "open" | "check";
  readonly label: string;
}

interface Message {
  readonly intent: "error" | "warning" | "info";
  readonly error: PaneError;
}

export interface AppProps {
  readonly actions: PaneActions;
  readonly iconUrl: string;
}

/** `read 3 of 14` → `Read 3 of 14`. */
function capital(s: string): string {
  return s.length > 0 ? s[0]!.toUpperCase() + s.slice(1) : s;
}

function isPreviousResult(name: string): boolean {
  return /\.sop(?:\s*\(\d+\))?(?:\.bak)?\.xlsx$/i.test(name);
}

export function App({ actions, iconUrl }: AppProps): JSX.Element {
  const s = useStyles();
  const standalone = actions.mode === "standalone";
  const [data, setData] = useState<DataCheck | null>(null);
  const [edit, setEdit] = useState<Mapping | null>(null);
  const [job, setJob] = useState<Job | null>(null);
  const [message, setMessage] = useState<Message | null>(null);
  const [step, setStep] = useState<Step>("data");
  const [run, setRun] = useState<RunView>({ state: "idle" });
  const [files, setFiles] = useState<{ input: File | null; previous: File | null }>({ input: null, previous: null });
  const [dragging, setDragging] = useState(false);
  /** The last run that produced a demand review: what the Demand step shows and locks. */
  const [reviewed, setReviewed] = useState<RunResult | null>(null);
  /** The last run that produced a supply review: what the Supply step shows. */
  const [supplied, setSupplied] = useState<RunResult | null>(null);
  /** The last run that wrote its sheets: what the Scenarios and Meeting steps show (each may be empty). */
  const [ran, setRan] = useState<RunResult | null>(null);
  const [lock, setLock] = useState<LockView>({ state: "idle" });
  /** This pane locked the reviewed cycle (or learnt that it was locked): the next lock asks first. */
  const [lockedHere, setLockedHere] = useState(false);
  /** The latest check or opening; older answers are ignored. */
  const jobSeq = useRef(0);
  const runSeq = useRef(0);
  const lockSeq = useRef(0);

  const doJob = useCallback(async (kind: Job["kind"], label: string, work: (p: OnProgress) => Promise<Outcome<DataCheck>>): Promise<void> => {
    const my = ++jobSeq.current;
    setJob({ kind, label });
    if (kind === "open") setData(null);
    const o = await work((p) => {
      if (jobSeq.current === my) setJob({ kind, label: capital(p.label) });
    });
    if (jobSeq.current !== my) return;
    setJob(null);
    if (o.ok) {
      setData(o.value);
      setMessage(null);
    } else if (!o.cancelled) {
      setMessage({ intent: "error", error: o.error });
    }
  }, []);

  // Inside Excel the workbook is already there: read and check it at once.
  useEffect(() => {
    if (!standalone) void doJob("check", "Reading this workbook", (p) => actions.check(null, p));
  }, [actions, doJob, standalone]);

  const open = (input: File, previous: File | null): void => {
    if (!actions.openFiles) return;
    const openFiles = actions.openFiles;
    setFiles({ input, previous });
    setEdit(null);
    setRun({ state: "idle" });
    setReview(null);
    setStep("data");
    setMessage(null);
    void doJob("open", `Opening ${input.name}`, (p) => openFiles(input, previous, p));
  };

  const choosePrevious = (previous: File | null): void => {
    if (files.input) open(files.input, previous);
    else setFiles({ input: null, previous });
  };

  const onDrop = (e: DragEvent<HTMLDivElement>): void => {
    e.preventDefault();
    setDragging(false);
    if (!standalone || job || run.state === "running" || lock.state === "locking") return;
    const dropped = [...e.dataTransfer.files];
    const previous = dropped.find((f) => isPreviousResult(f.name)) ?? null;
    const input = dropped.find((f) => f !== previous) ?? null;
    if (input) open(input, previous ?? files.previous);
    else if (previous) choosePrevious(previous);
  };

  const cancelJob = (): void => {
    const kind = job?.kind;
    jobSeq.current++;
    actions.cancel();
    setJob(null);
    setMessage({
      intent: "info",
      error:
        kind === "open"
          ? { title: "Opening cancelled", message: "The workbook was not opened.", next: "Open it again when you are ready." }
          : data === null
            ? { title: "Reading cancelled", message: "The workbook was not checked.", next: "Read it again when you are ready." }
            : { title: "Check cancelled", message: "The findings shown are from the check before your last change.", next: "Change a range again, or run: a run checks the data first." },
    });
    if (run.state === "running") {
      runSeq.current++;
      setRun({ state: "cancelled" });
      setReview(null);
    }
    if (lock.state === "locking") {
      lockSeq.current++;
      setLock({ state: "cancelled" });
    }
  };

  const mapping = edit ?? data?.mapping ?? null;

  const changeRole = (role: RoleName, sources: readonly RangeSource[]): void => {
    if (!mapping) return;
    const next = withSources(mapping, role, sources);
    setEdit(next);
    void doJob("check", "Checking the data with your changes", (p) => actions.check(usableMapping(next), p));
  };

  const resetMapping = (): void => {
    setEdit(null);
    void doJob("check", "Checking the data", (p) => actions.check(null, p));
  };

  const useSelection = actions.currentSelection
    ? (role: RoleName): void => {
        const current = actions.currentSelection!;
        void current().then((o) => {
          if (o.ok) changeRole(role, [o.value]);
          else if (!o.cancelled) setMessage({ intent: "warning", error: o.error });
        });
      }
    : undefined;

  const selectAddress = actions.selectAddress
    ? (address: string): void => {
        const select = actions.selectAddress!;
        void select(address).then((o) => {
          if (!o.ok && !o.cancelled) setMessage({ intent: "warning", error: o.error });
        });
      }
    : undefined;

  const activateSheet = actions.activateSheet
    ? (sheet: string): void => {
        const activate = actions.activateSheet!;
        void activate(sheet).then((o) => {
          if (!o.ok && !o.cancelled) setMessage({ intent: "warning", error: o.error });
        });
      }
    : undefined;

  /** The reviews of a run that wrote its sheets (or none): the lock starts afresh. */
  function setReview(result: RunResult | null): void {
    lockSeq.current++;
    setReviewed(result?.demand && result.written ? result : null);
    setSupplied(result?.supply && result.written ? result : null);
    setRan(result?.written ? result : null);
    // The Scenarios and Meeting steps load from their own chunk: fetch it while the planner reads the run.
    if (result?.written) preloadReviewPanels();
    setLock({ state: "idle" });
    setLockedHere(false);
  }

  const download = actions.download
    ? (result: RunResult): void => {
        if (result.output) actions.download!(result.output);
      }
    : undefined;

  const startRun = async (): Promise<void> => {
    const my = ++runSeq.current;
    setMessage(null);
    setRun({ state: "running", progress: { read: null, check: null, write: null } });
    const o = await actions.run(edit ? usableMapping(edit) : null, (p) => {
      if (runSeq.current !== my) return;
      setRun((r) => (r.state === "running" ? { ...r, progress: { ...r.progress, [p.step]: { ...p, label: capital(p.label) } } } : r));
    });
    if (runSeq.current !== my) return;
    if (o.ok) {
      setRun({ state: "done", result: o.value });
      setData(o.value.check);
      setReview(o.value);
    } else if (o.cancelled) {
      setRun({ state: "cancelled" });
      setReview(null);
    } else {
      setRun({ state: "failed", error: o.error });
      setReview(null);
    }
  };

  const cancelRun = (): void => {
    runSeq.current++;
    actions.cancel();
    setRun({ state: "cancelled" });
    setReview(null);
  };

  const startLock = async (force: boolean): Promise<void> => {
    if (!reviewed) return;
    const my = ++lockSeq.current;
    setLock({ state: "locking", progress: null });
    const o = await actions.lock(reviewed.check.mapping, force, (p) => {
      if (lockSeq.current === my) setLock({ state: "locking", progress: { ...p, label: capital(p.label) } });
    });
    if (lockSeq.current !== my) return;
    if (o.ok) {
      setLock({ state: "done", result: o.value });
      if (lockedAfter(o.value.lock.status)) setLockedHere(true);
    } else if (o.cancelled) {
      setLock({ state: "cancelled" });
    } else {
      setLock({ state: "failed", error: o.error });
    }
  };

  const cancelLock = (): void => {
    lockSeq.current++;
    actions.cancel();
    setLock({ state: "cancelled" });
  };

  const writing = run.state === "running" && run.progress.write !== null;
  const locking = lock.state === "locking";
  const lockWriting = lock.state === "locking" && lock.progress?.step === "write";
  const busy = job !== null;
  const demand = reviewed?.demand ?? null;
  const supply = supplied?.supply ?? null;
  /** A review step can be opened once a run has produced its review. */
  const ready = (x: Step): boolean => (x === "demand" ? demand !== null : x === "supply" ? supply !== null : x === "scenarios" || x === "meeting" ? ran !== null : true);
  const shown: Step = ready(step) ? step : "run";

  return (
    <div
      className={s.page}
      data-testid="pane"
      onDragOver={
        standalone
          ? (e) => {
              e.preventDefault();
              setDragging(true);
            }
          : undefined
      }
      onDragLeave={standalone ? () => setDragging(false) : undefined}
      onDrop={standalone ? onDrop : undefined}
    >
      <main className={s.root}>
        <header className={s.header}>
          <img src={iconUrl} width={32} height={32} alt="" />
          <div className={s.headerText}>
            <Title3 as="h1" className={s.title}>
              S&amp;OP Planner
            </Title3>
            <Caption1 className={s.muted} data-testid="mode">
              {standalone ? "Standalone in your browser: your files stay on this computer." : "Connected to this workbook in Excel."}
            </Caption1>
          </div>
        </header>

        {standalone && (
          <OpenWorkbook
            inputName={files.input?.name ?? null}
            previousName={files.previous?.name ?? null}
            dragging={dragging}
            disabled={busy || run.state === "running" || locking}
            onInput={(f) => open(f, files.previous)}
            onPrevious={choosePrevious}
          />
        )}

        {job && <BusyBar label={job.label} onCancel={cancelJob} />}

        {message && (
          <MessageBar intent={message.intent} layout="multiline" data-testid="message">
            <MessageBarBody>
              <MessageBarTitle>{message.error.title}</MessageBarTitle>
              {message.error.message} {message.error.next}
            </MessageBarBody>
          </MessageBar>
        )}

        {!standalone && !data && !job && (
          <div>
            <Button appearance="primary" onClick={() => void doJob("check", "Reading this workbook", (p) => actions.check(null, p))} data-testid="retry">
              Read the workbook again
            </Button>
          </div>
        )}

        {data && mapping && (
          <>
            <nav aria-label="Steps of the cycle">
              <ol className={s.steps}>
                {STEPS.map((x) => (
                  <li key={x.step}>
                    <Button
                      className={s.stepButton}
                      appearance={shown === x.step ? "primary" : "secondary"}
                      aria-current={shown === x.step ? "step" : undefined}
                      onClick={() => setStep(x.step)}
                      disabled={!ready(x.step)}
                      title={ready(x.step) ? undefined : NOT_YET[x.step]}
                      data-testid={`step-${x.step}`}
                    >
                      {x.label}
                    </Button>
                  </li>
                ))}
              </ol>
            </nav>
            <section aria-label={STEPS.find((x) => x.step === shown)!.title} className={s.panel} data-testid={`panel-${shown}`}>
              {shown === "data" ? (
                <DataPanel
                  mode={actions.mode}
                  data={data}
                  mapping={mapping}
                  edited={edit !== null}
                  checking={job?.kind === "check"}
                  disabled={run.state === "running" || locking}
                  onChange={changeRole}
                  onReset={resetMapping}
                  onUseSelection={useSelection}
                  onSelect={selectAddress}
                />
              ) : shown === "run" ? (
                <RunPanel
                  mode={actions.mode}
                  data={data}
                  run={run}
                  busy={busy || locking}
                  canCancel={actions.canCancelWrite || !writing}
                  onRun={() => void startRun()}
                  onCancel={cancelRun}
                  onShowData={() => setStep("data")}
                  onShowDemand={demand ? () => setStep("demand") : undefined}
                  onShowSupply={supply ? () => setStep("supply") : undefined}
                  onShowScenarios={ran ? () => setStep("scenarios") : undefined}
                  onShowMeeting={ran ? () => setStep("meeting") : undefined}
                  onDownload={download}
                  onActivate={activateSheet}
                  onSelect={selectAddress}
                />
              ) : shown === "supply" ? (
                <SupplyPanel mode={actions.mode} summary={supply!} written={supplied?.written ?? null} onSelect={selectAddress} onActivate={activateSheet} />
              ) : shown === "scenarios" ? (
                <ScenariosStep
                  mode={actions.mode}
                  summary={ran!.scenarios}
                  written={ran!.written}
                  mapped={ran!.check.mapping.roles.some((r) => r.role === "scenarios" && r.sources.length > 0)}
                  state={ran!.meeting?.health.find((h) => h.step === "Scenarios")?.state ?? null}
                  onActivate={activateSheet}
                />
              ) : shown === "meeting" ? (
                <MeetingStep
                  mode={actions.mode}
                  summary={ran!.meeting}
                  written={ran!.written}
                  onSelect={selectAddress}
                  onActivate={activateSheet}
                  {...(actions.followUp ? { onRefreshFollowUp: actions.followUp } : {})}
                />
              ) : (
                <DemandPanel
                  mode={actions.mode}
                  summary={demand!}
                  written={reviewed?.written ?? null}
                  lock={lock}
                  locked={demand!.locked || lockedHere}
                  busy={busy || run.state === "running"}
                  canCancel={actions.canCancelWrite || !lockWriting}
                  onLock={(force) => void startLock(force)}
                  onCancelLock={cancelLock}
                  onSelect={selectAddress}
                  onActivate={activateSheet}
                  onDownload={actions.download}
                />
              )}
            </section>
          </>
        )}
      </main>
    </div>
  );
}
