import assert from "node:assert/strict";
import type { CapacityInput, InventoryRow, PriceRow, ResourceRow } from "../../../src/engine/inputs";
import { resolveSupplySettings } from "../../../src/engine/supply/settings";
import { buildSupplyProblem } from "../../../src/engine/supply/supplyProblem";
import { planSupply } from "../../../src/engine/supply/supplyPlan";
import type { LpSolver, SupplyPlanInput } from "../../../src/engine/supply/types";
import { loadHighsSolver } from "../../../src/solver/highsSolver";
import { arr, close } from "./helpers";

const P = ["2026-01", "2026-02"];
const capacity = (rows: readonly [string, "hours" | "units", number, readonly number[]][], periods: readonly string[] = P): CapacityInput => ({
  table: {
    kind: "month",
    periods,
    keys: rows.map((r) => r[0]),
    attributeNames: [],
    attributes: rows.map(() => []),
    values: Float64Array.from(rows.flatMap((r) => [...r[3]])),
  },
  units: rows.map((r) => r[1]),
  efficiency: Float64Array.from(rows.map((r) => r[2])),
});
const line = (item: string | null, family: string | null, resource: string, perUnit: number, leadOffset = 0): ResourceRow => ({ item, family, resource, perUnit, leadOffset });
const inv = (item: string, onHand: number, safetyStock: number | null, targetDays: number | null = null): InventoryRow => ({ item, onHand, safetyStock, targetDays });
const price = (item: string, p: number, unitCost: number | null, period: string | null = null): PriceRow => ({ item, price: p, unitCost, period });

/** Two items of family F: A1 demand 30 a month, A2 10 a month; A2 has its own routing. */
const base = (): SupplyPlanInput => ({
  periods: P,
  items: [
    { item: "A1", family: "F", consensus: Float64Array.from([30, 30]) },
    { item: "A2", family: "F", consensus: Float64Array.from([10, 10]) },
  ],
  capacity: capacity([
    ["R1", "hours", 0.8, [100, 100]],
    ["R2", "units", 1, [50, 50]],
  ]),
  resources: [line(null, "F", "R1", 1), line("A2", "F", "R1", 3), line("A2", "F", "R2", 2, 1)],
  inventory: [inv("A1", 5, 4), inv("A2", 3, null, 30)],
  prices: [price("A1", 10, 6), price("A2", 20, 10), price("A1", 14, 6, "2026-02")],
});

describe("supply: problem from the engine's inputs", () => {
  it("family level: sums, demand-weighted routing (an item's own lines replace its family's), prices, safety stock from days", () => {
    const { problem, notes, settings } = buildSupplyProblem(base());
    assert.equal(problem.level, "family");
    assert.equal(problem.entities.length, 1);
    const f = problem.entities[0]!;
    assert.equal(f.key, "F");
    assert.equal(f.items, 2);
    assert.deepEqual(arr(f.demand), [40, 40]);
    assert.equal(f.onHand, 8);
    // A1 4 units; A2 30 days × demand of the next 3 periods (in the horizon) / their days.
    assert.deepEqual(arr(f.safetyStock), arr(Float64Array.from([4 + (30 * 20) / (31 + 28), 4 + (30 * 10) / 28])));
    // R1: 0.75 × 1 (A1, family line) + 0.25 × 3 (A2's own line); R2 at lead 1: 0.25 × 2.
    const r1 = f.routing.find((l) => l.resource === "R1")!;
    const r2 = f.routing.find((l) => l.resource === "R2")!;
    close(r1.perUnit, 1.5);
    assert.equal(r1.leadOffset, 0);
    close(r2.perUnit, 0.5);
    assert.equal(r2.leadOffset, 1);
    // Prices weighted by the period's demand; A1 has a February price.
    assert.deepEqual(arr(f.price), [12.5, 15.5]);
    assert.deepEqual(arr(f.unitCost), [7, 7]);
    // Default costs: holding 2 % of unit cost, lost penalty 10 % of price, SS penalty 50 % of unit cost.
    assert.deepEqual(arr(f.holdingCost), [0.14, 0.14]);
    assert.deepEqual(arr(f.unmetPenalty), [1.25, 1.55]);
    assert.deepEqual(arr(f.safetyStockPenalty), [3.5, 3.5]);
    assert.deepEqual(arr(f.outsourcingMax), [0, 0]);
    // Capacity × efficiency; overtime 10 % of available hours, none on a units resource.
    const [R1, R2] = problem.resources;
    assert.deepEqual(arr(R1!.available), [80, 80]);
    assert.deepEqual(arr(R1!.maxOvertime), [8, 8]);
    assert.deepEqual(arr(R1!.overtimeCost), [45, 45]);
    assert.deepEqual(arr(R2!.maxOvertime), [0, 0]);
    assert.ok(notes.some((n) => n.code === "safety-stock-from-days"));
    assert.ok(settings.every((s) => s.source === "default"));
    assert.deepEqual(
      settings.map((s) => [s.name, s.value]),
      [["level", "family"], ["unmet", "lost"], ["holdingRate", 0.02], ["unmetPenaltyRate", 0.1], ["backlogPenaltyRate", 0.05], ["safetyStockPenaltyRate", 0.5], ["overtimeCostPerHour", 45], ["overtimeShare", 0.1], ["outsourcingCostRate", 0.25]],
    );
  });

  it("item level: one entity per item with its own routing, price and stock", () => {
    const { problem } = buildSupplyProblem(base(), { level: "item", unmet: "backlog" });
    assert.equal(problem.unmet, "backlog");
    assert.deepEqual(problem.entities.map((e) => e.key), ["A1", "A2"]);
    const [a1, a2] = problem.entities;
    assert.deepEqual(a1!.routing, [{ resource: "R1", perUnit: 1, leadOffset: 0 }]);
    assert.deepEqual(a2!.routing, [{ resource: "R1", perUnit: 3, leadOffset: 0 }, { resource: "R2", perUnit: 2, leadOffset: 1 }]);
    assert.deepEqual(arr(a1!.price), [10, 14]);
    assert.deepEqual(arr(a2!.backlogPenalty), [1, 1]);
    assert.equal(a2!.onHand, 3);
  });

  it("settings override the defaults; weekly periods scale the monthly holding rate; bad settings fall back and are reported", () => {
    const { problem, settings } = buildSupplyProblem(base(), { holdingRate: 0.03, overtimeShare: 0.2, overtimeCostPerHour: 60 });
    close(problem.entities[0]!.holdingCost[0]!, 0.21);
    assert.deepEqual(arr(problem.resources[0]!.maxOvertime), [16, 16]);
    assert.deepEqual(arr(problem.resources[0]!.overtimeCost), [60, 60]);
    assert.equal(settings.find((s) => s.name === "holdingRate")!.source, "set");
    const weekly = { ...base(), periods: ["2026-W01", "2026-W02"], capacity: null, prices: [price("A1", 10, 6), price("A2", 20, 10)] };
    close(buildSupplyProblem(weekly).problem.entities[0]!.holdingCost[0]!, (0.02 * 7 * 12) / 52);
    const r = resolveSupplySettings({ holdingRate: -1, unmet: "later" as "lost" });
    assert.equal(r.settings.holdingRate, 0.02);
    assert.equal(r.settings.unmet, "lost");
    assert.equal(r.notes.filter((n) => n.code === "bad-setting").length, 2);
  });

  it("overtime and outsourcing options (scenario levers) apply to their scope and period range", () => {
    const input: SupplyPlanInput = {
      ...base(),
      overtime: [{ resource: "R2", from: "2026-02", to: null, maxPerPeriod: 7, costPerHour: 30 }],
      outsourcing: [{ scope: "F", from: null, to: "2026-01", maxUnits: 12, costPerUnit: null }, { scope: "Nope", from: null, to: null, maxUnits: 1, costPerUnit: 1 }],
    };
    const fam = buildSupplyProblem(input);
    assert.deepEqual(arr(fam.problem.resources[1]!.maxOvertime), [0, 7]);
    assert.deepEqual(arr(fam.problem.resources[1]!.overtimeCost), [45, 30]);
    assert.deepEqual(arr(fam.problem.entities[0]!.outsourcingMax), [12, 0]);
    close(fam.problem.entities[0]!.outsourcingCost[0]!, 0.25 * 7);
    assert.ok(fam.notes.some((n) => n.code === "unknown-scope" && /Nope/.test(n.message)));
    // At item level the family's allowance is split by demand: 3/4 and 1/4.
    const items = buildSupplyProblem(input, { level: "item" });
    assert.deepEqual(items.problem.entities.map((e) => e.outsourcingMax[0]), [9, 3]);
  });

  it("capacity periods are matched by key; a blank leaves the period unconstrained (reported)", () => {
    const input = { ...base(), capacity: capacity([["R1", "hours", 1, [Number.NaN, 90, 100]]], ["2025-12", "2026-01", "2026-02"]) };
    const { problem, notes } = buildSupplyProblem(input);
    assert.deepEqual(arr(problem.resources[0]!.available), [90, 100]);
    const blank = buildSupplyProblem({ ...base(), capacity: capacity([["R1", "hours", 1, [Number.NaN, 100]]]) });
    assert.deepEqual(blank.problem.resources[0]!.known, [false, true]);
    assert.ok(blank.notes.some((n) => n.code === "unknown-capacity" && /R1 \(2026-01\)/.test(n.message)));
    assert.ok(notes.some((n) => n.code === "resource-without-capacity" && /R2/.test(n.message)));
  });
});

describe("supply: bad input is reported, never thrown (HiGHS)", function () {
  this.timeout(20000);
  let solver: LpSolver;
  before(async () => {
    solver = await loadHighsSolver();
  });

  it("zero capacity: nothing produced on it, demand served from stock, solved", () => {
    const input = { ...base(), capacity: capacity([["R1", "hours", 1, [0, 0]], ["R2", "units", 1, [0, 0]]]) };
    const plan = planSupply(input, solver);
    assert.equal(plan.status, "Optimal");
    assert.deepEqual(arr(plan.entities[0]!.production), [0, 0]);
    close(plan.entities[0]!.served.reduce((a, b) => a + b, 0), 8); // the 8 on hand, sold when the margin is best
    assert.deepEqual(arr(plan.resources[0]!.maxOvertime), [0, 0]);
    close(plan.totals.fillRate, 8 / 80);
    assert.ok(plan.notes.some((n) => n.code === "zero-capacity"));
  });

  it("negative hours per unit: the line is ignored and reported; the plan is solved", () => {
    const input = { ...base(), resources: [line(null, "F", "R1", 1), line("A2", "F", "R1", -3)] };
    const plan = planSupply(input, solver);
    assert.equal(plan.status, "Optimal");
    const note = plan.notes.find((n) => n.code === "negative-hours");
    assert.ok(note);
    assert.match(note.message, /A2 on R1 \(-3\)/);
    // A2 falls back to its family's line: 1 h/unit on R1 for both items.
    close(buildSupplyProblem(input).problem.entities[0]!.routing[0]!.perUnit, 1);
  });

  it("missing prices: margin 0, still solved, demand still served, reported", () => {
    const plan = planSupply({ ...base(), prices: [] }, solver);
    assert.equal(plan.status, "Optimal");
    close(plan.totals.revenue, 0);
    close(plan.totals.grossMargin, 0);
    close(plan.totals.fillRate, 1);
    const note = plan.notes.find((n) => n.code === "missing-price");
    assert.ok(note);
    assert.match(note.message, /2 items without a price \(A1, A2\)/);
    assert.match(note.message, /margin 0/);
  });

  it("negative capacity, demand and stock, NaN and unknown rows: replaced, reported, solved", () => {
    const input: SupplyPlanInput = {
      ...base(),
      items: [
        { item: "A1", family: "F", consensus: Float64Array.from([-30, Number.NaN]) },
        { item: "A2", family: "F", consensus: Float64Array.from([10, 10]) },
      ],
      capacity: capacity([["R1", "hours", 1, [-5, 100]], ["R2", "units", Number.NaN, [50, 50]]]),
      inventory: [inv("A1", -5, -1), inv("ZZ", 3, 1)],
      prices: [price("A1", -10, 6), price("A2", 20, null)],
      resources: [line(null, "F", "R1", Number.NaN), line(null, "F", "R2", 1, -1), line("GHOST", null, "R1", 1)],
    };
    const plan = planSupply(input, solver);
    assert.equal(plan.status, "Optimal");
    for (const code of ["negative-demand", "bad-value", "negative-capacity", "negative-stock", "negative-hours", "bad-lead-offset", "ignored-rows", "missing-unit-cost"]) {
      assert.ok(plan.notes.some((n) => n.code === code), code);
    }
    assert.match(plan.notes.find((n) => n.code === "missing-unit-cost")!.message, /1 item with a price but no unit cost \(A2\)\. They get their family's demand-weighted mean unit cost/);
    assert.deepEqual(arr(plan.entities[0]!.demand), [10, 10]);
    for (const e of plan.entities) for (const a of [e.production, e.served, e.inventory]) assert.ok([...a].every(Number.isFinite));
    assert.ok(Object.values(plan.totals).every(Number.isFinite));
  });

  it("no items at all, no capacity: an empty optimal plan", () => {
    const plan = planSupply({ periods: P, items: [], capacity: null, resources: [], inventory: [], prices: [] }, solver);
    assert.equal(plan.status, "Optimal");
    assert.equal(plan.entities.length, 0);
    assert.equal(plan.totals.fillRate, 1);
  });

  it("the plan from the engine's inputs carries its settings and respects capacity", () => {
    const plan = planSupply(base(), solver);
    assert.equal(plan.status, "Optimal");
    assert.equal(plan.settings.length, 9);
    const r1 = plan.resources.find((r) => r.resource === "R1")!;
    for (let t = 0; t < 2; t++) assert.ok(r1.load[t]! <= r1.available[t]! + r1.overtime[t]! + 1e-6);
    assert.ok(plan.solver.startsWith("HiGHS"));
    assert.ok(plan.size.variables > 0 && plan.size.constraints > 0 && plan.size.nonZeros > 0);
  });
});
