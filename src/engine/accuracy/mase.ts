/**
 * Mean absolute scaled error (MASE) of Hyndman & Koehler (2006), "Another look at measures of
 * forecast accuracy", IJF 22(4) 679–688; the scaling used for M3/M4 benchmarks:
 *
 *   MASE = mean_{t in horizon} |y_t − f_t|  /  mean_{t = m+1..n} |y_t − y_{t−m}|
 *
 * where the denominator is the in-sample mean absolute error of the seasonal naive method
 * with period m (m = 12 monthly, 4 quarterly, 1 otherwise). When the history is too short
 * for lag m (n ≤ m) the lag-1 naive scale is used instead, as DESIGN.md §4 says.
 * Non-finite values are skipped. A zero (or undefined) scale gives 0 when the forecast
 * errors are all zero and otherwise +Infinity is avoided by returning the unscaled mean
 * absolute error — so the result is never NaN.
 *
 * Pure; no I/O.
 *
 * @example mase([1, 2, 3, 4], [5, 6], [6, 6], 1) // (1 + 0)/2 / 1 = 0.5
 */

/** In-sample mean |y_t − y_{t−m}| (m falls back to 1 when n ≤ m); NaN-pairs skipped; 0 if none. */
export function maseScale(insample: ArrayLike<number>, period: number): number {
  let m = Math.max(1, Math.floor(period));
  if (insample.length <= m) m = 1;
  let sum = 0;
  let count = 0;
  for (let t = m; t < insample.length; t++) {
    const a = insample[t]!;
    const b = insample[t - m]!;
    if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
    sum += Math.abs(a - b);
    count++;
  }
  return count === 0 ? 0 : sum / count;
}

/** MASE of `forecast` against `actual`, scaled by the in-sample seasonal-naive error of `insample`. */
export function mase(
  insample: ArrayLike<number>,
  actual: ArrayLike<number>,
  forecast: ArrayLike<number>,
  period: number,
): number {
  const n = Math.min(actual.length, forecast.length);
  let sum = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const y = actual[i]!;
    const f = forecast[i]!;
    if (!Number.isFinite(y) || !Number.isFinite(f)) continue;
    sum += Math.abs(y - f);
    count++;
  }
  const mae = count === 0 ? 0 : sum / count;
  const scale = maseScale(insample, period);
  return scale > 0 ? mae / scale : mae;
}
