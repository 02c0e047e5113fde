import assert from "node:assert/strict";
import { closedMonthsOf, financials, planFinancials, weightedMean } from "../../../src/engine/finance/financials";
import { priceBook } from "../../../src/engine/finance/pricing";
import type { FinanceFigures } from "../../../src/engine/finance/types";
import { buildSupplyProblem } from "../../../src/engine/supply/supplyProblem";
import { CLOSED, CONSENSUS, PLAN, PRICES, actuals, assertNoNaN, close, supplyPlan } from "./fixtures";

const rcm = (f: FinanceFigures | undefined): [number, number, number] => [f?.revenue ?? NaN, f?.costOfGoods ?? NaN, f?.margin ?? NaN];

describe("finance/financials", () => {
  it("consensus: revenue, cost of goods, margin by family and month, by month and total (hand-computed)", () => {
    const r = financials({ cycle: "2026-10", periods: PLAN, items: CONSENSUS, prices: PRICES });
    const c = r.consensus;
    assert.deepEqual(c.months, PLAN);
    const [A, B] = c.families;
    assert.equal(A!.key, "A");
    // A: a1 10/20/30 × (10, 6) + a2 5/5/10 × (20, 15).
    assert.deepEqual(A!.byMonth.map(rcm), [
      [200, 135, 65],
      [300, 195, 105],
      [500, 330, 170],
    ]);
    assert.deepEqual(rcm(A!.total), [1000, 660, 340]);
    close(A!.total.marginPct, 0.34);
    // B: b1 100/0/50 × (5, 2) + b2 10/10/10 × (8, 4).
    assert.deepEqual(B!.byMonth.map(rcm), [
      [580, 240, 340],
      [80, 40, 40],
      [330, 140, 190],
    ]);
    assert.deepEqual(rcm(B!.total), [990, 420, 570]);
    assert.deepEqual(c.byMonth.map(rcm), [
      [780, 375, 405],
      [380, 235, 145],
      [830, 470, 360],
    ]);
    assert.deepEqual(rcm(c.total), [1990, 1080, 910]);
    close(c.total.marginPct, 910 / 1990); // from the sums, not an average of percentages
    assert.equal(c.total.quantity, 260);
    // Items are kept for tracing.
    assert.deepEqual(rcm(c.items[0]!.total), [600, 360, 240]);
    assert.equal(r.constrained, null);
    // Without actuals the closed months 2026-01 … 2026-09 are reported, nothing else.
    assert.deepEqual(r.issues.map((i) => i.code), ["missing-actuals"]);
  });

  it("a family-level constrained plan is priced at the demand-weighted mean price and cost of the period", () => {
    const supply = supplyPlan("family", PLAN, { A: [12, 20, 40], B: [110, 10, 60] });
    const r = financials({ cycle: "2026-10", periods: PLAN, items: CONSENSUS, prices: PRICES, supply });
    const k = r.constrained!;
    assert.equal(k.level, "family");
    assert.deepEqual(k.items, []);
    const [A, B] = k.families;
    // A, month 1: weights a1 10, a2 5 → price 200/15, cost 135/15 = 9; 12 units → 160, 108.
    close(A!.byMonth[0]!.revenue, 160);
    close(A!.byMonth[0]!.costOfGoods, 108);
    // month 2: weights 20, 5 → price 12, cost 7.8; 20 units. month 3: weights 30, 10 → 12.5, 8.25; 40 units.
    close(A!.byMonth[1]!.revenue, 240);
    close(A!.byMonth[1]!.costOfGoods, 156);
    close(A!.byMonth[2]!.revenue, 500);
    close(A!.byMonth[2]!.margin, 500 - 330);
    // B, month 2: b1 has no consensus, weight 0 → b2's price 8 and cost 4.
    close(B!.byMonth[1]!.revenue, 80);
    close(B!.byMonth[1]!.costOfGoods, 40);
    close(k.total.revenue, 160 + 240 + 500 + 580 + 80 + 330);
    // The same family prices as the supply plan's own problem: constrained revenue = Σ served × entity price.
    const { problem } = buildSupplyProblem({ periods: PLAN, items: CONSENSUS, capacity: null, resources: [], inventory: [], prices: PRICES });
    const supplyRevenue = problem.entities.reduce((a, e) => a + e.price.reduce((s, p, t) => s + p * (supply.entities.find((x) => x.key === e.key)!.served[t] ?? 0), 0), 0);
    close(k.total.revenue, supplyRevenue);
  });

  it("an item-level constrained plan is priced per item", () => {
    const supply = supplyPlan("item", PLAN, { a1: [5, 5, 5], b2: [1, 1, 1] }, { a1: "A", b2: "B" });
    const r = financials({ cycle: "2026-10", periods: PLAN, items: CONSENSUS, prices: PRICES, supply });
    assert.deepEqual(rcm(r.constrained!.total), [150 + 24, 90 + 12, 60 + 12]);
    assert.equal(r.constrained!.items.length, 2);
  });

  it("family price weights fall back to the horizon demand, then to equal weights", () => {
    const items = [
      { item: "f1", family: "F", consensus: Float64Array.from([0, 1]) },
      { item: "f2", family: "F", consensus: Float64Array.from([0, 3]) },
      { item: "g1", family: "G", consensus: Float64Array.from([0, 0]) },
      { item: "g2", family: "G", consensus: Float64Array.from([0, 0]) },
    ];
    const prices = [
      { item: "f1", price: 10, unitCost: 5, period: null },
      { item: "f2", price: 20, unitCost: 10, period: null },
      { item: "g1", price: 10, unitCost: 5, period: null },
      { item: "g2", price: 20, unitCost: 10, period: null },
    ];
    const periods = ["2026-10", "2026-11"];
    const supply = supplyPlan("family", periods, { F: [4, 4], G: [2, 2] });
    const k = financials({ cycle: "2026-10", periods, items, prices, supply }).constrained!;
    // F: (1 × 10 + 3 × 20) / 4 = 17.5 both months (month 1 by horizon weights).
    close(k.families[0]!.byMonth[0]!.revenue, 70);
    close(k.families[0]!.byMonth[1]!.revenue, 70);
    // G: no demand at all → equal weights: 15.
    close(k.families[1]!.total.revenue, 60);
    close(weightedMean([null, 4], [1, 1], [1, 1]) ?? NaN, 4);
    assert.equal(weightedMean([null, null], [1, 1], [1, 1]), null);
  });

  it("a per-period price row overrides the plain row for its month", () => {
    const prices = [...PRICES, { item: "a1", price: 12, unitCost: null, period: "2026-11" }];
    const r = financials({ cycle: "2026-10", periods: PLAN, items: CONSENSUS, prices });
    const A = r.consensus.families[0]!;
    // November: a1 20 × 12 + a2 5 × 20 = 340; cost unchanged (a1's unit cost from its plain row).
    assert.deepEqual(A.byMonth.map(rcm), [
      [200, 135, 65],
      [340, 195, 145],
      [500, 330, 170],
    ]);
  });

  it("a missing price → null price, no revenue for that quantity, an issue naming the item", () => {
    const prices = PRICES.filter((p) => p.item !== "b2");
    const supply = supplyPlan("family", PLAN, { A: [15, 25, 40], B: [110, 10, 60] });
    const r = financials({ cycle: "2026-10", periods: PLAN, items: CONSENSUS, prices, supply });
    const B = r.consensus.families[1]!;
    assert.equal(B.total.unpricedQuantity, 30);
    assert.equal(B.total.quantity, 180);
    assert.deepEqual(rcm(B.total), [750, 300, 450]); // b1 only
    const b2 = r.priceBook.items[r.priceBook.itemIndex.get("b2")!]!;
    assert.ok(b2.price.every((p) => p === null));
    assert.ok(r.issues.some((i) => i.code === "missing-price" && /\(b2\)/.test(i.message)));
    assert.ok(r.issues.some((i) => i.code === "unpriced-quantity" && /b2/.test(i.message)));
    // The family plan prices B at b1's price (the only priced item), and says so.
    close(r.constrained!.families[1]!.total.revenue, 180 * 5);
    assert.ok(r.issues.some((i) => i.code === "family-price" && /B/.test(i.message)));
    assertNoNaN(r);
  });

  it("a family plan's price per period: weighted by the period's consensus, else the horizon's, else equally (hand-computed)", () => {
    const periods = ["2026-11", "2026-12", "2027-01"];
    const items = [
      { item: "x", family: "F", consensus: Float64Array.of(0, 1, 3) },
      { item: "y", family: "F", consensus: Float64Array.of(0, 3, 1) },
      { item: "z1", family: "Z", consensus: Float64Array.of(0, 0, 0) },
      { item: "z2", family: "Z", consensus: Float64Array.of(0, 0, 0) },
    ];
    const prices = [
      { item: "x", price: 10, unitCost: 4, period: null },
      { item: "y", price: 20, unitCost: 6, period: null },
      { item: "z1", price: 8, unitCost: 2, period: null },
      { item: "z2", price: 12, unitCost: 4, period: null },
    ];
    const supply = supplyPlan("family", periods, { F: [10, 10, 10], Z: [5, 5, 5] });
    const r = financials({ cycle: "2026-11", periods, items, prices, supply });
    const [F, Z] = r.constrained!.families;
    // November: no consensus → the horizon's (x 4, y 4): price 15, cost 5; December 1:3 → 17.5, 5.5;
    // January 3:1 → 12.5, 4.5. Z has no consensus at all → equal weights: price 10, cost 3.
    assert.deepEqual(F!.byMonth.map(rcm), [
      [150, 50, 100],
      [175, 55, 120],
      [125, 45, 80],
    ]);
    assert.deepEqual(rcm(Z!.total), [150, 45, 105]);
    assert.ok(!r.issues.some((i) => i.code === "family-price"));
    // The families' mean prices use the same weights: the plan months' consensus, and in the
    // closed months 2026-01 … 2026-10 (no actuals) the items' totals.
    assert.deepEqual(r.priceMonths, [...CLOSED, "2026-10", ...periods]);
    const fpF = r.familyPrices.find((f) => f.family === "F")!;
    assert.deepEqual([fpF.price.slice(-4), fpF.unitCost.slice(-4)], [[15, 15, 17.5, 12.5], [5, 5, 5.5, 4.5]]);
    assert.ok(r.familyPrices.find((f) => f.family === "Z")!.price.every((p) => p === 10));
  });

  it("a missing unit cost: revenue counted, no cost and no margin; margin % over the costed revenue; null when none", () => {
    const prices = PRICES.map((p) => (p.item === "b2" ? { ...p, unitCost: null } : p));
    const r = financials({ cycle: "2026-10", periods: PLAN, items: CONSENSUS, prices });
    const B = r.consensus.families[1]!;
    assert.equal(B.total.revenue, 990);
    assert.equal(B.total.costedRevenue, 750);
    assert.equal(B.total.costOfGoods, 300);
    assert.equal(B.total.margin, 450);
    close(B.total.marginPct, 450 / 750);
    assert.equal(B.total.uncostedQuantity, 30);
    const onlyUncosted = financials({ cycle: "2026-10", periods: PLAN, items: [CONSENSUS[3]!], prices });
    assert.equal(onlyUncosted.consensus.total.marginPct, null);
  });

  it("actuals of the closed months of the cycle's year × the price book (year to date)", () => {
    const r = financials({ cycle: "2026-10", periods: PLAN, items: CONSENSUS, prices: PRICES, actuals: actuals() });
    assert.deepEqual(r.closedMonths, CLOSED);
    assert.deepEqual(r.actual.months, CLOSED);
    const [A, B] = r.actual.families;
    // A: 8 × 10 + 4 × 20 = 160 a month, cost 48 + 60 = 108; B: 60 × 5 + 10 × 8 = 380, cost 120 + 40 = 160.
    assert.deepEqual(rcm(A!.byMonth[0]), [160, 108, 52]);
    assert.deepEqual(rcm(B!.total), [380 * 9, 160 * 9, 220 * 9]);
    assert.deepEqual(rcm(r.actual.total), [540 * 9, 268 * 9, 272 * 9]);
    // Family mean prices per month: actual weights before the cycle, consensus after.
    assert.deepEqual(r.priceMonths, [...CLOSED, ...PLAN]);
    const fpA = r.familyPrices.find((f) => f.family === "A")!;
    close(fpA.price[0], 160 / 12);
    close(fpA.price[9], 200 / 15);
    close(fpA.price[10], 12);
    close(fpA.unitCost[11], 8.25);
    assert.ok(r.notes.some((n) => /2026-01 … 2026-09/.test(n)));
  });

  it("closed months: none in January; missing actual months reported", () => {
    assert.deepEqual(closedMonthsOf("2027-01"), []);
    assert.deepEqual(closedMonthsOf("2026-03"), ["2026-01", "2026-02"]);
    assert.deepEqual(closedMonthsOf("junk"), []);
    const r = financials({ cycle: "2026-11", periods: ["2026-11"], items: [], prices: PRICES, actuals: actuals() });
    assert.deepEqual(r.actual.months, CLOSED);
    assert.ok(r.issues.some((i) => i.code === "missing-actuals" && /2026-10/.test(i.message)));
  });

  it("weekly plan periods are summed into the month of their Thursday", () => {
    const items = [{ item: "a1", family: "A", consensus: Float64Array.from([1, 2, 3]) }];
    const pf = planFinancials(
      { name: "w", label: "Weekly", level: "item", periods: ["2026-W44", "2026-W45", "2026-W49"], rows: items.map((i) => ({ key: i.item, family: i.family, quantity: i.consensus })) },
      priceBook(PRICES, ["a1"], ["2026-W44", "2026-W45", "2026-W49"]),
    );
    // W44: Thursday 29 Oct; W45: Thursday 5 Nov; W49: Thursday 3 Dec.
    assert.deepEqual(pf.months, ["2026-10", "2026-11", "2026-12"]);
    assert.deepEqual(pf.byMonth.map((f) => f.revenue), [10, 20, 30]);
  });
});
