/**
 * Exponential smoothing: SES, Holt (additive trend), damped trend, and Holt-Winters with
 * additive or multiplicative seasonality, damped or not — one recursive core for all seven.
 *
 * Definition: the error-correction form of the ETS(A,·,·) state-space models of Hyndman,
 * Koehler, Ord & Snyder (2008), "Forecasting with Exponential Smoothing: The State Space
 * Approach", Springer, Table 2.1. With one-step forecast ŷ_t, error e_t = y_t − ŷ_t,
 * φ = 1 when not damped, b ≡ 0 without trend, s ≡ 0 (additive) or 1 (multiplicative) without
 * season, and s_{t−m} the seasonal state of the same season position a period ago:
 *   additive season:        ŷ_t = ℓ + φb + s_{t−m}
 *                           ℓ ← ℓ + φb + α e_t,   b ← φb + β e_t,   s_t = s_{t−m} + γ e_t
 *   multiplicative season:  ŷ_t = (ℓ + φb) s_{t−m}
 *                           ℓ ← ℓ + φb + α e_t / s_{t−m},   b ← φb + β e_t / s_{t−m},
 *                           s_t = s_{t−m} + γ e_t / (ℓ + φb)   (ℓ, b before the update)
 * Forecast: ŷ_{n+h} = ℓ_n + φ_h b_n (+ or ×) s_{n+h−m⌈h/m⌉}, φ_h = φ + φ² + … + φ^h (= h undamped).
 * β is the ETS β (= α·β* of the classic Holt form b ← β*(ℓ_t − ℓ_{t−1}) + (1 − β*) b), as in
 * R's `forecast::ets`. Parameter names in `options.fixed` and `params`: alpha, beta, gamma,
 * phi, and the initial states l0, b0, s0 … s{m−1} (s_p is the seasonal state used for the
 * observations at positions t ≡ p mod m during the first season).
 *
 * Initial states: the heuristic of Hyndman et al. (2008) §2.6.1 — seasonal states from a
 * classical decomposition (2×m centred moving average) of the first two or three whole
 * seasons; ℓ0 and b0 from a least-squares line through the first max(10, 2m) seasonally
 * adjusted observations against t = 1, 2, … (no trend: ℓ0 = their mean). Initial states are
 * not optimised.
 * Fitting: α, β, γ, φ minimise the in-sample mean squared one-step error with the bounded
 * Nelder–Mead of `nelderMead.ts` under 0 < α < 1, 0 < β < α, 0 < γ < 1 − α, 0.8 ≤ φ ≤ 0.98
 * (β = α·u, γ = (1 − α)·v with u, v in a box), unless `options.fixed` gives them.
 *
 * Prediction intervals (80 %, 95 %, normal): σ² is the in-sample MSE.
 * - Additive and non-seasonal models (class 1 of Hyndman et al. 2008, Table 6.1; Hyndman,
 *   Koehler, Ord & Snyder 2005, J. Forecasting 24:17–37): v_h = σ² [1 + Σ_{j=1}^{h−1} c_j²],
 *   c_j = α + β φ_j + γ d_{j,m}, d_{j,m} = 1 when j is a multiple of m (SES: σ²(1 + (h−1)α²)).
 * - Multiplicative seasonality (no closed form in class 1): the empirical variance of the
 *   in-sample h-step errors from every origin, when at least 10 origins exist for that h;
 *   beyond that, the last such variance grown in proportion to h (σ² h when there is none),
 *   never decreasing in h.
 *
 * Robustness: missing values (NaN, ±Infinity) are skipped in the recursion (e_t = 0) and in
 * the error sum, and linearly interpolated only to compute initial states. Holt-Winters with
 * period ≤ 1 or fewer than two whole seasons falls back to the damped trend (to SES below 4
 * observations); multiplicative seasonality with data that are not all positive (or with
 * values below a millionth of the largest, practically zero) falls back to additive; a trend
 * with fewer than 4 observations falls back to SES; the result names the method actually
 * used and says why. An empty history forecasts 0; one observation
 * forecasts itself with zero-width intervals. Never throws; never returns NaN.
 *
 * Pure; no I/O.
 */

import { nelderMead } from "./nelderMead";
import { pointResult } from "./naive";
import { deseasonalize, seasonalIndices } from "./seasonality";
import { type Forecaster, type ForecastOptions, type ForecastResult, type MethodName, Z80, Z95 } from "./types";

/** Below this fraction of the largest value, a positive value counts as zero for multiplicative seasonality. */
export const NEAR_ZERO_RATIO = 1e-6;

/** Trend component. */
export type TrendKind = "none" | "additive" | "damped";
/** Seasonal component. */
export type SeasonKind = "none" | "additive" | "multiplicative";

/** Model structure. */
export interface EtsSpec {
  readonly trend: TrendKind;
  readonly season: SeasonKind;
  /** Seasonal period m (ignored without season). */
  readonly period: number;
}

/** Smoothing parameters. */
export interface EtsParams {
  readonly alpha: number;
  readonly beta: number;
  readonly gamma: number;
  readonly phi: number;
}

/** Initial states (ℓ0, b0, and s_p for season positions p = 0 … m−1). */
export interface EtsStates {
  readonly level: number;
  readonly trend: number;
  readonly season: Float64Array;
}

/** Bounds of the fitted parameters. */
export const PHI_MIN = 0.8;
export const PHI_MAX = 0.98;
const EPS = 1e-4;

const SPECS: Readonly<Record<string, { trend: TrendKind; season: SeasonKind }>> = {
  ses: { trend: "none", season: "none" },
  holt: { trend: "additive", season: "none" },
  damped: { trend: "damped", season: "none" },
  holtWintersAdditive: { trend: "additive", season: "additive" },
  holtWintersMultiplicative: { trend: "additive", season: "multiplicative" },
  holtWintersAdditiveDamped: { trend: "damped", season: "additive" },
  holtWintersMultiplicativeDamped: { trend: "damped", season: "multiplicative" },
};

function methodOf(trend: TrendKind, season: SeasonKind): MethodName {
  if (season === "none") return trend === "none" ? "ses" : trend === "additive" ? "holt" : "damped";
  if (season === "additive") return trend === "damped" ? "holtWintersAdditiveDamped" : "holtWintersAdditive";
  return trend === "damped" ? "holtWintersMultiplicativeDamped" : "holtWintersMultiplicative";
}

const LABEL: Readonly<Record<string, string>> = {
  ses: "simple exponential smoothing (level only)",
  holt: "Holt (level and trend)",
  damped: "damped trend",
  holtWintersAdditive: "Holt-Winters, additive seasonality",
  holtWintersMultiplicative: "Holt-Winters, multiplicative seasonality",
  holtWintersAdditiveDamped: "Holt-Winters damped, additive seasonality",
  holtWintersMultiplicativeDamped: "Holt-Winters damped, multiplicative seasonality",
};

/** Output of {@link etsFilter}. */
export interface EtsFilterResult {
  /** Sum of squared one-step errors over the observed (finite) points. */
  readonly sse: number;
  /** Number of observed points in the sum. */
  readonly count: number;
  /** Final states after the last observation (season indexed by position t mod m). */
  readonly final: EtsStates;
}

/**
 * Runs the recursion over `y` from `init`. Writes one-step forecasts into `fitted` and, when
 * given, the states after each step into `levels`, `trends` and `seasons` (length n + m:
 * seasons[p] the initial states, seasons[t + m] the state updated at t). Returns sse = Infinity
 * when a forecast stops being finite.
 */
export function etsFilter(
  y: ArrayLike<number>,
  spec: EtsSpec,
  params: EtsParams,
  init: EtsStates,
  fitted?: Float64Array,
  levels?: Float64Array,
  trends?: Float64Array,
  seasons?: Float64Array,
): EtsFilterResult {
  const n = y.length;
  const seasonal = spec.season !== "none";
  const mult = spec.season === "multiplicative";
  const m = seasonal ? Math.max(1, init.season.length) : 1;
  const hasTrend = spec.trend !== "none";
  const phi = spec.trend === "damped" ? params.phi : 1;
  const { alpha, beta, gamma } = params;
  const s = seasonal ? Float64Array.from(init.season) : new Float64Array(1).fill(mult ? 1 : 0);
  if (seasons) for (let p = 0; p < m; p++) seasons[p] = s[p]!;
  let l = init.level;
  let b = hasTrend ? init.trend : 0;
  let sse = 0;
  let count = 0;
  for (let t = 0; t < n; t++) {
    const p = t % m;
    const sp = seasonal ? s[p]! : mult ? 1 : 0;
    const base = l + phi * b;
    const yhat = mult ? base * sp : base + sp;
    if (fitted) fitted[t] = yhat;
    if (!Number.isFinite(yhat)) return { sse: Infinity, count, final: { level: l, trend: b, season: s } };
    const v = y[t]!;
    if (Number.isFinite(v)) {
      const e = v - yhat;
      sse += e * e;
      count++;
      if (mult) {
        l = base + (alpha * e) / sp;
        b = phi * b + (beta * e) / sp;
        s[p] = sp + (gamma * e) / base;
      } else {
        l = base + alpha * e;
        b = phi * b + beta * e;
        if (seasonal) s[p] = sp + gamma * e;
      }
    } else {
      l = base;
      b = phi * b;
    }
    if (!hasTrend) b = 0;
    if (levels) levels[t] = l;
    if (trends) trends[t] = b;
    if (seasons) seasons[t + m] = s[p]!;
  }
  return { sse, count, final: { level: l, trend: b, season: s } };
}

/**
 * Sum of squared one-step errors and their count, the same recursion as {@link etsFilter}
 * without the optional outputs: the fitting loop's hot path. `season` is scratch space of at
 * least m entries (overwritten).
 */
export function etsSse(y: Float64Array, spec: EtsSpec, params: EtsParams, init: EtsStates, season: Float64Array): number {
  const seasonal = spec.season !== "none";
  const hasTrend = spec.trend !== "none";
  return etsMse(
    y,
    seasonal ? (spec.season === "multiplicative" ? 2 : 1) : 0,
    hasTrend,
    params.alpha,
    hasTrend ? params.beta : 0,
    params.gamma,
    spec.trend === "damped" ? params.phi : 1,
    init,
    season,
  );
}

/**
 * {@link etsSse} with the parameters as numbers (season 0 none, 1 additive, 2 multiplicative):
 * no object per evaluation of the fitting loop.
 */
function etsMse(y: Float64Array, season0: number, hasTrend: boolean, alpha: number, beta: number, gamma: number, phi: number, init: EtsStates, season: Float64Array): number {
  const n = y.length;
  const seasonal = season0 !== 0;
  const mult = season0 === 2;
  const m = seasonal ? Math.max(1, init.season.length) : 1;
  for (let p = 0; p < m; p++) season[p] = seasonal ? init.season[p]! : mult ? 1 : 0;
  let l = init.level;
  let b = hasTrend ? init.trend : 0;
  let sse = 0;
  let count = 0;
  let p = 0;
  for (let t = 0; t < n; t++) {
    const sp = season[p]!;
    const base = l + phi * b;
    const yhat = mult ? base * sp : base + sp;
    const v = y[t]!;
    if (v === v) {
      const e = v - yhat;
      sse += e * e;
      count++;
      if (mult) {
        l = base + (alpha * e) / sp;
        b = phi * b + (beta * e) / sp;
        season[p] = sp + (gamma * e) / base;
      } else {
        l = base + alpha * e;
        b = phi * b + beta * e;
        if (seasonal) season[p] = sp + gamma * e;
      }
    } else {
      l = base;
      b = phi * b;
    }
    if (++p === m) p = 0;
  }
  if (!Number.isFinite(sse)) return Infinity;
  return count > 0 ? sse / count : 0;
}

/** Linear interpolation of missing values (nearest value at the ends). */
function interpolate(y: ArrayLike<number>): Float64Array {
  const n = y.length;
  const out = Float64Array.from(y);
  let prev = -1;
  for (let t = 0; t < n; t++) {
    if (!Number.isFinite(out[t]!)) continue;
    if (prev === -1) for (let i = 0; i < t; i++) out[i] = out[t]!;
    else for (let i = prev + 1; i < t; i++) out[i] = out[prev]! + ((out[t]! - out[prev]!) * (i - prev)) / (t - prev);
    prev = t;
  }
  if (prev === -1) return out.fill(0);
  for (let i = prev + 1; i < n; i++) out[i] = out[prev]!;
  return out;
}

/** Heuristic initial states (Hyndman et al. 2008 §2.6.1), from a series without gaps. */
export function initialStates(y: ArrayLike<number>, spec: EtsSpec): EtsStates {
  const yi = interpolate(y);
  const n = yi.length;
  const m = spec.season === "none" ? 1 : Math.max(1, Math.floor(spec.period));
  let season: Float64Array = new Float64Array(0);
  let adjusted: ArrayLike<number> = yi;
  if (spec.season !== "none") {
    const seasonsUsed = Math.min(Math.floor(n / m), 3);
    const type = spec.season === "multiplicative" ? "multiplicative" : "additive";
    season = seasonalIndices(yi.subarray(0, seasonsUsed * m), m, type);
    adjusted = deseasonalize(yi, season, type);
  }
  const k = Math.min(Math.max(10, 2 * m), n);
  if (k === 0) return { level: 0, trend: 0, season };
  if (spec.trend === "none" || k < 2) {
    let mean = 0;
    for (let t = 0; t < k; t++) mean += adjusted[t]! / k;
    return { level: mean, trend: 0, season };
  }
  // Least squares y = a + b t on t = 1 … k.
  const tBar = (k + 1) / 2;
  let yBar = 0;
  for (let t = 0; t < k; t++) yBar += adjusted[t]! / k;
  let sxy = 0;
  let sxx = 0;
  for (let t = 0; t < k; t++) {
    sxy += (t + 1 - tBar) * (adjusted[t]! - yBar);
    sxx += (t + 1 - tBar) ** 2;
  }
  const slope = sxy / sxx;
  return { level: yBar - slope * tBar, trend: slope, season };
}

function fixedValue(fixed: Readonly<Record<string, number>> | undefined, name: string): number | undefined {
  const v = fixed?.[name];
  return v !== undefined && Number.isFinite(v) ? v : undefined;
}

const clamp01 = (v: number): number => Math.min(1, Math.max(0, v));

/** Fits α, β, γ, φ (those not fixed) by minimising the in-sample one-step MSE. */
function fitParams(
  y: Float64Array,
  spec: EtsSpec,
  init: EtsStates,
  fixed: Readonly<Record<string, number>> | undefined,
): EtsParams {
  const hasTrend = spec.trend !== "none";
  const seasonal = spec.season !== "none";
  const damped = spec.trend === "damped";
  const fa = fixedValue(fixed, "alpha");
  const fb = fixedValue(fixed, "beta");
  const fg = fixedValue(fixed, "gamma");
  const fp = fixedValue(fixed, "phi");
  const names: string[] = [];
  const x0: number[] = [];
  const lower: number[] = [];
  const upper: number[] = [];
  if (fa === undefined) {
    names.push("alpha");
    const lo = Math.max(EPS, fb !== undefined ? Math.min(fb + EPS, 1 - EPS) : EPS);
    const hi = Math.max(lo, Math.min(1 - EPS, fg !== undefined ? 1 - fg - EPS : 1 - EPS));
    lower.push(lo);
    upper.push(hi);
    x0.push(Math.min(hi, Math.max(lo, 0.3)));
  }
  if (hasTrend && fb === undefined) {
    names.push("u");
    lower.push(EPS);
    upper.push(1 - EPS);
    x0.push(0.1);
  }
  if (seasonal && fg === undefined) {
    names.push("v");
    lower.push(EPS);
    upper.push(1 - EPS);
    x0.push(0.1);
  }
  if (damped && fp === undefined) {
    names.push("phi");
    lower.push(PHI_MIN);
    upper.push(PHI_MAX);
    x0.push(0.9);
  }
  const build = (x: ArrayLike<number>): EtsParams => {
    let i = 0;
    const alpha = fa !== undefined ? clamp01(fa) : x[i++]!;
    const beta = !hasTrend ? 0 : fb !== undefined ? clamp01(fb) : alpha * x[i++]!;
    const gamma = !seasonal ? 0 : fg !== undefined ? clamp01(fg) : (1 - alpha) * x[i++]!;
    const phi = !damped ? 1 : fp !== undefined ? clamp01(fp) : x[i++]!;
    return { alpha, beta, gamma, phi };
  };
  if (names.length === 0) return build([]);
  const scratch = new Float64Array(Math.max(1, init.season.length));
  const season0 = seasonal ? (spec.season === "multiplicative" ? 2 : 1) : 0;
  // The parameters of a point as numbers, in the order of `fill` (no object per evaluation).
  const objective = (x: Float64Array): number => {
    let i = 0;
    const alpha = fa !== undefined ? clamp01(fa) : x[i++]!;
    const beta = !hasTrend ? 0 : fb !== undefined ? clamp01(fb) : alpha * x[i++]!;
    const gamma = !seasonal ? 0 : fg !== undefined ? clamp01(fg) : (1 - alpha) * x[i++]!;
    const phi = !damped ? 1 : fp !== undefined ? clamp01(fp) : x[i++]!;
    return etsMse(y, season0, hasTrend, alpha, beta, gamma, phi, init, scratch);
  };
  const best = nelderMead(objective, x0, {
    lower,
    upper,
    maxIterations: 150 * names.length,
    tolerance: 1e-4,
    xTolerance: 1e-2,
  });
  return build(best.x);
}

/** Scratch arrays of `evaluateModel` (states after each step, φ_h): grown as needed, never returned. */
let scratchStates = { levels: new Float64Array(64), trends: new Float64Array(64), seasons: new Float64Array(128), phiSum: new Float64Array(128) };

function stateScratch(n: number, m: number, horizon: number): typeof scratchStates {
  const s = scratchStates;
  if (s.levels.length < n || s.seasons.length < n + m || s.phiSum.length < n + horizon + 1) {
    const size = Math.max(2 * n, 64);
    scratchStates = { levels: new Float64Array(size), trends: new Float64Array(size), seasons: new Float64Array(size + 2 * m), phiSum: new Float64Array(Math.max(2 * size, n + horizon + 1)) };
  }
  return scratchStates;
}

/** One-step MSE, states and forecasts of a fitted model; null when anything is not finite. */
function evaluateModel(
  y: Float64Array,
  spec: EtsSpec,
  params: EtsParams,
  init: EtsStates,
  horizon: number,
): { fitted: Float64Array; mse: number; point: Float64Array; variance: Float64Array } | null {
  const n = y.length;
  const m = spec.season === "none" ? 1 : Math.max(1, init.season.length);
  const fitted = new Float64Array(n);
  const H = Math.max(0, Math.floor(horizon));
  const states = stateScratch(n, m, H);
  const levels = states.levels;
  const trends = states.trends;
  const seasons = states.seasons;
  const r = etsFilter(y, spec, params, init, fitted, levels, trends, seasons);
  if (!Number.isFinite(r.sse)) return null;
  const mse = r.count > 0 ? r.sse / r.count : 0;
  const phi = spec.trend === "damped" ? params.phi : 1;
  const mult = spec.season === "multiplicative";
  const seasonal = spec.season !== "none";
  // φ_h = φ + φ² + … + φ^h for every step forecast below (h ≤ n + H): the running sum, term by term.
  const phiSum = states.phiSum;
  if (phi !== 1) {
    let acc = 0;
    let pk = 1;
    for (let h = 1; h <= n + H; h++) {
      pk *= phi;
      acc += pk;
      phiSum[h] = acc;
    }
  }

  // Forecast from origin `o` (states after observation o; o = −1: initial states) for time u > o.
  const forecastAt = (o: number, u: number): number => {
    const l = o < 0 ? init.level : levels[o]!;
    const b = spec.trend === "none" ? 0 : o < 0 ? init.trend : trends[o]!;
    const h = u - o;
    const phiH = phi !== 1 ? phiSum[h]! : h;
    const base = l + phiH * b;
    if (!seasonal) return base;
    const i = u - m * Math.ceil((u - o) / m);
    const sv = seasons[i + m]!;
    return mult ? base * sv : base + sv;
  };

  const point = new Float64Array(H);
  for (let h = 1; h <= H; h++) point[h - 1] = forecastAt(n - 1, n - 1 + h);

  const variance = new Float64Array(H);
  if (!mult) {
    const { alpha, beta, gamma } = params;
    let sum = 1;
    let phiJ = 0;
    let pk = 1;
    for (let h = 1; h <= H; h++) {
      variance[h - 1] = mse * sum;
      // c_h for the next horizon.
      pk *= phi;
      phiJ += pk;
      const c = alpha + (spec.trend === "none" ? 0 : beta * phiJ) + (seasonal && h % m === 0 ? gamma : 0);
      sum += c * c;
    }
  } else {
    let lastH = 0;
    let lastV = mse;
    for (let h = 1; h <= H; h++) {
      let ss = 0;
      let c = 0;
      for (let o = -1; o + h < n; o++) {
        const v = y[o + h]!;
        if (!Number.isFinite(v)) continue;
        const e = v - forecastAt(o, o + h);
        if (!Number.isFinite(e)) continue;
        ss += e * e;
        c++;
      }
      let vh: number;
      if (c >= 10) {
        vh = ss / c;
        lastH = h;
        lastV = vh;
      } else {
        vh = lastH > 0 ? (lastV * h) / lastH : mse * h;
      }
      const prev = h > 1 ? variance[h - 2]! : 0;
      variance[h - 1] = Math.max(vh, prev);
    }
  }
  for (let h = 0; h < H; h++) if (!Number.isFinite(point[h]!) || !Number.isFinite(variance[h]!)) return null;
  if (!Number.isFinite(mse)) return null;
  return { fitted, mse, point, variance };
}

function flatResult(method: MethodName, n: number, value: number, horizon: number, reason: string): ForecastResult {
  const H = Math.max(0, Math.floor(Number.isFinite(horizon) ? horizon : 0));
  const point = new Float64Array(H).fill(value);
  const fitted = new Float64Array(n).fill(n > 0 ? value : 0);
  return {
    method,
    params: {},
    point,
    lower80: Float64Array.from(point),
    upper80: Float64Array.from(point),
    lower95: Float64Array.from(point),
    upper95: Float64Array.from(point),
    fitted,
    sigma: 0,
    mse: 0,
    reason,
  };
}

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(2);
}

/** Fits and forecasts one exponential-smoothing method, with the fallbacks described above. */
export function exponentialSmoothing(
  requested: MethodName,
  history: Float64Array,
  options: ForecastOptions,
): ForecastResult {
  const base = SPECS[requested] ?? { trend: "none", season: "none" };
  let trend: TrendKind = base.trend;
  let season: SeasonKind = base.season;
  const notes: string[] = [];
  const horizon = Number.isFinite(options.horizon) ? Math.max(0, Math.floor(options.horizon)) : 0;
  const y = Float64Array.from(history);
  const n = y.length;
  let observed = 0;
  let last = 0;
  let allPositive = true;
  let min = Infinity;
  let max = 0;
  for (let t = 0; t < n; t++) {
    const v = y[t]!;
    if (Number.isFinite(v)) {
      observed++;
      last = v;
      if (!(v > 0)) allPositive = false;
      if (v < min) min = v;
      if (v > max) max = v;
    } else y[t] = NaN;
  }
  // Values that are practically zero next to the others (1e-100 beside 300) make seasonal
  // ratios explode under multiplicative seasonality (forecasts of 1e100): treat them as zeros.
  const nearZero = allPositive && min < NEAR_ZERO_RATIO * max;
  if (nearZero) allPositive = false;
  if (observed === 0) {
    return flatResult("ses", n, 0, horizon, n === 0 ? "no history: forecast 0" : "no observed values: forecast 0");
  }
  if (observed === 1) {
    return flatResult("ses", n, last, horizon, "one observation: flat forecast, no error estimate");
  }
  const m = Number.isFinite(options.period) ? Math.floor(options.period) : 1;
  if (season !== "none") {
    if (m <= 1) {
      notes.push("no seasonal period (m ≤ 1), seasonality dropped");
      season = "none";
      trend = "damped";
    } else if (n < 2 * m) {
      notes.push(`fewer than two seasons (${n} < 2×${m}), seasonality dropped`);
      season = "none";
      trend = "damped";
    } else if (season === "multiplicative" && !allPositive) {
      notes.push(nearZero ? "values near zero, additive seasonality instead of multiplicative" : "data not all positive, additive seasonality instead of multiplicative");
      season = "additive";
    }
  }
  if (trend !== "none" && observed < 4) {
    notes.push(`too short for a trend (${observed} observations)`);
    trend = "none";
  }

  const attempt = (tr: TrendKind, se: SeasonKind): ForecastResult | null => {
    const spec: EtsSpec = { trend: tr, season: se, period: se === "none" ? 1 : m };
    const heuristic = initialStates(y, spec);
    const fixed = options.fixed;
    const seasonInit = Float64Array.from(heuristic.season);
    for (let p = 0; p < seasonInit.length; p++) {
      const v = fixedValue(fixed, `s${p}`);
      if (v !== undefined) seasonInit[p] = v;
    }
    const init: EtsStates = {
      level: fixedValue(fixed, "l0") ?? heuristic.level,
      trend: tr === "none" ? 0 : fixedValue(fixed, "b0") ?? heuristic.trend,
      season: seasonInit,
    };
    const params = fitParams(y, spec, init, fixed);
    const model = evaluateModel(y, spec, params, init, horizon);
    if (!model) return null;
    const method = methodOf(tr, se);
    if (options.pointOnly === true) return pointResult(method, model.point, false);
    const sd = model.variance.map(Math.sqrt);
    const band = (z: number, sign: number): Float64Array => model.point.map((p, i) => p + sign * z * sd[i]!);
    const out: Record<string, number> = { alpha: params.alpha };
    if (tr !== "none") out.beta = params.beta;
    if (se !== "none") out.gamma = params.gamma;
    if (tr === "damped") out.phi = params.phi;
    out.l0 = init.level;
    if (tr !== "none") out.b0 = init.trend;
    const parts = [`α ${fmt(params.alpha)}`];
    if (tr !== "none") parts.push(`β ${fmt(params.beta)}`);
    if (se !== "none") parts.push(`γ ${fmt(params.gamma)}, m ${m}`);
    if (tr === "damped") parts.push(`φ ${fmt(params.phi)}`);
    return {
      method,
      params: out,
      point: model.point,
      lower80: band(Z80, -1),
      upper80: band(Z80, 1),
      lower95: band(Z95, -1),
      upper95: band(Z95, 1),
      fitted: model.fitted,
      sigma: Math.sqrt(model.mse),
      mse: model.mse,
      reason: [`${LABEL[method] ?? method} (${parts.join(", ")})`, ...notes].join("; "),
    };
  };

  const first = attempt(trend, season);
  if (first) return first;
  if (season === "multiplicative") {
    notes.push("multiplicative model unstable, additive seasonality instead");
    const second = attempt(trend, "additive");
    if (second) return second;
  }
  notes.push("model unstable, simple exponential smoothing instead");
  const ses = attempt("none", "none");
  if (ses) return ses;
  return flatResult("naive", n, last, horizon, "exponential smoothing unstable: last value carried forward");
}

function forecaster(name: MethodName): Forecaster {
  return { name, forecast: (history, options) => exponentialSmoothing(name, history, options) };
}

/** Simple exponential smoothing, ETS(A,N,N). */
export const ses = forecaster("ses");
/** Holt's linear trend, ETS(A,A,N). */
export const holt = forecaster("holt");
/** Damped trend (Gardner & McKenzie 1985), ETS(A,Ad,N). */
export const damped = forecaster("damped");
/** Holt-Winters additive, ETS(A,A,A). */
export const holtWintersAdditive = forecaster("holtWintersAdditive");
/** Holt-Winters multiplicative, ETS(·,A,M) recursion. */
export const holtWintersMultiplicative = forecaster("holtWintersMultiplicative");
/** Damped Holt-Winters additive, ETS(A,Ad,A). */
export const holtWintersAdditiveDamped = forecaster("holtWintersAdditiveDamped");
/** Damped Holt-Winters multiplicative, ETS(·,Ad,M) recursion. */
export const holtWintersMultiplicativeDamped = forecaster("holtWintersMultiplicativeDamped");
