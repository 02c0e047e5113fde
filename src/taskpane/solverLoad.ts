/**
 * The LP solver in the engine worker: loaded on the first run (never at start-up), kept for
 * the runs after it, and never a reason for a run to fail. When it cannot be loaded (or takes
 * too long), the run goes on without a constrained plan and the Supply step says why; the next
 * run tries again.
 *
 * No Office.js, no DOM: the loader is injected (the worker passes HiGHS, tests a fake).
 */
import type { LpSolver } from "../engine/supply/types";
import type { SupplySummary } from "../workbook/supplyStep";

/** The solver for a run, or why there is none. */
export interface SolverLoad {
  readonly solver: LpSolver | null;
  /** Why the solver could not be loaded; "" when it was. */
  readonly problem: string;
}

/** How long a run waits for the solver to load before going on without it. */
export const SOLVER_LOAD_TIMEOUT_MS = 30_000;

/** Longest technical detail kept in a reason. */
const DETAIL_MAX = 120;

/**
 * Why the solver did not load, in a planner's words where the cause is known (its script or
 * its highs.wasm could not be fetched, or what came back is not WebAssembly), otherwise the
 * error's own message without Emscripten's wrapping, shortened.
 */
export function loadProblem(e: unknown): string {
  const raw = (e instanceof Error ? e.message : String(e)).trim();
  if (/ChunkLoadError|Loading chunk/i.test(raw)) return "its script could not be fetched";
  if (/magic word|CompileError|WebAssembly\.(instantiate|compile)/i.test(raw)) return "its file highs.wasm was not found or is not WebAssembly";
  if (/failed to fetch|NetworkError|fetching of the wasm failed/i.test(raw)) return "its file highs.wasm could not be fetched";
  const text = raw
    .replace(/^Aborted\((.*)\)[.\s]*(Build with -sASSERTIONS for more info\.?)?$/s, "$1")
    .replace(/\s+/g, " ")
    .replace(/[.\s]+$/, "");
  if (text === "") return "no reason given";
  return text.length > DETAIL_MAX ? `${text.slice(0, DETAIL_MAX - 1)}…` : text;
}

/**
 * A loader that loads once and keeps the promise: every call before and after the first load
 * gets the same solver. A failure (or a load slower than `timeoutMs`) resolves to no solver
 * with the reason, and is not kept: the next call loads again.
 */
export function lazySolver(load: () => Promise<LpSolver>, timeoutMs = SOLVER_LOAD_TIMEOUT_MS): () => Promise<SolverLoad> {
  let cached: Promise<SolverLoad> | null = null;
  return () => {
    if (cached) return cached;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`it did not load within ${timeoutMs / 1000} s`)), timeoutMs);
    });
    const attempt: Promise<SolverLoad> = Promise.race([Promise.resolve().then(load), timeout]).then(
      (solver) => ({ solver, problem: "" }),
      (e: unknown) => {
        if (cached === attempt) cached = null;
        return { solver: null, problem: loadProblem(e) };
      },
    );
    void attempt.finally(() => clearTimeout(timer));
    cached = attempt;
    return attempt;
  };
}

/**
 * The supply summary of a run made without the solver because it could not be loaded: its
 * plan note says so and why (the summary is returned as it is otherwise).
 */
export function withSolverProblem(summary: SupplySummary | null, load: SolverLoad | null): SupplySummary | null {
  if (summary === null || load === null || load.solver !== null || summary.plan !== null) return summary;
  return {
    ...summary,
    planNote: `The LP solver (HiGHS) could not be loaded in the pane (${load.problem}): no constrained plan this time; capacity and inventory are still shown. Run again to retry.`,
  };
}
