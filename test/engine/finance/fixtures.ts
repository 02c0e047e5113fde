/**
 * Small hand-computable fixtures for the finance tests: 2 families (A: a1, a2; B: b1, b2),
 * a 3-month plan 2026-10 … 2026-12 (cycle 2026-10), constant actuals 2026-01 … 2026-09,
 * and a NaN deep scan.
 */
import assert from "node:assert/strict";
import type { PriceRow, SeriesTable } from "../../../src/engine/inputs";
import type { EntityPlan, SupplyPlan } from "../../../src/engine/supply/types";
import { table } from "../demand/helpers";

export const close = (a: number | null | undefined, b: number, tol = 1e-9): void => {
  assert.ok(a !== null && a !== undefined && Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${String(a)} ≉ ${b}`);
};

export const PLAN = ["2026-10", "2026-11", "2026-12"];
export const CLOSED = ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09"];

/** Prices: a1 10/6, a2 20/15, b1 5/2, b2 8/4. */
export const PRICES: PriceRow[] = [
  { item: "a1", price: 10, unitCost: 6, period: null },
  { item: "a2", price: 20, unitCost: 15, period: null },
  { item: "b1", price: 5, unitCost: 2, period: null },
  { item: "b2", price: 8, unitCost: 4, period: null },
];

/** Consensus per item over PLAN. */
export const CONSENSUS = [
  { item: "a1", family: "A", consensus: Float64Array.from([10, 20, 30]) },
  { item: "a2", family: "A", consensus: Float64Array.from([5, 5, 10]) },
  { item: "b1", family: "B", consensus: Float64Array.from([100, 0, 50]) },
  { item: "b2", family: "B", consensus: Float64Array.from([10, 10, 10]) },
];

/** Actuals 2026-01 … 2026-09, constant per item: a1 8, a2 4, b1 60, b2 10 (A 160 €, B 380 € a month). */
export function actuals(): SeriesTable {
  const n = CLOSED.length;
  return table(CLOSED, [
    ["a1", "A", new Array<number>(n).fill(8)],
    ["a2", "A", new Array<number>(n).fill(4)],
    ["b1", "B", new Array<number>(n).fill(60)],
    ["b2", "B", new Array<number>(n).fill(10)],
  ]);
}

/** A supply plan with only what the financials read: served per family (or item). */
export function supplyPlan(level: "family" | "item", periods: readonly string[], served: Record<string, readonly number[]>, families?: Record<string, string>): Pick<SupplyPlan, "level" | "periods" | "entities"> {
  const z = (): Float64Array => new Float64Array(periods.length);
  const entities: EntityPlan[] = Object.entries(served).map(([key, s]) => ({
    key,
    family: families?.[key] ?? key,
    demand: z(),
    production: z(),
    outsourced: z(),
    served: Float64Array.from(s),
    unmet: z(),
    backlog: z(),
    inventory: z(),
    safetyStock: z(),
    shortfall: z(),
    onHand: 0,
    revenue: 0,
    grossMargin: 0,
    fillRate: 1,
  }));
  return { level, periods, entities };
}

/** A budget table (family or item rows × months). */
export function budgetTable(months: readonly string[], rows: readonly (readonly [string, readonly (number | null)[]])[]): SeriesTable {
  return table(
    months,
    rows.map(([k, v]) => [k, null, v] as const),
    { attributeName: null },
  );
}

/** Throws when any number reachable from `x` (objects, arrays, typed arrays, maps, sets) is NaN or infinite. */
export function assertNoNaN(x: unknown, path = "$", seen = new Set<unknown>()): void {
  if (typeof x === "number") {
    assert.ok(Number.isFinite(x), `${path} = ${x}`);
    return;
  }
  if (x === null || typeof x !== "object" || seen.has(x)) return;
  seen.add(x);
  if (ArrayBuffer.isView(x) && !(x instanceof DataView)) {
    const a = x as unknown as ArrayLike<number>;
    for (let i = 0; i < a.length; i++) assert.ok(Number.isFinite(a[i]!), `${path}[${i}] = ${a[i]}`);
    return;
  }
  if (x instanceof Map) {
    for (const [k, v] of x) {
      assertNoNaN(k, `${path}<key>`, seen);
      assertNoNaN(v, `${path}.get(${String(k)})`, seen);
    }
    return;
  }
  if (x instanceof Set) {
    for (const v of x) assertNoNaN(v, `${path}<item>`, seen);
    return;
  }
  for (const [k, v] of Object.entries(x)) assertNoNaN(v, `${path}.${k}`, seen);
}
