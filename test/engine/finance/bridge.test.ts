import assert from "node:assert/strict";
import { bridge } from "../../../src/engine/finance/bridge";
import { budgetGap } from "../../../src/engine/finance/budgetGap";
import { financials } from "../../../src/engine/finance/financials";
import type { PlanBridge } from "../../../src/engine/finance/types";
import { months } from "../demand/helpers";
import { CONSENSUS, PLAN, PRICES, actuals, assertNoNaN, budgetTable, close, supplyPlan } from "./fixtures";

/** Budget + volume + mix + price + other = plan, in total and per family, to 1e-9. */
function addsUp(b: PlanBridge): void {
  close(b.budgetRevenue + b.volumeEffect + b.mixEffect + b.priceEffect + b.otherEffect, b.planRevenue);
  for (const f of b.families) close(f.budgetRevenue + f.volumeEffect + f.mixEffect + f.priceEffect + f.otherEffect, f.planRevenue);
}

/**
 * Bridge fixture, 2026-10 … 2026-12, no actuals: A (a1, a2) at 10 every month; B (b1, b2) at 5,
 * then 6 in December (per-period rows). Consensus: A 10 a month (300 €); B 20 a month
 * (100 + 100 + 120 = 320 €).
 */
const ITEMS = [
  { item: "a1", family: "A", consensus: Float64Array.from([5, 5, 5]) },
  { item: "a2", family: "A", consensus: Float64Array.from([5, 5, 5]) },
  { item: "b1", family: "B", consensus: Float64Array.from([10, 10, 20]) },
  { item: "b2", family: "B", consensus: Float64Array.from([10, 10, 0]) },
];
const BPRICES = [
  { item: "a1", price: 10, unitCost: 6, period: null },
  { item: "a2", price: 10, unitCost: 7, period: null },
  { item: "b1", price: 5, unitCost: 3, period: null },
  { item: "b2", price: 5, unitCost: 3, period: null },
  { item: "b1", price: 6, unitCost: 3, period: "2026-12" },
  { item: "b2", price: 6, unitCost: 3, period: "2026-12" },
];

function fin(extraItems: typeof ITEMS = [], extraPrices: typeof BPRICES = []) {
  return financials({
    cycle: "2026-10",
    periods: PLAN,
    items: [...ITEMS, ...extraItems],
    prices: [...BPRICES, ...extraPrices],
    supply: supplyPlan("family", PLAN, { A: [10, 10, 5], B: [20, 20, 10] }),
  });
}

describe("finance/bridge", () => {
  it("revenue budget: volume, mix and price effects by hand, adding up exactly", () => {
    // Budget revenue A 100/100/100 (→ 10/10/10 units at 10), B 150/0/60 (→ 30/0/10 units at 5, 5, 6).
    const budget = budgetTable(PLAN, [
      ["A", [100, 100, 100]],
      ["B", [150, 0, 60]],
    ]);
    const r = bridge({ financials: fin(), budget, budgetMeasure: "revenue", from: "2026-10", to: "2026-12" });
    assert.deepEqual(r.months, PLAN);
    const c = r.plans[0]!;
    const [A, B] = c.families;
    close(A!.budgetVolume, 30);
    close(A!.budgetPrice, 10);
    close(B!.budgetVolume, 40);
    close(B!.budgetRevenue, 210);
    close(B!.budgetPrice, 5.25);
    close(c.budgetVolume, 70);
    close(c.planVolume, 90);
    close(c.budgetAveragePrice, 510 / 70);
    close(B!.planPrice, 320 / 60);
    // Volume = (90 − 70) × 510/70; mix A = (30 − 90 × 3/7) × 10 = −600/7; mix B = (60 − 90 × 4/7) × 5.25 = 45.
    close(c.volumeEffect, (20 * 510) / 70);
    close(A!.mixEffect, -600 / 7);
    close(B!.mixEffect, 45);
    close(c.mixEffect, -600 / 7 + 45);
    // Price: A 300 − 30 × 10 = 0; B 320 − 60 × 5.25 = 5.
    close(A!.priceEffect, 0);
    close(B!.priceEffect, 5);
    close(c.budgetRevenue, 510);
    close(c.planRevenue, 620);
    assert.equal(c.otherEffect, 0);
    addsUp(c);
    // The constrained plan: A 250 €, B 100 + 100 + 60 = 260 €.
    const k = r.plans[1]!;
    assert.equal(k.name, "constrained");
    close(k.planRevenue, 510);
    close(k.planVolume, 75);
    close(k.volumeEffect, (5 * 510) / 70);
    addsUp(k);
    assert.ok(r.method.some((m) => /budget revenue \/ budget price/.test(m)));
    assertNoNaN(r);
  });

  it("a volume budget valued at the price book gives the same bridge", () => {
    const budget = budgetTable(PLAN, [
      ["A", [10, 10, 10]],
      ["B", [30, 0, 10]],
    ]);
    const r = bridge({ financials: fin(), budget, budgetMeasure: "volume", from: "2026-10", to: "2026-12" });
    const c = r.plans[0]!;
    close(c.budgetRevenue, 510);
    close(c.volumeEffect, (20 * 510) / 70);
    close(c.mixEffect, -600 / 7 + 45);
    close(c.priceEffect, 5);
    addsUp(c);
    assert.ok(r.method.some((m) => /budget revenue = budget volume × the price book/.test(m)));
  });

  it("a family without budget is all mix; a budget without any price is not decomposed ('other')", () => {
    const extra = [{ item: "c1", family: "C", consensus: Float64Array.from([5, 5, 5]) }];
    const budget = budgetTable(PLAN, [
      ["A", [100, 100, 100]],
      ["B", [150, 0, 60]],
      ["Z", [40, 0, 0]],
    ]);
    const r = bridge({ financials: fin(extra, [{ item: "c1", price: 4, unitCost: 1, period: null }]), budget, budgetMeasure: "revenue", from: "2026-10", to: "2026-12" });
    const c = r.plans[0]!;
    const C = c.families.find((f) => f.family === "C")!;
    const Z = c.families.find((f) => f.family === "Z")!;
    close(C.budgetPrice, 4);
    assert.equal(C.budgetShare, 0);
    close(C.volumeEffect, 0);
    close(C.mixEffect, 60);
    close(C.priceEffect, 0);
    assert.equal(Z.decomposed, false);
    assert.equal(Z.otherEffect, -40);
    assert.equal(Z.budgetPrice, null);
    // The decomposed families' volumes: budget 70, plan 90 + 15.
    close(c.budgetVolume, 70);
    close(c.planVolume, 105);
    close(c.volumeEffect, (35 * 510) / 70);
    close(c.budgetRevenue, 550);
    close(c.planRevenue, 680);
    addsUp(c);
    assert.ok(r.issues.some((i) => i.code === "not-decomposed" && /Z/.test(i.message)));
  });

  it("no budget volume at all: everything is volume, no mix", () => {
    const budget = budgetTable(PLAN, [["A", [0, 0, 0]]]);
    const r = bridge({ financials: fin(), budget, budgetMeasure: "revenue", from: "2026-10", to: "2026-12" });
    const c = r.plans[0]!;
    assert.equal(c.budgetAveragePrice, null);
    close(c.volumeEffect, 300 + 60 * (320 / 60));
    assert.equal(c.mixEffect, 0);
    addsUp(c);
  });

  it("default range: the cycle's full year, actuals of the closed months + plan; matches the full-year gap", () => {
    const f = financials({ cycle: "2026-10", periods: PLAN, items: CONSENSUS, prices: PRICES, actuals: actuals(), supply: supplyPlan("family", PLAN, { A: [12, 20, 40], B: [110, 10, 60] }) });
    const m = months("2026-01", 15);
    const budget = budgetTable(m, [
      ["A", m.map((x) => (x < "2027" ? 150 : 100))],
      ["B", m.map((x) => (x === "2026-12" ? 0 : 400))],
    ]);
    const r = bridge({ financials: f, budget, budgetMeasure: "revenue" });
    assert.equal(r.from, "2026-01");
    assert.equal(r.to, "2026-12");
    assert.deepEqual(r.months, months("2026-01", 12));
    const g = budgetGap({ financials: f, budget, budgetMeasure: "revenue" });
    r.plans.forEach((b, i) => {
      addsUp(b);
      close(b.planRevenue, g.plans[i]!.total.fullYear.value);
      close(b.budgetRevenue, g.plans[i]!.total.fullYear.budget);
    });
    // Budget volumes derived month by month: A at 160/12 in closed months, then 200/15, 12, 12.5.
    const A = r.plans[0]!.families[0]!;
    close(A.budgetVolume, (150 / (160 / 12)) * 10 + 150 / 12 + 150 / 12.5);
    assertNoNaN(r);
  });

  it("months of the range without budget or plan are left out on both sides and reported", () => {
    const budget = budgetTable(["2026-10", "2026-11"], [["A", [100, 100]]]);
    const r = bridge({ financials: fin(), budget, budgetMeasure: "revenue", from: "2026-09", to: "2027-01" });
    assert.deepEqual(r.months, ["2026-10", "2026-11"]);
    assert.deepEqual(
      r.excludedMonths.map((e) => e.month),
      ["2026-09", "2026-12", "2027-01"],
    );
    close(r.plans[0]!.planRevenue, 200 + 200);
    r.plans.forEach(addsUp);
    assert.ok(r.issues.some((i) => i.code === "budget-outside"));
  });
});
