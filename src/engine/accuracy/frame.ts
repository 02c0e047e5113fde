/**
 * The integer indexes every demand-accuracy step shares (DESIGN.md §4 "roll-ups from sums"):
 * item code → row index, month → ordinal, the window's months → columns 0..W−1, and the
 * dense item × month matrices built once from the actuals and prices:
 *
 * - `series`: every actual, item × month of the actuals' span (NaN = no value);
 * - `actual`, `price`: item × window column (NaN = none; a per-period price wins over the
 *   item's plain price);
 * - `scale`: per item, the MASE denominator from its actuals before the window
 *   (`maseScale` of mase.ts, m = 12, lag 1 when too short; leading blanks skipped);
 * - groupings: the family (the actuals attribute named Family, case-insensitive, else
 *   "(no family)") and every other attribute by value ("(blank)" when empty), each as an
 *   item → group index array with group names in name order.
 *
 * Hot loops in the other modules index these typed arrays; no per-row object maps.
 * Pure; no I/O.
 */
import type { PriceRow, SeriesTable } from "../inputs";
import { parsePeriodKey, periodFromOrdinal, periodKey, periodOrdinal } from "../period";
import { maseScale } from "./mase";
import type { AccuracyIssue } from "./types";

/** Family of items without one. */
export const NO_FAMILY = "(no family)";
/** Attribute value of items where it is blank. */
export const BLANK = "(blank)";
/** Seasonal period of the MASE scale (monthly). */
export const MASE_PERIOD = 12;

/** Items grouped by one attribute: item → group index, group names in name order. */
export interface Grouping {
  readonly name: string;
  readonly groupOf: Int32Array;
  readonly keys: readonly string[];
}

/** The shared indexes and matrices (see the module comment). */
export interface AccuracyFrame {
  readonly items: readonly string[];
  readonly itemIndex: ReadonlyMap<string, number>;
  /** Month ordinal (`periodOrdinal`) of the first and last month of the actuals. */
  readonly ordMin: number;
  readonly span: number;
  /** item × span, row-major: actual of item i at month ordMin + c. */
  readonly series: Float64Array;
  readonly windowPeriods: readonly string[];
  /** Month ordinal of window column 0. */
  readonly windowStart: number;
  readonly width: number;
  /** item × width: actual at window column j. */
  readonly actual: Float64Array;
  /** item × width: price at window column j (NaN: none). */
  readonly price: Float64Array;
  readonly hasPrices: boolean;
  /** Per item: MASE scale (0 when undefined). */
  readonly scale: Float64Array;
  readonly family: Grouping;
  readonly familyAttribute: string | null;
  readonly attributes: readonly Grouping[];
}

/** Month ordinal of a `YYYY-MM` key; NaN for anything else (weeks included). */
export function monthOrdinal(key: string): number {
  const p = parsePeriodKey(key);
  return p !== null && p.kind === "month" ? periodOrdinal(p) : Number.NaN;
}

/** `YYYY-MM` of a month ordinal. */
export function monthKey(ordinal: number): string {
  return periodKey(periodFromOrdinal("month", ordinal));
}

/** `a.localeCompare(b, "en", { numeric: true, sensitivity: "base" })`, made once (localeCompare with options builds a collator a call). */
const NAME_COLLATOR = new Intl.Collator("en", { numeric: true, sensitivity: "base" });

/** Name order for families, attribute values and versions: numeric-aware, case-insensitive, then exact. */
export function compareNames(a: string, b: string): number {
  const c = NAME_COLLATOR.compare(a, b);
  if (c !== 0) return c;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Builds a grouping from one label per item. */
export function buildGrouping(name: string, labels: readonly string[]): Grouping {
  const keys = [...new Set(labels)].sort(compareNames);
  const index = new Map<string, number>();
  keys.forEach((k, g) => index.set(k, g));
  const groupOf = new Int32Array(labels.length);
  labels.forEach((l, i) => (groupOf[i] = index.get(l)!));
  return { name, groupOf, keys };
}

/** Builds the frame for monthly actuals and a window of `width` months starting at `windowStart`. */
export function buildFrame(
  actuals: SeriesTable,
  prices: readonly PriceRow[],
  windowStart: number,
  width: number,
  issues: AccuracyIssue[],
): AccuracyFrame {
  // Items: first row of a duplicated key wins.
  const items: string[] = [];
  const rowOf: number[] = [];
  const itemIndex = new Map<string, number>();
  const dupExamples: AccuracyIssue["examples"][number][] = [];
  let dupCount = 0;
  actuals.keys.forEach((k, r) => {
    if (itemIndex.has(k)) {
      dupCount++;
      if (dupExamples.length < 5) dupExamples.push({ row: r, cycle: null, version: null, item: k, period: null });
      return;
    }
    itemIndex.set(k, items.length);
    items.push(k);
    rowOf.push(r);
  });
  if (dupCount > 0)
    issues.push({
      kind: "duplicate-actuals-item",
      severity: "warning",
      count: dupCount,
      message: `${dupCount} actuals row(s) repeat an item already listed; the first row of each item is used.`,
      examples: dupExamples,
    });

  // Month span of the actuals.
  const nCols = actuals.periods.length;
  const ordOfCol = actuals.periods.map(monthOrdinal);
  let ordMin = Infinity;
  let ordMax = -Infinity;
  for (const o of ordOfCol)
    if (Number.isFinite(o)) {
      ordMin = Math.min(ordMin, o);
      ordMax = Math.max(ordMax, o);
    }
  const span = Number.isFinite(ordMin) ? ordMax - ordMin + 1 : 0;
  if (!Number.isFinite(ordMin)) ordMin = windowStart;
  const nItems = items.length;
  const series = new Float64Array(nItems * span).fill(Number.NaN);
  for (let i = 0; i < nItems; i++) {
    const base = rowOf[i]! * nCols;
    for (let c = 0; c < nCols; c++) {
      const o = ordOfCol[c]!;
      if (!Number.isFinite(o)) continue;
      const v = actuals.values[base + c];
      if (v !== undefined && Number.isFinite(v)) series[i * span + (o - ordMin)] = v;
    }
  }

  // Actuals over the window, and the MASE scale from the months before it.
  const actual = new Float64Array(nItems * width).fill(Number.NaN);
  const scale = new Float64Array(nItems);
  const before = Math.min(span, Math.max(0, windowStart - ordMin));
  for (let i = 0; i < nItems; i++) {
    for (let j = 0; j < width; j++) {
      const c = windowStart + j - ordMin;
      if (c >= 0 && c < span) actual[i * width + j] = series[i * span + c]!;
    }
    const hist = series.subarray(i * span, i * span + before);
    let first = 0;
    while (first < hist.length && !Number.isFinite(hist[first]!)) first++;
    scale[i] = maseScale(hist.subarray(first), MASE_PERIOD);
  }

  // Prices: the item's plain price, overridden per period.
  const price = new Float64Array(nItems * width).fill(Number.NaN);
  let hasPrices = false;
  const plainSeen = new Uint8Array(nItems);
  for (const p of prices) {
    const i = itemIndex.get(p.item);
    if (i === undefined || !Number.isFinite(p.price) || p.period !== null || plainSeen[i] === 1) continue;
    plainSeen[i] = 1;
    price.fill(p.price, i * width, (i + 1) * width);
    hasPrices = true;
  }
  const periodSeen = new Uint8Array(nItems * width);
  for (const p of prices) {
    if (p.period === null || !Number.isFinite(p.price)) continue;
    const i = itemIndex.get(p.item);
    if (i === undefined) continue;
    const j = monthOrdinal(p.period) - windowStart;
    if (!(j >= 0 && j < width) || periodSeen[i * width + j] === 1) continue;
    periodSeen[i * width + j] = 1;
    price[i * width + j] = p.price;
    hasPrices = true;
  }

  // Family and attribute groupings.
  const famCol = actuals.attributeNames.findIndex((n) => n.trim().toLowerCase() === "family");
  const labelsOf = (col: number, blank: string): string[] =>
    rowOf.map((r) => {
      const v = actuals.attributes[r]?.[col];
      return v === null || v === undefined || v.trim() === "" ? blank : v;
    });
  const family = buildGrouping("Family", famCol < 0 ? items.map(() => NO_FAMILY) : labelsOf(famCol, NO_FAMILY));
  const attributes: Grouping[] = [];
  actuals.attributeNames.forEach((n, col) => {
    if (col !== famCol) attributes.push(buildGrouping(n, labelsOf(col, BLANK)));
  });

  const windowPeriods: string[] = [];
  for (let j = 0; j < width; j++) windowPeriods.push(monthKey(windowStart + j));
  return {
    items,
    itemIndex,
    ordMin,
    span,
    series,
    windowPeriods,
    windowStart,
    width,
    actual,
    price,
    hasPrices,
    scale,
    family,
    familyAttribute: famCol < 0 ? null : actuals.attributeNames[famCol]!,
    attributes,
  };
}
