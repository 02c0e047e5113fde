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

/**
 * The weighted mean of member results (same horizon); equal weights when `weights` is not
 * given. Parameters are kept under `<method>.<name>` (`#2` etc. for a repeated method).
 */
export function meanOf(method: MethodName, members: readonly ForecastResult[], reason: string, weights?: readonly number[], pointOnly = false): ForecastResult {
  const h = members[0]?.point.length ?? 0;
  const n = members[0]?.fitted.length ?? 0;
  const raw = members.map((_, i) => { const w = weights?.[i]; return w !== undefined && Number.isFinite(w) && w > 0 ? w : weights ? 0 : 1; });
  const total = raw.reduce((a, b) => a + b, 0);
  const w = raw.map((v) => (total > 0 ? v / total : 1 / Math.max(members.length, 1)));
  const avg = (pick: (r: ForecastResult) => Float64Array, len: number): Float64Array => {
    const out = new Float64Array(len);
    members.forEach((r, j) => {
      const a = pick(r);
      for (let i = 0; i < len; i++) out[i] = out[i]! + (a[i] ?? 0) * w[j]!;
    });
    return out;
  };
  if (pointOnly) return pointResult(method, avg((r) => r.point, h), false);
  const params: Record<string, number> = {};
  const seen = new Map<string, number>();
  for (const r of members) {
    const count = (seen.get(r.method) ?? 0) + 1;
    seen.set(r.method, count);
    const prefix = count === 1 ? r.method : `${r.method}#${count}`;
    for (const [k, v] of Object.entries(r.params)) params[`${prefix}.${k}`] = v;
  }
  const sigma = members.reduce((s, r, j) => s + r.sigma * w[j]!, 0);
  const mse = members.reduce((s, r, j) => s + r.mse * w[j]!, 0);
  return {
    method,
    params,
    point: avg((r) => r.point, h),
    lower80: avg((r) => r.lower80, h),
    upper80: avg((r) => r.upper80, h),
    lower95: avg((r) => r.lower95, h),
    upper95: avg((r) => r.upper95, h),
    fitted: avg((r) => r.fitted, n),
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
