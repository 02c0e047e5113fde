/**
 * Demand accuracy (DESIGN.md §2 step 2, §4): the input, options and result types of
 * `analyseDemandAccuracy` (demandAccuracy.ts). The workbook layer renders `SOP Accuracy`
 * from `DemandAccuracyResult`, which is plain data: numbers are never NaN, `null` means
 * "not defined" (e.g. WAPE when Σ|A| = 0).
 *
 * Conventions used throughout:
 * - error sign e = F − A (forecast minus actual): a positive bias is an over-forecast;
 * - every ratio (WAPE, accuracy, bias %, MAPE, sMAPE, FVA) is a fraction, 0.123 = 12.3 %,
 *   ready for the `0.0%` number format; FVA "points" are differences of such fractions;
 * - lag k of a target period t is the forecast made in cycle t − k (a cycle's own month is
 *   lag 0; cycle 2026-05's forecast for 2026-06 is lag 1);
 * - roll-ups (family, attribute, total) are computed from sums, never by averaging items.
 *
 * Pure types; no I/O.
 */
import type { PriceRow, SeriesTable, SnapshotRow } from "../inputs";

/** What the accuracy analysis reads. */
export interface DemandAccuracyInput {
  /** Monthly actuals, item × period; attributes may include Family, Region, Manager, Customer… */
  readonly actuals: SeriesTable;
  /** Current forecast versions (tabs) by name, item × period. */
  readonly forecasts: ReadonlyMap<string, SeriesTable>;
  /** Archived forecasts (the planner's ledger + the add-in's `SOP Snapshots`). */
  readonly snapshots: readonly SnapshotRow[];
  /** Value weighting when an item has a price (a per-period price wins for its period). */
  readonly prices: readonly PriceRow[];
  /** `YYYY-MM` of the cycle being planned; the window is the `window` months before it. */
  readonly cycle: string;
}

/** Options of `analyseDemandAccuracy`; every field has a default. */
export interface DemandAccuracyOptions {
  /** Closed periods measured, default 6. */
  readonly window?: number;
  /** Lags of the lag table, default [1, 2, 3]. */
  readonly lags?: readonly number[];
  /** The cumulative lead-time lag (added to the lag table, labelled), default null. */
  readonly leadTimeLag?: number | null;
  /** Lag used for the headline tables, FVA, league, top errors and alerts, default 1. */
  readonly accuracyLag?: number;
  /** Periods of the tracking signal (the last ones of the window), default 6. */
  readonly trackingPeriods?: number;
  /** Alert when |tracking signal| exceeds this, default 4. */
  readonly trackingLimit?: number;
  /** Number of top error contributors listed, default 20. */
  readonly topN?: number;
  /** Name of the statistical version, default "Statistical" (matched case-insensitively). */
  readonly statisticalVersion?: string;
  /** Name of the consensus version, default "Consensus" (matched case-insensitively). */
  readonly consensusVersion?: string;
  /** Backtest the statistical engine when no statistical snapshots exist, default true. */
  readonly backtest?: boolean;
  /** An item row is flagged when |bias %| exceeds this fraction, default 0.2 (20 %). */
  readonly biasLimit?: number;
  /** Milliseconds clock (e.g. `performance.now`); when given, `timings` lists each step. */
  readonly clock?: () => number;
}

/**
 * Where the forecasts of a version for past periods come from: archived `snapshots`; the
 * current `forecast tab` (when the version has no snapshot row at all: the lag is then
 * unknown); a `backtest` of the statistical engine; `actuals` for the naive benchmark;
 * `none` when nothing is available.
 */
export type ForecastSource = "snapshots" | "forecast tab" | "backtest" | "actuals" | "none";

/** Place of a version in the FVA stairstep. */
export type VersionRole = "naive" | "statistical" | "contributor" | "consensus";

/** One forecast version as analysed. */
export interface VersionInfo {
  readonly name: string;
  readonly role: VersionRole;
  readonly source: ForecastSource;
  /** Usable snapshot rows of this version (after the checks listed in `issues`). */
  readonly snapshotRows: number;
  /** True when a current forecast tab of this version was given. */
  readonly hasForecastTab: boolean;
}

/**
 * Accuracy figures of one set of item-periods (pairs with both an actual and a forecast).
 * Ratios are fractions; null when undefined.
 */
export interface AccuracyFigures {
  /** Item-periods measured. */
  readonly count: number;
  /** Σ A. */
  readonly actual: number;
  /** Σ F. */
  readonly forecast: number;
  /** Σ |e|. */
  readonly absError: number;
  /** Σ e (positive: over-forecast). */
  readonly error: number;
  /** Σ|e| / Σ|A|. */
  readonly wape: number | null;
  /** max(0, 1 − WAPE). */
  readonly accuracy: number | null;
  /** Σe / ΣA. */
  readonly biasPct: number | null;
  /** Mean over pairs with A ≠ 0 of |e| / |A|. */
  readonly mape: number | null;
  /** Pairs used by MAPE (A ≠ 0). */
  readonly mapeCount: number;
  /** Pairs with A = 0, excluded from MAPE. */
  readonly zeroActuals: number;
  /** Mean |e|. */
  readonly mad: number | null;
  /** √ mean e². */
  readonly rmse: number | null;
  /** Planner sMAPE 2/h · Σ|A − F| / (|A| + |F|) as a fraction (0–2); both-zero terms count 0. */
  readonly smape: number | null;
  /**
   * Σ|e| / Σ scale over pairs whose item has a positive in-sample scale (mean |y_t − y_{t−12}|
   * of the item's actuals before the window, lag 1 when too short). For one item this is its
   * MASE; for a group it is the sum-based roll-up. Null when no item has a scale.
   */
  readonly mase: number | null;
}

/** Level of a row of the headline tables. */
export type RowLevel = "total" | "family" | "attribute" | "item";

/** Why an item row is flagged. */
export type ItemFlagCode = "bias-over" | "bias-under" | "worse-than-statistical" | "worse-than-naive" | "tracking-signal";

/** A flag on an item row, with the sentence shown to the planner. */
export interface ItemFlag {
  readonly code: ItemFlagCode;
  readonly text: string;
}

/** One row of a headline table (total, a family, an attribute value or an item). */
export interface AccuracyRow {
  readonly level: RowLevel;
  /** The attribute name for attribute rows ("Region"); null otherwise. */
  readonly attribute: string | null;
  /** "Total", the family, the attribute value or the item code. */
  readonly key: string;
  /** The item's family (item rows); null otherwise. */
  readonly family: string | null;
  /** Items with at least one measured item-period. */
  readonly items: number;
  /** Figures on quantities. */
  readonly volume: AccuracyFigures;
  /** The same figures on quantity × price (priced item-periods only); null when none is priced. */
  readonly value: AccuracyFigures | null;
  readonly flags: readonly ItemFlag[];
}

/** Headline accuracy of one version (or the naive benchmark) at `accuracyLag` over the window. */
export interface VersionAccuracy {
  readonly version: string;
  readonly role: VersionRole;
  readonly source: ForecastSource;
  readonly lag: number;
  readonly total: AccuracyRow;
  /** By family, in name order. */
  readonly families: readonly AccuracyRow[];
  /** By attribute (in the actuals' order) and value (in name order). */
  readonly attributes: readonly AccuracyRow[];
  /** By item (items with at least one measured period), in the actuals' order. */
  readonly items: readonly AccuracyRow[];
}

/** A lag of the lag table. */
export interface LagSpec {
  readonly lag: number;
  /** "lag 2", or "lag 3 (lead time)". */
  readonly label: string;
  readonly leadTime: boolean;
}

/** Lag-table figures of a group (total or a family). */
export interface LagFigures {
  /** "Total" or the family. */
  readonly key: string;
  readonly wape: number | null;
  readonly accuracy: number | null;
  readonly biasPct: number | null;
  /** Item-periods measured. */
  readonly count: number;
  /** Cycles that contributed at least one item-period. */
  readonly cycles: number;
  readonly actual: number;
  readonly forecast: number;
  readonly absError: number;
}

/** One row of the lag table: a version at a lag. */
export interface LagTableRow {
  readonly version: string;
  readonly role: VersionRole;
  readonly source: ForecastSource;
  readonly lag: number;
  readonly label: string;
  readonly leadTime: boolean;
  readonly total: LagFigures;
  readonly families: readonly LagFigures[];
}

/**
 * One step of the FVA stairstep. `wape` and `previousWape` are both measured on the
 * item-periods where this step's and the previous step's forecasts both exist (and an
 * actual); `fva` = previousWape − wape (positive: this step added value). The first step
 * (naive) has its own WAPE over all its item-periods and no FVA.
 */
export interface FvaStep {
  readonly step: number;
  readonly version: string;
  readonly role: VersionRole;
  readonly source: ForecastSource;
  readonly previousVersion: string | null;
  readonly wape: number | null;
  readonly previousWape: number | null;
  readonly fva: number | null;
  /** Item-periods compared. */
  readonly count: number;
}

/** The stairstep of one group: the total or a family. */
export interface FvaStairstep {
  readonly level: "total" | "family";
  /** "Total" or the family. */
  readonly key: string;
  readonly steps: readonly FvaStep[];
}

/** A line of the contributor league table: a contributor version, or a version × manager. */
export interface LeagueEntry {
  readonly version: string;
  /** The manager (from the version's own tab), or null for the whole version. */
  readonly manager: string | null;
  /** WAPE and bias over all of the entry's item-periods. */
  readonly wape: number | null;
  readonly biasPct: number | null;
  /** WAPE(statistical) − WAPE(version) on the item-periods both have; null without statistical. */
  readonly fvaVsStatistical: number | null;
  /** WAPE(naive) − WAPE(version) on the item-periods both have. */
  readonly fvaVsNaive: number | null;
  /** Items with at least one measured item-period. */
  readonly items: number;
  readonly count: number;
}

/** An item × version among the largest errors at `accuracyLag`. */
export interface TopErrorContributor {
  readonly item: string;
  readonly family: string;
  readonly version: string;
  readonly count: number;
  readonly actual: number;
  readonly forecast: number;
  readonly absError: number;
  readonly error: number;
  readonly wape: number | null;
  /** Σ|e| × price and Σe × price over the priced item-periods; null when the item has no price. */
  readonly absErrorValue: number | null;
  readonly errorValue: number | null;
  /** Share of the version's total Σ|e| (volume). */
  readonly share: number | null;
}

/** A tracking-signal alert: |Σe / MAD| over the last tracking periods exceeds the limit. */
export interface TrackingAlert {
  readonly item: string;
  readonly family: string;
  readonly version: string;
  readonly trackingSignal: number;
  readonly direction: "over-forecast" | "under-forecast";
  /** Periods with both an actual and a forecast among the tracking periods. */
  readonly periods: number;
  readonly sumError: number;
  readonly mad: number;
}

/** An item where a contributor (or the consensus) did worse than the statistical forecast. */
export interface OverrideWorse {
  readonly item: string;
  readonly family: string;
  readonly version: string;
  readonly role: VersionRole;
  /** WAPE of the version and of the statistical forecast on the same item-periods. */
  readonly wape: number | null;
  readonly statisticalWape: number | null;
  readonly absError: number;
  readonly statisticalAbsError: number;
  /** absError − statisticalAbsError (> 0). */
  readonly extraError: number;
  readonly count: number;
}

/** Kinds of data problems found while reading the inputs. */
export type AccuracyIssueKind =
  | "not-a-month"
  | "bad-quantity"
  | "unknown-item"
  | "period-before-actuals"
  | "period-after-actuals"
  | "negative-lag"
  | "duplicate"
  | "duplicate-actuals-item"
  | "forecast-item-not-in-actuals"
  | "snapshot-only-version";

/** A few offending rows, for the planner to find them. */
export interface AccuracyIssueExample {
  /** 0-based index of the row in its input (snapshot rows, actuals rows), or null. */
  readonly row: number | null;
  readonly cycle: string | null;
  readonly version: string | null;
  readonly item: string | null;
  readonly period: string | null;
}

/** A counted data problem, with its first examples. Never thrown: reported. */
export interface AccuracyIssue {
  readonly kind: AccuracyIssueKind;
  readonly severity: "warning" | "info";
  readonly count: number;
  readonly message: string;
  readonly examples: readonly AccuracyIssueExample[];
}

/** Time of one step of the analysis (only when `options.clock` is given). */
export interface StepTiming {
  readonly step: string;
  readonly ms: number;
}

/** Everything `SOP Accuracy` shows. Plain data; no NaN anywhere. */
export interface DemandAccuracyResult {
  readonly cycle: string;
  /** The closed periods measured (the `window` months before the cycle). */
  readonly windowPeriods: readonly string[];
  readonly accuracyLag: number;
  readonly lags: readonly LagSpec[];
  /** The last periods of the window used by the tracking signal. */
  readonly trackingPeriods: readonly string[];
  readonly trackingLimit: number;
  /** True when at least one price applies to an analysed item. */
  readonly hasPrices: boolean;
  /** The actuals attribute used as family (null: every item is "(no family)"). */
  readonly familyAttribute: string | null;
  /** The other actuals attributes rolled up by value. */
  readonly attributeNames: readonly string[];
  /** Naive first, then statistical, contributors in name order, consensus. */
  readonly versions: readonly VersionInfo[];
  /** One per version, same order as `versions`. */
  readonly headline: readonly VersionAccuracy[];
  readonly lagTable: readonly LagTableRow[];
  readonly fva: { readonly total: FvaStairstep; readonly families: readonly FvaStairstep[] };
  /** Best FVA first. */
  readonly league: readonly LeagueEntry[];
  /** Largest Σ|e| in volume, then in value (empty without prices). */
  readonly topByVolume: readonly TopErrorContributor[];
  readonly topByValue: readonly TopErrorContributor[];
  /** Largest |tracking signal| first. */
  readonly trackingAlerts: readonly TrackingAlert[];
  /** Largest extra error first. */
  readonly overridesWorse: readonly OverrideWorse[];
  readonly issues: readonly AccuracyIssue[];
  /** Sentences for the planner: fallbacks used, why something is empty. */
  readonly notes: readonly string[];
  readonly timings: readonly StepTiming[];
}
