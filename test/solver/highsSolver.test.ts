import assert from "node:assert/strict";
import type { LpSolver } from "../../src/engine/supply/types";
import { loadHighsSolver, mapHighsStatus, warmUpLp } from "../../src/solver/highsSolver";

describe("solver: HiGHS as the engine's LpSolver", function () {
  this.timeout(20000);
  let solver: LpSolver;
  before(async () => {
    solver = await loadHighsSolver();
  });

  it("solves an LP: status, objective and column values by name", () => {
    const r = solver.solve(["Maximize", " obj: 3 x + 2 y", "Subject To", " c1: x + y <= 4", " c2: x + 3 y <= 6", "Bounds", " x <= 3", "End", ""].join("\n"));
    assert.equal(r.status, "Optimal");
    assert.equal(r.message, "");
    assert.equal(r.objective, 11);
    assert.equal(r.values.get("x"), 3);
    assert.equal(r.values.get("y"), 1);
    assert.match(solver.name, /^HiGHS \d+\.\d+/);
  });

  it("reports infeasible and unbounded models as statuses", () => {
    const inf = solver.solve("Maximize\n obj: x\nSubject To\n c1: x <= -4\nEnd\n");
    assert.equal(inf.status, "Infeasible");
    assert.equal(inf.values.size, 0);
    assert.equal(inf.objective, 0);
    const unb = solver.solve("Maximize\n obj: x\nSubject To\n c1: x >= 4\nEnd\n");
    assert.ok(unb.status === "Unbounded" || unb.status === "Infeasible or unbounded", unb.status);
  });

  it("never throws: unreadable text becomes status Error with HiGHS' message", () => {
    for (const text of ["garbage", "", "Maximize\n obj: x +\nSubject To\n c: <= 3\nEnd\n"]) {
      const r = solver.solve(text);
      assert.notEqual(r.status, "Optimal");
      assert.equal(typeof r.message, "string");
      assert.ok(Number.isFinite(r.objective));
    }
  });

  it("maps every HiGHS status onto the engine's", () => {
    assert.equal(mapHighsStatus("Optimal"), "Optimal");
    assert.equal(mapHighsStatus("Primal infeasible or unbounded"), "Infeasible or unbounded");
    assert.equal(mapHighsStatus("Time limit reached"), "Limit reached");
    assert.equal(mapHighsStatus("Iteration limit reached"), "Limit reached");
    for (const s of ["Load error", "Model error", "Presolve error", "Solve error", "Postsolve error", "Empty", "Not Set", "Unknown"]) assert.equal(mapHighsStatus(s), "Error");
  });

  it("warms up on a small supply-like LP (optional), which solves to optimality", async () => {
    const cold = await loadHighsSolver({ warmUp: false });
    const r = cold.solve(warmUpLp());
    assert.equal(r.status, "Optimal");
    assert.ok(r.objective > 0);
    assert.equal(r.values.size, 72);
  });

  it("accepts a locateFile option (how webpack points at the emitted wasm)", async () => {
    const asked: string[] = [];
    const s = await loadHighsSolver({
      locateFile: (file) => {
        asked.push(file);
        return require.resolve("highs/runtime");
      },
    });
    assert.deepEqual(asked, ["highs.wasm"]);
    assert.equal(s.solve("Minimize\n obj: x\nSubject To\n c: x >= 2\nEnd\n").objective, 2);
  });
});
