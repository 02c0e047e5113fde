/**
 * Naive benchmarks (Hyndman & Athanasopoulos, "Forecasting: Principles and Practice", 3rd ed.,
 * §5.2; Makridakis & Hibon 2000 for Naive2):
 *
 * - naive:          ŷ_{n+h} = y_n;            interval σ·√h (random walk).
 * - seasonalNaive:  ŷ_{n+h} = y_{n+h−m(⌊(h−1)/m⌋+1)}, the value one season back;
 *                   interval σ·√(⌊(h−1)/m⌋ + 1). Falls back to naive when n < m.
 * - naive2:         naive on the seasonally adjusted series, reseasonalised, when the M4
 *                   90 % autocorrelation test at lag m says seasonal (classical multiplicative
 *                   decomposition, `seasonality.ts`); plain naive otherwise. The M3 benchmark.
 *
 * σ is the root mean square of the in-sample one-step (resp. one-season) errors.
 * Also exports the small helpers every method of this folder uses to stay robust:
 * `cleanHistory` (missing values filled by linear interpolation, ends carried) and
 * `buildResult` (never NaN: non-finite values become 0 / the last level).
 *
 * Pure; no I/O. Never throws.
 */
import { deseasonalize, isSeasonal, reseasonalize, seasonalIndices } from "./seasonality";
import { type ForecastOptions, type ForecastResult, type Forecaster, type MethodName, Z80, Z95 } from "./types";

/** Missing values (non-finite) filled by linear interpolation; leading / trailing ones carried. Empty when none is finite. */
export function cleanHistory(history: ArrayLike<number>): { readonly y: Float64Array; readonly missing: number } {
  const n = history.length;
  const y = new Float64Array(n);
  let missing = 0;
  let last = -1;
  for (let t = 0; t < n; t++) {
    const v = history[t]!;
    if (Number.isFinite(v)) {
      if (last < t - 1) {
        const from = last < 0 ? v : y[last]!;
        for (let i = last + 1; i < t; i++) y[i] = last < 0 ? v : from + ((v - from) * (i - last)) / (t - last);
      }
      y[t] = v;
      last = t;
    } else missing++;
  }
  if (last < 0) return { y: new Float64Array(0), missing };
  for (let i = last + 1; i < n; i++) y[i] = y[last]!;
  return { y, missing };
}

/** A safe horizon: a non-negative integer. */
export function safeHorizon(options: ForecastOptions): number {
  const h = Math.floor(options.horizon);
  return Number.isFinite(h) && h > 0 ? h : 0;
}

/** A safe period: an integer ≥ 1. */
export function safePeriod(options: ForecastOptions): number {
  const m = Math.floor(options.period);
  return Number.isFinite(m) && m > 1 ? m : 1;
}

/** Root mean square and mean square of the finite differences y − fitted. */
export function inSampleError(y: ArrayLike<number>, fitted: ArrayLike<number>): { readonly sigma: number; readonly mse: number } {
  let s = 0;
  let c = 0;
  for (let t = 0; t < y.length; t++) {
    const e = y[t]! - fitted[t]!;
    if (Number.isFinite(e)) {
      s += e * e;
      c++;
    }
  }
  const mse = c === 0 ? 0 : s / c;
  return { sigma: Math.sqrt(mse), mse };
}

const finiteOr = (v: number, fallback: number): number => (Number.isFinite(v) ? v : Number.isFinite(fallback) ? fallback : 0);

/**
 * Assembles a result from a point forecast and the half-width factor per step (interval
 * = point ± z · sigma · widthFactor[h]). Non-finite values are replaced so nothing is NaN
 * (the fitted values may hold NaN where undefined, as types.ts says).
 */
export function buildResult(
  method: MethodName,
  params: Record<string, number>,
  point: Float64Array,
  widthFactor: ArrayLike<number>,
  fitted: Float64Array,
  sigma: number,
  mse: number,
  reason: string,
  lowerBound = -Infinity,
): ForecastResult {
  const h = point.length;
  const s = finiteOr(sigma, 0);
  const lower80 = new Float64Array(h);
  const upper80 = new Float64Array(h);
  const lower95 = new Float64Array(h);
  const upper95 = new Float64Array(h);
  let previous = 0;
  for (let i = 0; i < h; i++) {
    const p = finiteOr(point[i]!, previous);
    previous = p;
    point[i] = p;
    const w = finiteOr(s * widthFactor[i]!, 0);
    lower80[i] = Math.max(lowerBound, p - Z80 * w);
    upper80[i] = p + Z80 * w;
    lower95[i] = Math.max(lowerBound, p - Z95 * w);
    upper95[i] = p + Z95 * w;
  }
  const safeParams: Record<string, number> = {};
  for (const [k, v] of Object.entries(params)) safeParams[k] = finiteOr(v, 0);
  return { method, params: safeParams, point, lower80, upper80, lower95, upper95, fitted, sigma: s, mse: finiteOr(mse, 0), reason };
}

const EMPTY = new Float64Array(0);

/**
 * A result that carries only its point forecast (`ForecastOptions.pointOnly`): the point made
 * safe as `buildResult` makes it (a non-finite value becomes the previous one, 0 at the start)
 * unless `safe` is false (taken as it is), intervals and fitted values empty.
 */
export function pointResult(method: MethodName, point: Float64Array, safe = true): ForecastResult {
  let previous = 0;
  if (safe) {
    for (let i = 0; i < point.length; i++) {
      const p = finiteOr(point[i]!, previous);
      previous = p;
      point[i] = p;
    }
  }
  return { method, params: {}, point, lower80: EMPTY, upper80: EMPTY, lower95: EMPTY, upper95: EMPTY, fitted: EMPTY, sigma: 0, mse: 0, reason: "" };
}

/** The result for an empty (or all-missing) history: a forecast of 0 with zero-width intervals. */
export function emptyResult(method: MethodName, horizon: number, length: number): ForecastResult {
  return buildResult(
    method,
    {},
    new Float64Array(horizon),
    new Float64Array(horizon),
    new Float64Array(length).fill(NaN),
    0,
    0,
    "no usable history: forecast 0",
  );
}

const missingNote = (missing: number): string => (missing > 0 ? `; ${missing} missing value(s) interpolated` : "");

function naiveCore(method: MethodName, y: Float64Array, h: number, reason: string): ForecastResult {
  const n = y.length;
  const fitted = new Float64Array(n).fill(NaN);
  for (let t = 1; t < n; t++) fitted[t] = y[t - 1]!;
  const { sigma, mse } = inSampleError(y, fitted);
  const point = new Float64Array(h).fill(y[n - 1]!);
  const width = new Float64Array(h);
  for (let i = 0; i < h; i++) width[i] = Math.sqrt(i + 1);
  return buildResult(method, {}, point, width, fitted, sigma, mse, reason);
}

/** Naive: the last value carried forward. */
export const naive: Forecaster = {
  name: "naive",
  forecast(history: Float64Array, options: ForecastOptions): ForecastResult {
    const h = safeHorizon(options);
    const { y, missing } = cleanHistory(history);
    if (y.length === 0) return emptyResult("naive", h, history.length);
    return naiveCore("naive", y, h, `last value carried forward${missingNote(missing)}`);
  },
};

/** Seasonal naive: the value of the same season one cycle back. */
export const seasonalNaive: Forecaster = {
  name: "seasonalNaive",
  forecast(history: Float64Array, options: ForecastOptions): ForecastResult {
    const h = safeHorizon(options);
    const m = safePeriod(options);
    const { y, missing } = cleanHistory(history);
    const n = y.length;
    if (n === 0) return emptyResult("seasonalNaive", h, history.length);
    if (m === 1 || n < m) {
      const why = m === 1 ? "no seasonal period" : `shorter than one season (${n} < ${m})`;
      const r = naiveCore("seasonalNaive", y, h, `${why}: last value carried forward${missingNote(missing)}`);
      return r;
    }
    const fitted = new Float64Array(n).fill(NaN);
    for (let t = m; t < n; t++) fitted[t] = y[t - m]!;
    const { sigma, mse } = inSampleError(y, fitted);
    const point = new Float64Array(h);
    const width = new Float64Array(h);
    for (let i = 0; i < h; i++) {
      const k = Math.floor(i / m) + 1;
      point[i] = y[n + i - m * k]!;
      width[i] = Math.sqrt(k);
    }
    return buildResult("seasonalNaive", {}, point, width, fitted, sigma, mse, `same season last cycle (m = ${m})${missingNote(missing)}`);
  },
};

/** Naive2: naive on the seasonally adjusted series when the 90 % test says seasonal (the M3 benchmark). */
export const naive2: Forecaster = {
  name: "naive2",
  forecast(history: Float64Array, options: ForecastOptions): ForecastResult {
    const h = safeHorizon(options);
    const m = safePeriod(options);
    const { y, missing } = cleanHistory(history);
    const n = y.length;
    if (n === 0) return emptyResult("naive2", h, history.length);
    if (!isSeasonal(y, m)) return naiveCore("naive2", y, h, `not seasonal: last value carried forward${missingNote(missing)}`);
    const indices = seasonalIndices(y, m, "multiplicative");
    const adjusted = deseasonalize(y, indices, "multiplicative");
    const base = naiveCore("naive2", adjusted, h, "");
    const point = reseasonalize(base.point, indices, "multiplicative", n);
    const fitted = reseasonalize(base.fitted, indices, "multiplicative");
    const { sigma, mse } = inSampleError(y, fitted);
    const width = new Float64Array(h);
    // Interval in adjusted units (σ of the adjusted one-step errors), scaled by each step's index.
    for (let i = 0; i < h; i++) width[i] = Math.sqrt(i + 1) * indices[(n + i) % m]!;
    const r = buildResult("naive2", {}, point, width, fitted, base.sigma, mse,
      `seasonal (90 % test, m = ${m}): last seasonally adjusted value, reseasonalised${missingNote(missing)}`);
    return { ...r, sigma: Number.isFinite(sigma) ? sigma : 0 };
  },
};
