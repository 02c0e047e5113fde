/**
 * Lag-k accuracy (DESIGN.md §4): the accuracy of the forecast made k months before the
 * target month, lag = target period − cycle period (a cycle's own month is lag 0; cycle
 * 2026-05's forecast for 2026-06 is lag 1). Measured per version and lag over the window's
 * target months that have an actual, in total and by family, from sums: WAPE, accuracy,
 * bias %, item-periods, and the number of cycles (t − k) that contributed.
 *
 * Pure; no I/O.
 */
import type { AccuracyFrame } from "./frame";
import { ErrorSums, accuracyOf, ratio, wapeOf } from "./metrics";
import type { LagFigures, LagSpec, LagTableRow, VersionRole, ForecastSource } from "./types";

/** The lags of the lag table: `lags`, plus the lead-time lag labelled (added when missing). */
export function lagSpecs(lags: readonly number[], leadTimeLag: number | null): LagSpec[] {
  const all = [...lags];
  if (leadTimeLag !== null) all.push(leadTimeLag);
  const distinct = [...new Set(all.filter((k) => Number.isInteger(k) && k >= 0 && k <= 240))].sort((a, b) => a - b);
  return distinct.map((lag) => {
    const leadTime = lag === leadTimeLag;
    return { lag, leadTime, label: leadTime ? `lag ${lag} (lead time)` : `lag ${lag}` };
  });
}

function lagFigures(key: string, s: ErrorSums, cycles: number): LagFigures {
  const wape = wapeOf(s);
  return {
    key,
    wape,
    accuracy: accuracyOf(wape),
    biasPct: ratio(s.error, s.actual),
    count: s.count,
    cycles,
    actual: s.actual,
    forecast: s.forecast,
    absError: s.absError,
  };
}

/** One version's forecasts at one lag (item × window column). */
export interface LagInput {
  readonly version: string;
  readonly role: VersionRole;
  readonly source: ForecastSource;
  readonly spec: LagSpec;
  readonly forecasts: Float64Array;
}

/** A lag-table row: total and by family (families with at least one item-period, in name order). */
export function lagRow(frame: AccuracyFrame, input: LagInput): LagTableRow {
  const { width, actual } = frame;
  const fam = frame.family;
  const nFam = fam.keys.length;
  const famSums: ErrorSums[] = [];
  for (let g = 0; g < nFam; g++) famSums.push(new ErrorSums());
  const famCols = new Uint8Array(nFam * width);
  const f = input.forecasts;
  for (let i = 0; i < frame.items.length; i++) {
    const g = fam.groupOf[i]!;
    const s = famSums[g]!;
    for (let j = 0; j < width; j++) {
      const k = i * width + j;
      const a = actual[k]!;
      const x = f[k]!;
      if (Number.isNaN(a) || Number.isNaN(x)) continue;
      s.add(a, x);
      famCols[g * width + j] = 1;
    }
  }
  const tot = new ErrorSums();
  const totCols = new Uint8Array(width);
  const families: LagFigures[] = [];
  for (let g = 0; g < nFam; g++) {
    const s = famSums[g]!;
    if (s.count === 0) continue;
    tot.merge(s);
    let cycles = 0;
    for (let j = 0; j < width; j++)
      if (famCols[g * width + j] === 1) {
        cycles++;
        totCols[j] = 1;
      }
    families.push(lagFigures(fam.keys[g]!, s, cycles));
  }
  const cycles = totCols.reduce((c, b) => c + b, 0);
  return {
    version: input.version,
    role: input.role,
    source: input.source,
    lag: input.spec.lag,
    label: input.spec.label,
    leadTime: input.spec.leadTime,
    total: lagFigures("Total", tot, cycles),
    families,
  };
}
