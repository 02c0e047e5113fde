/**
 * Helpers over series tables for the demand plan:
 *
 * - the month of a period: a month is itself; an ISO week belongs to the month of its
 *   Thursday (ISO 8601, as `cycle.ts` decides the cycle of weekly actuals);
 * - weekly tables rolled up to months: a month's value is the sum of its weeks' values
 *   (blank weeks add nothing; all blank → no value); the first and last months of the table
 *   when only some of their weeks are columns are left without a value rather than shown
 *   as a drop in demand;
 * - rows of one item (one per customer or region) found together, their values summed
 *   (blank cells add nothing; all blank → no value);
 * - the family of an item: the attribute named Family (case-insensitive), first non-blank
 *   value over the item's rows, else "(no family)".
 *
 * Pure; no I/O.
 */
import type { SeriesTable } from "../inputs";
import { type Period, addPeriods, monthOfPeriod, parsePeriodKey, periodKey, periodOrdinal } from "../period";
import { NO_FAMILY } from "./types";

/** The calendar month of a period (`../period`), re-exported for the demand modules. */
export { monthOfPeriod };

/** Month ordinal (`periodOrdinal` of its month) of a period key; NaN when the key is not a period. */
export function monthOrdinalOfKey(key: string): number {
  const p = parsePeriodKey(key);
  return p === null ? Number.NaN : periodOrdinal(monthOfPeriod(p));
}

/**
 * The table in monthly buckets: a monthly table as it is; a weekly table with its weeks
 * summed into months (see the header for blanks and partial months). Columns whose key is
 * not a period are ignored.
 */
export function monthlyTable(t: SeriesTable): SeriesTable {
  if (t.kind === "month") return t;
  const weeks = t.periods.map(parsePeriodKey);
  const months = weeks.map((p) => (p === null ? Number.NaN : periodOrdinal(monthOfPeriod(p))));
  let first = Infinity;
  let last = -Infinity;
  let firstWeek: Period | null = null;
  let lastWeek: Period | null = null;
  for (let j = 0; j < weeks.length; j++) {
    const p = weeks[j]!;
    if (p === null) continue;
    firstWeek ??= p;
    lastWeek = p;
    first = Math.min(first, months[j]!);
    last = Math.max(last, months[j]!);
  }
  if (firstWeek === null || lastWeek === null) return { ...t, kind: "month", periods: [], values: new Float64Array(0) };
  const monthOf = (p: Period): number => periodOrdinal(monthOfPeriod(p));
  // Only the table's first and last months can be partial (its weeks are contiguous).
  const firstComplete = monthOf(addPeriods(firstWeek, -1)) !== first;
  const lastComplete = monthOf(addPeriods(lastWeek, 1)) !== last;
  const nMonths = last - first + 1;
  const rows = t.keys.length;
  const w = t.periods.length;
  const values = new Float64Array(rows * nMonths).fill(Number.NaN);
  for (let j = 0; j < w; j++) {
    const m = months[j]!;
    if (Number.isNaN(m) || (m === first && !firstComplete) || (m === last && !lastComplete)) continue;
    const c = m - first;
    for (let i = 0; i < rows; i++) {
      const v = t.values[i * w + j]!;
      if (!Number.isFinite(v)) continue;
      const k = i * nMonths + c;
      values[k] = Number.isNaN(values[k]!) ? v : values[k]! + v;
    }
  }
  const periods = Array.from({ length: nMonths }, (_, c) => {
    const year = Math.floor((first + c) / 12);
    return periodKey({ kind: "month", year, num: first + c - year * 12 + 1 });
  });
  return { ...t, kind: "month", periods, values };
}

/** The rows of each item of a table, in the order of first appearance, and its family. */
export interface ItemRows {
  readonly items: readonly string[];
  /** Per item, the table rows that hold it. */
  readonly rows: readonly (readonly number[])[];
  /** Per item, its family ("(no family)" when none). */
  readonly families: readonly string[];
}

/** Index of the attribute named Family (case- and space-insensitive), or -1. */
export function familyAttributeIndex(t: SeriesTable): number {
  return t.attributeNames.findIndex((n) => n.trim().toLowerCase() === "family");
}

/** The rows of each item of the table (several rows of one item: one per customer, region, …). */
export function itemRows(t: SeriesTable): ItemRows {
  const fam = familyAttributeIndex(t);
  const index = new Map<string, number>();
  const items: string[] = [];
  const rows: number[][] = [];
  const families: string[] = [];
  t.keys.forEach((key, i) => {
    let k = index.get(key);
    if (k === undefined) {
      k = items.length;
      index.set(key, k);
      items.push(key);
      rows.push([]);
      families.push(NO_FAMILY);
    }
    rows[k]!.push(i);
    if (fam >= 0 && families[k] === NO_FAMILY) {
      const f = t.attributes[i]?.[fam]?.trim();
      if (f) families[k] = f;
    }
  });
  return { items, rows, families };
}

/** Sum over the given rows at column `col`: blank cells add nothing; NaN when all are blank. */
export function sumRows(t: SeriesTable, rows: readonly number[], col: number): number {
  const w = t.periods.length;
  let s = Number.NaN;
  for (const i of rows) {
    const v = t.values[i * w + col]!;
    if (Number.isFinite(v)) s = Number.isNaN(s) ? v : s + v;
  }
  return s;
}
