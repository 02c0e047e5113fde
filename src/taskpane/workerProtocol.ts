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
 *   (`check`, `run`), ExcelJS included; the pane only sends the file bytes.
 *
 * Cancelling is terminating the worker (and starting a new one): nothing is written.
 */
import type { Progress, WorkbookInfo, WriteResult } from "../workbook/host";
import type { Mapping, RunParameters } from "../workbook/mapping";
import type { ComputedRun, PreparedRun, RunReport, StepTiming } from "../workbook/runCycle";

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
  | { readonly type: "compute"; readonly id: number; readonly prepared: PreparedRun; readonly parameters: RunParameters }
  | { readonly type: "check"; readonly id: number; readonly workbook: StandaloneWorkbook; readonly mapping: Mapping | null; readonly parameters: RunParameters }
  | { readonly type: "run"; readonly id: number; readonly workbook: StandaloneWorkbook; readonly mapping: Mapping | null; readonly parameters: RunParameters };

/** A request without its id (the client numbers them). */
export type WorkerJob = WithoutId<WorkerRequest>;

type WithoutId<T> = T extends unknown ? Omit<T, "id"> : never;

export type WorkerResponse =
  | { readonly type: "progress"; readonly id: number; readonly progress: StepProgress }
  | { readonly type: "computed"; readonly id: number; readonly computed: ComputedRun }
  | { readonly type: "checked"; readonly id: number; readonly check: DataCheck }
  | { readonly type: "ran"; readonly id: number; readonly result: RunResult }
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
