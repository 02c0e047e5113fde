/**
 * The inventory side of the supply review (DESIGN.md §2 step 3, §4 "inventory projection"):
 * the types of the projected inventory of the constrained and unconstrained plans, of the
 * forecast error over the replenishment lead time, of the ABC classification and of the
 * inventory strategy review (recommended vs current safety stock).
 *
 * Definitions used throughout (each module states its own in full):
 * - I_t = I_{t−1} + supply_t − served_t, I_0 = on hand at the start of the first plan period;
 * - days of supply_t = I_t / (Σ demand of the next 3 periods / Σ days of those periods);
 * - safety stock = z · σ_LT, z = Φ⁻¹(service level), σ_LT the standard deviation of the
 *   forecast error over the lead time (Silver, Pyke & Thomas, "Inventory and Production
 *   Management in Supply Chains", 4th ed., 2017).
 *
 * Every Float64Array here has one entry per plan period and never holds NaN; a figure that
 * is not defined is null. Pure types; no I/O.
 */
import type { AccuracyIssue } from "../accuracy/types";
import type { InventoryRow, PriceRow, SeriesTable, SnapshotRow } from "../inputs";
import type { LeadTimeSnapshots } from "./leadTimeError";

// ---------------------------------------------------------------------------------------
// Projection
// ---------------------------------------------------------------------------------------

/** One series to project: an item (or a family when the data is only known per family). */
export interface ProjectionSeriesInput {
  /** The item (or family) code. */
  readonly key: string;
  /** The family the series rolls up to; null or absent: no family roll-up. */
  readonly family?: string | null;
  /** Inventory at the start of the first plan period (on hand); null: unknown, taken as 0. */
  readonly opening: number | null;
  /** Safety stock: one figure for every period, or one per period; null or absent: none. */
  readonly safetyStock?: number | ArrayLike<number> | null;
  /** Demand per plan period (the consensus); missing or non-finite entries count as 0. */
  readonly demand: ArrayLike<number>;
  /** Constrained plan: supply (receipts) per plan period, from the supply plan. */
  readonly supply?: ArrayLike<number> | null;
  /** Constrained plan: demand served per plan period, from the supply plan. */
  readonly served?: ArrayLike<number> | null;
}

/** What `projectInventory` projects. */
export interface ProjectionInput {
  /** The plan periods (`YYYY-MM` or `YYYY-Www`), cycle first. */
  readonly periods: readonly string[];
  readonly series: readonly ProjectionSeriesInput[];
}

/** Totals of one plan of one series over the horizon. */
export interface PlanSummary {
  readonly demand: number;
  readonly served: number;
  readonly supply: number;
  /** Demand not served (Σ max(0, demand − served)). */
  readonly unmet: number;
  /** Σ served / Σ demand; null when there is no demand. */
  readonly fillRate: number | null;
  /** Closing inventory of the last period (the opening when there is no period). */
  readonly endingInventory: number;
  /** Lowest closing inventory; null when there is no period. */
  readonly minClosing: number | null;
  readonly periodsBelowSafetyStock: number;
  readonly periodsStockOut: number;
  /** The first period flagged as a stock-out; null when none. */
  readonly firstStockOut: string | null;
}

/** One plan (constrained or unconstrained) of one series, period by period. */
export interface PlanProjection {
  readonly opening: Float64Array;
  readonly supply: Float64Array;
  readonly served: Float64Array;
  readonly demand: Float64Array;
  /** max(0, demand − served). */
  readonly unmet: Float64Array;
  readonly closing: Float64Array;
  /** closing / average daily demand of the next 3 periods; null when that demand is 0 or there is no next period. */
  readonly daysOfSupply: readonly (number | null)[];
  readonly belowSafetyStock: readonly boolean[];
  readonly stockOut: readonly boolean[];
  readonly summary: PlanSummary;
}

/** Level of a projected series. */
export type ProjectionLevel = "item" | "family" | "total";

/** The projection of one series: both plans. */
export interface SeriesProjection {
  readonly level: ProjectionLevel;
  readonly key: string;
  /** The family of an item; the family itself for a family row; null for the total or an item without family. */
  readonly family: string | null;
  /** Number of input series in the row (1 for an item). */
  readonly items: number;
  /** Safety stock per period (sum over the items for a roll-up); null when no item has one. */
  readonly safetyStock: Float64Array | null;
  /** The consensus plan: served = demand, supply = max(0, demand + SS − opening). */
  readonly unconstrained: PlanProjection;
  /** The supply plan's figures; null when no supply plan was given (for a roll-up: for any of its items). */
  readonly constrained: PlanProjection | null;
  /** Sentences about the input ("no on-hand figure: opening taken as 0"). */
  readonly flags: readonly string[];
}

/** The inventory projection of a cycle. */
export interface InventoryProjection {
  readonly periods: readonly string[];
  /** Days in each plan period (28–31 for months, 7 for weeks); null for a key that is not a period. */
  readonly daysPerPeriod: readonly (number | null)[];
  /** One per input series, in input order. */
  readonly series: readonly SeriesProjection[];
  /** One per family of the input series, in order of first appearance. */
  readonly families: readonly SeriesProjection[];
  /** All input series together; null when there is none. */
  readonly total: SeriesProjection | null;
  readonly notes: readonly string[];
}

/** Demand of one item over the plan periods (e.g. a consensus item). */
export interface ItemDemand {
  readonly item: string;
  readonly family?: string | null;
  readonly demand: ArrayLike<number>;
}

/** Supply and served of one item from the supply plan. */
export interface ItemSupplyPlan {
  readonly supply: ArrayLike<number>;
  readonly served: ArrayLike<number>;
}

// ---------------------------------------------------------------------------------------
// Forecast error over the lead time
// ---------------------------------------------------------------------------------------

/**
 * Where σ_LT of an item comes from:
 * - `snapshots cumulative`: RMSE of the cumulative error over lags 1..L of the same cycle;
 * - `snapshots lag`: RMSE of the per-period errors at lag L, times √L;
 * - `statistical interval`: the statistical forecast's 80 % half-width at lag L / z₀.₉, times √L;
 * - `statistical sigma`: the in-sample σ of one-step errors, times √L;
 * - `none`: no snapshot history and no statistical forecast.
 */
export type LeadTimeErrorSource = "snapshots cumulative" | "snapshots lag" | "statistical interval" | "statistical sigma" | "none";

/** Which snapshot measure to use. `auto`: cumulative when enough cycles allow it, else per period. */
export type LeadTimeErrorMethod = "auto" | "cumulative" | "per-period";

/**
 * An item's statistical forecast, as far as the fallback needs it. `ItemStatForecast`
 * (demand/types.ts) fits as it is; a `ForecastResult` fits with `item` added.
 */
export interface StatisticalErrorSource {
  readonly item: string;
  /** `none` marks a new item without a forecast (no error estimate). */
  readonly method?: string;
  /** Per plan period, cycle first. */
  readonly point?: ArrayLike<number>;
  readonly lower80?: ArrayLike<number>;
  readonly upper80?: ArrayLike<number>;
  /** Standard deviation of the one-step in-sample errors. */
  readonly sigma?: number | null;
  /** Number of actual values the forecast was fitted on. */
  readonly observations?: number;
}

/** What `leadTimeError` measures. */
export interface LeadTimeErrorInput {
  /** The cycle (`YYYY-MM`): the months before it are the closed ones. */
  readonly cycle: string;
  /** Monthly actuals; null or weekly: no snapshot measure. */
  readonly actuals: SeriesTable | null;
  /** The snapshot ledger (`SOP Snapshots`). */
  readonly snapshots: readonly SnapshotRow[];
  /** The statistical forecast per item, for the fallback (`StatisticalForecast.items` fits). */
  readonly statistical?: readonly StatisticalErrorSource[];
  /** Items to report; default: the statistical forecast's items, then the other items of the actuals. */
  readonly items?: readonly string[];
}

export interface LeadTimeErrorOptions {
  /** Lead time L in months for every item (default 1); rounded up to whole months. */
  readonly leadTime?: number;
  /** Lead time per item, overriding `leadTime`. */
  readonly leadTimes?: ReadonlyMap<string, number>;
  /** Preferred snapshot version (default "Consensus"); other versions are the fallback, in ledger order. */
  readonly version?: string;
  /** Closed months measured before the cycle (default 12). */
  readonly window?: number;
  /** Fewest errors for a snapshot measure (default 3). */
  readonly minPoints?: number;
  /** Default `auto`. */
  readonly method?: LeadTimeErrorMethod;
  /** The ledger measured beforehand (`leadTimeSnapshots`); used when it was measured for this run's cycle, actuals, ledger, version, window and longest lead time. */
  readonly snapshotCubes?: LeadTimeSnapshots;
}

/** The forecast error over the lead time of one item. */
export interface ItemLeadTimeError {
  readonly item: string;
  /** Lead time L in whole months (≥ 1). */
  readonly leadTime: number;
  /** σ_LT: standard deviation of the forecast error over L periods; null when not measurable. */
  readonly sigmaLT: number | null;
  /** The per-period σ that was scaled by √L; null for the cumulative measure or no source. */
  readonly sigmaPeriod: number | null;
  readonly source: LeadTimeErrorSource;
  /** The snapshot version measured; null for the other sources. */
  readonly version: string | null;
  /** Errors measured (snapshot sources), or the statistical forecast's observations. */
  readonly points: number;
  /** For the planner: "snapshots Consensus lag 2, 3 points", "statistical forecast (80 % interval at lag 2)". */
  readonly label: string;
}

/** What `leadTimeError` returns. */
export interface LeadTimeErrorResult {
  readonly cycle: string;
  /** The preferred snapshot version. */
  readonly version: string;
  readonly method: LeadTimeErrorMethod;
  /** The closed months whose errors were measured. */
  readonly windowPeriods: readonly string[];
  readonly items: readonly ItemLeadTimeError[];
  /** Items per source. */
  readonly counts: Readonly<Record<LeadTimeErrorSource, number>>;
  /** Data problems found while reading the snapshots (accuracy/versions.ts). */
  readonly issues: readonly AccuracyIssue[];
  readonly notes: readonly string[];
}

// ---------------------------------------------------------------------------------------
// ABC and service levels
// ---------------------------------------------------------------------------------------

export type AbcClass = "A" | "B" | "C";

/** A value to classify. */
export interface ItemValue {
  readonly item: string;
  readonly value: number;
}

/** Cut-offs of the cumulative share of value: A up to `a`, B up to `b`, C the rest. */
export interface AbcOptions {
  /** Default 0.8. */
  readonly a?: number;
  /** Default 0.95. */
  readonly b?: number;
}

/** One classified item. */
export interface AbcEntry {
  readonly item: string;
  /** The value classified (non-finite or negative values count as 0). */
  readonly value: number;
  /** 1 = largest value. */
  readonly rank: number;
  /** value / total; null when the total is 0. */
  readonly share: number | null;
  /** Share of the items ranked before this one; null when the total is 0. */
  readonly cumulativeShareBefore: number | null;
  readonly abcClass: AbcClass;
}

/** An item's value for the ABC classification, from `annualValues`. */
export interface AnnualValue extends ItemValue {
  /** Σ demand over the value periods. */
  readonly volume: number;
  /** True when a price applied in at least one value period. */
  readonly priced: boolean;
}

/** What `annualValues` returns. */
export interface AnnualValues {
  readonly values: readonly AnnualValue[];
  /** `value` (Σ demand × price) or `volume` (Σ demand) when no item has a price. */
  readonly basis: "value" | "volume";
  /** The plan periods summed. */
  readonly periods: readonly string[];
}

/** What `abcClasses` returns. */
export interface AbcResult {
  /** By rank (largest value first; equal values in item order). */
  readonly entries: readonly AbcEntry[];
  readonly total: number;
  /** The cut-offs used. */
  readonly a: number;
  readonly b: number;
  readonly notes: readonly string[];
}

/** Cycle service level (probability of no stock-out per replenishment cycle) per class. */
export interface ServiceLevels {
  readonly A: number;
  readonly B: number;
  readonly C: number;
}

// ---------------------------------------------------------------------------------------
// Inventory strategy review
// ---------------------------------------------------------------------------------------

/** What `inventoryStrategy` reviews. */
export interface InventoryStrategyInput {
  /** The plan periods (`YYYY-MM`), cycle first. */
  readonly periods: readonly string[];
  /** Demand per item over the plan periods (the consensus). */
  readonly demand: readonly ItemDemand[];
  readonly inventory: readonly InventoryRow[];
  readonly prices: readonly PriceRow[];
  /** σ_LT per item (from `leadTimeError`). */
  readonly errors: readonly ItemLeadTimeError[];
}

export interface InventoryStrategyOptions {
  readonly abc?: AbcOptions;
  /** Service level per class; defaults A 0.98, B 0.95, C 0.90. */
  readonly serviceLevels?: Partial<ServiceLevels>;
  /** Plan periods summed for the annual value (default 12). */
  readonly valuePeriods?: number;
}

/** The review of one item. */
export interface ItemStrategy {
  readonly item: string;
  readonly family: string | null;
  readonly abcClass: AbcClass;
  /** Σ demand × price over the value periods (Σ demand when the review is by volume). */
  readonly annualValue: number;
  /** True when the item has a price for at least one value period. */
  readonly priced: boolean;
  readonly serviceLevel: number;
  readonly z: number;
  readonly leadTime: number | null;
  readonly sigmaLT: number | null;
  readonly sigmaSource: LeadTimeErrorSource;
  readonly sigmaLabel: string;
  readonly sigmaPoints: number;
  /** ⌈z · σ_LT⌉ (at least 0); null when σ_LT is unknown. */
  readonly recommendedSafetyStock: number | null;
  /** The safety stock of the inventory tab; null when blank or the item has no inventory row. */
  readonly currentSafetyStock: number | null;
  readonly hasInventoryRow: boolean;
  /** recommended − current (a blank current counts as 0); null without a recommendation. */
  readonly change: number | null;
  readonly unitCost: number | null;
  /** current × unit cost (blank current = 0); null without a cost. */
  readonly currentInvestment: number | null;
  /** recommended × unit cost; null without a cost or a recommendation. */
  readonly recommendedInvestment: number | null;
  /** change × unit cost; null without a cost or a recommendation. */
  readonly investmentChange: number | null;
  /** Days of demand the recommended SS covers (average daily demand of the first 3 plan periods); null when that demand is 0. */
  readonly recommendedDaysOfSupply: number | null;
  /** The same for the current SS; null when it is blank or demand is 0. */
  readonly currentDaysOfSupply: number | null;
}

/** Totals of a class or of all items. Investments over the items with a unit cost. */
export interface StrategyTotals {
  readonly key: AbcClass | "Total";
  readonly items: number;
  readonly annualValue: number;
  readonly currentUnits: number;
  /** Over the items with a recommendation. */
  readonly recommendedUnits: number;
  readonly currentInvestment: number;
  readonly recommendedInvestment: number;
  readonly investmentChange: number;
  readonly itemsWithoutCost: number;
  readonly itemsWithoutRecommendation: number;
}

/** What `inventoryStrategy` returns. */
export interface InventoryStrategy {
  /** By ABC rank (largest annual value first). */
  readonly items: readonly ItemStrategy[];
  /** A, B, C (every class, empty ones with zeros). */
  readonly byClass: readonly StrategyTotals[];
  readonly total: StrategyTotals;
  readonly serviceLevels: ServiceLevels;
  readonly abcCutoffs: { readonly a: number; readonly b: number };
  /** `value` (demand × price) or `volume` when no item has a price. */
  readonly valueBasis: "value" | "volume";
  /** The plan periods summed for the annual value. */
  readonly valuePeriods: readonly string[];
  readonly notes: readonly string[];
}
