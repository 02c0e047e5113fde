/**
 * The standard Theta method (Assimakopoulos & Nikolopoulos 2000, "The theta model: a
 * decomposition approach to forecasting", IJF 16(4) 521–530), as the M4 Competition
 * benchmark code implements it (`Theta.classic`, github.com/Mcompetitions/M4-methods):
 *
 * 1. When the 90 % autocorrelation test at lag m says seasonal (and the data are positive),
 *    divide by classical multiplicative seasonal indices (`seasonality.ts`).
 * 2. Theta line 0: the least-squares line L_t = a + b·t (t = 1 … n).
 *    Theta line 2: Z_t = 2·x_t − L_t.
 * 3. Simple exponential smoothing on Z with α fitted (bounded to [0.0001, 0.9999], least
 *    squares; the initial level is profiled out exactly, since the SSE is quadratic in it)
 *    or fixed (`fixed.alpha`).
 * 4. Equal-weight combination: ŷ_{n+h} = ½·ℓ_n + ½·(a + b·(n + h)) — the SES level plus a
 *    drift of b/2 per period (Hyndman & Billah 2003 show this is SES with drift b/2).
 * 5. Multiply back by the seasonal indices.
 *
 * Intervals: the SES variance σ²·(1 + α²·(h − 1)) of Hyndman & Billah (2003) with σ the RMSE
 * of the combined one-step in-sample fit on the adjusted scale, scaled by the season index.
 *
 * Pure; no I/O. Never throws.
 */
import { buildResult, cleanHistory, emptyResult, inSampleError, safeHorizon, safePeriod } from "./naive";
import { deseasonalize, isSeasonal, reseasonalize, seasonalIndices } from "./seasonality";
import { type ForecastOptions, type ForecastResult, type Forecaster } from "./types";

const ALPHA_MIN = 0.0001;
const ALPHA_MAX = 0.9999;

/** SSE of SES on x with smoothing alpha and the least-squares initial level; returns both. */
function sesProfile(x: ArrayLike<number>, alpha: number): { readonly sse: number; readonly level0: number } {
  let a = 0;
  let b = 1;
  let scb = 0;
  let sbb = 0;
  let scc = 0;
  for (let t = 0; t < x.length; t++) {
    const c = x[t]! - a;
    scb += c * b;
    sbb += b * b;
    scc += c * c;
    a = alpha * x[t]! + (1 - alpha) * a;
    b = (1 - alpha) * b;
  }
  const level0 = sbb > 0 ? scb / sbb : 0;
  return { sse: Math.max(0, scc - (scb * scb) / (sbb > 0 ? sbb : 1)), level0 };
}

/** Least-squares alpha on [ALPHA_MIN, ALPHA_MAX]: a grid, then golden-section refinement around its best point. */
export function fitSesAlpha(x: ArrayLike<number>): number {
  const grid = [ALPHA_MIN, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, ALPHA_MAX];
  let bi = 0;
  let best = Infinity;
  for (let i = 0; i < grid.length; i++) {
    const s = sesProfile(x, grid[i]!).sse;
    if (s < best) {
      best = s;
      bi = i;
    }
  }
  let lo = grid[Math.max(0, bi - 1)]!;
  let hi = grid[Math.min(grid.length - 1, bi + 1)]!;
  const g = (Math.sqrt(5) - 1) / 2;
  let c = hi - g * (hi - lo);
  let d = lo + g * (hi - lo);
  let fc = sesProfile(x, c).sse;
  let fd = sesProfile(x, d).sse;
  for (let it = 0; it < 40 && hi - lo > 1e-6; it++) {
    if (fc < fd) {
      hi = d;
      d = c;
      fd = fc;
      c = hi - g * (hi - lo);
      fc = sesProfile(x, c).sse;
    } else {
      lo = c;
      c = d;
      fc = fd;
      d = lo + g * (hi - lo);
      fd = sesProfile(x, d).sse;
    }
  }
  const mid = (lo + hi) / 2;
  const alpha = sesProfile(x, mid).sse <= best ? mid : grid[bi]!;
  return Math.min(ALPHA_MAX, Math.max(ALPHA_MIN, alpha));
}

/** Standard Theta (theta lines 0 and 2, equal weights), with seasonal adjustment when tested seasonal. */
export const theta: Forecaster = {
  name: "theta",
  forecast(history: Float64Array, options: ForecastOptions): ForecastResult {
    const h = safeHorizon(options);
    const m = safePeriod(options);
    const { y, missing } = cleanHistory(history);
    const n = y.length;
    if (n === 0) return emptyResult("theta", h, history.length);
    let positive = true;
    for (let t = 0; t < n; t++) if (!(y[t]! > 0)) positive = false;
    const seasonal = positive && isSeasonal(y, m);
    const indices = seasonal ? seasonalIndices(y, m, "multiplicative") : new Float64Array([1]);
    const x = seasonal ? deseasonalize(y, indices, "multiplicative") : y;

    // Theta line 0: least squares on t = 1 … n.
    const tMean = (n + 1) / 2;
    let xMean = 0;
    for (let t = 0; t < n; t++) xMean += x[t]! / n;
    let sxy = 0;
    let sxx = 0;
    for (let t = 0; t < n; t++) {
      sxy += (t + 1 - tMean) * (x[t]! - xMean);
      sxx += (t + 1 - tMean) ** 2;
    }
    const slope = sxx > 0 ? sxy / sxx : 0;
    const intercept = xMean - slope * tMean;

    // Theta line 2 and SES on it.
    const z = new Float64Array(n);
    for (let t = 0; t < n; t++) z[t] = 2 * x[t]! - (intercept + slope * (t + 1));
    const fixedAlpha = options.fixed?.alpha;
    const alpha = fixedAlpha !== undefined && Number.isFinite(fixedAlpha)
      ? Math.min(1, Math.max(0, fixedAlpha))
      : fitSesAlpha(z);
    let level = sesProfile(z, alpha).level0;
    const fittedAdj = new Float64Array(n);
    for (let t = 0; t < n; t++) {
      fittedAdj[t] = 0.5 * level + 0.5 * (intercept + slope * (t + 1));
      level += alpha * (z[t]! - level);
    }
    const pointAdj = new Float64Array(h);
    for (let i = 0; i < h; i++) pointAdj[i] = 0.5 * level + 0.5 * (intercept + slope * (n + i + 1));
    const sigmaAdj = inSampleError(x, fittedAdj).sigma;
    const point = seasonal ? reseasonalize(pointAdj, indices, "multiplicative", n) : pointAdj;
    const fitted = seasonal ? reseasonalize(fittedAdj, indices, "multiplicative") : fittedAdj;
    const { sigma, mse } = inSampleError(y, fitted);
    const width = new Float64Array(h);
    for (let i = 0; i < h; i++) width[i] = Math.sqrt(1 + alpha * alpha * i) * (seasonal ? indices[(n + i) % m]! : 1);
    const parts = [
      seasonal ? `seasonal (90 % test, m = ${m}), adjusted` : "not seasonal",
      `SES α = ${alpha.toFixed(2)} on theta line 2`,
      `drift ${(slope / 2).toPrecision(3)} per period`,
    ];
    if (missing > 0) parts.push(`${missing} missing value(s) interpolated`);
    const r = buildResult("theta", { alpha, slope, intercept, drift: slope / 2 }, point, width, fitted, sigmaAdj, mse, parts.join("; "));
    return { ...r, sigma: Number.isFinite(sigma) ? sigma : 0 };
  },
};
