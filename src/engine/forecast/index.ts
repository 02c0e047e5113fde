/**
 * The forecasting engine's one entry point: `forecast(history, { period, horizon, method })`
 * with `method` "auto" (default) or any method of DESIGN.md §5. Returns the method used,
 * its parameters, the point forecast, 80 % and 95 % intervals, the in-sample error, the
 * holdout error (auto) and a one-line reason.
 *
 * Pure; no I/O. Never throws; never NaN in the output.
 */
import { auto } from "./auto";
import { combination } from "./combination";
import {
  damped,
  holt,
  holtWintersAdditive,
  holtWintersAdditiveDamped,
  holtWintersMultiplicative,
  holtWintersMultiplicativeDamped,
  ses,
} from "./exponentialSmoothing";
import { croston, sba, tsb } from "./intermittent";
import { movingAverage } from "./movingAverage";
import { naive, naive2, seasonalNaive } from "./naive";
import { optimisedTheta } from "./optimisedTheta";
import { theta } from "./theta";
import type { ForecastOptions, ForecastResult, Forecaster, MethodName } from "./types";

/** Every method by name. */
export const METHODS: Readonly<Record<MethodName, Forecaster>> = {
  auto,
  combination,
  naive,
  seasonalNaive,
  naive2,
  movingAverage,
  ses,
  holt,
  damped,
  holtWintersAdditive,
  holtWintersMultiplicative,
  holtWintersAdditiveDamped,
  holtWintersMultiplicativeDamped,
  theta,
  optimisedTheta,
  croston,
  sba,
  tsb,
};

/** Forecast a series with the named method (default: automatic selection). */
export function forecast(history: ArrayLike<number>, options: ForecastOptions & { readonly method?: MethodName }): ForecastResult {
  const method = METHODS[options.method ?? "auto"] ?? auto;
  const y = history instanceof Float64Array ? history : Float64Array.from(history);
  return method.forecast(y, options);
}

export type { ForecastOptions, ForecastResult, Forecaster, MethodName } from "./types";
