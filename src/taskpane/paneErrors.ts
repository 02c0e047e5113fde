/**
 * Turn whatever went wrong into sentences a planner understands: what happened, and
 * what to do next. Used where the work happens (the worker, the Excel controller).
 */
import type { Finding } from "../workbook/findings";
import { RunError } from "../workbook/runCycle";
import type { PaneError } from "./workerProtocol";

/** What the pane was doing when it failed. */
export type PanePhase = "open" | "check" | "run" | "lock";

function sentence(s: string): string {
  const t = s.trim();
  if (t === "") return t;
  return /[.!?:)]$/.test(t) ? t : `${t}.`;
}

function errorName(e: unknown): string {
  return e instanceof Error ? e.name : "";
}

function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (typeof e === "string") return e;
  return "an unexpected problem occurred";
}

/** The error as a `PaneError`. */
export function toPaneError(e: unknown, phase: PanePhase): PaneError {
  const msg = sentence(errorMessage(e));
  if (errorName(e) === "WorkbookOpenError") {
    return { title: "The workbook could not be opened", message: msg, next: "Choose another file: an .xlsx workbook saved by Excel." };
  }
  if (e instanceof RunError) {
    return { title: "The run settings are not valid", message: msg, next: "Correct them, then run again. Nothing was written." };
  }
  if (phase === "open") {
    return { title: "The workbook could not be opened", message: msg, next: "Check that the file is an .xlsx workbook, then open it again." };
  }
  if (phase === "check") {
    return { title: "The data could not be read", message: msg, next: "Check the ranges of each role in Data, then check again. Nothing was written." };
  }
  if (phase === "lock") {
    return {
      title: "The lock stopped",
      message: msg,
      next: "Nothing was locked: the workbook is as it was before. Lock again; if it stops again, reload the pane.",
    };
  }
  return {
    title: "The run stopped",
    message: msg,
    next: "Nothing was written: the workbook is as it was before the run. Run again; if it stops again, reload the pane.",
  };
}

/** Why a lock could not even be tried: the data has blocking errors now, or there is no cycle to lock. */
export function lockNotTried(report: { readonly blocked: boolean; readonly findings: readonly Finding[] }): PaneError {
  if (report.blocked) {
    const errors = report.findings.filter((f) => f.severity === "error").length;
    return {
      title: "Nothing was locked",
      message: `The data has ${errors === 1 ? "1 blocking error" : `${errors} blocking errors`} now (it changed since the run).`,
      next: "Run again to see them in Data; lock once the run is clean.",
    };
  }
  return {
    title: "Nothing was locked",
    message: "The cycle to lock is not known: the actuals hold no month with a value.",
    next: "Check the actuals in Data, run again, then lock.",
  };
}
