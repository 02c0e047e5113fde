import assert from "node:assert/strict";
import { compareStrategies, productionStrategy } from "../../../src/engine/scenario/productionStrategy";
import type { StrategyPlan } from "../../../src/engine/scenario/types";
import { planSupply } from "../../../src/engine/supply/supplyPlan";
import { buildSupplyProblem } from "../../../src/engine/supply/supplyProblem";
import type { LpSolver, SupplyPlanInput, SupplyProblem } from "../../../src/engine/supply/types";
import { loadHighsSolver } from "../../../src/solver/highsSolver";

const close = (a: number, b: number, what = "", tol = 1e-6): void => {
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what}: ${a} ≉ ${b}`);
};
const arr = (a: Float64Array): number[] => [...a].map((x) => Math.round(x * 1e6) / 1e6);

/**
 * One family F (item A), 3 months: demand 300, 100, 200; on hand 50, safety stock 50; price 10,
 * unit cost 6 (holding 2 % × 6 = 0.12 per unit and month); 1 h per unit on R, 200 h a month
 * (efficiency 1); default settings (overtime up to 10 % = 20 h at 45 € per hour).
 */
const INPUT: SupplyPlanInput = {
  periods: ["2027-01", "2027-02", "2027-03"],
  items: [{ item: "A", family: "F", consensus: Float64Array.from([300, 100, 200]) }],
  capacity: {
    table: { kind: "month", periods: ["2027-01", "2027-02", "2027-03"], keys: ["R"], attributeNames: [], attributes: [[]], values: Float64Array.from([200, 200, 200]) },
    efficiency: Float64Array.from([1]),
    units: ["hours"],
  },
  resources: [{ item: null, family: "F", resource: "R", perUnit: 1, leadOffset: 0 }],
  inventory: [{ item: "A", onHand: 50, safetyStock: 50, targetDays: null }],
  prices: [{ item: "A", price: 10, unitCost: 6, period: null }],
};

const noNaN = (s: StrategyPlan): void => {
  for (const v of Object.values(s.totals)) assert.ok(Number.isFinite(v), s.strategy);
  for (const e of s.entities) for (const a of [e.production, e.served, e.unmet, e.inventory]) assert.ok([...a].every(Number.isFinite));
};

describe("scenario: production strategies, level vs chase vs optimal by hand", function () {
  this.timeout(20000);
  let solver: LpSolver;
  before(async () => {
    solver = await loadHighsSolver();
  });

  it("level: (600 + 50 − 50) / 3 = 200 a month; 50 lost in January; holding 0.12 × 200", () => {
    const s = productionStrategy(INPUT, "level");
    const f = s.entities[0]!;
    assert.deepEqual(arr(f.production), [200, 200, 200]);
    assert.deepEqual(arr(f.served), [250, 100, 200]);
    assert.deepEqual(arr(f.unmet), [50, 0, 0]);
    assert.deepEqual(arr(f.inventory), [0, 100, 100]);
    const t = s.totals;
    close(t.fillRate, 550 / 600, "fill rate");
    close(t.unmetUnits, 50, "unmet");
    close(t.holdingCost, 0.12 * 200, "holding");
    close(t.peakUtilisation, 1, "peak");
    close(t.averageUtilisation, 1, "average");
    close(t.overtimeHours, 0, "overtime");
    assert.equal(t.shortages, 0);
    close(t.revenue, 5500, "revenue");
    close(t.margin, 5500 - 3300 - 24, "margin");
    close(t.endingInventoryValue, 600, "ending inventory value");
    close(t.averageInventory, 200 / 3, "average inventory");
    noNaN(s);
  });

  it("chase: production = demand (stock kept at safety stock): 300, 100, 200; January 100 h over → 4,500 of overtime", () => {
    const s = productionStrategy(INPUT, "chase");
    const f = s.entities[0]!;
    assert.deepEqual(arr(f.production), [300, 100, 200]);
    assert.deepEqual(arr(f.served), [300, 100, 200]);
    assert.deepEqual(arr(f.inventory), [50, 50, 50]);
    const t = s.totals;
    close(t.fillRate, 1, "fill rate");
    close(t.holdingCost, 0.12 * 150, "holding");
    close(t.peakUtilisation, 1.5, "peak");
    assert.deepEqual(s.peak, { resource: "R", period: "2027-01" });
    close(t.averageUtilisation, 1, "average");
    close(t.overtimeHours, 100, "overtime needed");
    close(t.overtimeCost, 4500, "overtime cost");
    assert.equal(t.shortages, 1);
    close(t.margin, 6000 - 3600 - 18 - 4500, "margin");
    noNaN(s);
  });

  it("optimal (LP): 200, 150, 200; 50 lost in January (overtime at 45 € does not pay for a margin of 4 + penalty 1)", () => {
    const plan = planSupply(INPUT, solver);
    const s = productionStrategy(INPUT, "optimal", { plan });
    const f = s.entities[0]!;
    assert.deepEqual(arr(f.production), [200, 150, 200]);
    assert.deepEqual(arr(f.served), [250, 100, 200]);
    assert.deepEqual(arr(f.inventory), [0, 50, 50]);
    const t = s.totals;
    close(t.fillRate, 550 / 600, "fill rate");
    close(t.holdingCost, 0.12 * 100, "holding");
    close(t.peakUtilisation, 1, "peak");
    close(t.averageUtilisation, 550 / 600, "average");
    close(t.overtimeHours, 0, "overtime");
    close(t.margin, 5500 - 3300 - 12, "margin");
    noNaN(s);
    // The same with the solver instead of a plan.
    close(productionStrategy(INPUT, "optimal", { solver }).totals.margin, 2188, "margin via solver");
  });

  it("side by side: optimal has the best margin, chase the best fill rate and the overload", () => {
    const c = compareStrategies(INPUT, undefined, planSupply(INPUT, solver));
    assert.deepEqual(
      [c.level, c.chase, c.optimal!].map((s) => [s.strategy, Math.round(s.totals.margin), Math.round(s.totals.fillRate * 1000) / 1000, s.totals.peakUtilisation]),
      [
        ["level", 2176, 0.917, 1],
        ["chase", -2118, 1, 1.5],
        ["optimal", 2188, 0.917, 1],
      ],
    );
    assert.match(c.level.rule, /^Level: the same production every month/);
  });

  it("the baseline's problem built once: planSupply hands it over unchanged by the solve, and the strategies from it are the same", () => {
    const seen: SupplyProblem[] = [];
    const plan = planSupply(INPUT, solver, undefined, (p) => seen.push(p));
    assert.equal(seen.length, 1);
    assert.deepStrictEqual(seen[0], buildSupplyProblem(INPUT).problem);
    assert.deepStrictEqual(compareStrategies(INPUT, undefined, plan, undefined, seen[0]), compareStrategies(INPUT, undefined, plan));
    // A problem that cannot be built: no hand-over, and the plan says why.
    const none: SupplyProblem[] = [];
    const bad = planSupply({ ...INPUT, items: null as unknown as SupplyPlanInput["items"] }, solver, undefined, (p) => none.push(p));
    assert.equal(none.length, 0);
    assert.equal(bad.status, "Error");
  });

  it("without a solver or plan, optimal is empty with the reason", () => {
    const s = productionStrategy(INPUT, "optimal");
    assert.equal(s.entities.length, 0);
    assert.match(s.note, /needs the LP solver/);
    assert.equal(compareStrategies(INPUT, undefined, null).optimal, null);
  });

  it("backlog mode: level carries the shortfall as backlog and serves it later", () => {
    const s = productionStrategy(INPUT, "level", { settings: { unmet: "backlog" } });
    const f = s.entities[0]!;
    assert.deepEqual(arr(f.served), [250, 150, 200]);
    assert.deepEqual(arr(f.unmet), [50, 0, 0]);
    assert.deepEqual(arr(f.inventory), [0, 50, 50]);
    close(s.totals.unmetUnits, 0, "backlog left at the end");
    close(s.totals.fillRate, 1, "fill rate");
  });
});
