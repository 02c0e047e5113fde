import assert from "node:assert/strict";
import type { ItemLeadTimeError } from "../../../src/engine/inventory/types";
import { inventoryStrategy, safetyStockUnits } from "../../../src/engine/inventory/safetyStock";
import { months } from "../demand/helpers";

const close = (a: number | null | undefined, b: number, tol = 1e-9): void => {
  assert.ok(typeof a === "number" && Math.abs(a - b) < tol, `${String(a)} ≉ ${b}`);
};

/** Every number reachable from `x` is finite. */
function assertNoNaN(x: unknown, path = "result"): void {
  if (typeof x === "number") assert.ok(Number.isFinite(x), `${path} is ${x}`);
  else if (x instanceof Float64Array) x.forEach((v, i) => assert.ok(Number.isFinite(v), `${path}[${i}] is ${v}`));
  else if (Array.isArray(x)) x.forEach((v, i) => assertNoNaN(v, `${path}[${i}]`));
  else if (x !== null && typeof x === "object") for (const [k, v] of Object.entries(x)) assertNoNaN(v, `${path}.${k}`);
}

const err = (item: string, sigmaLT: number | null): ItemLeadTimeError => ({
  item,
  leadTime: 2,
  sigmaLT,
  sigmaPeriod: null,
  source: sigmaLT === null ? "none" : "snapshots lag",
  version: sigmaLT === null ? null : "Consensus",
  points: sigmaLT === null ? 0 : 3,
  label: "test",
});

describe("safety stock units", () => {
  it("⌈z · σ_LT⌉, at least 0, null without σ", () => {
    assert.equal(safetyStockUnits(2.0537489106318225, 10), 21);
    assert.equal(safetyStockUnits(1.5, 10), 15); // exactly 15: not rounded up to 16
    assert.equal(safetyStockUnits(-1, 10), 0);
    assert.equal(safetyStockUnits(1.64, null), null);
    assert.equal(safetyStockUnits(1.64, Number.NaN), null);
  });
});

describe("inventory strategy review", () => {
  // 2025: Jan 31 + Feb 28 + Mar 31 = 90 days in the first three plan periods.
  const periods = months("2025-01", 12);
  const flat = (q: number): number[] => new Array<number>(12).fill(q);
  const input = {
    periods,
    demand: [
      { item: "C1", family: "F2", demand: flat(10) },
      { item: "A1", family: "F1", demand: flat(100) },
      { item: "B1", family: "F1", demand: flat(20) },
      { item: "D1", family: "F2", demand: flat(0) },
    ],
    inventory: [
      { item: "A1", onHand: 500, safetyStock: 15, targetDays: null },
      { item: "B1", onHand: 80, safetyStock: null, targetDays: 20 },
      { item: "D1", onHand: 5, safetyStock: 2, targetDays: null },
      { item: "E1", onHand: 40, safetyStock: 8, targetDays: null },
    ],
    prices: [
      { item: "A1", price: 10, unitCost: 6, period: null },
      { item: "B1", price: 10, unitCost: null, period: null },
      { item: "C1", price: 5, unitCost: null, period: null },
      { item: "C1", price: 5, unitCost: 4, period: "2025-03" },
      { item: "C1", price: 5, unitCost: 3, period: "2025-02" },
      { item: "C1", price: 5, unitCost: 1, period: "2024-12" },
      { item: "D1", price: 1, unitCost: 1, period: null },
    ],
    errors: [err("A1", 10), err("B1", 10), err("C1", 10), err("D1", null)],
  };

  it("classes, z, recommended SS, change and investment by hand", () => {
    const r = inventoryStrategy(input);
    // Annual values: A1 12 · 100 · 10 = 12000, B1 2400, C1 600, D1 0, E1 (no demand) 0; total 15000.
    // Shares before: A1 0 → A; B1 .8 → B; C1 .96 → C; D1, E1 zero → C.
    assert.deepEqual(
      r.items.map((i) => [i.item, i.abcClass, i.annualValue]),
      [
        ["A1", "A", 12000],
        ["B1", "B", 2400],
        ["C1", "C", 600],
        ["D1", "C", 0],
        ["E1", "C", 0],
      ],
    );
    const [a1, b1, c1, d1, e1] = r.items as [(typeof r.items)[number], (typeof r.items)[number], (typeof r.items)[number], (typeof r.items)[number], (typeof r.items)[number]];
    // A1: z(.98) · 10 = 20.54 → 21; current 15; change 6; cost 6 → +36
    assert.equal(a1.serviceLevel, 0.98);
    close(a1.z, 2.0537489106318225);
    assert.equal(a1.recommendedSafetyStock, 21);
    assert.equal(a1.currentSafetyStock, 15);
    assert.equal(a1.change, 6);
    assert.equal(a1.unitCost, 6);
    assert.equal(a1.currentInvestment, 90);
    assert.equal(a1.recommendedInvestment, 126);
    assert.equal(a1.investmentChange, 36);
    // days: daily demand 300 / 90; 21 · 90 / 300 = 6.3, 15 · 90 / 300 = 4.5
    close(a1.recommendedDaysOfSupply, 6.3);
    close(a1.currentDaysOfSupply, 4.5);
    assert.equal(a1.sigmaSource, "snapshots lag");
    // B1: z(.95) · 10 = 16.45 → 17; blank SS; no cost
    assert.equal(b1.recommendedSafetyStock, 17);
    assert.equal(b1.currentSafetyStock, null);
    assert.equal(b1.hasInventoryRow, true);
    assert.equal(b1.change, 17);
    assert.equal(b1.unitCost, null);
    assert.equal(b1.currentInvestment, null);
    assert.equal(b1.investmentChange, null);
    close(b1.recommendedDaysOfSupply, (17 * 90) / 60);
    assert.equal(b1.currentDaysOfSupply, null);
    // C1: z(.9) · 10 = 12.82 → 13; no inventory row; cost of the earliest plan period (Feb: 3)
    assert.equal(c1.recommendedSafetyStock, 13);
    assert.equal(c1.hasInventoryRow, false);
    assert.equal(c1.currentSafetyStock, null);
    assert.equal(c1.unitCost, 3);
    assert.equal(c1.currentInvestment, 0);
    assert.equal(c1.investmentChange, 39);
    close(c1.recommendedDaysOfSupply, 39);
    // D1: no σ, zero demand
    assert.equal(d1.recommendedSafetyStock, null);
    assert.equal(d1.change, null);
    assert.equal(d1.recommendedInvestment, null);
    assert.equal(d1.currentInvestment, 2);
    assert.equal(d1.recommendedDaysOfSupply, null);
    assert.equal(d1.currentDaysOfSupply, null);
    // E1: inventory only, no error given
    assert.equal(e1.sigmaSource, "none");
    assert.equal(e1.recommendedSafetyStock, null);
    assert.equal(e1.unitCost, null);

    // Totals: a recommendation-less item keeps its current SS in the recommended totals.
    const [A, B, C] = r.byClass;
    assert.deepEqual([A!.currentInvestment, A!.recommendedInvestment, A!.investmentChange], [90, 126, 36]);
    assert.deepEqual([B!.itemsWithoutCost, B!.recommendedUnits, B!.investmentChange], [1, 17, 0]);
    // C: C1 0 → 39; D1 2 → 2 (kept); E1 no cost
    assert.deepEqual([C!.items, C!.currentInvestment, C!.recommendedInvestment, C!.investmentChange, C!.itemsWithoutCost, C!.itemsWithoutRecommendation], [3, 2, 41, 39, 1, 2]);
    assert.deepEqual([C!.currentUnits, C!.recommendedUnits], [10, 23]);
    const t = r.total;
    assert.deepEqual([t.items, t.currentUnits, t.recommendedUnits, t.currentInvestment, t.recommendedInvestment, t.investmentChange], [5, 25, 61, 92, 167, 75]);
    assert.equal(t.annualValue, 15000);
    assert.equal(r.valueBasis, "value");
    assert.deepEqual(r.abcCutoffs, { a: 0.8, b: 0.95 });
    assertNoNaN(r);
  });

  it("configurable service levels and cut-offs", () => {
    const r = inventoryStrategy(input, { serviceLevels: { A: 0.99 }, abc: { a: 0.9, b: 0.99 } });
    // B1 (share before .8 < .9) is now A at 99 %: z = 2.3263 · 10 → 24
    const b1 = r.items.find((i) => i.item === "B1")!;
    assert.equal(b1.abcClass, "A");
    assert.equal(b1.recommendedSafetyStock, 24);
    assert.equal(r.serviceLevels.A, 0.99);
  });

  it("without prices: classes by volume, investments null", () => {
    const r = inventoryStrategy({ ...input, prices: [] });
    assert.equal(r.valueBasis, "volume");
    assert.equal(r.items[0]!.item, "A1");
    assert.equal(r.items[0]!.annualValue, 1200);
    assert.ok(r.items.every((i) => i.investmentChange === null));
    assert.ok(r.notes.some((n) => n.includes("by volume")));
    assertNoNaN(r);
  });

  it("empty inputs never throw", () => {
    const r = inventoryStrategy({ periods: [], demand: [], inventory: [], prices: [], errors: [] });
    assert.deepEqual(r.items, []);
    assert.equal(r.total.items, 0);
    assert.equal(r.byClass.length, 3);
    assertNoNaN(r);
    // @ts-expect-error: robust to garbage at run time
    assert.doesNotThrow(() => inventoryStrategy({}));
  });
});
