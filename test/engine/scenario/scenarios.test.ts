import assert from "node:assert/strict";
import type { CapacityInput, PriceRow, ResourceRow } from "../../../src/engine/inputs";
import { applyScenario } from "../../../src/engine/scenario/applyLevers";
import { parseLevers } from "../../../src/engine/scenario/levers";
import { recommendScenario } from "../../../src/engine/scenario/recommend";
import { leverContextOf, runScenarios } from "../../../src/engine/scenario/runScenarios";
import type { ScenarioBaseline, ScenarioComparison, ScenarioMetrics, ScenarioResult, ScenarioRow } from "../../../src/engine/scenario/types";
import { buildSupplyProblem } from "../../../src/engine/supply/supplyProblem";
import { planSupply } from "../../../src/engine/supply/supplyPlan";
import type { LpSolver, SupplyPlan, SupplySettings } from "../../../src/engine/supply/types";
import { loadHighsSolver } from "../../../src/solver/highsSolver";

const close = (a: number, b: number, what = "", tol = 1e-6): void => {
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what}: ${a} ≉ ${b}`);
};
const arr = (a: Float64Array): number[] => [...a].map((x) => Math.round(x * 1e6) / 1e6);

const P = ["2027-01", "2027-02", "2027-03"];
const capacity = (rows: readonly [string, "hours" | "units", number, readonly number[]][]): CapacityInput => ({
  table: { kind: "month", periods: P, keys: rows.map((r) => r[0]), attributeNames: [], attributes: rows.map(() => []), values: Float64Array.from(rows.flatMap((r) => [...r[3]])) },
  units: rows.map((r) => r[1]),
  efficiency: Float64Array.from(rows.map((r) => r[2])),
});
const line = (family: string, resource: string, perUnit: number): ResourceRow => ({ item: null, family, resource, perUnit, leadOffset: 0 });
const price = (item: string, p: number, unitCost: number | null, period: string | null = null): PriceRow => ({ item, price: p, unitCost, period });

/**
 * The hand-computed baseline. Pumps: P1 100 a month (price 100, cost 60), P2 50 (200, 100); Valves:
 * V1 80 a month (50, 30). WC-20 Machining 300 h a month (efficiency 1): pumps 1 h, valves 2 h, so
 * the load 150 + 160 = 310 h is 10 h over; MAT-Castings 1,000 units (1 per pump). No stock, no
 * overtime (setting 0). Pumps earn 60 per hour (family mean price 133.33, cost 73.33), valves 10 per
 * hour: the plan serves all pumps and 75 valves a month. Revenue 3 × (20,000 + 3,750) = 71,250;
 * margin 3 × (9,000 + 1,500) = 31,500; unmet 15; fill rate 675 / 690.
 */
const baseline = (): ScenarioBaseline => ({
  periods: P,
  items: [
    { item: "P1", family: "Pumps", consensus: Float64Array.from([100, 100, 100]) },
    { item: "P2", family: "Pumps", consensus: Float64Array.from([50, 50, 50]) },
    { item: "V1", family: "Valves", consensus: Float64Array.from([80, 80, 80]) },
  ],
  capacity: capacity([
    ["WC-20 Machining", "hours", 1, [300, 300, 300]],
    ["MAT-Castings", "units", 1, [1000, 1000, 1000]],
  ]),
  resources: [line("Pumps", "WC-20 Machining", 1), line("Pumps", "MAT-Castings", 1), line("Valves", "WC-20 Machining", 2)],
  inventory: [
    { item: "P1", onHand: 0, safetyStock: 0, targetDays: null },
    { item: "P2", onHand: 0, safetyStock: 0, targetDays: null },
    { item: "V1", onHand: 0, safetyStock: 0, targetDays: null },
  ],
  prices: [price("P1", 100, 60), price("P2", 200, 100), price("V1", 50, 30)],
});
const SETTINGS: SupplySettings = { overtimeShare: 0 };

const row = (scenario: string, lever: string, scope: string, from: string | null, to: string | null, value: number | string, notes: string | null = null): ScenarioRow => ({ scenario, lever, scope, from, to, value, notes });

/** Parses rows against the baseline (drivers growth 4, inflation 2.5) and applies the one scenario. */
function adjust(rows: ScenarioRow[], base = baseline()) {
  const parsed = parseLevers(rows, leverContextOf(base, { growth: 4, inflation: 2.5 }));
  assert.deepEqual(
    parsed.issues.filter((i) => i.severity !== "info"),
    [],
  );
  return applyScenario(base, parsed.scenarios[0]!.levers);
}

/** A snapshot of the baseline's numbers, to prove it is never modified. */
const snapshot = (b: ScenarioBaseline): string =>
  JSON.stringify({ items: b.items.map((i) => [i.item, [...i.consensus]]), cap: [...(b.capacity?.table.values ?? [])], prices: b.prices, ot: b.overtime ?? [], os: b.outsourcing ?? [] });

describe("scenario: levers applied, hand-computed (HiGHS)", function () {
  this.timeout(20000);
  let solver: LpSolver;
  const plan = (b: ScenarioBaseline): SupplyPlan => {
    const p = planSupply(b, solver, SETTINGS);
    assert.equal(p.status, "Optimal", p.explanation);
    return p;
  };
  before(async () => {
    solver = await loadHighsSolver();
  });

  it("the baseline as computed by hand", () => {
    const p = plan(baseline());
    close(p.totals.revenue, 71250, "revenue");
    close(p.totals.margin, 31500, "margin");
    close(p.totals.unmetUnits, 15, "unmet");
    close(p.totals.fillRate, 675 / 690, "fill rate");
  });

  it("demand %: Pumps +10 % in Feb–Mar → P1 110, P2 55 there; valves lose 12.5 h-worth a month: unmet 30, revenue 74,500", () => {
    const base = baseline();
    const before = snapshot(base);
    const a = adjust([row("S", "demand %", "Pumps", "2027-02", "2027-03", 10)], base);
    assert.deepEqual(arr(a.input.items[0]!.consensus), [100, 110, 110]);
    assert.deepEqual(arr(a.input.items[1]!.consensus), [50, 55, 55]);
    assert.equal(a.input.items[2], base.items[2], "untouched items are shared");
    assert.equal(snapshot(base), before, "the baseline is not modified");
    assert.match(a.applied[0]!.summary, /Pumps demand \+10 % in 2027-02 … 2027-03: \+30 units/);
    const p = plan(a.input);
    // Feb, Mar: pumps 165 h, valves (300 − 165) / 2 = 67.5 → unmet 5 + 12.5 + 12.5.
    close(p.totals.unmetUnits, 30, "unmet");
    close(p.totals.revenue, 23750 + 2 * (165 * (400 / 3) + 67.5 * 50), "revenue");
    close(p.totals.revenue, 74500, "revenue");
  });

  it("demand % as a formula: =growth * 1.5 → +6 %", () => {
    const a = adjust([row("S", "demand %", "Pumps", "2027-02", "2027-02", "=growth * 1.5")]);
    assert.deepEqual(arr(a.input.items[0]!.consensus), [100, 106, 100]);
  });

  it("demand units: +60 Pumps in January, split 2:1 by consensus → P1 140, P2 70; unmet 45, revenue 77,750", () => {
    const a = adjust([row("S", "demand units", "Pumps", "2027-01", "2027-01", 60)]);
    assert.deepEqual(arr(a.input.items[0]!.consensus), [140, 100, 100]);
    assert.deepEqual(arr(a.input.items[1]!.consensus), [70, 50, 50]);
    const p = plan(a.input);
    // January: pumps 210 h, valves 45 (unmet 35); Feb, Mar unmet 5 each.
    close(p.totals.unmetUnits, 45, "unmet");
    close(p.totals.revenue, 210 * (400 / 3) + 45 * 50 + 2 * 23750, "revenue");
    close(p.totals.revenue, 77750, "revenue");
  });

  it("demand units: spread equally when the scope's consensus is zero; never below zero", () => {
    const base = baseline();
    const zero: ScenarioBaseline = { ...base, items: [...base.items, { item: "A1", family: "Accessories", consensus: new Float64Array(3) }, { item: "A2", family: "Accessories", consensus: new Float64Array(3) }] };
    const a = adjust([row("S", "demand units", "Accessories", "2027-03", null, 10)], zero);
    assert.deepEqual(arr(a.input.items[3]!.consensus), [0, 0, 5]);
    assert.deepEqual(arr(a.input.items[4]!.consensus), [0, 0, 5]);
    const parsed = parseLevers([row("S", "demand units", "Valves", null, null, -100)], leverContextOf(base));
    const b = applyScenario(base, parsed.levers);
    assert.deepEqual(arr(b.input.items[2]!.consensus), [0, 0, 0]);
    assert.deepEqual(
      b.issues.map((i) => i.code),
      ["clamped"],
    );
  });

  it("capacity hours: +20 h on WC-20 (before efficiency) at 45 € per hour → everything served; fixed cost 2,700", () => {
    const base = baseline();
    const before = snapshot(base);
    const a = adjust([row("S", "capacity hours", "WC-20 Machining", null, null, 20, "Second shift; cost 45 € per hour")], base);
    assert.deepEqual(arr(a.input.capacity!.table.values), [320, 320, 320, 1000, 1000, 1000]);
    assert.equal(snapshot(base), before, "the baseline is not modified");
    close(a.fixedCost, 20 * 3 * 45, "fixed cost");
    const p = plan(a.input);
    close(p.totals.unmetUnits, 0, "unmet");
    close(p.totals.revenue, 72000, "revenue");
    // Before efficiency: with efficiency 0.9, available = (300 + 20) × 0.9 = 288.
    const eff = baseline();
    const effBase: ScenarioBaseline = { ...eff, capacity: { ...eff.capacity!, efficiency: Float64Array.from([0.9, 1]) } };
    const b = adjust([row("S", "capacity hours", "WC-20", null, null, 20)], effBase);
    const wc = buildSupplyProblem(b.input, SETTINGS).problem.resources.find((r) => r.resource === "WC-20 Machining")!;
    assert.deepEqual(arr(wc.available), [288, 288, 288]);
  });

  it("capacity %: WC-20 −10 % in February → 270 h; valves 60 in February: unmet 30, revenue 70,500", () => {
    const a = adjust([row("S", "capacity %", "WC-20 Machining", "2027-02", "2027-02", -10)]);
    assert.deepEqual(arr(a.input.capacity!.table.values), [300, 270, 300, 1000, 1000, 1000]);
    const p = plan(a.input);
    close(p.totals.unmetUnits, 30, "unmet");
    close(p.totals.revenue, 2 * 23750 + 20000 + 60 * 50, "revenue");
  });

  it("capacity hours and overtime with scope All: every hours resource, not the castings supplier", () => {
    const a = adjust([row("S", "capacity hours", "All", null, null, 5), row("S", "overtime hours", "All", "2027-02", null, 7)]);
    assert.deepEqual(arr(a.input.capacity!.table.values), [305, 305, 305, 1000, 1000, 1000]);
    assert.deepEqual(a.input.overtime, [{ resource: "WC-20 Machining", from: "2027-02", to: null, maxPerPeriod: 7, costPerHour: null }]);
  });

  it("a capacity lever on a resource without a capacity row changes nothing, with a warning", () => {
    const base = baseline();
    const withPaint: ScenarioBaseline = { ...base, resources: [...base.resources, line("Valves", "WC-40 Painting", 0.5)] };
    const parsed = parseLevers([row("S", "capacity hours", "WC-40 Painting", null, null, 50)], leverContextOf(withPaint));
    assert.deepEqual(parsed.issues, []);
    const a = applyScenario(withPaint, parsed.levers);
    assert.deepEqual(arr(a.input.capacity!.table.values), [300, 300, 300, 1000, 1000, 1000]);
    assert.deepEqual(
      a.issues.map((i) => [i.code, i.row]),
      [["no-capacity", 0]],
    );
  });

  it("overtime hours: 10 h a month on WC-20 at 8 € per hour → option; the plan uses 30 h: cost 240, unmet 0, margin 31,560", () => {
    const a = adjust([row("S", "overtime hours", "WC-20 Machining", null, null, 10, "cost 8 € per hour")]);
    assert.deepEqual(a.input.overtime, [{ resource: "WC-20 Machining", from: null, to: null, maxPerPeriod: 10, costPerHour: 8 }]);
    const p = plan(a.input);
    // A valve needs 2 h = 16 € of overtime for a margin of 20 plus the lost-demand penalty of 5.
    close(p.totals.overtimeHours, 30, "overtime hours");
    close(p.totals.overtimeCost, 240, "overtime cost");
    close(p.totals.unmetUnits, 0, "unmet");
    close(p.totals.margin, 31800 - 240, "margin");
  });

  it("outsourcing units: 5 Valves a month at 4 € per unit → option; 15 outsourced, cost 60, margin 31,740", () => {
    const a = adjust([row("S", "outsourcing units", "Valves", null, null, 5, "Subcontractor, cost 4 € per unit")]);
    assert.deepEqual(a.input.outsourcing, [{ scope: "Valves", from: null, to: null, maxUnits: 5, costPerUnit: 4 }]);
    const p = plan(a.input);
    close(p.totals.outsourcedUnits, 15, "outsourced");
    close(p.totals.outsourcingCost, 60, "outsourcing cost");
    close(p.totals.unmetUnits, 0, "unmet");
    close(p.totals.margin, 31800 - 60, "margin");
  });

  it("outsourcing for an item at family level goes to its family", () => {
    const a = adjust([row("S", "outsourcing units", "V1", "2027-02", null, 5)]);
    assert.deepEqual(a.input.outsourcing, [{ scope: "Valves", from: "2027-02", to: null, maxUnits: 5, costPerUnit: null }]);
    assert.deepEqual(
      a.issues.map((i) => [i.code, i.severity]),
      [["not-applied", "info"]],
    );
  });

  it("price %: All +10 % in February only → per-period price rows; 5 valves kept from January for February: margin 33,897", () => {
    const a = adjust([row("S", "price %", "All", "2027-02", "2027-02", 10)]);
    const p1 = a.input.prices.filter((r) => r.item === "P1").map((r) => [r.period, Math.round(r.price * 1e6) / 1e6, r.unitCost]);
    assert.deepEqual(p1, [
      ["2027-01", 100, 60],
      ["2027-02", 110, 60],
      ["2027-03", 100, 60],
    ]);
    const p = plan(a.input);
    // February's prices are 10 % higher. A valve sold in February earns 25 + a lost-demand penalty of 5.5
    // against 20 + 5 in January, for 0.6 of holding: the plan sells 5 fewer valves in January and carries
    // them into February (valves served 70, 80, 75). Revenue 71,250 + 2,375 (February × 1.1) + 25 (5 valves
    // at 55 instead of 50); gross margin 10,400 + 13,000 + 10,500 = 33,900, less holding 5 × 0.6.
    assert.deepEqual(arr(p.entities.find((e) => e.key === "Valves")!.served), [70, 80, 75]);
    close(p.totals.revenue, 71250 + 0.1 * 23750 + 25, "revenue");
    close(p.totals.margin, 33900 - 3, "margin");
  });

  it("unit cost %: Valves +50 % over the whole horizon → the row is scaled in place; margin 31,500 − 225 × 15", () => {
    const base = baseline();
    const a = adjust([row("S", "unit cost %", "Valves", null, null, 50)], base);
    assert.deepEqual(
      a.input.prices.filter((r) => r.item === "V1"),
      [{ item: "V1", price: 50, unitCost: 45, period: null }],
    );
    assert.equal(base.prices[2]!.unitCost, 30, "the baseline is not modified");
    const p = plan(a.input);
    close(p.totals.margin, 31500 - 225 * 15, "margin");
  });

  it("production strategy: the scenario's strategy; none = optimal", () => {
    assert.equal(adjust([row("S", "production strategy", "All", null, null, "chase")]).strategy, "chase");
    assert.equal(adjust([row("S", "demand %", "All", null, null, 1)]).strategy, "optimal");
  });
});

describe("scenario: running and comparing scenarios (HiGHS)", function () {
  this.timeout(20000);
  let solver: LpSolver;
  let cmp: ScenarioComparison;
  const byName = (name: string): ScenarioResult => cmp.scenarios.find((s) => s.name === name)!;
  const ROWS: ScenarioRow[] = [
    row("Add a shift", "capacity hours", "WC-20 Machining", null, null, 20, "cost 45 € per hour"),
    row("Overtime", "overtime hours", "WC-20 Machining", null, null, 10, "cost 8 € per hour"),
    row("Outsource Valves", "outsourcing units", "Valves", null, null, 5, "cost 4 € per unit"),
    row("February prices", "price %", "All", "2027-02", "2027-02", 10),
    row("Level", "production strategy", "All", null, null, "level"),
    row("Broken", "demand %", "Pumpz", null, null, 10),
  ];
  before(async () => {
    solver = await loadHighsSolver();
    const parsed = parseLevers(ROWS, leverContextOf(baseline()));
    cmp = runScenarios(baseline(), parsed.scenarios, solver, { supply: SETTINGS });
  });

  it("the baseline's figures", () => {
    const m = cmp.baseline.metrics!;
    assert.equal(cmp.baseline.status, "ok");
    close(m.revenue, 71250, "revenue");
    close(m.margin, 31500, "margin");
    close(m.marginPct, 31500 / 71250, "margin %");
    close(m.fillRate, 675 / 690, "fill rate");
    close(m.unmetUnits, 15, "unmet");
    close(m.endingInventoryValue, 0, "ending inventory value");
    close(m.averageUtilisation, 1, "average utilisation (hours resources)");
    close(m.peakUtilisation, 1, "peak utilisation");
    assert.equal(m.shortages, 0);
    assert.deepEqual(cmp.baseline.peak, { resource: "WC-20 Machining", period: "2027-01" });
  });

  it("each scenario's figures and deltas to the baseline", () => {
    const shift = byName("Add a shift");
    assert.equal(shift.status, "ok");
    close(shift.metrics!.margin, 31800 - 2700, "shift margin (lever cost 2,700)");
    close(shift.metrics!.leverCost, 2700, "shift lever cost");
    close(shift.metrics!.fillRate, 1, "shift fill rate");
    close(shift.metrics!.averageUtilisation, 930 / 960, "shift average utilisation");
    close(shift.deltas!.margin, -2400, "shift Δ margin");
    close(shift.deltas!.unmetUnits, -15, "shift Δ unmet");
    const ot = byName("Overtime");
    close(ot.metrics!.overtimeCost, 240, "overtime cost");
    close(ot.metrics!.margin, 31560, "overtime margin");
    assert.equal(ot.metrics!.shortages, 3, "load above available in the 3 months (covered by overtime)");
    close(ot.metrics!.peakUtilisation, 310 / 300, "overtime peak");
    const os = byName("Outsource Valves");
    close(os.metrics!.outsourcingCost, 60, "outsourcing cost");
    close(os.metrics!.margin, 31740, "outsourcing margin");
    const pr = byName("February prices");
    close(pr.metrics!.revenue, 73650, "prices revenue");
    close(pr.deltas!.revenue, 2400, "prices Δ revenue");
    close(pr.deltas!.margin, 2397, "prices Δ margin");
  });

  it("a level-strategy scenario is planned without the LP: capacity ignored, overtime needed priced", () => {
    const lv = byName("Level");
    assert.equal(lv.status, "ok");
    assert.equal(lv.plan, null);
    assert.equal(lv.strategyPlan!.strategy, "level");
    // Flat demand: level = demand; WC-20 loaded 310 h against 300 → 10 h a month at the default 45 €.
    close(lv.metrics!.fillRate, 1, "fill rate");
    close(lv.metrics!.overtimeHours, 30, "overtime hours needed");
    close(lv.metrics!.overtimeCost, 1350, "overtime cost");
    close(lv.metrics!.margin, 31800 - 1350, "margin");
    assert.equal(lv.metrics!.shortages, 3);
  });

  it("a scenario with an error is skipped with the reason; it is not a candidate", () => {
    const b = byName("Broken");
    assert.equal(b.status, "skipped");
    assert.equal(b.metrics, null);
    assert.match(b.reason, /row 6: Scope 'Pumpz' is not one of the families or items/);
  });

  it("recommends the highest margin with a fill rate ≥ 95 %, and states the rule", () => {
    assert.equal(cmp.recommendation.scenario, "February prices");
    assert.equal(cmp.recommendation.meetsTarget, true);
    assert.match(cmp.recommendation.rule, /highest margin among the scenarios \(baseline included\) with a fill rate of at least 95 %/);
    assert.match(cmp.recommendation.reason, /February prices: margin 33,897 \(\+2,397 vs the baseline\)/);
  });

  it("with a 99 % target the price scenario (97.8 %) no longer qualifies: outsourcing has the best margin", () => {
    const parsed = parseLevers(ROWS, leverContextOf(baseline()));
    const c = runScenarios(baseline(), parsed.scenarios, solver, { supply: SETTINGS, fillRateTarget: 0.99 });
    assert.equal(c.recommendation.scenario, "Outsource Valves");
  });

  it("reports progress (baseline first) and the strategies side by side for the baseline", () => {
    const seen: string[] = [];
    const parsed = parseLevers(ROWS.slice(0, 1), leverContextOf(baseline()));
    const c = runScenarios(baseline(), parsed.scenarios, solver, { supply: SETTINGS, onProgress: (name, i, n) => seen.push(`${i}/${n} ${name}`) });
    assert.deepEqual(seen, ["0/2 Baseline", "1/2 Add a shift"]);
    close(c.strategies.optimal!.totals.margin, 31500, "optimal = the baseline plan");
    close(c.strategies.chase.totals.overtimeHours, 30, "chase overtime needed");
    close(c.strategies.level.totals.fillRate, 1, "level fill rate");
  });

  it("hands the baseline's plan to onBaseline once it is solved, before the first scenario runs; not when it was given; a failing hook changes nothing", () => {
    const seen: string[] = [];
    const parsed = parseLevers(ROWS.slice(0, 2), leverContextOf(baseline()));
    let handed: SupplyPlan | null = null;
    const c = runScenarios(baseline(), parsed.scenarios, solver, {
      supply: SETTINGS,
      onProgress: (name) => seen.push(name),
      onBaseline: (plan) => {
        handed = plan;
        seen.push("baseline plan");
      },
    });
    assert.deepEqual(seen, ["Baseline", "baseline plan", "Add a shift", "Overtime"]);
    assert.equal(handed, c.baseline.plan);
    close(c.baseline.plan!.totals.margin, 31500, "the baseline's margin");
    // Given the plan, it is not solved again and the hook is not called.
    const again: string[] = [];
    const given = runScenarios(baseline(), parsed.scenarios, solver, { supply: SETTINGS, baselinePlan: handed!, onBaseline: () => again.push("called") });
    assert.deepEqual(again, []);
    assert.equal(given.baseline.plan, handed);
    // A hook that throws: the same comparison.
    const throwing = runScenarios(baseline(), parsed.scenarios, solver, { supply: SETTINGS, onBaseline: () => { throw new Error("no"); } });
    assert.deepStrictEqual(throwing.scenarios.map((s) => s.metrics), c.scenarios.map((s) => s.metrics));
  });

  it("numbers are never NaN", () => {
    for (const r of [cmp.baseline, ...cmp.scenarios]) {
      for (const v of [...Object.values(r.metrics ?? {}), ...Object.values(r.deltas ?? {})]) assert.ok(Number.isFinite(v), r.name);
    }
  });
});

describe("scenario: recommendation rule", () => {
  const m = (margin: number, fillRate: number, endingInventoryValue: number): ScenarioMetrics => ({
    revenue: 1000,
    margin,
    marginPct: margin / 1000,
    fillRate,
    unmetUnits: 0,
    endingInventoryValue,
    averageUtilisation: 0.8,
    peakUtilisation: 0.9,
    overtimeHours: 0,
    overtimeCost: 0,
    outsourcedUnits: 0,
    outsourcingCost: 0,
    holdingCost: 0,
    leverCost: 0,
    shortages: 0,
  });

  it("highest margin among fill rate ≥ target (exactly 95 % counts)", () => {
    const r = recommendScenario([
      { name: "Baseline", metrics: m(100, 0.96, 50) },
      { name: "A", metrics: m(300, 0.94, 50) },
      { name: "B", metrics: m(200, 0.95, 50) },
      { name: "C", metrics: null },
    ]);
    assert.equal(r.scenario, "B");
    assert.equal(r.meetsTarget, true);
  });

  it("ties on margin (within 0.1 %) → the lower ending inventory value", () => {
    const r = recommendScenario([
      { name: "Baseline", metrics: m(1000, 0.99, 500) },
      { name: "A", metrics: m(1000.5, 0.97, 400) },
      { name: "B", metrics: m(999.8, 0.98, 300) },
      { name: "C", metrics: m(990, 0.99, 100) },
    ]);
    assert.equal(r.scenario, "B");
    assert.match(r.reason, /3 scenarios tie on margin/);
  });

  it("none qualifies → the highest fill rate (ties: higher margin); nothing to compare → null", () => {
    const r = recommendScenario(
      [
        { name: "Baseline", metrics: m(500, 0.9, 0) },
        { name: "A", metrics: m(400, 0.93, 0) },
        { name: "B", metrics: m(450, 0.93, 0) },
      ],
      0.95,
    );
    assert.equal(r.scenario, "B");
    assert.equal(r.meetsTarget, false);
    assert.match(r.reason, /No scenario reaches a fill rate of 95 %/);
    assert.equal(recommendScenario([{ name: "X", metrics: null }]).scenario, null);
  });
});
