/**
 * Automatic method selection per series (DESIGN.md §5), with a one-line reason:
 *
 * - no usable history → 0; one or two points → naive;
 * - intermittent or lumpy demand by ADI / CV² (Syntetos, Boylan & Croston 2005, cut-offs
 *   1.32 and 0.49) → SBA (the bias-corrected Croston), or TSB when the series has stopped
 *   (last 25 % all zero: obsolescence);
 * - otherwise → the combination of optimised Theta and damped Holt-Winters (`combination.ts`),
 *   the best rule measured on M3 (`npm run bench:m3`);
 * - given seasonal indices from elsewhere (the item's family, `options.seasonalIndices`), the
 *   series is adjusted by them, forecast without a season and reseasonalised (not for
 *   intermittent demand);
 * - forecasts are clipped at 0 when the history has no negative value.
 *
 * The chosen method's holdout error (sMAPE and MASE of the same rule refitted without the
 * last min(h, n/4) points) is recorded so that it can be written next to the forecast.
 *
 * Pure; no I/O. Never throws.
 */
import { smapePlanner } from "../accuracy/smape";
import { mase } from "../accuracy/mase";
import { clipAtZero, combination } from "./combination";
import { classifyDemand, sba, tsb } from "./intermittent";
import { cleanHistory, emptyResult, naive, safeHorizon, safePeriod } from "./naive";
import type { ForecastOptions, ForecastResult, Forecaster } from "./types";

function choose(y: Float64Array): { method: Forecaster; why: string } {
  if (y.length <= 2) return { method: naive, why: `only ${y.length} observation(s): naive` };
  const c = classifyDemand(y);
  if (c.demandClass === "intermittent" || c.demandClass === "lumpy") {
    const tail = y.subarray(Math.floor(y.length * 0.75));
    const stopped = tail.length >= 3 && tail.every((v) => v === 0);
    return stopped
      ? { method: tsb, why: `${c.demandClass} demand (ADI ${c.adi.toFixed(2)}, CV² ${c.cv2.toFixed(2)}) that has stopped: TSB` }
      : { method: sba, why: `${c.demandClass} demand (ADI ${c.adi.toFixed(2)}, CV² ${c.cv2.toFixed(2)}): SBA` };
  }
  return { method: combination, why: `${c.demandClass === "none" ? "no demand pattern" : `${c.demandClass} demand`}: combination of optimised Theta and damped Holt-Winters` };
}

/** Valid external indices: all finite and positive, period ≥ 2. */
function externalIndices(options: ForecastOptions): Float64Array | null {
  const idx = options.seasonalIndices;
  if (!idx || idx.length < 2) return null;
  const out = Float64Array.from(idx);
  for (const v of out) if (!(v > 0) || !Number.isFinite(v)) return null;
  return out;
}

/** `method` on the series adjusted by `indices` (position of y[0]: `start`), season put back. */
function withIndices(method: Forecaster, indices: Float64Array, start: number, source: string): Forecaster {
  const m = indices.length;
  const at = (t: number): number => indices[(((start + t) % m) + m) % m]!;
  return {
    name: method.name,
    forecast(history: Float64Array, options: ForecastOptions): ForecastResult {
      const n = history.length;
      const adjusted = history.map((v, t) => v / at(t));
      const { seasonalIndices: _i, seasonStart: _s, ...rest } = options;
      void _i;
      void _s;
      const r = method.forecast(adjusted, { ...rest, period: 1 });
      const put = (a: Float64Array, from: number): Float64Array => a.map((v, k) => v * at(from + k));
      if (options.pointOnly === true) return { ...r, point: put(r.point, n) };
      return {
        ...r,
        point: put(r.point, n),
        lower80: put(r.lower80, n),
        upper80: put(r.upper80, n),
        lower95: put(r.lower95, n),
        upper95: put(r.upper95, n),
        fitted: put(r.fitted, 0),
        reason: `${r.reason}; ${source} applied`,
      };
    },
  };
}

function run(method: Forecaster, y: Float64Array, options: ForecastOptions): ForecastResult {
  const r = method.forecast(y, options);
  return y.every((v) => v >= 0) ? clipAtZero(r) : r;
}

/** The automatic forecaster. */
export const auto: Forecaster = {
  name: "auto",
  forecast(history: Float64Array, options: ForecastOptions): ForecastResult {
    const h = safeHorizon(options);
    const { y } = cleanHistory(history);
    if (y.length === 0) return emptyResult("auto", h, history.length);
    const chosen = choose(y);
    const idx = externalIndices(options);
    const seasonal = idx !== null && chosen.method === combination;
    const method = seasonal ? withIndices(chosen.method, idx, Math.floor(options.seasonStart ?? 0), options.seasonalSource ?? "seasonal indices given") : chosen.method;
    const why = seasonal ? `${chosen.why}, with the ${options.seasonalSource ?? "seasonal indices given"}` : chosen.why;
    const result = run(method, y, options);
    // Holdout: refit without the last k points and score the k-step forecast.
    const k = Math.min(h, Math.floor(y.length / 4));
    let holdout: ForecastResult["holdout"];
    if (options.holdout !== false && k >= 1 && y.length - k >= 3) {
      const train = y.subarray(0, y.length - k);
      const test = y.subarray(y.length - k);
      const f = run(method, Float64Array.from(train), { ...options, horizon: k, pointOnly: true }).point;
      holdout = { smape: smapePlanner(test, f), mase: mase(train, test, f, safePeriod(options)), points: k };
    }
    return { ...result, reason: why, ...(holdout ? { holdout } : {}) };
  },
};
