import assert from "node:assert/strict";
import { solveSupplyProblem } from "../../../src/engine/supply/supplyPlan";
import { writeLp } from "../../../src/engine/supply/lpFormat";
import { buildSupplyModel, supplyLp } from "../../../src/engine/supply/supplyModel";
import type { LpSolver, SupplyPlan } from "../../../src/engine/supply/types";
import { loadHighsSolver } from "../../../src/solver/highsSolver";
import { arr, close, entity, fakeSolver, problem, resource } from "./helpers";

const one = (plan: SupplyPlan, key: string) => plan.entities.find((e) => e.key === key)!;
const noNaN = (plan: SupplyPlan): void => {
  const nums: number[] = [...Object.values(plan.totals)];
  for (const e of plan.entities) for (const a of [e.demand, e.production, e.served, e.unmet, e.backlog, e.inventory, e.shortfall, e.outsourced]) nums.push(...a);
  for (const r of plan.resources) for (const a of [r.load, r.available, r.overtime, r.maxOvertime]) nums.push(...a);
  assert.ok(nums.every(Number.isFinite), "a figure is not finite");
};

describe("supply: constrained plan, hand-checked cases (HiGHS)", function () {
  this.timeout(20000);
  let solver: LpSolver;
  before(async () => {
    solver = await loadHighsSolver();
  });

  it("(1) capacity binding in one period forces a pre-build in the period before (inventory carried)", () => {
    // Demand 5, 5, 15; capacity 10 a period (1 h/unit). Margin 10 − 6 = 4; holding 0.5; lost penalty 1.
    // Best: build 5 extra in period 2 and carry them one period: p = 5, 10, 10; I = 0, 5, 0.
    // Objective = 4 × 25 − 0.5 × 5 = 97.5.
    const pb = problem([entity("A", { demand: [5, 5, 15], routing: [{ resource: "R", perUnit: 1, leadOffset: 0 }] })], [resource("R", [10, 10, 10])]);
    const plan = solveSupplyProblem(pb, solver);
    assert.equal(plan.status, "Optimal");
    assert.equal(plan.explanation, "");
    const a = one(plan, "A");
    assert.deepEqual(arr(a.production), [5, 10, 10]);
    assert.deepEqual(arr(a.inventory), [0, 5, 0]);
    assert.deepEqual(arr(a.served), [5, 5, 15]);
    assert.deepEqual(arr(a.unmet), [0, 0, 0]);
    close(plan.totals.objective, 97.5);
    close(plan.totals.revenue, 250);
    close(plan.totals.costOfSales, 150);
    close(plan.totals.holdingCost, 2.5);
    close(plan.totals.margin, 97.5);
    close(plan.totals.fillRate, 1);
    assert.deepEqual(arr(plan.resources[0]!.load), [5, 10, 10]);
    // The solver's own optimum, plus the model's constant (substituted variables), is the same figure.
    close(solver.solve(supplyLp(pb)).objective + buildSupplyModel(pb).objectiveConstant, 97.5);
    noNaN(plan);
  });

  it("(2) safety stock that capacity cannot reach: shortfall with its penalty, status optimal (penalty, not failure)", () => {
    // Demand 10, 10; SS 20; capacity 15 a period. Serve all, stock the rest: I = 5, 10 → v = 15, 10.
    // Objective = 4 × 20 − 0.1 × (5 + 10) − 1 × (15 + 10) = 53.5.
    const pb = problem(
      [entity("A", { demand: [10, 10], safetyStock: 20, holding: 0.1, ssPenalty: 1, routing: [{ resource: "R", perUnit: 1, leadOffset: 0 }] })],
      [resource("R", [15, 15])],
    );
    const plan = solveSupplyProblem(pb, solver);
    assert.equal(plan.status, "Optimal");
    const a = one(plan, "A");
    assert.deepEqual(arr(a.production), [15, 15]);
    assert.deepEqual(arr(a.inventory), [5, 10]);
    assert.deepEqual(arr(a.shortfall), [15, 10]);
    assert.deepEqual(arr(a.safetyStock), [20, 20]);
    close(plan.totals.safetyStockPenalty, 25);
    close(plan.totals.objective, 53.5);
    close(plan.totals.shortfallUnitPeriods, 25);
    assert.ok(!plan.notes.some((n) => n.severity === "error"));
  });

  it("(3) lost vs backlog: lost demand is gone; backlog is served later with a per-period penalty", () => {
    // Demand 10, 10, 0; capacity 5, 10, 10. Margin 4, lost penalty 1, backlog penalty 0.5 per unit-period.
    const mk = (mode: "lost" | "backlog") =>
      problem([entity("A", { demand: [10, 10, 0], routing: [{ resource: "R", perUnit: 1, leadOffset: 0 }] })], [resource("R", [5, 10, 10])], mode);
    const lost = solveSupplyProblem(mk("lost"), solver);
    assert.equal(lost.status, "Optimal");
    assert.deepEqual(arr(one(lost, "A").production), [5, 10, 0]);
    assert.deepEqual(arr(one(lost, "A").served), [5, 10, 0]);
    assert.deepEqual(arr(one(lost, "A").unmet), [5, 0, 0]);
    assert.deepEqual(arr(one(lost, "A").backlog), [0, 0, 0]);
    close(lost.totals.objective, 4 * 15 - 1 * 5);
    close(lost.totals.fillRate, 0.75);
    close(lost.totals.unmetUnits, 5);

    const back = solveSupplyProblem(mk("backlog"), solver);
    assert.equal(back.status, "Optimal");
    assert.equal(back.unmet, "backlog");
    assert.deepEqual(arr(one(back, "A").production), [5, 10, 5]);
    assert.deepEqual(arr(one(back, "A").served), [5, 10, 5]);
    assert.deepEqual(arr(one(back, "A").backlog), [5, 5, 0]);
    assert.deepEqual(arr(one(back, "A").unmet), [0, 0, 0]);
    close(back.totals.objective, 4 * 20 - 0.5 * (5 + 5));
    close(back.totals.fillRate, 1);
    close(back.totals.unmetUnits, 0);
    close(back.totals.backlogUnitPeriods, 10);
  });

  it("(4) overtime is used only when the margin (plus the lost-sale penalty) exceeds its cost", () => {
    // Demand 20; 10 hours available at 1 h/unit; up to 5 overtime hours at 45 per hour.
    const mk = (price: number, penalty: number) =>
      problem(
        [entity("A", { demand: [20], price, unitCost: 60, unmetPenalty: penalty, routing: [{ resource: "R", perUnit: 1, leadOffset: 0 }] })],
        [resource("R", [10], { maxOvertime: 5, overtimeCost: 45 })],
      );
    const worth = solveSupplyProblem(mk(100, 10), solver); // 40 + 10 = 50 per unit > 45 per hour
    assert.deepEqual(arr(worth.resources[0]!.overtime), [5]);
    assert.deepEqual(arr(worth.resources[0]!.load), [15]);
    close(worth.totals.overtimeHours, 5);
    close(worth.totals.overtimeCost, 225);
    close(worth.totals.objective, 40 * 15 - 10 * 5 - 45 * 5);
    const notWorth = solveSupplyProblem(mk(90, 9), solver); // 30 + 9 = 39 per unit < 45 per hour
    assert.deepEqual(arr(notWorth.resources[0]!.overtime), [0]);
    assert.deepEqual(arr(one(notWorth, "A").production), [10]);
    close(notWorth.totals.objective, 30 * 10 - 9 * 10);
  });

  it("(5) a units resource (a supplier's allocation) limits production; it has no overtime", () => {
    // Castings: 1 per pump, 60 a period; assembly hours are ample and may do overtime.
    const pb = problem(
      [
        entity("Pumps", {
          demand: [100, 100],
          routing: [
            { resource: "WC-10 Assembly", perUnit: 1, leadOffset: 0 },
            { resource: "MAT-Castings", perUnit: 1, leadOffset: 0 },
          ],
        }),
      ],
      [resource("WC-10 Assembly", [1000, 1000], { maxOvertime: 100 }), resource("MAT-Castings", [60, 60], { unit: "units" })],
    );
    const plan = solveSupplyProblem(pb, solver);
    assert.equal(plan.status, "Optimal");
    assert.deepEqual(arr(one(plan, "Pumps").production), [60, 60]);
    assert.deepEqual(arr(one(plan, "Pumps").unmet), [40, 40]);
    const mat = plan.resources.find((r) => r.resource === "MAT-Castings")!;
    assert.equal(mat.unit, "units");
    assert.deepEqual(arr(mat.load), [60, 60]);
    assert.deepEqual(arr(mat.overtime), [0, 0]);
    assert.deepEqual(arr(plan.resources[0]!.overtime), [0, 0]);
    close(plan.totals.objective, 4 * 120 - 1 * 80);
  });

  it("(6) lead offset 1: production in t uses capacity in t − 1; the first period's production uses the month before, taken at the first period's capacity (note)", () => {
    // Capacity 10, 15, 0 with lead 1: p_1 ≤ 10 (capacity of period 0), p_2 ≤ 15 (period 1), and p_0 ≤ 10
    // (the month before the plan, at period 0's capacity). Demand 0, 10, 15 → p = 0, 10, 15, all served.
    const pb = problem([entity("A", { demand: [0, 10, 15], routing: [{ resource: "R", perUnit: 1, leadOffset: 1 }] })], [resource("R", [10, 15, 0])]);
    const plan = solveSupplyProblem(pb, solver);
    assert.equal(plan.status, "Optimal");
    assert.deepEqual(arr(one(plan, "A").production), [0, 10, 15]);
    assert.deepEqual(arr(one(plan, "A").inventory), [0, 0, 0]);
    assert.deepEqual(arr(plan.resources[0]!.load), [10, 15, 0]);
    close(plan.totals.objective, 4 * 25);
    const note = plan.notes.find((n) => n.code === "load-before-horizon");
    assert.ok(note, "a note says how the first period's production is limited");
    assert.match(note.message, /R \(lead offset 1\): production in 2026-01 of A loads it before the first plan period; the capacity there is taken as the first period's/);
    // Demand 30, 0, 0 with lead 1: p_0 loads the month before the plan, limited to 10 (no free pre-build).
    const front = problem([entity("A", { demand: [30, 0, 0], routing: [{ resource: "R", perUnit: 1, leadOffset: 1 }] })], [resource("R", [10, 15, 0])]);
    const pf = solveSupplyProblem(front, solver);
    assert.deepEqual(arr(one(pf, "A").production), [10, 0, 0]);
    assert.deepEqual(arr(one(pf, "A").served), [10, 0, 0]);
    // With lead 0 the same capacity would force a pre-build: period 2 has no capacity.
    const lead0 = problem([entity("A", { demand: [0, 10, 15], routing: [{ resource: "R", perUnit: 1, leadOffset: 0 }] })], [resource("R", [10, 15, 0])]);
    const p0 = solveSupplyProblem(lead0, solver);
    assert.deepEqual(arr(one(p0, "A").production), [10, 15, 0]);
  });

  it("outsourcing fills a gap when its cost is below the margin plus penalty, within its bound", () => {
    const pb = problem(
      [entity("A", { demand: [30], outsourcingMax: 8, outsourcingCost: 2, routing: [{ resource: "R", perUnit: 1, leadOffset: 0 }] })],
      [resource("R", [20])],
    );
    const plan = solveSupplyProblem(pb, solver);
    assert.deepEqual(arr(one(plan, "A").outsourced), [8]);
    assert.deepEqual(arr(one(plan, "A").unmet), [2]);
    close(plan.totals.outsourcingCost, 16);
    close(plan.totals.objective, 4 * 28 - 2 * 8 - 1 * 2);
  });

  it("on hand covers demand before any production; unrouted production is not capacity-limited", () => {
    const pb = problem([entity("A", { demand: [10, 10], onHand: 15 })], []);
    const plan = solveSupplyProblem(pb, solver);
    assert.deepEqual(arr(one(plan, "A").production), [0, 5]);
    assert.deepEqual(arr(one(plan, "A").inventory), [5, 0]);
    close(plan.totals.fillRate, 1);
  });

  it("the LP: rows and variables of a small case, substituted variables and the objective constant", () => {
    const pb = problem(
      [entity("A", { demand: [1, 2], safetyStock: [0, 3], outsourcingMax: [0, 4], routing: [{ resource: "R", perUnit: 2, leadOffset: 0 }] })],
      [resource("R", [10, 10], { maxOvertime: [1, 0] })],
    );
    const m = buildSupplyModel(pb);
    // p, s, x per period (6) + q in period 2 (SS > 0) + o in period 2 + h in period 1 = 9.
    assert.equal(m.lp.variables.length, 9);
    // bal per period (2) + cap in both periods = 4.
    assert.equal(m.lp.constraints.length, 4);
    // Lost penalty 1 × demand 3 and SS penalty 1 × SS 3 are constants of the objective.
    assert.equal(m.objectiveConstant, -6);
    const lp = supplyLp(pb);
    assert.match(lp, / margin: 5 s_0_0 - 0.5 x_0_0 \+ 5 s_0_1 - 0.5 x_0_1 \+ 0.5 q_0_1 - 45 h_0_0\n/);
    assert.match(lp, / bal_0_0: x_0_0 - p_0_0 \+ s_0_0 = 0/);
    assert.match(lp, / bal_0_1: x_0_1 \+ q_0_1 - x_0_0 - p_0_1 - o_0_1 \+ s_0_1 = 0/);
    assert.match(lp, / cap_0_0: 2 p_0_0 - h_0_0 <= 10/);
    assert.match(lp, / s_0_1 <= 2\n q_0_1 <= 3\n o_0_1 <= 4\n h_0_0 <= 1\n/);
    assert.match(lp, /\\ entity 0: A/);
    assert.match(lp, /plan objective = LP objective - 6\n/);
    const back = buildSupplyModel({ ...pb, unmet: "backlog" });
    const blp = writeLp(back.lp).text;
    // B_t: −backlog penalty − margin_t + margin_{t+1}; rows: balance of I − B, and sales ≥ 0.
    assert.match(blp, / margin: - 0.5 B_0_0 - 0.5 x_0_0 - 4.5 B_0_1/);
    assert.match(blp, / bal_0_1: x_0_1 \+ q_0_1 - B_0_1 - x_0_0 \+ B_0_0 - p_0_1 - o_0_1 = -2/);
    assert.match(blp, / blg_0_1: B_0_1 - B_0_0 <= 2/);
    assert.equal(back.objectiveConstant, 4 * 3 - 3);
  });
});

describe("supply: statuses other than optimal and failures never throw", () => {
  const pb = problem([entity("A", { demand: [5, 5], routing: [{ resource: "R", perUnit: 1, leadOffset: 0 }] })], [resource("R", [10, 10])]);

  it("an infeasible answer gives zeros and an explanation naming the constraint sets", () => {
    const plan = solveSupplyProblem(pb, fakeSolver({ status: "Infeasible", message: "Infeasible", objective: 0, values: new Map() }));
    assert.equal(plan.status, "Infeasible");
    assert.match(plan.explanation, /inventory balance/);
    assert.match(plan.explanation, /capacity/);
    assert.match(plan.explanation, /negative capacity, demand and stock/);
    assert.deepEqual(arr(one(plan, "A").production), [0, 0]);
    close(plan.totals.demand, 10);
    assert.equal(plan.totals.fillRate, 0);
    assert.ok(plan.notes.some((n) => n.severity === "error" && n.code === "solver"));
    noNaN(plan);
  });

  it("a solver that throws gives status Error with its message", () => {
    const plan = solveSupplyProblem(pb, fakeSolver(() => { throw new Error("wasm out of memory"); }));
    assert.equal(plan.status, "Error");
    assert.match(plan.explanation, /wasm out of memory/);
    noNaN(plan);
  });

  it("unbounded and limit statuses are explained", () => {
    const u = solveSupplyProblem(pb, fakeSolver({ status: "Unbounded", message: "Unbounded", objective: 0, values: new Map() }));
    assert.match(u.explanation, /unbounded/);
    const l = solveSupplyProblem(pb, fakeSolver({ status: "Limit reached", message: "Time limit reached", objective: 0, values: new Map() }));
    assert.match(l.explanation, /limit/);
    assert.match(l.explanation, /Time limit reached/);
  });

  it("NaN, negative and missing values in a problem are replaced by 0 and reported; values read back are cleaned", () => {
    const bad = problem(
      [entity("A", { demand: [Number.NaN, -5], onHand: -3, holding: -1, routing: [{ resource: "R", perUnit: -1, leadOffset: 0 }] })],
      [resource("R", [-10, Number.NaN])],
    );
    const solver = fakeSolver({ status: "Optimal", message: "", objective: 0, values: new Map([["p_0_0", -1e-12], ["s_0_0", Number.NaN], ["x_0_0", 3]]) });
    const plan = solveSupplyProblem(bad, solver);
    assert.equal(plan.status, "Optimal");
    assert.doesNotMatch(solver.lp, /NaN|Infinity/);
    assert.deepEqual(arr(one(plan, "A").demand), [0, 0]);
    assert.deepEqual(arr(one(plan, "A").production), [0, 0]);
    assert.deepEqual(arr(one(plan, "A").inventory), [3, 0]);
    for (const code of ["negative-demand", "negative-capacity", "negative-stock", "bad-value", "negative-hours"]) {
      assert.ok(plan.notes.some((n) => n.code === code), code);
    }
    noNaN(plan);
  });

  it("an empty problem is an empty, optimal plan (the solver is not called)", () => {
    const solver = fakeSolver(() => { throw new Error("not to be called"); });
    const plan = solveSupplyProblem({ periods: ["2026-01"], level: "family", unmet: "lost", entities: [], resources: [] }, solver);
    assert.equal(plan.status, "Optimal");
    assert.equal(plan.totals.fillRate, 1);
    assert.equal(solver.lp, "");
  });
});
