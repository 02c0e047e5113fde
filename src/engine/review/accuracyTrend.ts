/**
 * The forecast accuracy trend of the dashboard (DESIGN.md §2 step 5, §4 "lag-k accuracy"): for
 * each closed month of the last twelve, the accuracy and bias at lag k (default 1) of every
 * version archived in the snapshots, so that the executive sees whether forecasting improves.
 *
 * Definitions:
 * - the forecast at lag k for month m is the one made in cycle m − k (a cycle's own month is
 *   lag 0; cycle 2026-05's forecast for 2026-06 is lag 1), read from the snapshot rows;
 * - pairs (actual, forecast) per item where both exist (an item without an actual in the month
 *   is not measured); figures from sums (`accuracy/metrics.ts`): WAPE = Σ|F − A| / Σ|A|,
 *   accuracy = max(0, 1 − WAPE), bias % = Σ(F − A) / ΣA (positive: over-forecast);
 * - weekly actuals and weekly snapshot periods are summed into the month of their Thursday;
 *   a snapshot row repeated with the same (cycle, version, item, period) counts once (the first);
 * - months: the `months` months ending with `lastPeriod`, the leading ones where no version is
 *   measured left out (so the trend starts where the ledger does);
 * - versions: as spelled in the snapshots (first spelling of a case-insensitive name);
 *   "Statistical" first, "Consensus" last, the others in name order between them.
 *
 * Pure; no I/O.
 */
import { compareNames } from "../accuracy/frame";
import { ErrorSums, figuresOf } from "../accuracy/metrics";
import { itemRows, monthlyTable, monthOrdinalOfKey, sumRows } from "../demand/series";
import type { SeriesTable, SnapshotRow } from "../inputs";
import { parsePeriodKey, periodFromOrdinal, periodKey, periodOrdinal } from "../period";
import { snapshotColumns } from "../accuracy/snapshotColumns";

export interface AccuracyTrendInput {
  readonly actuals: SeriesTable;
  readonly snapshots: readonly SnapshotRow[];
  /** The last closed month measured (`YYYY-MM`), usually the business review's period. */
  readonly lastPeriod: string;
}

export interface AccuracyTrendOptions {
  /** Lag measured (default 1). */
  readonly lag?: number;
  /** Months of the trend (default 12). */
  readonly months?: number;
}

/** Accuracy of one version in one month. */
export interface TrendPoint {
  readonly period: string;
  /** max(0, 1 − WAPE); null when nothing was measured or Σ|A| = 0. */
  readonly accuracy: number | null;
  readonly wape: number | null;
  /** Σ(F − A) / ΣA; null when ΣA = 0. */
  readonly biasPct: number | null;
  /** Items measured. */
  readonly count: number;
}

export interface TrendSeries {
  readonly version: string;
  /** One per month of `AccuracyTrend.periods`. */
  readonly points: readonly TrendPoint[];
}

export interface AccuracyTrend {
  readonly lag: number;
  /** Months shown, ascending (empty when no version is measured in any). */
  readonly periods: readonly string[];
  readonly versions: readonly TrendSeries[];
}

const norm = (s: string): string => s.trim().toLowerCase();

function versionRank(v: string): number {
  const n = norm(v);
  return n === "statistical" ? 0 : n === "consensus" ? 2 : 1;
}

/** Largest bitmap of a {@link PairSet} (bits); beyond it, a set. */
const MAX_PAIR_BITS = 2 ** 26;

/** Remembers small non-negative integers below `size`: a bitmap when small enough, else a set. */
class PairSet {
  private readonly bits: Uint8Array | null;
  private readonly set = new Set<number>();
  constructor(size: number) {
    this.bits = size <= MAX_PAIR_BITS ? new Uint8Array(Math.ceil(size / 8)) : null;
  }
  /** True when `x` was seen before; marks it seen. */
  testAndSet(x: number): boolean {
    if (this.bits !== null) {
      const mask = 1 << (x & 7);
      const was = (this.bits[x >>> 3]! & mask) !== 0;
      this.bits[x >>> 3] = this.bits[x >>> 3]! | mask;
      return was;
    }
    if (this.set.has(x)) return true;
    this.set.add(x);
    return false;
  }
}

/** Lag-k accuracy and bias per version and closed month (see the module header). Never throws. */
export function accuracyTrend(input: AccuracyTrendInput, options: AccuracyTrendOptions = {}): AccuracyTrend {
  const lag = Math.max(0, Math.round(options.lag ?? 1));
  const nMonths = Math.max(1, Math.round(options.months ?? 12));
  const last = parsePeriodKey(input.lastPeriod);
  if (last === null || last.kind !== "month") return { lag, periods: [], versions: [] };
  const lastOrd = periodOrdinal(last);
  const firstOrd = lastOrd - nMonths + 1;

  // Actuals per item and month.
  const monthly = monthlyTable(input.actuals);
  const ir = itemRows(monthly);
  const itemIndex = new Map<string, number>();
  ir.items.forEach((it, k) => itemIndex.set(it, k));
  const colOf = new Map<number, number>();
  monthly.periods.forEach((p, j) => colOf.set(monthOrdinalOfKey(p), j));
  const actualCache = new Map<number, number>();
  const actualOf = (k: number, ord: number): number => {
    const key = k * nMonths + (ord - firstOrd);
    let v = actualCache.get(key);
    if (v === undefined) {
      const j = colOf.get(ord);
      v = j === undefined ? Number.NaN : sumRows(monthly, ir.rows[k]!, j);
      actualCache.set(key, v);
    }
    return v;
  };

  // Forecasts at the lag, per version, item and month; each distinct cycle, period, item and
  // version of the ledger is resolved once (snapshotColumns.ts).
  const cols = snapshotColumns(input.snapshots);
  const cycleOrd = Float64Array.from(cols.cycles, (c) => {
    const p = parsePeriodKey(c as string);
    return p === null || p.kind !== "month" ? Number.NaN : periodOrdinal(p);
  });
  const periodOrd = Float64Array.from(cols.periods, (p) => monthOrdinalOfKey(p as string));
  const itemOf = Int32Array.from(cols.items, (it) => itemIndex.get(it as string) ?? -1);
  const versionNorm = cols.versions.map((v) => (typeof v === "string" ? norm(v) : null));
  const spelling = new Map<string, string>();
  /** Per normalised version: Σ forecast per cell (item × month) and the cells in order of first appearance. */
  const forecasts = new Map<string, { sum: Float64Array; has: Uint8Array; order: number[] }>();
  const nItems = ir.items.length;
  // A repeated (cycle, version, item, period) counts once: per (cycle, version), the (period, item) pairs seen.
  const seen = new Map<number, PairSet>();
  const nPeriods = cols.periods.length;
  for (let r = 0; r < cols.length; r++) {
    if (cols.isRow[r] === 0) continue;
    const vid = cols.versionId[r]!;
    const v = versionNorm[vid];
    if (v === null || v === undefined || Number.isNaN(cols.quantity[r]!)) continue;
    const co = cycleOrd[cols.cycleId[r]!]!;
    if (Number.isNaN(co)) continue;
    const po = periodOrd[cols.periodId[r]!]!;
    if (!(po >= firstOrd && po <= lastOrd) || po - co !== lag) continue;
    const k = itemOf[cols.itemId[r]!]!;
    if (k < 0) continue;
    const outer = cols.cycleId[r]! * cols.versions.length + vid;
    let pairs = seen.get(outer);
    if (pairs === undefined) seen.set(outer, (pairs = new PairSet(nItems * nPeriods)));
    if (pairs.testAndSet(k * nPeriods + cols.periodId[r]!)) continue;
    if (!spelling.has(v)) spelling.set(v, (cols.versions[vid] as string).trim());
    let m = forecasts.get(v);
    if (m === undefined) forecasts.set(v, (m = { sum: new Float64Array(nItems * nMonths), has: new Uint8Array(nItems * nMonths), order: [] }));
    const cell = k * nMonths + (po - firstOrd);
    if (m.has[cell] === 0) {
      m.has[cell] = 1;
      m.order.push(cell);
    }
    m.sum[cell] = m.sum[cell]! + cols.quantity[r]!;
  }

  const names = [...spelling.keys()].sort((a, b) => versionRank(a) - versionRank(b) || compareNames(spelling.get(a)!, spelling.get(b)!));
  const sums = names.map(() => Array.from({ length: nMonths }, () => new ErrorSums()));
  names.forEach((v, vi) => {
    const m = forecasts.get(v)!;
    const order = m.order;
    for (let i = 0; i < order.length; i++) {
      const cell = order[i]!;
      const k = Math.floor(cell / nMonths);
      const ord = firstOrd + (cell - k * nMonths);
      sums[vi]![ord - firstOrd]!.add(actualOf(k, ord), m.sum[cell]!);
    }
  });
  let start = 0;
  while (start < nMonths && sums.every((s) => s[start]!.count === 0)) start++;
  const periods: string[] = [];
  for (let o = firstOrd + start; o <= lastOrd; o++) periods.push(periodKey(periodFromOrdinal("month", o)));
  const versions: TrendSeries[] = names.map((v, vi) => ({
    version: spelling.get(v)!,
    points: periods.map((period, t) => {
      const f = figuresOf(sums[vi]![start + t]!);
      return { period, accuracy: f.accuracy, wape: f.wape, biasPct: f.biasPct, count: f.count };
    }),
  }));
  return { lag, periods, versions };
}
