/**
 * Small helpers shared by the finance modules: month keys, name lists for issue messages,
 * and the accumulator behind `FinanceFigures` (revenue, cost of goods, margin; DESIGN.md §4).
 *
 * - the month of a period key: a month is itself, an ISO week belongs to the month of its
 *   Thursday (`monthOfPeriod` in `../period`, ISO 8601);
 * - margin % = margin / costed revenue, null when that revenue is 0 (never NaN).
 *
 * Pure; no I/O.
 */
import { monthOfPeriod, parsePeriodKey, periodFromOrdinal, periodKey, periodOrdinal } from "../period";
import type { FinanceFigures } from "./types";

/** The first `max` names, then "and N more". */
export function listNames(names: readonly string[], max = 5): string {
  const head = names.slice(0, max).join(", ");
  return names.length > max ? `${head} and ${names.length - max} more` : head;
}

/** "1 item", "3 items". */
export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** The calendar month (`YYYY-MM`) of a period key (month or ISO week); null when the key is not a period. */
export function monthKeyOf(key: string): string | null {
  const p = parsePeriodKey(key);
  return p === null ? null : periodKey(monthOfPeriod(p));
}

/** Month ordinal (year × 12 + month − 1) of a `YYYY-MM` key; null when it is not a month key. */
export function monthOrdinal(key: string): number | null {
  const p = parsePeriodKey(key);
  return p === null || p.kind !== "month" ? null : periodOrdinal(p);
}

/** The month key of a month ordinal. */
export function monthOfOrdinal(o: number): string {
  return periodKey(periodFromOrdinal("month", o));
}

/** The months from `from` to `to` inclusive (`YYYY-MM`); empty when either is not a month or to < from. */
export function monthRange(from: string, to: string): string[] {
  const a = monthOrdinal(from);
  const b = monthOrdinal(to);
  if (a === null || b === null || b < a) return [];
  return Array.from({ length: b - a + 1 }, (_, i) => monthOfOrdinal(a + i));
}

/** A finite number, or `d`. */
export const finiteOr = (x: number | null | undefined, d: number): number => (x !== null && x !== undefined && Number.isFinite(x) ? x : d);

/** a / b, or null when b is 0 (or the result is not finite). */
export function ratio(a: number, b: number): number | null {
  if (b === 0) return null;
  const r = a / b;
  return Number.isFinite(r) ? r : null;
}

/** Running sums of `FinanceFigures` (mutable while a plan is being valued). */
export class FiguresSum {
  quantity = 0;
  revenue = 0;
  costOfGoods = 0;
  costedRevenue = 0;
  unpricedQuantity = 0;
  uncostedQuantity = 0;

  /** Add `q` units at `price` and `unitCost` (null = not known). */
  add(q: number, price: number | null, unitCost: number | null): void {
    this.quantity += q;
    if (price === null) {
      this.unpricedQuantity += q;
      return;
    }
    this.revenue += q * price;
    if (unitCost === null) {
      this.uncostedQuantity += q;
      return;
    }
    this.costedRevenue += q * price;
    this.costOfGoods += q * unitCost;
  }

  /** Add another sum (or figures). */
  merge(o: Pick<FinanceFigures, "quantity" | "revenue" | "costOfGoods" | "costedRevenue" | "unpricedQuantity" | "uncostedQuantity">): void {
    this.quantity += o.quantity;
    this.revenue += o.revenue;
    this.costOfGoods += o.costOfGoods;
    this.costedRevenue += o.costedRevenue;
    this.unpricedQuantity += o.unpricedQuantity;
    this.uncostedQuantity += o.uncostedQuantity;
  }

  /** The figures, with margin and margin % computed from the sums. */
  figures(): FinanceFigures {
    const margin = this.costedRevenue - this.costOfGoods;
    return {
      quantity: this.quantity,
      revenue: this.revenue,
      costOfGoods: this.costOfGoods,
      costedRevenue: this.costedRevenue,
      margin,
      marginPct: ratio(margin, this.costedRevenue),
      unpricedQuantity: this.unpricedQuantity,
      uncostedQuantity: this.uncostedQuantity,
    };
  }
}
