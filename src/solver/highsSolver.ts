/**
 * HiGHS (WebAssembly, npm `highs`) as the engine's `LpSolver`: the only module that imports
 * `highs`. Loaded once, asynchronously; each `solve` is synchronous and builds a fresh native
 * solver from CPLEX LP text.
 *
 * Works in Node (CLI, tests: the wasm is found next to the loader) and in a Web Worker or the
 * task pane (webpack emits the wasm as an asset; pass `locateFile` to return its URL). `solve`
 * never throws: a HiGHS exception becomes status `Error` with its message; HiGHS' own statuses
 * are mapped onto the engine's `LpStatus` (limits → `Limit reached`, read/model/solver failures
 * and `Empty` → `Error`).
 */
import highsLoader from "highs";
import type { LpSolution, LpSolver, LpStatus } from "../engine/supply/types";

/** Options of `loadHighsSolver`. */
export interface HighsSolverOptions {
  /** Where the loader finds `highs.wasm` (a URL in a browser or worker, a path in Node). */
  readonly locateFile?: (file: string) => string;
  /** Solver time limit per solve, in seconds (none by default). */
  readonly timeLimitSeconds?: number;
  /**
   * Solve a small supply-like LP once after loading (default true): the JavaScript engine compiles
   * the solver's hot WebAssembly code then, so the first real plan is not slowed by it (≈ 50 ms
   * here, and the first plan of 50 families takes about half the time it would otherwise).
   */
  readonly warmUp?: boolean;
}

/** A small lot-sizing LP (4 products × 6 periods, 2 resources): balance, capacity, bounded sales. */
export function warmUpLp(): string {
  const E = 4;
  const T = 6;
  const obj: string[] = [];
  const rows: string[] = [];
  const bounds: string[] = [];
  for (let e = 0; e < E; e++) {
    for (let t = 0; t < T; t++) {
      const v = `${e}_${t}`;
      obj.push(`+ ${3 + e} s_${v} - 0.1 x_${v}`);
      rows.push(` b_${v}: x_${v} - p_${v} + s_${v}${t > 0 ? ` - x_${e}_${t - 1}` : ""} = ${t === 0 ? 5 : 0}`);
      bounds.push(` s_${v} <= ${10 + ((e * 7 + t * 3) % 11)}`);
    }
  }
  for (let r = 0; r < 2; r++) {
    for (let t = 0; t < T; t++) {
      const terms = Array.from({ length: E }, (_, e) => `${1 + ((e + r) % 3)} p_${e}_${t}`).join(" + ");
      rows.push(` c_${r}_${t}: ${terms} <= ${40 + 10 * ((t + r) % 3)}`);
    }
  }
  return ["Maximize", ` obj: ${obj.join(" ").slice(2)}`, "Subject To", ...rows, "Bounds", ...bounds, "End", ""].join("\n");
}

/** HiGHS' status text → the engine's status. */
export function mapHighsStatus(status: string): LpStatus {
  switch (status) {
    case "Optimal":
      return "Optimal";
    case "Infeasible":
      return "Infeasible";
    case "Unbounded":
      return "Unbounded";
    case "Primal infeasible or unbounded":
      return "Infeasible or unbounded";
    case "Time limit reached":
    case "Iteration limit reached":
    case "Bound on objective reached":
    case "Target for objective reached":
    case "Solution limit reached":
    case "Interrupted by user":
      return "Limit reached";
    default:
      return "Error";
  }
}

const NO_VALUES: ReadonlyMap<string, number> = new Map();

/**
 * Load HiGHS and return it as an `LpSolver`. Rejects only when the WebAssembly module cannot be
 * loaded (a wrong `locateFile`, a wasm not served as `application/wasm`).
 */
export async function loadHighsSolver(options: HighsSolverOptions = {}): Promise<LpSolver> {
  const highs = await highsLoader(options.locateFile ? { locateFile: options.locateFile } : {});
  const v = highs.version as { readonly string?: unknown } | undefined;
  const version = typeof v?.string === "string" ? ` ${v.string}` : "";
  const solveOptions = options.timeLimitSeconds !== undefined ? { time_limit: options.timeLimitSeconds } : {};
  const solver: LpSolver = {
    name: `HiGHS${version}`,
    solve(lp: string): LpSolution {
      try {
        const r = highs.solve(lp, solveOptions);
        const status = mapHighsStatus(r.Status);
        const message = status === "Optimal" ? "" : r.Status;
        if (status !== "Optimal") return { status, message, objective: 0, values: NO_VALUES };
        const values = new Map<string, number>();
        for (const [name, col] of Object.entries(r.Columns)) {
          const x = "Primal" in col ? col.Primal : 0;
          values.set(name, Number.isFinite(x) ? x : 0);
        }
        const objective = Number.isFinite(r.ObjectiveValue) ? r.ObjectiveValue : 0;
        return { status, message, objective, values };
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        return { status: "Error", message: message === "" ? "HiGHS failed without a message" : message, objective: 0, values: NO_VALUES };
      }
    },
  };
  if (options.warmUp ?? true) solver.solve(warmUpLp());
  return solver;
}
