/**
 * Simple moving average (Hyndman & Athanasopoulos, "Forecasting: Principles and Practice",
 * 3rd ed., §3.3; Makridakis, Wheelwright & Hyndman 1998, §4/3):
 *
 *   ŷ_{n+h} = (1/k) · Σ_{i=0}^{k−1} y_{n−i}   for every h (a flat forecast),
 *
 * the one-step fitted value at t being the mean of the k values before t. The window k is
 * fixed (`fixed.window`) or fitted: the k in 2 … min(12, n − 1) with the least in-sample
 * one-step mean squared error, all windows scored over the same periods t ≥ kmax so the
 * comparison is fair. The interval is ±z·σ·√(1 + (h − 1)/k), σ the in-sample one-step RMSE —
 * a heuristic allowance for the level moving away from the average, not a model-based one.
 * Histories of length 1 (or 2) give the last value (the mean of both).
 *
 * Pure; no I/O. Never throws.
 */
import { buildResult, cleanHistory, emptyResult, inSampleError, safeHorizon } from "./naive";
import { type ForecastOptions, type ForecastResult, type Forecaster } from "./types";

const MAX_WINDOW = 12;

function fittedFor(y: Float64Array, k: number): Float64Array {
  const n = y.length;
  const fitted = new Float64Array(n).fill(NaN);
  let s = 0;
  for (let t = 0; t < n; t++) {
    if (t >= k) fitted[t] = s / k;
    s += y[t]!;
    if (t >= k) s -= y[t - k]!;
  }
  return fitted;
}

/** Moving average with a fitted or fixed window. */
export const movingAverage: Forecaster = {
  name: "movingAverage",
  forecast(history: Float64Array, options: ForecastOptions): ForecastResult {
    const h = safeHorizon(options);
    const { y, missing } = cleanHistory(history);
    const n = y.length;
    if (n === 0) return emptyResult("movingAverage", h, history.length);
    const fixedWindow = options.fixed?.window;
    let k: number;
    let how: string;
    if (fixedWindow !== undefined && Number.isFinite(fixedWindow) && fixedWindow >= 1) {
      k = Math.min(n, Math.floor(fixedWindow));
      how = "fixed";
    } else if (n <= 2) {
      k = n;
      how = "whole history";
    } else {
      const kmax = Math.min(MAX_WINDOW, n - 1);
      let best = Infinity;
      k = 2;
      for (let w = 2; w <= kmax; w++) {
        const f = fittedFor(y, w);
        let s = 0;
        for (let t = kmax; t < n; t++) s += (y[t]! - f[t]!) ** 2;
        if (s < best - 1e-12 * Math.abs(best)) {
          best = s;
          k = w;
        }
      }
      how = "fitted by in-sample one-step error";
    }
    let s = 0;
    for (let t = n - k; t < n; t++) s += y[t]!;
    const point = new Float64Array(h).fill(s / k);
    const fitted = fittedFor(y, k);
    const { sigma, mse } = inSampleError(y, fitted);
    const width = new Float64Array(h);
    for (let i = 0; i < h; i++) width[i] = Math.sqrt(1 + i / k);
    const note = missing > 0 ? `; ${missing} missing value(s) interpolated` : "";
    return buildResult("movingAverage", { window: k }, point, width, fitted, sigma, mse,
      `average of the last ${k} period(s), window ${how}${note}`);
  },
};
