/**
 * The business review and the accuracy trend on hand-computed numbers: the plan of the previous
 * cycle, the fallback to the latest earlier cycle, no plan, revenue and volume budgets, items
 * without a plan or an actual, duplicates, weekly snapshot periods; lag-1 accuracy per month.
 */
import assert from "node:assert/strict";
import type { PriceRow, SnapshotRow } from "../../../src/engine/inputs";
import { accuracyTrend } from "../../../src/engine/review/accuracyTrend";
import { type BusinessReviewInput, businessReview } from "../../../src/engine/review/businessReview";
import { table } from "../demand/helpers";

const close = (a: number | null | undefined, b: number, tol = 1e-12): void => {
  assert.ok(a !== null && a !== undefined && Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${String(a)} ≉ ${b}`);
};

const PERIODS = ["2026-08", "2026-09", "2026-10"];
/** A1, A2 (Alpha), B1, B2 (Beta); A2 has no actual in 2026-10, B2 is a launch. */
const ACTUALS = table(PERIODS, [
  ["A1", "Alpha", [100, 110, 120]],
  ["A2", "Alpha", [50, 40, null]],
  ["B1", "Beta", [200, 210, 220]],
  ["B2", "Beta", [null, 5, 10]],
]);
/** A1 10 €, A2 20 €, B1 5 €, B2 no price. */
const PRICES: PriceRow[] = [
  { item: "A1", price: 10, unitCost: 6, period: null },
  { item: "A2", price: 20, unitCost: 15, period: null },
  { item: "B1", price: 5, unitCost: 2, period: null },
];
const snap = (cycle: string, version: string, item: string, period: string, quantity: number): SnapshotRow => ({ cycle, version, item, period, quantity });
const LEDGER: SnapshotRow[] = [
  snap("2026-10", "Consensus", "A1", "2026-10", 130),
  snap("2026-10", "Consensus", "A1", "2026-10", 999), // a duplicate: the first counts
  snap("2026-10", "Consensus", "A2", "2026-10", 20),
  snap("2026-10", "Consensus", "B1", "2026-10", 200),
  snap("2026-10", "Consensus", "A1", "2026-11", 500), // another period
  snap("2026-10", "Sales", "A1", "2026-10", 150), // another version
  snap("2026-09", "Consensus", "A1", "2026-10", 125),
  snap("2026-08", "Consensus", "A1", "2026-10", 90),
];
/** Revenue budget: Alpha 1,500 and Beta 1,000 + an item row B2 50 (rolled into Beta) in 2026-10. */
const BUDGET = table(["2026-09", "2026-10"], [
  ["Alpha", null, [1400, 1500]],
  ["Beta", null, [900, 1000]],
  ["B2", null, [40, 50]],
], { attributeName: null });

const input = (over: Partial<BusinessReviewInput> = {}): BusinessReviewInput => ({
  actuals: ACTUALS,
  snapshots: LEDGER,
  budget: BUDGET,
  budgetMeasure: "revenue",
  prices: PRICES,
  cycle: "2026-11",
  ...over,
});

describe("business review (engine/review)", () => {
  it("last closed month: actual vs the previous cycle's consensus vs the revenue budget, by family and in total", () => {
    const r = businessReview(input());
    assert.equal(r.period, "2026-10");
    assert.deepEqual({ cycle: r.plan.cycle, lag: r.plan.lag, basis: r.plan.basis, version: r.plan.version }, { cycle: "2026-10", lag: 0, basis: "previous cycle", version: "Consensus" });
    assert.match(r.plan.text, /previous cycle 2026-10/);
    assert.equal(r.hasBudget, true);
    assert.equal(r.hasValues, true);
    assert.deepEqual(r.families.map((f) => f.key), ["Alpha", "Beta"]);
    const [alpha, beta] = r.families as [(typeof r.families)[number], (typeof r.families)[number]];
    // Alpha: actual 120 + 0, plan 130 + 20.
    assert.equal(alpha.actual, 120);
    assert.equal(alpha.plan, 150);
    assert.equal(alpha.deviation, -30);
    close(alpha.deviationPct, -0.2);
    assert.equal(alpha.actualValue, 1200);
    assert.equal(alpha.planValue, 1700);
    assert.equal(alpha.valueDeviation, -500);
    close(alpha.valueDeviationPct, -500 / 1700);
    assert.equal(alpha.budget, 1500);
    assert.equal(alpha.budgetDeviation, -300);
    close(alpha.budgetDeviationPct, -0.2);
    // Beta: actual 220 + 10 (B2 unpriced, unplanned), plan 200; budget 1,000 + 50.
    assert.equal(beta.actual, 230);
    assert.equal(beta.plan, 200);
    assert.equal(beta.deviation, 30);
    close(beta.deviationPct, 0.15);
    assert.equal(beta.actualValue, 1100);
    assert.equal(beta.unpricedActual, 10);
    assert.equal(beta.planValue, 1000);
    close(beta.valueDeviationPct, 0.1);
    assert.equal(beta.budget, 1050);
    assert.equal(beta.budgetDeviation, 50);
    close(beta.budgetDeviationPct, 50 / 1050);
    // Total from sums.
    const t = r.total;
    assert.equal(t.key, "Total");
    assert.equal(t.items, 4);
    assert.equal(t.actual, 350);
    assert.equal(t.plan, 350);
    assert.equal(t.deviation, 0);
    assert.equal(t.deviationPct, 0);
    assert.equal(t.actualValue, 2300);
    assert.equal(t.planValue, 2700);
    close(t.valueDeviationPct, -400 / 2700);
    assert.equal(t.budget, 2550);
    assert.equal(t.budgetDeviation, -250);
    close(t.budgetDeviationPct, -250 / 2550);
    assert.equal(r.unplannedItems, 1);
    assert.equal(r.plannedWithoutActual, 1);
    assert.ok(r.notes.some((n) => /1 item sold in 2026-10 had no plan row/.test(n)));
  });

  it("without the previous cycle's snapshot, the latest earlier cycle with a forecast for the month is the plan, and says so", () => {
    const r = businessReview(input({ snapshots: LEDGER.filter((s) => s.cycle !== "2026-10") }));
    assert.equal(r.plan.basis, "latest earlier cycle");
    assert.equal(r.plan.cycle, "2026-09");
    assert.equal(r.plan.lag, 1);
    assert.match(r.plan.text, /cycle 2026-09 for 2026-10 \(lag 1\); the previous cycle 2026-10 has no Consensus snapshot/);
    assert.equal(r.total.plan, 125);
    assert.equal(r.families[0]!.plan, 125);
    assert.equal(r.families[1]!.plan, 0);
    assert.equal(r.unplannedItems, 2); // B1 and B2 sold without a plan row
  });

  it("the version is matched case-insensitively; a cycle after the period or the current cycle is never the plan", () => {
    const rows = [snap("2026-11", "consensus ", "A1", "2026-10", 1), snap("2026-10", " CONSENSUS", "A1", "2026-10", 111)];
    const r = businessReview(input({ snapshots: rows }));
    assert.equal(r.plan.cycle, "2026-10");
    assert.equal(r.plan.version, "CONSENSUS");
    assert.equal(r.total.plan, 111);
  });

  it("no consensus snapshot: no plan, no deviation, the actual and the budget still compared", () => {
    const r = businessReview(input({ snapshots: LEDGER.filter((s) => s.version !== "Consensus") }));
    assert.equal(r.plan.basis, "none");
    assert.equal(r.plan.cycle, null);
    assert.equal(r.total.plan, null);
    assert.equal(r.total.deviation, null);
    assert.equal(r.total.deviationPct, null);
    assert.equal(r.total.planValue, null);
    assert.equal(r.total.budgetDeviation, -250);
    assert.equal(r.unplannedItems, 0);
  });

  it("a volume budget is compared with units; no budget for the month, or none at all, is said", () => {
    const vol = businessReview(input({ budgetMeasure: "volume", budget: table(["2026-10"], [["Alpha", null, [140]], ["Beta", null, [250]]], { attributeName: null }) }));
    assert.equal(vol.families[0]!.budgetDeviation, -20);
    close(vol.families[0]!.budgetDeviationPct, -20 / 140);
    assert.equal(vol.total.budgetDeviation, 350 - 390);
    const missing = businessReview(input({ budget: table(["2026-09"], [["Alpha", null, [1]]], { attributeName: null }) }));
    assert.equal(missing.hasBudget, false);
    assert.equal(missing.total.budget, null);
    assert.ok(missing.notes.some((n) => /no figure for 2026-10/.test(n)));
    const none = businessReview(input({ budget: null }));
    assert.equal(none.total.budget, null);
    assert.ok(none.notes.some((n) => /No budget/.test(n)));
  });

  it("a planned item absent from the actuals counts under (no family); weekly snapshot periods are summed into their month", () => {
    const rows = [snap("2026-10", "Consensus", "A1", "2026-W41", 60), snap("2026-10", "Consensus", "A1", "2026-W42", 70), snap("2026-10", "Consensus", "Z9", "2026-10", 7)];
    const r = businessReview(input({ snapshots: rows }));
    assert.equal(r.families.find((f) => f.key === "Alpha")!.plan, 130);
    const nf = r.families.find((f) => f.key === "(no family)")!;
    assert.equal(nf.plan, 7);
    assert.equal(nf.actual, 0);
    assert.ok(r.notes.some((n) => /not in the actuals \(Z9\)/.test(n)));
  });

  it("a given period is reviewed instead of the last; a bad cycle or no actual gives an empty review with the reason", () => {
    const r = businessReview(input({ snapshots: [snap("2026-08", "Consensus", "A1", "2026-09", 100)] }), { period: "2026-09" });
    assert.equal(r.period, "2026-09");
    assert.equal(r.plan.cycle, "2026-08");
    assert.equal(r.families[0]!.actual, 150);
    assert.equal(r.families[0]!.plan, 100);
    const bad = businessReview(input({ cycle: "Nov" }));
    assert.equal(bad.period, null);
    assert.match(bad.notes[0]!, /not a month/);
    const early = businessReview(input({ cycle: "2026-08" }));
    assert.equal(early.period, null);
    assert.match(early.notes[0]!, /No actual before the cycle/);
  });

  it("no prices: no values, and a revenue budget cannot be compared", () => {
    const r = businessReview(input({ prices: [] }));
    assert.equal(r.hasValues, false);
    assert.equal(r.total.actualValue, null);
    assert.equal(r.total.budget, 2550);
    assert.equal(r.total.budgetDeviation, null);
  });
});

describe("accuracy trend (engine/review)", () => {
  const actuals = table(["2026-07", "2026-08", "2026-09", "2026-10"], [
    ["A1", "Alpha", [90, 100, 110, 120]],
    ["B1", "Beta", [190, 200, 210, 220]],
  ]);
  const rows: SnapshotRow[] = [
    snap("2026-08", "Consensus", "A1", "2026-09", 100),
    snap("2026-08", "Consensus", "B1", "2026-09", 230),
    snap("2026-09", "Consensus", "A1", "2026-10", 120),
    snap("2026-09", "Consensus", "B1", "2026-10", 200),
    snap("2026-09", "Consensus", "B1", "2026-10", 999), // duplicate
    snap("2026-09", "Statistical", "A1", "2026-10", 132),
    snap("2026-10", "Consensus", "A1", "2026-10", 1), // lag 0
    snap("2026-07", "Consensus", "A1", "2026-09", 1), // lag 2
    snap("2026-09", "Consensus", "X1", "2026-10", 50), // no actual
  ];

  it("lag-1 accuracy and bias per version and month, from sums; the trend starts where the ledger does", () => {
    const t = accuracyTrend({ actuals, snapshots: rows, lastPeriod: "2026-10" });
    assert.equal(t.lag, 1);
    assert.deepEqual(t.periods, ["2026-09", "2026-10"]);
    assert.deepEqual(t.versions.map((v) => v.version), ["Statistical", "Consensus"]);
    const [stat, cons] = t.versions as [(typeof t.versions)[number], (typeof t.versions)[number]];
    // Consensus 2026-09: |e| 10 + 20 over 320.
    close(cons.points[0]!.wape, 30 / 320);
    close(cons.points[0]!.accuracy, 1 - 30 / 320);
    close(cons.points[0]!.biasPct, 10 / 320);
    assert.equal(cons.points[0]!.count, 2);
    // Consensus 2026-10: |e| 0 + 20 over 340, bias −20 / 340.
    close(cons.points[1]!.accuracy, 1 - 20 / 340);
    close(cons.points[1]!.biasPct, -20 / 340);
    // Statistical: nothing in 2026-09; 132 vs 120 in 2026-10.
    assert.equal(stat.points[0]!.accuracy, null);
    assert.equal(stat.points[0]!.count, 0);
    close(stat.points[1]!.accuracy, 0.9);
    close(stat.points[1]!.biasPct, 0.1);
  });

  it("another lag and window; nothing measured gives an empty trend", () => {
    const t2 = accuracyTrend({ actuals, snapshots: rows, lastPeriod: "2026-10" }, { lag: 2, months: 3 });
    assert.deepEqual(t2.periods, ["2026-09", "2026-10"]);
    close(t2.versions[0]!.points[0]!.accuracy, 1 - 109 / 110);
    assert.equal(t2.versions[0]!.points[1]!.accuracy, null);
    const none = accuracyTrend({ actuals, snapshots: [], lastPeriod: "2026-10" });
    assert.deepEqual(none, { lag: 1, periods: [], versions: [] });
    assert.deepEqual(accuracyTrend({ actuals, snapshots: rows, lastPeriod: "bad" }).periods, []);
  });
});
