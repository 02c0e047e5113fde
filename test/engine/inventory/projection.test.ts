import assert from "node:assert/strict";
import { daysInPeriod, daysOfSupply, projectInventory, projectionSeries } from "../../../src/engine/inventory/projection";
import type { InventoryProjection } from "../../../src/engine/inventory/types";

const close = (a: number | null | undefined, b: number, tol = 1e-9): void => {
  assert.ok(typeof a === "number" && Math.abs(a - b) < tol, `${String(a)} ≉ ${b}`);
};

/** Every number reachable from `x` is finite (no NaN, no ±Infinity). */
function assertNoNaN(x: unknown, path = "result"): void {
  if (typeof x === "number") assert.ok(Number.isFinite(x), `${path} is ${x}`);
  else if (x instanceof Float64Array) x.forEach((v, i) => assert.ok(Number.isFinite(v), `${path}[${i}] is ${v}`));
  else if (Array.isArray(x)) x.forEach((v, i) => assertNoNaN(v, `${path}[${i}]`));
  else if (x !== null && typeof x === "object") for (const [k, v] of Object.entries(x)) assertNoNaN(v, `${path}.${k}`);
}

describe("inventory projection", () => {
  // Opening 100; demand 30 40 50 60; the supply plan receives 0 50 20 80 and serves 30 40 45 60.
  const periods = ["2024-01", "2024-02", "2024-03", "2024-04"];
  const base = { key: "X", family: "F1", opening: 100, safetyStock: 60, demand: [30, 40, 50, 60], supply: [0, 50, 20, 80], served: [30, 40, 45, 60] };

  it("days in a period: months by the calendar (leap February), weeks 7", () => {
    assert.equal(daysInPeriod("2024-02"), 29);
    assert.equal(daysInPeriod("2023-02"), 28);
    assert.equal(daysInPeriod("2024-04"), 30);
    assert.equal(daysInPeriod("2025-W05"), 7);
    assert.equal(daysInPeriod("Jan"), null);
  });

  it("constrained plan: I_t = I_{t-1} + supply − served, days of supply by hand (leap year)", () => {
    const r = projectInventory({ periods, series: [base] });
    const c = r.series[0]!.constrained!;
    assert.deepEqual([...c.opening], [100, 70, 80, 55]);
    assert.deepEqual([...c.closing], [70, 80, 55, 75]);
    assert.deepEqual([...c.unmet], [0, 0, 5, 0]);
    // Jan: 70 / ((40+50+60) / (29+31+30)) = 70 · 90/150 = 42
    close(c.daysOfSupply[0], 42);
    // Feb: 80 / ((50+60) / (31+30)) = 80 · 61/110
    close(c.daysOfSupply[1], (80 * 61) / 110);
    // Mar: 55 / (60/30) = 27.5
    close(c.daysOfSupply[2], 27.5);
    // Apr: no period left in the horizon.
    assert.equal(c.daysOfSupply[3], null);
    assert.deepEqual(c.belowSafetyStock, [false, false, true, false]);
    assert.deepEqual(c.stockOut, [false, false, true, false]);
    close(c.summary.fillRate, 175 / 180);
    assert.equal(c.summary.endingInventory, 75);
    assert.equal(c.summary.minClosing, 55);
    assert.equal(c.summary.periodsStockOut, 1);
    assert.equal(c.summary.firstStockOut, "2024-03");
    assert.equal(c.summary.unmet, 5);
  });

  it("February has 28 days outside leap years", () => {
    const r = projectInventory({ periods: ["2023-01", "2023-02", "2023-03", "2023-04"], series: [base] });
    // 70 · (28+31+30) / 150
    close(r.series[0]!.constrained!.daysOfSupply[0], (70 * 89) / 150);
  });

  it("unconstrained plan: served = demand, supply = max(0, demand + SS − opening)", () => {
    const r = projectInventory({ periods, series: [base] });
    const u = r.series[0]!.unconstrained;
    // t1: max(0, 30+60−100) = 0 → 70; t2: 40+60−70 = 30 → 60; t3: 50+60−60 = 50 → 60; t4: 60 → 60
    assert.deepEqual([...u.supply], [0, 30, 50, 60]);
    assert.deepEqual([...u.served], [30, 40, 50, 60]);
    assert.deepEqual([...u.closing], [70, 60, 60, 60]);
    assert.deepEqual(u.belowSafetyStock, [false, false, false, false]);
    assert.deepEqual(u.stockOut, [false, false, false, false]);
    close(u.summary.fillRate, 1);
    // Without safety stock and a low opening: supply = demand − opening, then demand.
    const r2 = projectInventory({ periods, series: [{ key: "Y", opening: 10, demand: [30, 40, 50, 60] }] });
    assert.deepEqual([...r2.series[0]!.unconstrained.supply], [20, 40, 50, 60]);
    assert.deepEqual([...r2.series[0]!.unconstrained.closing], [0, 0, 0, 0]);
    assert.equal(r2.series[0]!.safetyStock, null);
    assert.equal(r2.series[0]!.constrained, null);
  });

  it("per-period safety stock", () => {
    const r = projectInventory({ periods, series: [{ key: "Z", opening: 0, safetyStock: [10, 20, 0, 5], demand: [10, 10, 10, 10] }] });
    // t1: 10+10−0 = 20 → 10; t2: 10+20−10 = 20 → 20; t3: max(0, 10+0−20) = 0 → 10; t4: 10+5−10 = 5 → 5
    assert.deepEqual([...r.series[0]!.unconstrained.supply], [20, 20, 0, 5]);
    assert.deepEqual([...r.series[0]!.unconstrained.closing], [10, 20, 10, 5]);
  });

  it("families and total are sums; flags are 'any item'; constrained needs every item's plan", () => {
    const other = { key: "W", family: "F1", opening: 50, safetyStock: null, demand: [10, 10, 10, 10], supply: [0, 0, 0, 0], served: [10, 10, 10, 10] };
    const lone = { key: "V", family: "F2", opening: 5, demand: [1, 1, 1, 1] };
    const r = projectInventory({ periods, series: [base, other, lone] });
    assert.equal(r.families.length, 2);
    const f1 = r.families[0]!;
    assert.equal(f1.key, "F1");
    assert.equal(f1.items, 2);
    assert.deepEqual([...f1.constrained!.closing], [110, 110, 75, 85]);
    assert.deepEqual([...f1.safetyStock!], [60, 60, 60, 60]);
    // F1 at the end of March: 75 ≥ 60 in total, but item X (55 < 60) is below and short.
    assert.deepEqual(f1.constrained!.belowSafetyStock, [false, false, true, false]);
    assert.deepEqual(f1.constrained!.stockOut, [false, false, true, false]);
    // Days of supply from the sums: Jan 110 / ((50+60+70) / 90)
    close(f1.constrained!.daysOfSupply[0], (110 * 90) / 180);
    assert.equal(r.families[1]!.constrained, null);
    const total = r.total!;
    assert.equal(total.items, 3);
    assert.equal(total.constrained, null);
    assert.ok(total.flags.some((f) => f.includes("2 of 3")));
    assert.deepEqual([...total.unconstrained.demand], [41, 51, 61, 71]);
    assert.equal(total.unconstrained.summary.demand, 224);
  });

  it("zero demand, missing on hand and non-finite figures give null or 0, never NaN", () => {
    const r: InventoryProjection = projectInventory({
      periods,
      series: [
        { key: "Q", opening: null, demand: [0, 0, 0, 0], supply: [Number.NaN, 1, 0, 0], served: [0, 0, 0, 0] },
        { key: "R", opening: Number.NaN, demand: [5, Number.NaN, -3], safetyStock: Number.NaN },
      ],
    });
    const q = r.series[0]!;
    assert.deepEqual(q.unconstrained.daysOfSupply, [null, null, null, null]);
    assert.equal(q.unconstrained.summary.fillRate, null);
    assert.deepEqual([...q.constrained!.closing], [0, 1, 1, 1]);
    assert.ok(q.flags.some((f) => f.startsWith("no on-hand")));
    const s = r.series[1]!;
    assert.deepEqual([...s.unconstrained.demand], [5, 0, 0, 0]);
    assert.equal(s.safetyStock, null);
    assert.ok(s.flags.some((f) => f.includes("negative demand")));
    assertNoNaN(r);
    assert.throws(() => assertNoNaN({ a: [1, { b: new Float64Array([Number.NaN]) }] }));
  });

  it("days of supply helper: next 3 periods, truncated at the horizon", () => {
    const d = daysOfSupply([31, 31, 31], [31, 31, 62], [31, 31, 31]);
    // t1: 31 / ((31+62)/62) = 62 · 31/93; t2: 31 / (62/31) = 15.5; t3: null
    close(d[0], (31 * 62) / 93);
    close(d[1], 15.5);
    assert.equal(d[2], null);
    assert.deepEqual(daysOfSupply([10, 10], [1, 1], [null, null]), [null, null]);
  });

  it("empty inputs never throw", () => {
    const r = projectInventory({ periods: [], series: [] });
    assert.deepEqual(r.series, []);
    assert.equal(r.total, null);
    const e = projectInventory({ periods: [], series: [{ key: "X", opening: 7, demand: [] }] });
    assert.equal(e.series[0]!.unconstrained.summary.endingInventory, 7);
    assert.equal(e.series[0]!.unconstrained.summary.minClosing, null);
    // @ts-expect-error: robust to garbage at run time
    assert.doesNotThrow(() => projectInventory({}));
  });

  it("projectionSeries: demand items, then inventory-only items; SS override; opening null without a row", () => {
    const s = projectionSeries(
      [
        { item: "A", family: "F", demand: [1, 2] },
        { item: "B", family: "F", demand: [3, 4] },
      ],
      [
        { item: "A", onHand: 10, safetyStock: 4, targetDays: null },
        { item: "A", onHand: 99, safetyStock: 99, targetDays: null },
        { item: "C", onHand: 7, safetyStock: null, targetDays: 10 },
      ],
      new Map([["B", { supply: [1, 1], served: [3, 4] }]]),
      new Map([["C", 2]]),
    );
    assert.deepEqual(
      s.map((x) => [x.key, x.family, x.opening, x.safetyStock]),
      [
        ["A", "F", 10, 4],
        ["B", "F", null, null],
        ["C", null, 7, 2],
      ],
    );
    assert.deepEqual(s[1]!.supply, [1, 1]);
    assert.equal(s[0]!.supply, null);
  });
});
