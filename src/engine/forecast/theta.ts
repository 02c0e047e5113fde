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
  for (let it = 0; it < 40 && hi - lo > 1e-4; it++) {
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

/** α grid of {@link fitSesAlphaForThetas}: 0.0001, 0.025, 0.05, …, 0.975, 0.9999. */
const SHARED_GRID: readonly number[] = [ALPHA_MIN, ...Array.from({ length: 39 }, (_, i) => 0.025 * (i + 1)), ALPHA_MAX];

/** Scratch of {@link fitSesAlphaForThetas}: the line and residual per period, interleaved (grown as needed; never escapes). */
let lineScratch = new Float64Array(128);
/** Scratch of {@link fitSesAlphaForThetas}: the six sums of two α. */
const sumScratch = new Float64Array(12);

/**
 * SES of the line L and of the residual r = x − L (interleaved in `lines`), started at 0, for two
 * smoothing weights at once: for each, the sums of cL², cL·cr, cr², cL·b, cr·b and b² where cL, cr
 * are the one-step errors and b = (1 − α)^t the weight of the initial level, into `out` (six per α).
 */
function sesSumsPair(lines: Float64Array, n: number, alpha1: number, alpha2: number, out: Float64Array): void {
  let aL1 = 0;
  let ar1 = 0;
  let b1 = 1;
  let sLL1 = 0;
  let sLr1 = 0;
  let srr1 = 0;
  let sLb1 = 0;
  let srb1 = 0;
  let sbb1 = 0;
  let aL2 = 0;
  let ar2 = 0;
  let b2 = 1;
  let sLL2 = 0;
  let sLr2 = 0;
  let srr2 = 0;
  let sLb2 = 0;
  let srb2 = 0;
  let sbb2 = 0;
  for (let t = 0; t < n; t++) {
    const L = lines[2 * t]!;
    const r = lines[2 * t + 1]!;
    const cL1 = L - aL1;
    const cr1 = r - ar1;
    sLL1 += cL1 * cL1;
    sLr1 += cL1 * cr1;
    srr1 += cr1 * cr1;
    sLb1 += cL1 * b1;
    srb1 += cr1 * b1;
    sbb1 += b1 * b1;
    aL1 += alpha1 * (L - aL1);
    ar1 += alpha1 * (r - ar1);
    b1 *= 1 - alpha1;
    const cL2 = L - aL2;
    const cr2 = r - ar2;
    sLL2 += cL2 * cL2;
    sLr2 += cL2 * cr2;
    srr2 += cr2 * cr2;
    sLb2 += cL2 * b2;
    srb2 += cr2 * b2;
    sbb2 += b2 * b2;
    aL2 += alpha2 * (L - aL2);
    ar2 += alpha2 * (r - ar2);
    b2 *= 1 - alpha2;
  }
  out[0] = sLL1;
  out[1] = sLr1;
  out[2] = srr1;
  out[3] = sLb1;
  out[4] = srb1;
  out[5] = sbb1;
  out[6] = sLL2;
  out[7] = sLr2;
  out[8] = srr2;
  out[9] = sLb2;
  out[10] = srb2;
  out[11] = sbb2;
}

/** The profiled SSE of every θ from one α's six sums (`sums[at …]`), into `sse[to …]`. */
function thetaSses(sums: Float64Array, at: number, thetas: readonly number[], sse: Float64Array, to: number): void {
  const sLL = sums[at]!;
  const sLr = sums[at + 1]!;
  const srr = sums[at + 2]!;
  const sLb = sums[at + 3]!;
  const srb = sums[at + 4]!;
  const sbb = sums[at + 5]!;
  for (let j = 0; j < thetas.length; j++) {
    const th = thetas[j]!;
    const scb = sLb + th * srb;
    sse[to + j] = Math.max(0, sLL + 2 * th * sLr + th * th * srr - (scb * scb) / (sbb > 0 ? sbb : 1));
  }
}

/**
 * Least-squares SES α on the theta lines Z_θ = L + θ·(x − L) of several θ at once, where
 * L_t = intercept + slope·t (t = 1 … n). SES is linear in its input and its initial level, so
 * one pass per α gives the profiled SSE of every θ as a quadratic in θ; α is searched on a
 * 0.025 grid and refined by a parabola through the best grid point and its neighbours.
 */
export function fitSesAlphaForThetas(x: ArrayLike<number>, slope: number, intercept: number, thetas: readonly number[]): Float64Array {
  const n = x.length;
  const k = thetas.length;
  const G = SHARED_GRID.length;
  const sse = new Float64Array(G * k);
  // The line and the residual once for every α (the same values the loop below would compute).
  if (lineScratch.length < 2 * n) lineScratch = new Float64Array(Math.max(2 * n, 2 * lineScratch.length));
  const lines = lineScratch;
  for (let t = 0; t < n; t++) {
    const L = intercept + slope * (t + 1);
    lines[2 * t] = L;
    lines[2 * t + 1] = x[t]! - L;
  }
  // Two α per pass over the series: each α's sums are made in the same order as alone (so the
  // same values to the last bit), and the two independent recursions keep the processor busy.
  const sums = sumScratch;
  let g = 0;
  for (; g + 1 < G; g += 2) {
    sesSumsPair(lines, n, SHARED_GRID[g]!, SHARED_GRID[g + 1]!, sums);
    thetaSses(sums, 0, thetas, sse, g * k);
    thetaSses(sums, 6, thetas, sse, (g + 1) * k);
  }
  for (; g < G; g++) {
    sesSumsPair(lines, n, SHARED_GRID[g]!, SHARED_GRID[g]!, sums);
    thetaSses(sums, 0, thetas, sse, g * k);
  }
  const out = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    let best = 0;
    for (let g = 1; g < G; g++) if (sse[g * k + j]! < sse[best * k + j]!) best = g;
    let alpha = SHARED_GRID[best]!;
    if (best > 0 && best < G - 1) {
      const x0 = SHARED_GRID[best - 1]!;
      const x1 = alpha;
      const x2 = SHARED_GRID[best + 1]!;
      const f0 = sse[(best - 1) * k + j]!;
      const f1 = sse[best * k + j]!;
      const f2 = sse[(best + 1) * k + j]!;
      const den = (x1 - x0) * (f1 - f2) - (x1 - x2) * (f1 - f0);
      if (den !== 0 && Number.isFinite(den)) {
        const v = x1 - 0.5 * (((x1 - x0) ** 2) * (f1 - f2) - ((x1 - x2) ** 2) * (f1 - f0)) / den;
        if (Number.isFinite(v)) alpha = Math.min(x2, Math.max(x0, v));
      }
    }
    out[j] = alpha;
  }
  return out;
}

/** Least-squares line a + b·t on t = 1 … n. */
export function leastSquaresLine(x: ArrayLike<number>): { readonly slope: number; readonly intercept: number } {
  const n = x.length;
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
  return { slope, intercept: xMean - slope * tMean };
}

/** A Theta fit on an already adjusted (non-seasonal) series. */
export interface ThetaFit {
  /** The theta coefficient θ of the line that SES extrapolates (2 = standard Theta). */
  readonly theta: number;
  readonly alpha: number;
  readonly slope: number;
  readonly intercept: number;
  /** One-step in-sample fitted values of the combined forecast. */
  readonly fitted: Float64Array;
  /** Point forecast for the horizon. */
  readonly point: Float64Array;
  /** Sum of squared one-step in-sample errors of the combined forecast. */
  readonly sse: number;
}

/**
 * Theta with coefficient θ ≥ 1 on x (Fiorucci et al. 2016 "OTM"; θ = 2 is the standard method):
 * line L_t = a + b·t by least squares, theta line Z_t = θ·x_t + (1 − θ)·L_t, SES on Z (α fitted
 * or fixed), forecast ŷ = ℓ_n/θ + (1 − 1/θ)·L_{n+h}.
 */
export function thetaFit(x: ArrayLike<number>, thetaCoefficient: number, horizon: number, fixedAlpha?: number): ThetaFit {
  const n = x.length;
  const th = Number.isFinite(thetaCoefficient) && thetaCoefficient >= 1 ? thetaCoefficient : 2;
  const { slope, intercept } = leastSquaresLine(x);
  const z = new Float64Array(n);
  for (let t = 0; t < n; t++) z[t] = th * x[t]! + (1 - th) * (intercept + slope * (t + 1));
  const alpha = fixedAlpha !== undefined && Number.isFinite(fixedAlpha) ? Math.min(1, Math.max(0, fixedAlpha)) : fitSesAlpha(z);
  let level = sesProfile(z, alpha).level0;
  const w = 1 / th;
  const fitted = new Float64Array(n);
  let sse = 0;
  for (let t = 0; t < n; t++) {
    const f = w * level + (1 - w) * (intercept + slope * (t + 1));
    fitted[t] = f;
    sse += (x[t]! - f) ** 2;
    level += alpha * (z[t]! - level);
  }
  const h = Math.max(0, Math.floor(horizon));
  const point = new Float64Array(h);
  for (let i = 0; i < h; i++) point[i] = w * level + (1 - w) * (intercept + slope * (n + i + 1));
  return { theta: th, alpha, slope, intercept, fitted, point, sse };
}

/** Scratch space of {@link thetaSse} (grown as needed; never escapes). */
let zScratch = new Float64Array(64);

/**
 * What {@link thetaSse} and {@link thetaPoint} start from, as `thetaFit` computes it: the theta
 * line in the scratch space, the smoothing weight, the weight of the level and the first level.
 */
function thetaStart(x: ArrayLike<number>, thetaCoefficient: number, alpha: number, slope: number, intercept: number): { z: Float64Array; a: number; w: number; level0: number } {
  const n = x.length;
  const th = Number.isFinite(thetaCoefficient) && thetaCoefficient >= 1 ? thetaCoefficient : 2;
  if (zScratch.length < n) zScratch = new Float64Array(Math.max(n, 2 * zScratch.length));
  const z = zScratch;
  for (let t = 0; t < n; t++) z[t] = th * x[t]! + (1 - th) * (intercept + slope * (t + 1));
  const a = Number.isFinite(alpha) ? Math.min(1, Math.max(0, alpha)) : fitSesAlpha(z.subarray(0, n));
  return { z, a, w: 1 / th, level0: sesProfile(z.subarray(0, n), a).level0 };
}

/**
 * `thetaFit(x, θ, h, alpha).sse` without building the fit: the same arithmetic in the same order
 * (so the same value to the last bit), for choosing θ on a grid. `slope` and `intercept` must be
 * `leastSquaresLine(x)`'s.
 */
export function thetaSse(x: ArrayLike<number>, thetaCoefficient: number, alpha: number, slope: number, intercept: number): number {
  const n = x.length;
  const { z, a, w, level0 } = thetaStart(x, thetaCoefficient, alpha, slope, intercept);
  let level = level0;
  let sse = 0;
  for (let t = 0; t < n; t++) {
    const f = w * level + (1 - w) * (intercept + slope * (t + 1));
    sse += (x[t]! - f) ** 2;
    level += a * (z[t]! - level);
  }
  return sse;
}

/**
 * `thetaFit(x, θ, h, alpha).point` written into `out` (length h) without building the fit: the
 * same arithmetic in the same order. `slope` and `intercept` must be `leastSquaresLine(x)`'s.
 */
export function thetaPoint(x: ArrayLike<number>, thetaCoefficient: number, alpha: number, slope: number, intercept: number, out: Float64Array): Float64Array {
  const n = x.length;
  const { z, a, w, level0 } = thetaStart(x, thetaCoefficient, alpha, slope, intercept);
  let level = level0;
  for (let t = 0; t < n; t++) level += a * (z[t]! - level);
  for (let i = 0; i < out.length; i++) out[i] = w * level + (1 - w) * (intercept + slope * (n + i + 1));
  return out;
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
    const fit = thetaFit(x, 2, h, options.fixed?.alpha);
    const { alpha, slope, intercept } = fit;
    const sigmaAdj = inSampleError(x, fit.fitted).sigma;
    const point = seasonal ? reseasonalize(fit.point, indices, "multiplicative", n) : fit.point;
    const fitted = seasonal ? reseasonalize(fit.fitted, indices, "multiplicative") : fit.fitted;
    const { sigma, mse } = inSampleError(y, fitted);
    const width = thetaWidths(alpha, h, seasonal ? indices : undefined, n);
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

/** Interval half-width factors √(1 + α²·(h − 1)) (Hyndman & Billah 2003), times the season index when adjusted. */
export function thetaWidths(alpha: number, horizon: number, indices: ArrayLike<number> | undefined, n: number): Float64Array {
  const width = new Float64Array(horizon);
  const m = indices?.length ?? 1;
  for (let i = 0; i < horizon; i++) width[i] = Math.sqrt(1 + alpha * alpha * i) * (indices ? indices[(n + i) % m]! : 1);
  return width;
}
