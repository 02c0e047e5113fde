/**
 * The optimised Theta method (OTM; Fiorucci, Pellegrini, Louzada, Petropoulos & Koehler 2016,
 * "Models for optimising the theta method and their relationship to state space models",
 * IJF 32(4) 1151–1161): Theta with the coefficient θ of the extrapolated theta line chosen per
 * series instead of fixed at 2. A larger θ follows the local level less and the long-run
 * trend line more (forecast ŷ = ℓ_n/θ + (1 − 1/θ)·L_{n+h}, `thetaFit`).
 *
 * θ is chosen on a grid, one of two ways:
 * - "mse": the θ of {1, 1.25, …, 2, 2.5, 3, 4, 5} with the smallest in-sample one-step MSE
 *   (Fiorucci et al.'s criterion; the `optimisedTheta` method);
 * - "holdout": the θ of {1, 1.5, 2, 2.5, 3} whose forecast of the last k = min(h, ⌊n/4⌋)
 *   points, refitted without them, has the smallest sMAPE (used by `combination.ts`).
 *
 * Seasonality as in `theta.ts` (90 % test at lag m, classical multiplicative indices).
 * Intervals: √(1 + α²(h − 1)) · σ as for standard Theta.
 *
 * Pure; no I/O. Never throws.
 */
import { buildResult, cleanHistory, emptyResult, inSampleError, pointResult, safeHorizon, safePeriod } from "./naive";
import { deseasonalize, isSeasonal, reseasonalize, seasonalIndices } from "./seasonality";
import { type ThetaFit, fitSesAlphaForThetas, leastSquaresLine, thetaFit, thetaPoint, thetaSse, thetaWidths } from "./theta";
import type { ForecastOptions, ForecastResult, Forecaster } from "./types";

/** θ grid searched by in-sample MSE. */
export const MSE_GRID: readonly number[] = [1, 1.25, 1.5, 1.75, 2, 2.5, 3, 4, 5];
/** θ grid searched by holdout sMAPE (shorter: the holdout is noisier than the in-sample fit). */
export const HOLDOUT_GRID: readonly number[] = [1, 1.5, 2, 2.5, 3];

/** How θ is chosen. */
export type ThetaSelection = "mse" | "holdout";

/** Holdout score: Σ |y − f| / (|y| + |f|) over the held-out points (terms with both 0 count 0). */
function holdoutScore(test: ArrayLike<number>, f: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < test.length; i++) {
    const d = Math.abs(test[i]!) + Math.abs(f[i]!);
    if (d > 0) s += Math.abs(test[i]! - f[i]!) / d;
  }
  return s;
}

/**
 * Theta with θ chosen on x (an already adjusted, gap-free series) by `selection`; falls back
 * to the MSE grid when the series is too short for a holdout (fewer than 3 training points).
 */
export function fitOptimisedTheta(x: Float64Array, horizon: number, selection: ThetaSelection): ThetaFit {
  const n = x.length;
  const k = Math.min(horizon, Math.floor(n / 4));
  if (selection === "holdout" && k >= 1 && n - k >= 3) {
    const train = x.subarray(0, n - k);
    const test = x.subarray(n - k);
    let best = Infinity;
    let chosen = 2;
    const line = leastSquaresLine(train);
    const alphas = fitSesAlphaForThetas(train, line.slope, line.intercept, HOLDOUT_GRID);
    const point = new Float64Array(k);
    for (let j = 0; j < HOLDOUT_GRID.length; j++) {
      const th = HOLDOUT_GRID[j]!;
      // thetaFit(train, th, k, alphas[j]).point, without building the rest of the fit.
      const s = holdoutScore(test, thetaPoint(train, th, alphas[j]!, line.slope, line.intercept, point));
      if (s < best) {
        best = s;
        chosen = th;
      }
    }
    return thetaFit(x, chosen, horizon);
  }
  // The θ of the smallest in-sample SSE (the first on ties), scored without building each fit.
  const line = leastSquaresLine(x);
  const alphas = fitSesAlphaForThetas(x, line.slope, line.intercept, MSE_GRID);
  let bestJ = 0;
  let bestSse = Infinity;
  for (let j = 0; j < MSE_GRID.length; j++) {
    const sse = thetaSse(x, MSE_GRID[j]!, alphas[j]!, line.slope, line.intercept);
    if (j === 0 || sse < bestSse) {
      bestSse = sse;
      bestJ = j;
    }
  }
  return thetaFit(x, MSE_GRID[bestJ]!, horizon, alphas[bestJ]);
}

/**
 * The optimised Theta forecaster on an already adjusted series (period ignored): for use
 * inside a seasonal-adjustment wrapper (`combination.ts`).
 */
export function optimisedThetaOnAdjusted(selection: ThetaSelection): Forecaster {
  return {
    name: "optimisedTheta",
    forecast(history: Float64Array, options: ForecastOptions): ForecastResult {
      const h = safeHorizon(options);
      const { y } = cleanHistory(history);
      if (y.length === 0) return emptyResult("optimisedTheta", h, history.length);
      const fit = fitOptimisedTheta(y, h, selection);
      if (options.pointOnly === true) return pointResult("optimisedTheta", fit.point);
      const { sigma, mse } = inSampleError(y, fit.fitted);
      return buildResult(
        "optimisedTheta",
        { theta: fit.theta, alpha: fit.alpha, slope: fit.slope, intercept: fit.intercept },
        fit.point,
        thetaWidths(fit.alpha, h, undefined, y.length),
        fit.fitted,
        sigma,
        mse,
        `optimised Theta (θ = ${fit.theta} by ${selection === "mse" ? "in-sample MSE" : "holdout sMAPE"}, SES α = ${fit.alpha.toFixed(2)})`,
      );
    },
  };
}

/** Optimised Theta (θ by in-sample MSE), with seasonal adjustment when tested seasonal. */
export const optimisedTheta: Forecaster = {
  name: "optimisedTheta",
  forecast(history: Float64Array, options: ForecastOptions): ForecastResult {
    const h = safeHorizon(options);
    const m = safePeriod(options);
    const { y, missing } = cleanHistory(history);
    const n = y.length;
    if (n === 0) return emptyResult("optimisedTheta", h, history.length);
    let positive = true;
    for (let t = 0; t < n; t++) if (!(y[t]! > 0)) positive = false;
    const seasonal = positive && isSeasonal(y, m);
    const indices = seasonal ? seasonalIndices(y, m, "multiplicative") : new Float64Array([1]);
    const x = seasonal ? deseasonalize(y, indices, "multiplicative") : y;
    const fit = fitOptimisedTheta(x, h, "mse");
    const sigmaAdj = inSampleError(x, fit.fitted).sigma;
    const point = seasonal ? reseasonalize(fit.point, indices, "multiplicative", n) : fit.point;
    const fitted = seasonal ? reseasonalize(fit.fitted, indices, "multiplicative") : fit.fitted;
    const { sigma, mse } = inSampleError(y, fitted);
    const parts = [
      seasonal ? `seasonal (90 % test, m = ${m}), adjusted` : "not seasonal",
      `θ = ${fit.theta} by in-sample MSE`,
      `SES α = ${fit.alpha.toFixed(2)}`,
    ];
    if (missing > 0) parts.push(`${missing} missing value(s) interpolated`);
    const r = buildResult(
      "optimisedTheta",
      { theta: fit.theta, alpha: fit.alpha, slope: fit.slope, intercept: fit.intercept },
      point,
      thetaWidths(fit.alpha, h, seasonal ? indices : undefined, n),
      fitted,
      sigmaAdj,
      mse,
      `optimised Theta: ${parts.join("; ")}`,
    );
    return { ...r, sigma: Number.isFinite(sigma) ? sigma : 0 };
  },
};
