import assert from "node:assert/strict";
import { bridge } from "../../../src/engine/finance/bridge";
import { budgetGap } from "../../../src/engine/finance/budgetGap";
import { financials } from "../../../src/engine/finance/financials";
import { priceBook } from "../../../src/engine/finance/pricing";
import { months, table } from "../demand/helpers";
import { CONSENSUS, PLAN, PRICES, actuals, assertNoNaN, budgetTable, supplyPlan } from "./fixtures";

describe("finance: empty and bad inputs", () => {
  it("empty inputs never throw and give empty, finite results", () => {
    const f = financials({ cycle: "", periods: [], items: [], prices: [] });
    assert.equal(f.year, null);
    assert.deepEqual(f.consensus.families, []);
    assert.equal(f.consensus.total.revenue, 0);
    assert.equal(f.consensus.total.marginPct, null);
    assert.ok(f.issues.some((i) => i.code === "no-cycle"));
    const empty = table([], []);
    for (const budget of [null, empty, budgetTable(PLAN, [])]) {
      for (const measure of ["revenue", "volume"] as const) {
        const g = budgetGap({ financials: f, budget, budgetMeasure: measure });
        const b = bridge({ financials: f, budget, budgetMeasure: measure });
        assert.deepEqual(b.months, []);
        assert.equal(b.plans[0]!.planRevenue, 0);
        assertNoNaN({ f, g, b });
      }
    }
    assertNoNaN(priceBook([], [], []));
    // Items without periods, periods without items, an empty supply plan.
    const g2 = financials({ cycle: "2026-10", periods: PLAN, items: [], prices: PRICES, supply: supplyPlan("family", PLAN, {}), actuals: table([], []) });
    assertNoNaN({ g2, gap: budgetGap({ financials: g2, budget: budgetTable(PLAN, [["A", [1, 2, 3]]]), budgetMeasure: "revenue" }) });
  });

  it("NaN and infinite values in consensus, served, prices, actuals and budget: no NaN anywhere (deep scan)", () => {
    const items = [
      { item: "a1", family: "A", consensus: Float64Array.from([Number.NaN, 1, Number.POSITIVE_INFINITY]) },
      ...CONSENSUS.slice(1),
    ];
    const prices = [
      ...PRICES,
      { item: "b1", price: Number.NaN, unitCost: Number.NaN, period: "2026-11" },
      { item: "a2", price: Number.POSITIVE_INFINITY, unitCost: -3, period: "2026-12" },
    ];
    const act = actuals();
    const vals = Float64Array.from(act.values);
    vals[0] = Number.NaN;
    vals[5] = Number.NEGATIVE_INFINITY;
    const f = financials({
      cycle: "2026-10",
      periods: PLAN,
      items,
      prices,
      actuals: { ...act, values: vals },
      supply: supplyPlan("family", PLAN, { A: [Number.NaN, 2, 3], B: [1, Number.POSITIVE_INFINITY, 0], Q: [5, 5, 5] }),
    });
    const m = months("2026-01", 12);
    const budget = budgetTable(m, [
      ["A", m.map((_, i) => (i % 3 === 0 ? Number.NaN : i % 3 === 1 ? null : 100))],
      ["B", m.map(() => Number.POSITIVE_INFINITY)],
    ]);
    for (const measure of ["revenue", "volume"] as const) {
      const g = budgetGap({ financials: f, budget, budgetMeasure: measure });
      const b = bridge({ financials: f, budget, budgetMeasure: measure });
      assertNoNaN({ f, g, b });
      for (const p of b.plans) {
        const sum = p.budgetRevenue + p.volumeEffect + p.mixEffect + p.priceEffect + p.otherEffect;
        assert.ok(Math.abs(sum - p.planRevenue) <= 1e-9 * Math.max(1, Math.abs(p.planRevenue)));
      }
    }
    assert.ok(f.issues.some((i) => i.code === "bad-value"));
    // Q is a family without items: served but unpriced.
    assert.equal(f.constrained!.families.find((x) => x.key === "Q")!.total.unpricedQuantity, 15);
  });

  it("a bad cycle or a reversed range gives an empty bridge, reported", () => {
    const f = financials({ cycle: "2026-10", periods: PLAN, items: CONSENSUS, prices: PRICES });
    const b = bridge({ financials: f, budget: budgetTable(PLAN, [["A", [1, 1, 1]]]), budgetMeasure: "revenue", from: "2026-12", to: "2026-10" });
    assert.deepEqual(b.months, []);
    assert.equal(b.from, "");
    assert.ok(b.issues.some((i) => i.code === "no-cycle"));
    assertNoNaN(b);
  });
});
