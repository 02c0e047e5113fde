/**
 * Intermittent demand: classification and the Croston family.
 *
 * - Classification (Syntetos, Boylan & Croston 2005, "On the categorization of demand
 *   patterns", JORS 56(5) 495–503): ADI = n / (number of periods with demand), CV² = squared
 *   coefficient of variation (population) of the non-zero demand sizes. Cut-offs 1.32 and 0.49:
 *   smooth (ADI < 1.32, CV² < 0.49), erratic (ADI < 1.32, CV² ≥ 0.49),
 *   intermittent (ADI ≥ 1.32, CV² < 0.49), lumpy (both ≥).
 * - Croston (1972, "Forecasting and stock control for intermittent demands", ORQ 23(3)):
 *   SES with the same α on the demand sizes z and on the inter-demand intervals p, updated
 *   only in periods with demand; ŷ = ẑ / p̂. Initialised as R's `forecast::croston`: ẑ = the
 *   first demand size, p̂ = the first interval (position of the first demand, 1-based).
 * - SBA (Syntetos & Boylan 2005, IJF 21(2) 303–314): Croston × (1 − α/2).
 * - TSB (Teunter, Syntetos & Babai 2011, EJOR 214(3) 606–615): the demand probability d̂ is
 *   smoothed every period with β (towards 1 with demand, 0 without), the size ẑ with α only
 *   when demand occurs; ŷ = d̂ · ẑ. Initialised d̂ = share of periods with demand, ẑ = first size.
 *
 * Negative values (returns) and missing values count as no demand. α (and β) are fixed
 * (`fixed.alpha`, `fixed.beta`) or fitted on [0.01, 0.5] by least in-sample one-step squared
 * error (golden section after a grid). Intervals ±z·σ (σ the one-step RMSE), floored at 0.
 *
 * Pure; no I/O. Never throws.
 */
import { buildResult, emptyResult, inSampleError, pointResult, safeHorizon } from "./naive";
import { type ForecastOptions, type ForecastResult, type Forecaster, type MethodName } from "./types";

/** Demand pattern class. */
export type DemandClass = "smooth" | "erratic" | "intermittent" | "lumpy" | "none";

/** ADI / CV² classification; "none" when there is no demand at all. */
export function classifyDemand(history: ArrayLike<number>): { readonly adi: number; readonly cv2: number; readonly demandClass: DemandClass } {
  let n = 0;
  let k = 0;
  let s = 0;
  let ss = 0;
  for (let t = 0; t < history.length; t++) {
    const v = history[t]!;
    n++;
    if (Number.isFinite(v) && v > 0) {
      k++;
      s += v;
      ss += v * v;
    }
  }
  if (k === 0) return { adi: 0, cv2: 0, demandClass: "none" };
  const adi = n / k;
  const mean = s / k;
  const cv2 = Math.max(0, ss / k - mean * mean) / (mean * mean);
  const demandClass: DemandClass = adi < 1.32 ? (cv2 < 0.49 ? "smooth" : "erratic") : cv2 < 0.49 ? "intermittent" : "lumpy";
  return { adi, cv2, demandClass };
}

/** Demand per period: missing and negative values are no demand. */
function demandOf(history: ArrayLike<number>): Float64Array {
  const d = new Float64Array(history.length);
  for (let t = 0; t < history.length; t++) {
    const v = history[t]!;
    d[t] = Number.isFinite(v) && v > 0 ? v : 0;
  }
  return d;
}

/** Croston fitted one-step values and final forecast (before any SBA factor). */
export function crostonCore(d: Float64Array, alpha: number): { readonly fitted: Float64Array; readonly forecast: number } {
  const n = d.length;
  const fitted = new Float64Array(n).fill(NaN);
  let z = NaN;
  let p = NaN;
  let q = 0;
  for (let t = 0; t < n; t++) {
    q++;
    if (Number.isFinite(z)) fitted[t] = z / p;
    if (d[t]! > 0) {
      if (Number.isFinite(z)) {
        z += alpha * (d[t]! - z);
        p += alpha * (q - p);
      } else {
        z = d[t]!;
        p = q;
      }
      q = 0;
    }
  }
  return { fitted, forecast: Number.isFinite(z) ? z / p : 0 };
}

/** TSB fitted one-step values and final forecast. */
export function tsbCore(d: Float64Array, alpha: number, beta: number): { readonly fitted: Float64Array; readonly forecast: number } {
  const n = d.length;
  const fitted = new Float64Array(n).fill(NaN);
  let k = 0;
  for (let t = 0; t < n; t++) if (d[t]! > 0) k++;
  let prob = n > 0 ? k / n : 0;
  let z = NaN;
  for (let t = 0; t < n; t++) {
    if (Number.isFinite(z)) fitted[t] = prob * z;
    const has = d[t]! > 0;
    if (Number.isFinite(z)) {
      prob += beta * ((has ? 1 : 0) - prob);
      if (has) z += alpha * (d[t]! - z);
    } else if (has) z = d[t]!;
  }
  return { fitted, forecast: Number.isFinite(z) ? prob * z : 0 };
}

/**
 * `inSampleError(d, crostonCore(d, alpha).fitted × factor).mse` in one pass without building the
 * arrays: the same arithmetic in the same order (the fitting loop's hot path).
 */
function crostonMse(d: Float64Array, alpha: number, factor: number): number {
  const n = d.length;
  let z = NaN;
  let p = NaN;
  let q = 0;
  let s = 0;
  let c = 0;
  for (let t = 0; t < n; t++) {
    q++;
    if (Number.isFinite(z)) {
      const fitted = z / p;
      const e = d[t]! - fitted * factor;
      if (Number.isFinite(e)) {
        s += e * e;
        c++;
      }
    }
    if (d[t]! > 0) {
      if (Number.isFinite(z)) {
        z += alpha * (d[t]! - z);
        p += alpha * (q - p);
      } else {
        z = d[t]!;
        p = q;
      }
      q = 0;
    }
  }
  return c === 0 ? 0 : s / c;
}

/** `inSampleError(d, tsbCore(d, alpha, beta).fitted).mse` in one pass: the same arithmetic in the same order. */
function tsbMse(d: Float64Array, alpha: number, beta: number): number {
  const n = d.length;
  let k = 0;
  for (let t = 0; t < n; t++) if (d[t]! > 0) k++;
  let prob = n > 0 ? k / n : 0;
  let z = NaN;
  let s = 0;
  let c = 0;
  for (let t = 0; t < n; t++) {
    if (Number.isFinite(z)) {
      const e = d[t]! - prob * z;
      if (Number.isFinite(e)) {
        s += e * e;
        c++;
      }
    }
    const has = d[t]! > 0;
    if (Number.isFinite(z)) {
      prob += beta * ((has ? 1 : 0) - prob);
      if (has) z += alpha * (d[t]! - z);
    } else if (has) z = d[t]!;
  }
  return c === 0 ? 0 : s / c;
}

/** Minimises f on [lo, hi]: a grid of 10 points, then golden section around the best. */
function minimise(f: (a: number) => number, lo0: number, hi0: number): number {
  const steps = 10;
  let bi = 0;
  let best = Infinity;
  for (let i = 0; i <= steps; i++) {
    const v = f(lo0 + ((hi0 - lo0) * i) / steps);
    if (v < best) {
      best = v;
      bi = i;
    }
  }
  let lo = lo0 + ((hi0 - lo0) * Math.max(0, bi - 1)) / steps;
  let hi = lo0 + ((hi0 - lo0) * Math.min(steps, bi + 1)) / steps;
  const g = (Math.sqrt(5) - 1) / 2;
  for (let it = 0; it < 30 && hi - lo > 1e-5; it++) {
    const c = hi - g * (hi - lo);
    const d = lo + g * (hi - lo);
    if (f(c) < f(d)) hi = d;
    else lo = c;
  }
  const mid = (lo + hi) / 2;
  return f(mid) <= best ? mid : lo0 + ((hi0 - lo0) * bi) / steps;
}

const fixedParam = (options: ForecastOptions, name: string): number | undefined => {
  const v = options.fixed?.[name];
  return v !== undefined && Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : undefined;
};

function describe(d: Float64Array): string {
  const c = classifyDemand(d);
  return c.demandClass === "none" ? "no demand" : `${c.demandClass} demand (ADI ${c.adi.toFixed(2)}, CV² ${c.cv2.toFixed(2)})`;
}

function crostonFamily(method: MethodName, history: Float64Array, options: ForecastOptions): ForecastResult {
  const h = safeHorizon(options);
  if (history.length === 0) return emptyResult(method, h, 0);
  const d = demandOf(history);
  const bias = (a: number): number => (method === "sba" ? 1 - a / 2 : 1);
  const fixedAlpha = fixedParam(options, "alpha");
  const alpha = fixedAlpha ?? minimise((a) => crostonMse(d, a, bias(a)), 0.01, 0.5);
  const core = crostonCore(d, alpha);
  if (options.pointOnly === true) return pointResult(method, new Float64Array(h).fill(core.forecast * bias(alpha)));
  const fitted = core.fitted.map((v) => v * bias(alpha));
  const { sigma, mse } = inSampleError(d, fitted);
  const point = new Float64Array(h).fill(core.forecast * bias(alpha));
  const label = method === "sba" ? "SBA (Croston × (1 − α/2))" : "Croston";
  return buildResult(method, { alpha }, point, new Float64Array(h).fill(1), fitted, sigma, mse,
    `${describe(d)}; ${label}, α = ${alpha.toFixed(2)} ${fixedAlpha === undefined ? "fitted" : "fixed"}`, 0);
}

/** Croston's method. */
export const croston: Forecaster = {
  name: "croston",
  forecast: (history, options) => crostonFamily("croston", history, options),
};

/** Syntetos–Boylan approximation: Croston × (1 − α/2). */
export const sba: Forecaster = {
  name: "sba",
  forecast: (history, options) => crostonFamily("sba", history, options),
};

/** Teunter–Syntetos–Babai: smoothed demand probability × smoothed size. */
export const tsb: Forecaster = {
  name: "tsb",
  forecast(history: Float64Array, options: ForecastOptions): ForecastResult {
    const h = safeHorizon(options);
    if (history.length === 0) return emptyResult("tsb", h, 0);
    const d = demandOf(history);
    const fixedAlpha = fixedParam(options, "alpha");
    const fixedBeta = fixedParam(options, "beta");
    let alpha = fixedAlpha ?? 0.1;
    let beta = fixedBeta ?? 0.1;
    // Coordinate descent: two rounds of one-dimensional searches.
    for (let round = 0; round < 2; round++) {
      if (fixedAlpha === undefined) alpha = minimise((a) => tsbMse(d, a, beta), 0.01, 0.5);
      if (fixedBeta === undefined) beta = minimise((b) => tsbMse(d, alpha, b), 0.01, 0.5);
    }
    const core = tsbCore(d, alpha, beta);
    if (options.pointOnly === true) return pointResult("tsb", new Float64Array(h).fill(core.forecast));
    const { sigma, mse } = inSampleError(d, core.fitted);
    const point = new Float64Array(h).fill(core.forecast);
    return buildResult("tsb", { alpha, beta }, point, new Float64Array(h).fill(1), core.fitted, sigma, mse,
      `${describe(d)}; TSB, α = ${alpha.toFixed(2)}, β = ${beta.toFixed(2)}`, 0);
  },
};
