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

  // Forecasts at the lag, per version, item and month.
  const spelling = new Map<string, string>();
  const forecasts = new Map<string, Map<string, number>>();
  const seen = new Set<string>();
  for (const r of input.snapshots) {
    if (typeof r.version !== "string" || typeof r.quantity !== "number" || !Number.isFinite(r.quantity)) continue;
    const c = parsePeriodKey(r.cycle);
    if (c === null || c.kind !== "month") continue;
    const po = monthOrdinalOfKey(r.period);
    if (!(po >= firstOrd && po <= lastOrd) || po - periodOrdinal(c) !== lag) continue;
    const k = itemIndex.get(r.item);
    if (k === undefined) continue;
    const key = `${r.cycle}\u0000${r.version}\u0000${r.item}\u0000${r.period}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const v = norm(r.version);
    if (!spelling.has(v)) spelling.set(v, r.version.trim());
    let m = forecasts.get(v);
    if (m === undefined) forecasts.set(v, (m = new Map()));
    const cell = `${k}:${po}`;
    m.set(cell, (m.get(cell) ?? 0) + r.quantity);
  }

  const names = [...spelling.keys()].sort((a, b) => versionRank(a) - versionRank(b) || compareNames(spelling.get(a)!, spelling.get(b)!));
  const sums = names.map(() => Array.from({ length: nMonths }, () => new ErrorSums()));
  names.forEach((v, vi) => {
    for (const [cell, f] of forecasts.get(v)!) {
      const [k, ord] = cell.split(":").map(Number) as [number, number];
      sums[vi]![ord - firstOrd]!.add(actualOf(k, ord), f);
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
