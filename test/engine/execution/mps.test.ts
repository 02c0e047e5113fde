/**
 * The master production schedule on small cases computed by hand: consensus mix, moves within a
 * family to meet inventory targets, largest-remainder rounding that preserves family totals,
 * cumulative rounding without drift, item plans, no plan, and the weekly split by working days.
 */
import assert from "node:assert/strict";
import { buildMps, cumulativeRound, largestRemainder, workingDaysByWeek, type MpsInput } from "../../../src/engine/execution/mps";
import type { EntityPlan, SupplyPlan } from "../../../src/engine/supply/types";
import type { InventoryRow } from "../../../src/engine/inputs";

const arr = (a: ArrayLike<number>): number[] => Array.from(a, (x) => Math.round(x * 1e6) / 1e6);

function entity(key: string, family: string, production: number[], outsourced?: number[]): EntityPlan {
  const T = production.length;
  const z = (): Float64Array => new Float64Array(T);
  return {
    key,
    family,
    demand: z(),
    production: Float64Array.from(production),
    outsourced: outsourced ? Float64Array.from(outsourced) : z(),
    served: z(),
    unmet: z(),
    backlog: z(),
    inventory: z(),
    safetyStock: z(),
    shortfall: z(),
    onHand: 0,
    revenue: 0,
    grossMargin: 0,
    fillRate: 1,
  };
}

function plan(level: "family" | "item", periods: string[], entities: EntityPlan[], status: SupplyPlan["status"] = "Optimal"): MpsInput["plan"] {
  return { status, level, periods, entities };
}

const item = (name: string, family: string, consensus: number[]): MpsInput["items"][number] => ({ item: name, family, consensus: Float64Array.from(consensus) });
const inv = (name: string, onHand: number, safetyStock: number | null, targetDays: number | null = null): InventoryRow => ({ item: name, onHand, safetyStock, targetDays });

describe("execution: MPS helpers", () => {
  it("largest remainder: 7 units over 3.5 / 2.1 / 1.4 give 4 / 2 / 1 (the largest fraction gets the unit left)", () => {
    assert.deepEqual(arr(largestRemainder([5, 3, 2], 7)), [4, 2, 1]);
    // 10 over three equal shares: 3.33 each, the unit left goes to the first listed.
    assert.deepEqual(arr(largestRemainder([1, 1, 1], 10)), [4, 3, 3]);
    // All zero: the fallback weights, then equal.
    assert.deepEqual(arr(largestRemainder([0, 0], 5, [1, 3])), [1, 4]);
    assert.deepEqual(arr(largestRemainder([0, 0], 5)), [3, 2]);
    assert.deepEqual(arr(largestRemainder([2, 2], 0)), [0, 0]);
  });

  it("cumulative rounding: 10.4 a month gives 10, 11, 10 (cumulative 10, 21, 31 = round of 10.4, 20.8, 31.2)", () => {
    assert.deepEqual(arr(cumulativeRound([10.4, 10.4, 10.4])), [10, 11, 10]);
    assert.deepEqual(arr(cumulativeRound([0.5, 0.5, -3, Number.NaN])), [1, 0, 0, 0]);
  });

  it("working days by ISO week: November 2026 = W45–W48 five days each, W49 one day (Monday 30)", () => {
    assert.deepEqual(workingDaysByWeek("2026-11"), [
      { week: "2026-W45", days: 5 },
      { week: "2026-W46", days: 5 },
      { week: "2026-W47", days: 5 },
      { week: "2026-W48", days: 5 },
      { week: "2026-W49", days: 1 },
    ]);
    // December 2026: Tuesday 1 … Thursday 31; 2026 has 53 ISO weeks.
    assert.deepEqual(
      workingDaysByWeek("2026-12").map((w) => `${w.week}:${w.days}`),
      ["2026-W49:4", "2026-W50:5", "2026-W51:5", "2026-W52:5", "2026-W53:4"],
    );
    assert.deepEqual(workingDaysByWeek("nonsense"), []);
  });
});

describe("execution: buildMps", () => {
  const periods = ["2026-11", "2026-12"];

  it("splits the family plan by consensus mix, then moves units to the item below its target; the family total is kept", () => {
    const mps = buildMps({
      periods,
      items: [item("A", "F", [60, 50]), item("B", "F", [40, 50])],
      plan: plan("family", periods, [entity("F", "F", [100, 100])]),
      inventory: [inv("A", 50, 10), inv("B", 0, 10)],
    });
    assert.equal(mps.basis, "family plan");
    const [a, b] = mps.items;
    // Month 1: mix 60 / 40; B ends 0 + 40 − 40 = 0 < 10 (short 10), A ends 50 + 60 − 60 = 50 (40 above its 10):
    // 10 units move from A to B → 50 / 50; A ends 40, B ends 10.
    // Month 2: mix 50 / 50; A ends 40 + 50 − 50 = 40 ≥ 10, B ends 10 + 50 − 50 = 10 ≥ 10: nothing moves.
    assert.deepEqual(arr(a!.production), [50, 50]);
    assert.deepEqual(arr(b!.production), [50, 50]);
    assert.deepEqual(arr(a!.inventory), [40, 40]);
    assert.deepEqual(arr(b!.inventory), [10, 10]);
    assert.deepEqual(arr(a!.target), [10, 10]);
    assert.equal(a!.targetSource, "safety stock");
    assert.equal(b!.monthsBelowTarget, 0);
    const f = mps.families[0]!;
    assert.deepEqual(arr(f.production), [100, 100]);
    assert.deepEqual(arr(f.planProduction), [100, 100]);
    assert.deepEqual(arr(f.inventory), [50, 50]);
    assert.equal(mps.weeks, null);
  });

  it("whole units: items add up to the family's cumulatively rounded plan in every month", () => {
    const mps = buildMps({
      periods: ["2026-11", "2026-12", "2027-01"],
      items: [item("X", "G", [5, 5, 5]), item("Y", "G", [3, 3, 3]), item("Z", "G", [2, 2, 2])],
      plan: plan("family", ["2026-11", "2026-12", "2027-01"], [entity("G", "G", [7, 10.4, 10.4])]),
      inventory: [],
    });
    // Family: cumulative 7, 17.4, 27.8 → 7, 17, 28 → 7, 10, 11 a month.
    assert.deepEqual(arr(mps.families[0]!.production), [7, 10, 11]);
    // Month 1: 3.5 / 2.1 / 1.4 (no targets, no stock: nothing to move) → 4 / 2 / 1.
    assert.deepEqual(
      mps.items.map((i) => i.production[0]),
      [4, 2, 1],
    );
    for (const i of mps.items) for (const v of i.production) assert.ok(Number.isInteger(v));
    for (let t = 0; t < 3; t++) assert.equal(mps.items.reduce((s, i) => s + i.production[t]!, 0), mps.families[0]!.production[t]);
  });

  it("a family plan too small for every target leaves the item short, flagged; a family with no consensus splits equally", () => {
    const mps = buildMps({
      periods: ["2026-11"],
      items: [item("A", "F", [10]), item("B", "F", [10]), item("C", "H", [0]), item("D", "H", [0])],
      plan: plan("family", ["2026-11"], [entity("F", "F", [20]), entity("H", "H", [5])]),
      inventory: [inv("A", 0, 5), inv("B", 0, 0)],
    });
    // F: mix 10 / 10; A would end 0 < 5 but B has no surplus above its own target (0): A stays short.
    assert.deepEqual(
      mps.items.map((i) => i.production[0]),
      [10, 10, 3, 2],
    );
    assert.equal(mps.items[0]!.monthsBelowTarget, 1);
    assert.ok(mps.notes.some((n) => n.code === "target-not-met" && /1 item end/.test(n.message)));
  });

  it("when the givers have less than the short items need, the units move in proportion to each shortfall", () => {
    const mps = buildMps({
      periods: ["2026-11"],
      items: [item("A", "F", [10]), item("B", "F", [10]), item("C", "F", [10])],
      plan: plan("family", ["2026-11"], [entity("F", "F", [30])]),
      inventory: [inv("A", 20, 0), inv("B", 0, 12), inv("C", 0, 8)],
    });
    // Mix 10 / 10 / 10. A would end 20 + 10 − 10 = 20, 20 above its target 0, but can give only its 10 of
    // production; B is short 12, C short 8 (20 in all): B gets 10 × 12/20 = 6, C gets 10 × 8/20 = 4.
    assert.deepEqual(
      mps.items.map((i) => i.production[0]),
      [0, 16, 14],
    );
    assert.deepEqual(
      mps.items.map((i) => i.inventory[0]),
      [10, 6, 4],
    );
    assert.equal(mps.families[0]!.production[0], 30);
  });

  it("a target in days of supply is target days × the average daily consensus of the month and the next two", () => {
    const mps = buildMps({
      periods: ["2027-01", "2027-02", "2027-03", "2027-04"],
      items: [item("A", "F", [310, 280, 310, 300])],
      plan: null,
      inventory: [inv("A", 0, null, 30)],
    });
    // 30 × (310 + 280 + 310) / (31 + 28 + 31) = 300; 30 × 890 / 89 = 300; 30 × 610 / 61 = 300; 30 × 300 / 30 = 300.
    assert.deepEqual(arr(mps.items[0]!.target), [300, 300, 300, 300]);
    assert.equal(mps.items[0]!.targetSource, "target days");
  });

  it("without a plan, the MPS is the consensus re-allocated within the family to meet targets, and says so", () => {
    const mps = buildMps({ periods, items: [item("A", "F", [60, 50]), item("B", "F", [40, 50])], plan: null, inventory: [inv("A", 50, 10), inv("B", 0, 10)] });
    assert.equal(mps.basis, "consensus");
    assert.deepEqual(arr(mps.items[0]!.production), [50, 50]);
    assert.deepEqual(arr(mps.items[1]!.production), [50, 50]);
    assert.ok(mps.notes.some((n) => n.code === "no-plan"));
    assert.ok(mps.rules.some((r) => /No constrained plan/.test(r)));
  });

  it("a plan that is not optimal is not used: consensus, with a warning", () => {
    const mps = buildMps({ periods, items: [item("A", "F", [60, 50])], plan: plan("family", periods, [entity("F", "F", [0, 0])], "Infeasible"), inventory: [] });
    assert.equal(mps.basis, "consensus");
    assert.deepEqual(arr(mps.items[0]!.production), [60, 50]);
    assert.ok(mps.notes.some((n) => n.code === "no-plan" && n.severity === "warning" && /Infeasible/.test(n.message)));
  });

  it("an item plan is the MPS: production plus outsourced, rounded cumulatively per item, no re-allocation", () => {
    const mps = buildMps({
      periods: ["2026-11", "2026-12", "2027-01"],
      items: [item("A", "F", [10, 10, 10]), item("B", "F", [5, 5, 5])],
      plan: plan("item", ["2026-11", "2026-12", "2027-01"], [entity("A", "F", [10.4, 10.4, 10.4]), entity("B", "F", [0, 0, 0], [5, 5, 5])]),
      inventory: [inv("A", 0, 100)],
    });
    assert.equal(mps.basis, "item plan");
    assert.deepEqual(arr(mps.items[0]!.production), [10, 11, 10]);
    assert.deepEqual(arr(mps.items[1]!.production), [5, 5, 5]);
    assert.deepEqual(arr(mps.families[0]!.production), [15, 16, 15]);
  });

  it("a family missing from the plan follows its consensus; a plan family without items is reported", () => {
    const mps = buildMps({ periods, items: [item("A", "F", [6, 7]), item("C", "K", [3, 4])], plan: plan("family", periods, [entity("F", "F", [6, 7]), entity("Z", "Z", [1, 1])]), inventory: [] });
    assert.deepEqual(arr(mps.items[1]!.production), [3, 4]);
    assert.equal(mps.families[1]!.basis, "consensus");
    assert.ok(mps.notes.some((n) => n.code === "family-not-in-plan" && /K/.test(n.message)));
    assert.ok(mps.notes.some((n) => n.code === "plan-family-without-items" && /Z/.test(n.message)));
  });

  it("weekly: each month split over its ISO weeks by working days; a week spanning two months adds both shares", () => {
    const mps = buildMps({ periods, items: [item("A", "F", [100, 46])], plan: plan("family", periods, [entity("F", "F", [100, 46])]), inventory: [] }, { weekly: true });
    const w = mps.weeks!;
    assert.deepEqual(w.periods, ["2026-W45", "2026-W46", "2026-W47", "2026-W48", "2026-W49", "2026-W50", "2026-W51", "2026-W52", "2026-W53"]);
    assert.deepEqual(w.workingDays, [5, 5, 5, 5, 5, 5, 5, 5, 4]);
    assert.deepEqual(w.parts[4], [
      { month: "2026-11", days: 1 },
      { month: "2026-12", days: 4 },
    ]);
    // November: 100 × 5/21 = 23.81 (×4) and 100 × 1/21 = 4.76 → 23 ×4 + 4 = 96, the 4 units left to the
    // largest fractions (0.81 ×4) → 24, 24, 24, 24, 4. December: 46 × (4, 5, 5, 5, 4) / 23 = 8, 10, 10, 10, 8.
    assert.deepEqual(arr(w.items[0]!), [24, 24, 24, 24, 12, 10, 10, 10, 8]);
    assert.deepEqual(arr(w.families[0]!), [24, 24, 24, 24, 12, 10, 10, 10, 8]);
    assert.equal(
      w.items[0]!.reduce((a, b) => a + b, 0),
      146,
    );
    assert.ok(mps.rules.some((r) => /Monday–Friday/.test(r)));
  });

  it("weekly periods are not split again", () => {
    const mps = buildMps({ periods: ["2026-W45"], items: [item("A", "F", [10])], plan: null, inventory: [] }, { weekly: true });
    assert.equal(mps.weeks, null);
    assert.ok(mps.notes.some((n) => n.code === "weekly-periods"));
  });
});
