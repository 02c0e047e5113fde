/**
 * Forecast combination: a weighted mean of several methods' forecasts (point and interval
 * bounds), which is more accurate on average than any single member (Makridakis & Hibon
 * 2000, "Comb S-H-D"; Petropoulos & Svetunkov 2020 on Theta combinations).
 *
 * The default combination, chosen by measurement on M3 (`npm run bench:m3`):
 * - 40 % optimised Theta with θ chosen by in-sample MSE (`optimisedTheta.ts`),
 * - 40 % optimised Theta with θ chosen by holdout sMAPE,
 *   both on the seasonally adjusted series: classical multiplicative indices when the 90 %
 *   seasonality test at lag m says seasonal and the data are positive, shrunk 10 % towards 1
 *   (Miller & Williams 2003, `shrinkIndices`);
 * - 20 % damped Holt-Winters with multiplicative seasonality on the raw series, whose
 *   seasonal states adapt where the fixed indices cannot.
 * Forecasts are clipped at 0 when the history has no negative value.
 *
 * Pure; no I/O. Never throws.
 */
import { NEAR_ZERO_RATIO, holtWintersMultiplicativeDamped } from "./exponentialSmoothing";
import { cleanHistory, emptyResult, pointResult, safeHorizon, safePeriod } from "./naive";
import { optimisedThetaOnAdjusted } from "./optimisedTheta";
import { deseasonalize, isSeasonal, reseasonalize, seasonalIndices, shrinkIndices } from "./seasonality";
import type { ForecastOptions, ForecastResult, Forecaster, MethodName } from "./types";

/**
 * Run non-seasonal methods on the seasonally adjusted series when the series is seasonal (90 %
 * test at lag m, positive data), the season put back on each result; the test and the indices
 * are computed once for all the methods. `shrink` is the λ of `shrinkIndices` (1 = classical
 * indices unchanged).
 */
export function forecastSeasonallyAdjusted(methods: readonly Forecaster[], y: Float64Array, options: ForecastOptions, shrink = 1): ForecastResult[] {
  const m = safePeriod(options);
  let positive = y.length > 0;
  let min = Infinity;
  let max = 0;
  for (const v of y) {
    if (!(v > 0)) positive = false;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  // Values practically zero next to the others would give near-zero seasonal indices (exploding ratios).
  if (min < NEAR_ZERO_RATIO * max) positive = false;
  if (m <= 1 || !positive || !isSeasonal(y, m)) return methods.map((method) => method.forecast(y, { ...options, period: 1 }));
  const idx = shrinkIndices(seasonalIndices(y, m, "multiplicative"), shrink);
  const adjusted = deseasonalize(y, idx, "multiplicative", 0);
  const n = y.length;
  const re = (a: Float64Array): Float64Array => reseasonalize(a, idx, "multiplicative", n);
  return methods.map((method) => {
    const r = method.forecast(adjusted, { ...options, period: 1 });
    if (options.pointOnly === true) return { ...r, point: re(r.point) };
    return {
      ...r,
      point: re(r.point),
      lower80: re(r.lower80),
      upper80: re(r.upper80),
      lower95: re(r.lower95),
      upper95: re(r.upper95),
      fitted: reseasonalize(r.fitted, idx, "multiplicative", 0),
      reason: `${r.reason}; seasonally adjusted (period ${m})`,
    };
  });
}

/** Wrap a non-seasonal method so it runs on the seasonally adjusted series (`forecastSeasonallyAdjusted`). */
export function seasonallyAdjusted(method: Forecaster, shrink = 1): Forecaster {
  return {
    name: method.name,
    forecast: (history, options) => forecastSeasonallyAdjusted([method], cleanHistory(history).y, options, shrink)[0]!,
  };
}

/** `a` with negative values set to 0: `a` itself when it has none (results are never changed once built). */
function clip(a: Float64Array): Float64Array {
  for (let i = 0; i < a.length; i++) if (a[i]! < 0) return a.map((v) => (v < 0 ? 0 : v));
  return a;
}

/** Clip a result at 0 (a forecast of demand is never negative when the history never was). */
export function clipAtZero(r: ForecastResult): ForecastResult {
  return { ...r, point: clip(r.point), lower80: clip(r.lower80), upper80: clip(r.upper80), lower95: clip(r.lower95), upper95: clip(r.upper95) };
}

/** `<prefix>.<name>` keys of combined parameters, per prefix and name: made once, not per series. */
const PARAM_KEYS = new Map<string, Map<string, string>>();

function paramKey(prefix: string, name: string): string {
  let byName = PARAM_KEYS.get(prefix);
  if (byName === undefined) PARAM_KEYS.set(prefix, (byName = new Map()));
  let key = byName.get(name);
  if (key === undefined) byName.set(name, (key = `${prefix}.${name}`));
  return key;
}

/**
 * Σ_j w_j · arrays[j][i] for i < len, added in member order; an array shorter than `len` adds
 * nothing past its end (its missing values count 0; the weights are finite and ≥ 0).
 */
function weightedSum(arrays: readonly Float64Array[], w: Float64Array, len: number): Float64Array {
  const out = new Float64Array(len);
  for (let j = 0; j < arrays.length; j++) {
    const a = arrays[j]!;
    const wj = w[j]!;
    const m = Math.min(len, a.length);
    for (let i = 0; i < m; i++) out[i] = out[i]! + a[i]! * wj;
  }
  return out;
}

/**
 * The weighted mean of member results (same horizon); equal weights when `weights` is not
 * given. Parameters are kept under `<method>.<name>` (`#2` etc. for a repeated method).
 */
export function meanOf(method: MethodName, members: readonly ForecastResult[], reason: string, weights?: readonly number[], pointOnly = false): ForecastResult {
  const count = members.length;
  const h = count > 0 ? members[0]!.point.length : 0;
  const n = count > 0 ? members[0]!.fitted.length : 0;
  const w = new Float64Array(count);
  let total = 0;
  for (let j = 0; j < count; j++) {
    const given = weights?.[j];
    const v = given !== undefined && Number.isFinite(given) && given > 0 ? given : weights ? 0 : 1;
    w[j] = v;
    total = total + v;
  }
  for (let j = 0; j < count; j++) w[j] = total > 0 ? w[j]! / total : 1 / Math.max(count, 1);
  const pick = (which: "point" | "lower80" | "upper80" | "lower95" | "upper95" | "fitted"): Float64Array[] => {
    const out: Float64Array[] = [];
    for (let j = 0; j < count; j++) out.push(members[j]![which]);
    return out;
  };
  if (pointOnly) return pointResult(method, weightedSum(pick("point"), w, h), false);
  const params: Record<string, number> = {};
  const seen = new Map<string, number>();
  let sigma = 0;
  let mse = 0;
  for (let j = 0; j < count; j++) {
    const r = members[j]!;
    const repeat = (seen.get(r.method) ?? 0) + 1;
    seen.set(r.method, repeat);
    const prefix = repeat === 1 ? r.method : `${r.method}#${repeat}`;
    for (const [k, v] of Object.entries(r.params)) params[paramKey(prefix, k)] = v;
    sigma = sigma + r.sigma * w[j]!;
    mse = mse + r.mse * w[j]!;
  }
  return {
    method,
    params,
    point: weightedSum(pick("point"), w, h),
    lower80: weightedSum(pick("lower80"), w, h),
    upper80: weightedSum(pick("upper80"), w, h),
    lower95: weightedSum(pick("lower95"), w, h),
    upper95: weightedSum(pick("upper95"), w, h),
    fitted: weightedSum(pick("fitted"), w, n),
    sigma,
    mse,
    reason,
  };
}

/** λ of the seasonal-index shrinkage used by the Theta members. */
const SHRINK = 0.9;
/** The members on the seasonally adjusted series (one adjustment for both), then the one on the raw series. */
const ADJUSTED_MEMBERS: readonly Forecaster[] = [optimisedThetaOnAdjusted("mse"), optimisedThetaOnAdjusted("holdout")];
const MEMBERS: readonly { readonly weight: number; readonly label: string }[] = [
  { weight: 0.4, label: "optimised Theta (θ by MSE)" },
  { weight: 0.4, label: "optimised Theta (θ by holdout)" },
  { weight: 0.2, label: "damped Holt-Winters" },
];

const COMBINATION_REASON = `weighted mean of ${MEMBERS.map((m) => `${m.label} ${Math.round(m.weight * 100)} %`).join(", ")}`;
const WEIGHTS: readonly number[] = MEMBERS.map((m) => m.weight);

/** 40 % / 40 % optimised Theta (θ by MSE / by holdout) + 20 % damped multiplicative Holt-Winters. */
export const combination: Forecaster = {
  name: "combination",
  forecast(history: Float64Array, options: ForecastOptions): ForecastResult {
    const h = safeHorizon(options);
    const { y } = cleanHistory(history);
    if (y.length === 0) return emptyResult("combination", h, history.length);
    const results = [...forecastSeasonallyAdjusted(ADJUSTED_MEMBERS, y, options, SHRINK), holtWintersMultiplicativeDamped.forecast(y, options)];
    const r = meanOf("combination", results, COMBINATION_REASON, WEIGHTS, options.pointOnly === true);
    let nonNegative = true;
    for (const v of y) if (v < 0) nonNegative = false;
    return nonNegative ? clipAtZero(r) : r;
  },
};
