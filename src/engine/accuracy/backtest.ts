/**
 * Backtest of the statistical engine (DESIGN.md §5) for FVA and lag accuracy when no
 * statistical forecast was archived: what would the engine have said at each past cycle?
 *
 * For target month t and lag k the cycle is t − k, whose last known actual is t − k − 1
 * (the origin). The engine is fitted on the item's actuals up to and including the origin
 * (leading blanks dropped): `forecast(history, { period: 12, horizon, method: "auto" })` (without
 * its holdout error, which is not used),
 * and the forecast for t is the point k + 1 steps ahead (`point[k]`). Fits are cached per
 * (item, origin): each origin is fitted once, with the horizon of the largest lag needed,
 * and serves every (target, lag) pair that shares it. Items without an actual in the
 * window are not fitted (nothing to measure).
 *
 * Pure; no I/O. Never throws (the forecasting engine never does).
 */
import { forecast } from "../forecast/index";
import type { AccuracyFrame } from "./frame";
import type { LagSlots } from "./versions";
import { emptyCube } from "./versions";

/** Backtest result: the cube (per lag slot, item × window column) and the number of fits made. */
export interface Backtest {
  readonly cube: Float64Array[];
  readonly fits: number;
}

/** Backtests the automatic statistical forecast over the frame's window at the given lags. */
export function backtestStatistical(frame: AccuracyFrame, slots: LagSlots): Backtest {
  const cube = emptyCube(frame, slots);
  const { width, windowStart, ordMin, span, series, actual } = frame;
  const maxLag = slots.lags[slots.lags.length - 1] ?? 0;
  const horizon = maxLag + 1;
  let fits = 0;
  const cache = new Map<number, Float64Array | null>();
  for (let i = 0; i < frame.items.length; i++) {
    let measurable = false;
    for (let j = 0; j < width && !measurable; j++) measurable = Number.isFinite(actual[i * width + j]!);
    if (!measurable) continue;
    const row = series.subarray(i * span, (i + 1) * span);
    let first = 0;
    while (first < span && !Number.isFinite(row[first]!)) first++;
    cache.clear();
    slots.lags.forEach((k, s) => {
      for (let j = 0; j < width; j++) {
        if (!Number.isFinite(actual[i * width + j]!)) continue;
        const origin = windowStart + j - k - 1 - ordMin; // column of the last known actual
        if (origin < first || origin >= span) continue;
        let point = cache.get(origin);
        if (point === undefined) {
          // Only the point forecast is used: no holdout refit (half the work, the same points).
          const r = forecast(row.subarray(first, origin + 1), { period: 12, horizon, method: "auto", holdout: false });
          point = r.point.length > k ? r.point : null;
          cache.set(origin, point);
          fits++;
        }
        const f = point?.[k];
        if (f !== undefined && Number.isFinite(f)) cube[s]![i * width + j] = f;
      }
    });
  }
  return { cube, fits };
}
