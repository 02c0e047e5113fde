import assert from "node:assert/strict";
import type { LpSolver } from "../../src/engine/supply/types";
import { lazySolver, loadProblem, withSolverProblem } from "../../src/taskpane/solverLoad";
import type { SupplySummary } from "../../src/workbook/supplyStep";

const SOLVER: LpSolver = { name: "Fake 1.0", solve: () => ({ status: "Optimal", message: "", objective: 0, values: new Map() }) };

const summary: SupplySummary = {
  cycle: "2026-11",
  periods: ["2026-11"],
  resources: [],
  shortages: [],
  shortageCount: 0,
  atRiskCount: 0,
  plan: null,
  planNote: "No LP solver was available in this run: no constrained plan (capacity and inventory are still shown).",
  safetyStock: null,
  capacitySheet: "SOP Capacity",
  supplySheet: "SOP Supply Plan",
};

describe("task pane: the LP solver in the worker", () => {
  it("loads once, on the first call, and keeps it", async () => {
    let loads = 0;
    const get = lazySolver(async () => {
      loads++;
      return SOLVER;
    });
    assert.equal(loads, 0, "nothing is loaded before the first run");
    const [a, b] = await Promise.all([get(), get()]);
    assert.equal(a.solver, SOLVER);
    assert.equal(a.problem, "");
    assert.equal(b, a);
    await get();
    assert.equal(loads, 1);
  });

  it("a failed load gives no solver and the reason, and the next run tries again", async () => {
    let loads = 0;
    const get = lazySolver(async () => {
      loads++;
      if (loads === 1) throw new Error("highs.wasm: 404 Not Found ");
      return SOLVER;
    });
    assert.deepEqual(await get(), { solver: null, problem: "highs.wasm: 404 Not Found" });
    assert.equal((await get()).solver, SOLVER);
    assert.equal(loads, 2);
    // A loader that throws at once is a failed load too, never an exception.
    const broken = lazySolver(() => {
      throw new TypeError("no WebAssembly");
    });
    assert.deepEqual(await broken(), { solver: null, problem: "no WebAssembly" });
  });

  it("a load slower than the limit: the run goes on without the solver", async () => {
    const get = lazySolver(() => new Promise<LpSolver>(() => undefined), 20);
    const t = Date.now();
    assert.deepEqual(await get(), { solver: null, problem: "it did not load within 0.02 s" });
    assert.ok(Date.now() - t < 1000);
  });

  it("why it did not load, in a planner's words where the cause is known", () => {
    // What Emscripten rejects with when the server answers highs.wasm with a 404 page.
    const compile = new Error("Aborted(CompileError: WebAssembly.instantiate(): expected magic word 00 61 73 6d, found 6e 6f 74 20 @+0). Build with -sASSERTIONS for more info.");
    assert.equal(loadProblem(compile), "its file highs.wasm was not found or is not WebAssembly");
    assert.equal(loadProblem(new TypeError("Failed to fetch")), "its file highs.wasm could not be fetched");
    assert.equal(loadProblem(new Error("Aborted(both async and sync fetching of the wasm failed). Build with -sASSERTIONS for more info.")), "its file highs.wasm could not be fetched");
    const chunk = new Error("Loading chunk 782 failed.\n(error: http://127.0.0.1/highs.08119678.js)");
    chunk.name = "ChunkLoadError";
    assert.equal(loadProblem(chunk), "its script could not be fetched");
    assert.equal(loadProblem(new Error("Aborted(out of memory). Build with -sASSERTIONS for more info.")), "out of memory");
    assert.equal(loadProblem(new Error("x".repeat(300))), `${"x".repeat(119)}…`);
    assert.equal(loadProblem("  "), "no reason given");
  });

  it("the supply review says why there is no plan when the solver did not load", () => {
    const noted = withSolverProblem(summary, { solver: null, problem: "its file highs.wasm could not be fetched" });
    assert.equal(
      noted?.planNote,
      "The LP solver (HiGHS) could not be loaded in the pane (its file highs.wasm could not be fetched): no constrained plan this time; capacity and inventory are still shown. Run again to retry.",
    );
    assert.deepEqual({ ...noted, planNote: summary.planNote }, summary, "nothing else changes");
    assert.equal(withSolverProblem(summary, { solver: SOLVER, problem: "" }), summary);
    assert.equal(withSolverProblem(summary, null), summary, "a check or a lock: nothing to say");
    assert.equal(withSolverProblem(null, { solver: null, problem: "x" }), null);
  });
});
