/**
 * Forecast combination: the equal-weight mean of several methods' forecasts (point and
 * interval bounds), which is more accurate on average than any single member (Makridakis
 * & Hibon 2000, "Comb S-H-D"; Petropoulos & Svetunkov 2020 on Theta combinations).
 *
 * The default combination is Theta + damped trend, the damped trend fitted on the
 * seasonally adjusted series (classical multiplicative decomposition when the 90 %
 * seasonality test at lag m says seasonal and the data are positive), forecasts clipped at
 * 0 when the history has no negative value. Measured on M3 (`npm run bench:m3`).
 *
 * Pure; no I/O. Never throws.
 */
import { damped } from "./exponentialSmoothing";
import { cleanHistory, emptyResult, safeHorizon, safePeriod } from "./naive";
import { deseasonalize, isSeasonal, reseasonalize, seasonalIndices } from "./seasonality";
import { theta } from "./theta";
import type { ForecastOptions, ForecastResult, Forecaster, MethodName } from "./types";

/** Wrap a non-seasonal method so it runs on the seasonally adjusted series when the series is seasonal. */
export function seasonallyAdjusted(method: Forecaster): Forecaster {
  return {
    name: method.name,
    forecast(history: Float64Array, options: ForecastOptions): ForecastResult {
      const { y } = cleanHistory(history);
      const m = safePeriod(options);
      let positive = y.length > 0;
      for (const v of y) if (!(v > 0)) positive = false;
      if (m <= 1 || !positive || !isSeasonal(y, m)) return method.forecast(y, { ...options, period: 1 });
      const idx = seasonalIndices(y, m, "multiplicative");
      const r = method.forecast(deseasonalize(y, idx, "multiplicative", 0), { ...options, period: 1 });
      const n = y.length;
      const re = (a: Float64Array): Float64Array => reseasonalize(a, idx, "multiplicative", n);
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
    },
  };
}

/** Clip a result at 0 (a forecast of demand is never negative when the history never was). */
export function clipAtZero(r: ForecastResult): ForecastResult {
  const clip = (a: Float64Array): Float64Array => a.map((v) => (v < 0 ? 0 : v));
  return { ...r, point: clip(r.point), lower80: clip(r.lower80), upper80: clip(r.upper80), lower95: clip(r.lower95), upper95: clip(r.upper95) };
}

/** The equal-weight mean of member results (same horizon). */
export function meanOf(method: MethodName, members: readonly ForecastResult[], reason: string): ForecastResult {
  const h = members[0]?.point.length ?? 0;
  const n = members[0]?.fitted.length ?? 0;
  const avg = (pick: (r: ForecastResult) => Float64Array, len: number): Float64Array => {
    const out = new Float64Array(len);
    for (const r of members) {
      const a = pick(r);
      for (let i = 0; i < len; i++) out[i] = out[i]! + (a[i] ?? 0) / members.length;
    }
    return out;
  };
  const params: Record<string, number> = {};
  for (const r of members) for (const [k, v] of Object.entries(r.params)) params[`${r.method}.${k}`] = v;
  const sigma = members.reduce((s, r) => s + r.sigma, 0) / Math.max(members.length, 1);
  const mse = members.reduce((s, r) => s + r.mse, 0) / Math.max(members.length, 1);
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

const MEMBERS: readonly Forecaster[] = [theta, seasonallyAdjusted(damped)];

/** Theta + damped trend (seasonally adjusted), equal weights. */
export const combination: Forecaster = {
  name: "combination",
  forecast(history: Float64Array, options: ForecastOptions): ForecastResult {
    const h = safeHorizon(options);
    const { y } = cleanHistory(history);
    if (y.length === 0) return emptyResult("combination", h, history.length);
    const results = MEMBERS.map((m) => m.forecast(y, options));
    const r = meanOf("combination", results, `mean of ${results.map((x) => x.method).join(" and ")}`);
    let nonNegative = true;
    for (const v of y) if (v < 0) nonNegative = false;
    return nonNegative ? clipAtZero(r) : r;
  },
};
