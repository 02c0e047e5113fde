/**
 * The messages between the task pane (main thread) and the engine worker, and the
 * plain data both sides share. Type-only imports from the workbook layer, so the
 * pane's initial bundle stays free of the engine.
 *
 * Two ways to use the worker:
 * - Excel mode: the pane reads the workbook with the Office.js host on the main
 *   thread, posts the `PreparedRun` (`compute`), gets the `ComputedRun` back and
 *   writes it with `commitRun`.
 * - Standalone mode: the worker owns the whole cycle on the in-memory .xlsx host
 *   (`check`, `run`, `lock`), reading and writing .xlsx included; the pane only sends the file bytes.
 *
 * Locking the cycle is a run with `lock`: Excel mode posts `compute` with `lock` and writes
 * the ledger with `commitRun` (nothing when the lock is refused); standalone posts `lock`.
 *
 * A run (`compute` without `lock` or `checkOnly`, or `run`) solves the constrained supply
 * plan with HiGHS, which the worker loads on the first run (see worker.ts).
 *
 * Cancelling is terminating the worker (and starting a new one): nothing is written.
 */
import type { DemandSummary } from "../workbook/demandSummary";
import type { Progress, WorkbookInfo, WriteResult } from "../workbook/host";
import type { LockReport } from "../workbook/lockStep";
import type { Mapping, RunParameters } from "../workbook/mapping";
import type { MeetingSummary } from "../workbook/meetingSummary";
import type { ComputedRun, PreparedRun, RunReport, StepTiming } from "../workbook/runCycle";
import type { ScenarioSummary } from "../workbook/scenarioSummary";
import type { SupplySummary } from "../workbook/supplyStep";

/** The phases of a run, each with its own progress bar. */
export type RunStep = "read" | "check" | "write";

export const RUN_STEPS: readonly RunStep[] = ["read", "check", "write"];

/** Progress of one phase: fraction 0–1 of that phase, and what is happening. */
export interface StepProgress {
  readonly step: RunStep;
  readonly fraction: number;
  readonly label: string;
}

/** A file the planner chose (standalone mode). */
export interface WorkbookFile {
  readonly name: string;
  readonly bytes: ArrayBuffer;
}

/** The planner's workbook and, optionally, the previous result to continue (standalone mode). */
export interface StandaloneWorkbook {
  /** Changes whenever the planner picks other files: the worker keeps the opened workbook by key. */
  readonly key: string;
  readonly input: WorkbookFile;
  readonly previous: WorkbookFile | null;
}

/** What the Data step shows: the mapping in use, where it came from, and what the check found. */
export interface DataCheck
  extends Pick<RunReport, "mapping" | "mappingOrigin" | "proposal" | "findings" | "summaries" | "blocked" | "cycle" | "horizon" | "lastActual"> {
  /** The workbook's label: a file name, or "this workbook". */
  readonly workbook: string;
  /** Sheets, tables and names, for picking a role's ranges. */
  readonly info: WorkbookInfo;
}

/** What a run did. */
export interface RunResult {
  /** The check the run made (the data as read for the run). */
  readonly check: DataCheck;
  /** The sheets written and where; null when blocked (nothing written). */
  readonly written: WriteResult | null;
  /** Standalone: the result workbook to download; null when nothing was written. */
  readonly output: WorkbookFile | null;
  readonly timings: readonly StepTiming[];
  /** The demand review at a glance, for the Demand step (null when blocked or there are no actuals). */
  readonly demand: DemandSummary | null;
  /**
   * The supply review at a glance, for the Supply step (null when blocked or there is no
   * consensus); without the LP solver its plan is null and its plan note says why.
   */
  readonly supply: SupplySummary | null;
  /** The scenario comparison, for the Scenarios step (null when no scenario ran: none mapped, or no plan to re-run). */
  readonly scenarios: ScenarioSummary | null;
  /** Decisions, agenda, follow-up text and cycle health, for the Meeting step (null when blocked or there is no supply review). */
  readonly meeting: MeetingSummary | null;
}

/** The reviews of a run's report that the pane shows (plain, structured-cloneable data). */
export type RunReviews = Pick<RunResult, "demand" | "supply" | "scenarios" | "meeting">;

/** The reviews a run's report carries to the pane's review steps. */
export function reviewsOf(report: Pick<RunReport, "demand" | "supply" | "scenarios" | "meeting">): RunReviews {
  return { demand: report.demand, supply: report.supply, scenarios: report.scenarios ?? null, meeting: report.meeting ?? null };
}

/** What locking the cycle did. */
export interface LockResult {
  /** Locked, locked again, or refused (and why), with a sentence for the planner. */
  readonly lock: LockReport;
  /** The ledger sheet written and where; null when the lock was refused (nothing written). */
  readonly written: WriteResult | null;
  /** Standalone: the updated result workbook to download; null when nothing was written. */
  readonly output: WorkbookFile | null;
  readonly timings: readonly StepTiming[];
}

/** A problem, told as sentences a planner understands: what happened and what to do next. */
export interface PaneError {
  readonly title: string;
  readonly message: string;
  readonly next: string;
}

/** The result of an action: a value, a cancellation, or an error to show. */
export type Outcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly cancelled: true }
  | { readonly ok: false; readonly cancelled: false; readonly error: PaneError };

export type WorkerRequest =
  | {
      readonly type: "compute";
      readonly id: number;
      readonly prepared: PreparedRun;
      readonly parameters: RunParameters;
      /** Lock the cycle instead of rendering the output sheets (`force`: replace a cycle already locked). */
      readonly lock?: { readonly force: boolean };
      /** Validate only: skip the demand review (a check must stay quick). */
      readonly checkOnly?: boolean;
    }
  | { readonly type: "check"; readonly id: number; readonly workbook: StandaloneWorkbook; readonly mapping: Mapping | null; readonly parameters: RunParameters }
  | { readonly type: "run"; readonly id: number; readonly workbook: StandaloneWorkbook; readonly mapping: Mapping | null; readonly parameters: RunParameters }
  | {
      readonly type: "lock";
      readonly id: number;
      readonly workbook: StandaloneWorkbook;
      readonly mapping: Mapping | null;
      readonly parameters: RunParameters;
      /** Replace the cycle's snapshot when it is already locked. */
      readonly force: boolean;
    };

/** A request without its id (the client numbers them). */
export type WorkerJob = WithoutId<WorkerRequest>;

type WithoutId<T> = T extends unknown ? Omit<T, "id"> : never;

export type WorkerResponse =
  | { readonly type: "progress"; readonly id: number; readonly progress: StepProgress }
  | { readonly type: "computed"; readonly id: number; readonly computed: ComputedRun }
  | { readonly type: "checked"; readonly id: number; readonly check: DataCheck }
  | { readonly type: "ran"; readonly id: number; readonly result: RunResult }
  | { readonly type: "locked"; readonly id: number; readonly result: LockResult }
  | { readonly type: "failed"; readonly id: number; readonly error: PaneError };

/** The fractions of `runCycle`'s progress each phase covers (see runCycle.ts). */
const PHASE_SPAN: Readonly<Record<RunStep, readonly [number, number]>> = {
  read: [0, 0.6],
  check: [0.6, 0.8],
  write: [0.8, 1],
};

/** A `Progress` for one phase of the runner that reports the phase's own fraction (0–1). */
export function phaseProgress(step: RunStep, report: (p: StepProgress) => void): Progress {
  const [from, to] = PHASE_SPAN[step];
  return (fraction, label) => {
    const f = Math.min(1, Math.max(0, (fraction - from) / (to - from)));
    report({ step, fraction: f, label });
  };
}

/**
 * A `Progress` for a whole run (`runCycle`) that reports each phase's own fraction: the
 * runner's overall fraction tells the phase (read up to 0.6, check up to 0.8, then write).
 */
export function runProgress(report: (p: StepProgress) => void): Progress {
  return (fraction, label) => {
    const step: RunStep = fraction < PHASE_SPAN.read[1] ? "read" : fraction < PHASE_SPAN.check[1] ? "check" : "write";
    const [from, to] = PHASE_SPAN[step];
    report({ step, fraction: Math.min(1, Math.max(0, (fraction - from) / (to - from))), label });
  };
}

/** How far a whole run is (0–1), from the progress of one of its phases. */
export function overallFraction(p: StepProgress): number {
  const [from, to] = PHASE_SPAN[p.step];
  return from + (to - from) * Math.min(1, Math.max(0, p.fraction));
}

/** The Data step's view of a computed run (the engine inputs stay where they were computed). */
export function toDataCheck(computed: ComputedRun, workbook: string, info: WorkbookInfo): DataCheck {
  const r = computed.report;
  return {
    workbook,
    info,
    mapping: r.mapping,
    mappingOrigin: r.mappingOrigin,
    proposal: r.proposal,
    findings: r.findings,
    summaries: r.summaries,
    blocked: r.blocked,
    cycle: r.cycle,
    horizon: r.horizon,
    lastActual: r.lastActual,
  };
}

/** A computed run without its engine inputs, to post back to the pane (they are large and the pane does not need them). */
export function withoutInputs(computed: ComputedRun): ComputedRun {
  return { ...computed, report: { ...computed.report, inputs: null } };
}
