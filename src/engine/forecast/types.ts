/**
 * The one face every forecasting method has: history in, a point forecast with 80 % and
 * 95 % prediction intervals, the fitted parameters, an error measure and a reason out.
 * Auto-selection and the M3 benchmark treat all methods alike through it.
 *
 * Pure; no I/O.
 */

/** Names of the methods of DESIGN.md §5. */
export type MethodName =
  | "naive"
  | "seasonalNaive"
  | "naive2"
  | "movingAverage"
  | "ses"
  | "holt"
  | "damped"
  | "holtWintersAdditive"
  | "holtWintersMultiplicative"
  | "holtWintersAdditiveDamped"
  | "holtWintersMultiplicativeDamped"
  | "theta"
  | "croston"
  | "sba"
  | "tsb"
  | "optimisedTheta"
  | "combination"
  | "auto";

/** Options common to every method. */
export interface ForecastOptions {
  /** Seasonal period m: 12 monthly, 4 quarterly, 52 weekly, 1 none. */
  readonly period: number;
  /** Number of periods to forecast. */
  readonly horizon: number;
  /** Fixed parameters (alpha, beta, gamma, phi, window, …): skip fitting those. */
  readonly fixed?: Readonly<Record<string, number>>;
  /**
   * Multiplicative seasonal indices from elsewhere (the item's family: `auto` only), one per
   * season position, and the position of the history's first value (`seasonStart`, default 0).
   * `auto` then forecasts the series adjusted by them and puts the season back; intermittent
   * demand ignores them.
   */
  readonly seasonalIndices?: ArrayLike<number>;
  readonly seasonStart?: number;
  /** Wording of the indices' origin for the reason ("seasonality of family Pumps"). */
  readonly seasonalSource?: string;
  /**
   * `auto`: measure the holdout error (refit without the last points; default true). False skips
   * that refit, half of `auto`'s work, when only the forecast is wanted (the backtest).
   */
  readonly holdout?: boolean;
  /**
   * Only the point forecast will be read (`auto`'s holdout refit scores the point alone): a
   * method may then leave its intervals and fitted values empty and its parameters and reason
   * blank. The point is exactly the one computed without this option.
   */
  readonly pointOnly?: boolean;
}

/** What a method returns. Every array has `horizon` entries; nothing is NaN. */
export interface ForecastResult {
  readonly method: MethodName;
  /** Fitted (or fixed) parameters, by name. */
  readonly params: Readonly<Record<string, number>>;
  readonly point: Float64Array;
  readonly lower80: Float64Array;
  readonly upper80: Float64Array;
  readonly lower95: Float64Array;
  readonly upper95: Float64Array;
  /** One-step-ahead in-sample fitted values (NaN where undefined), same length as the history. */
  readonly fitted: Float64Array;
  /** Standard deviation of the one-step in-sample errors. */
  readonly sigma: number;
  /** Mean squared one-step in-sample error (the fitting criterion). */
  readonly mse: number;
  /** A one-line reason a planner can read ("trend and yearly seasonality; damped"). */
  readonly reason: string;
  /** Error of the same method on a held-out tail of the history (auto-selection fills it). */
  readonly holdout?: { readonly smape: number; readonly mase: number; readonly points: number };
}

/** A forecasting method. */
export interface Forecaster {
  readonly name: MethodName;
  forecast(history: Float64Array, options: ForecastOptions): ForecastResult;
}

/** z-scores of the two-sided 80 % and 95 % normal intervals. */
export const Z80 = 1.2815515655446004;
export const Z95 = 1.959963984540054;
