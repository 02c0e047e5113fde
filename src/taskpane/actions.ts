/**
 * What the pane can do, as plain functions handed to the React components (they
 * never touch Office.js, the worker or the file system themselves). Two
 * implementations: standalone (here: files chosen in the browser, the whole cycle in
 * the worker) and Excel (`excelActions.ts`, loaded only inside Excel).
 */
import type { RangeSource, Mapping } from "../workbook/mapping";
import type { EngineClient } from "./engineClient";
import type { PaneHost } from "./officeHost";
import type { DataCheck, LockResult, Outcome, PaneError, RunResult, StandaloneWorkbook, StepProgress, WorkbookFile } from "./workerProtocol";

export type OnProgress = (p: StepProgress) => void;

export interface PaneActions {
  readonly mode: PaneHost;
  /** Check the data with a mapping (null: the saved mapping, or a proposed one). Writes nothing. */
  readonly check: (mapping: Mapping | null, onProgress: OnProgress) => Promise<Outcome<DataCheck>>;
  /** Run every step that exists: read, check, write (nothing is written when the data has blocking errors). */
  readonly run: (mapping: Mapping | null, onProgress: OnProgress) => Promise<Outcome<RunResult>>;
  /**
   * Lock the cycle: archive every version's forecast in `SOP Snapshots` (DESIGN.md §2 step 6).
   * Refused, with nothing written, when the cycle is already locked, unless `force` (then its
   * rows are replaced). `mapping`: the mapping of the run being locked (null: saved or proposed).
   */
  readonly lock: (mapping: Mapping | null, force: boolean, onProgress: OnProgress) => Promise<Outcome<LockResult>>;
  /** Stop what is running; nothing is written. */
  readonly cancel: () => void;
  /** True when the write phase can be cancelled (standalone: the result is built in memory). */
  readonly canCancelWrite: boolean;
  /** Standalone: open the planner's workbook, and optionally the previous result to continue, then check it. */
  readonly openFiles?: (input: File, previous: File | null, onProgress: OnProgress) => Promise<Outcome<DataCheck>>;
  /** Standalone: save a result workbook (the run's, or the one updated by a lock). */
  readonly download?: (file: WorkbookFile) => void;
  /** Excel: select a finding's cells. */
  readonly selectAddress?: (address: string) => Promise<Outcome<void>>;
  /** Excel: activate a sheet the run wrote. */
  readonly activateSheet?: (sheet: string) => Promise<Outcome<void>>;
  /** Excel: the range selected in the workbook. */
  readonly currentSelection?: () => Promise<Outcome<RangeSource>>;
  /**
   * Excel: the follow-up summary of the meeting rebuilt from `SOP Decisions` as people edited it
   * after the meeting (statuses, owners, due dates). `sheet`: the name the run wrote it under
   * (default `SOP Decisions`). Standalone there is no such action: the result workbook is not
   * edited in the browser, and the next run reads the edited one as the previous result.
   */
  readonly followUp?: (sheet?: string) => Promise<Outcome<FollowUp>>;
}

/** The follow-up summary of the executive meeting, as plain text, and its cycle. */
export interface FollowUp {
  readonly text: string;
  readonly cycle: string;
}

/** MIME type of an .xlsx workbook. */
export const XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export function failure<T>(error: PaneError): Outcome<T> {
  return { ok: false, cancelled: false, error };
}

const UNEXPECTED: PaneError = {
  title: "Something went wrong",
  message: "The calculation engine gave an unexpected answer.",
  next: "Nothing was written. Reload the pane and try again.",
};

/** The standalone pane: the planner's files go to the worker, which runs everything on the in-memory .xlsx host. */
export function standaloneActions(engine: EngineClient): PaneActions {
  let current: StandaloneWorkbook | null = null;
  let opened = 0;

  const check = async (mapping: Mapping | null, onProgress: OnProgress): Promise<Outcome<DataCheck>> => {
    if (!current) return failure({ title: "No workbook open", message: "Open a workbook first.", next: "Choose an .xlsx file, or drop it on the pane." });
    const o = await engine.request({ type: "check", workbook: current, mapping, parameters: {} }, onProgress);
    if (!o.ok) return o;
    return o.value.type === "checked" ? { ok: true, value: o.value.check } : failure(UNEXPECTED);
  };

  return {
    mode: "standalone",
    canCancelWrite: true,
    check,
    run: async (mapping, onProgress) => {
      if (!current) return failure({ title: "No workbook open", message: "Open a workbook first.", next: "Choose an .xlsx file, or drop it on the pane." });
      const o = await engine.request({ type: "run", workbook: current, mapping, parameters: {} }, onProgress);
      if (!o.ok) return o;
      return o.value.type === "ran" ? { ok: true, value: o.value.result } : failure(UNEXPECTED);
    },
    lock: async (mapping, force, onProgress) => {
      if (!current) return failure({ title: "No workbook open", message: "Open a workbook first.", next: "Choose an .xlsx file, or drop it on the pane." });
      const o = await engine.request({ type: "lock", workbook: current, mapping, parameters: {}, force }, onProgress);
      if (!o.ok) return o;
      return o.value.type === "locked" ? { ok: true, value: o.value.result } : failure(UNEXPECTED);
    },
    cancel: () => engine.cancel(),
    openFiles: async (input, previous, onProgress) => {
      let bytes: ArrayBuffer;
      let prevBytes: ArrayBuffer | null = null;
      try {
        bytes = await input.arrayBuffer();
        prevBytes = previous ? await previous.arrayBuffer() : null;
      } catch (e) {
        return failure({
          title: "The file could not be read",
          message: `The browser could not read the file: ${e instanceof Error ? e.message : String(e)}.`,
          next: "Choose the file again; if it is on a network drive, copy it to your computer first.",
        });
      }
      opened += 1;
      current = {
        key: `${opened}:${input.name}:${input.size}:${input.lastModified}`,
        input: { name: input.name, bytes },
        previous: previous && prevBytes ? { name: previous.name, bytes: prevBytes } : null,
      };
      return check(null, onProgress);
    },
    download: (file) => {
      const url = URL.createObjectURL(new Blob([file.bytes], { type: XLSX_MIME }));
      const a = document.createElement("a");
      a.href = url;
      a.download = file.name;
      a.style.display = "none";
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    },
  };
}
