/**
 * Rough-cut capacity (DESIGN.md §2 step 3, §4): the input, options and result types of
 * `roughCutCapacity` (roughCutCapacity.ts). The workbook layer renders `SOP Capacity` from
 * `RoughCutResult`, which is plain data: numbers are never NaN, `null` means "not defined"
 * (no capacity known for the period, utilisation of a period with no available capacity).
 *
 * Definitions (DESIGN.md §4), for resource r and plan period t:
 * - load(r, t) = Σ_items demand(i, t + lead) × perUnit(i, r): demand in period t + lead loads
 *   r in period t, lead being the routing line's lead offset; load that would fall before the
 *   first plan period is not counted but totalled in `loadBeforePlan`;
 * - available(r, t) = capacity(r, t) × efficiency(r); gap = available − load;
 *   utilisation = load / available (null when available ≤ 0 or unknown);
 * - short: gap < 0; at risk: not short and P(load > available) ≥ the risk threshold, where
 *   load ~ Normal(load, Σ_i (perUnit(i, r) × sd(i, t + lead))²), items independent;
 * - the unit of a resource is `hours` (work centre) or `units` (a critical material or a
 *   supplier's allocation); the arithmetic is the same.
 *
 * Ratios (utilisation, shares, probabilities) are fractions: 0.95 = 95 %.
 * Pure types; no I/O.
 */
import type { CapacityInput, ResourceRow } from "../inputs";

/** The demand of one item to be loaded onto resources. */
export interface CapacityDemand {
  readonly item: string;
  readonly family: string;
  /** Units demanded per plan period (the consensus); NaN or negative counts as 0 (reported). */
  readonly values: Float64Array;
  /**
   * Standard deviation of the forecast error per plan period, in units (optional). Drives the
   * probability of overload; an item without it adds no uncertainty.
   */
  readonly sd?: Float64Array;
}

/** What the rough-cut capacity check reads. */
export interface RoughCutInput {
  /** The plan periods (`YYYY-MM`), the cycle first, consecutive. */
  readonly periods: readonly string[];
  readonly demand: readonly CapacityDemand[];
  /**
   * Capacity per resource and period; its periods may cover more or less than the plan: a plan
   * period without a capacity figure has no capacity known (null utilisation, reported).
   */
  readonly capacity: CapacityInput | null;
  /** The bill of resources: item lines override their family's lines. */
  readonly resources: readonly ResourceRow[];
}

/** Options of `roughCutCapacity`; every field has a default. */
export interface RoughCutOptions {
  /** A resource-period is at risk when not short and P(load > available) ≥ this, default 0.2. */
  readonly riskThreshold?: number;
  /** Families listed per shortage, default 3. */
  readonly shortageTopFamilies?: number;
  /** Items listed per shortage, default 5. */
  readonly shortageTopItems?: number;
  /** Items listed per resource (largest load over the horizon), default 10. */
  readonly resourceTopItems?: number;
}

/** State of one resource-period. `no capacity`: no capacity figure known for the period. */
export type PeriodStatus = "ok" | "at risk" | "short" | "no capacity";

/** Unit of a resource: hours of a work centre, or units of a material or supplier. */
export type CapacityUnit = "hours" | "units";

/** The load of one family on one resource, per plan period. */
export interface FamilyLoad {
  readonly family: string;
  readonly load: Float64Array;
  /** Σ load over the horizon. */
  readonly total: number;
}

/** The load of one item on one resource, per plan period. */
export interface ItemLoad {
  readonly item: string;
  readonly family: string;
  readonly load: Float64Array;
  /** Σ load over the horizon. */
  readonly total: number;
  /** total / the resource's total load over the horizon. */
  readonly share: number;
}

/** Horizon figures of one resource. */
export interface ResourceSummary {
  /** Σ load over the plan periods. */
  readonly totalLoad: number;
  /** Σ available over the periods with capacity known; null when none is known. */
  readonly totalAvailable: number | null;
  /**
   * Σ load / Σ available over the periods whose available capacity is known and > 0 (a ratio
   * of sums, never an average of percentages); null when there is none.
   */
  readonly averageUtilisation: number | null;
  /** Highest utilisation of a period, and its period; null when no utilisation is defined. */
  readonly peakUtilisation: number | null;
  readonly peakPeriod: string | null;
  readonly shortPeriods: number;
  readonly atRiskPeriods: number;
  /** Plan periods without a capacity figure. */
  readonly noCapacityPeriods: number;
  readonly firstShortPeriod: string | null;
  /** Σ −gap over the short periods (hours or units missing). */
  readonly shortfall: number;
}

/** Load against capacity of one resource over the plan; arrays have one entry per plan period. */
export interface ResourceLoad {
  /** The capacity row's name (else the first spelling in the routing). */
  readonly resource: string;
  /** From the capacity row; null when the resource has none. */
  readonly unit: CapacityUnit | null;
  readonly hasCapacityRow: boolean;
  /** 0–1 from the capacity row; null when the resource has none. */
  readonly efficiency: number | null;
  /** Capacity as given (before efficiency); null when not known for the period. */
  readonly capacity: readonly (number | null)[];
  /** capacity × efficiency (a negative capacity counts as 0); null when not known. */
  readonly available: readonly (number | null)[];
  readonly load: Float64Array;
  /** available − load; null when available is not known. */
  readonly gap: readonly (number | null)[];
  /** load / available; null when available is not known or ≤ 0. */
  readonly utilisation: readonly (number | null)[];
  /** Standard deviation of the load (from the items' forecast-error sd); 0 when none given. */
  readonly loadSd: Float64Array;
  /** P(load > available); null when available is not known. */
  readonly overloadProbability: readonly (number | null)[];
  readonly status: readonly PeriodStatus[];
  /** Load that would fall before the first plan period (demand early in the plan, lead > 0): not counted. */
  readonly loadBeforePlan: number;
  /**
   * Largest lead offset of the lines loading this resource: the last `maxLeadOffset` periods'
   * load lacks the demand beyond the horizon.
   */
  readonly maxLeadOffset: number;
  /** Families with a routing line on this resource, in order of first appearance in the demand. */
  readonly families: readonly FamilyLoad[];
  /** The items with the largest load over the horizon, largest first. */
  readonly topItems: readonly ItemLoad[];
  readonly summary: ResourceSummary;
}

/** A family or an item loading a resource in one period, with its share of that period's load. */
export interface LoadContributor {
  /** The family name, or the item code. */
  readonly key: string;
  /** The item's family (for items); the family itself for families. */
  readonly family: string;
  readonly load: number;
  /** load / the resource's load in the period. */
  readonly share: number;
}

/** A resource-period whose load exceeds its available capacity (gap < 0). */
export interface Shortage {
  readonly resource: string;
  readonly unit: CapacityUnit | null;
  readonly period: string;
  /** Index of the period in the plan periods. */
  readonly periodIndex: number;
  readonly load: number;
  readonly available: number;
  /** available − load (< 0). */
  readonly gap: number;
  /** null when available ≤ 0. */
  readonly utilisation: number | null;
  readonly overloadProbability: number;
  /** The first short period of this resource. */
  readonly firstShortPeriod: string;
  /** Largest family loads in this period (share of the period's load), largest first. */
  readonly topFamilies: readonly LoadContributor[];
  /** Largest item loads in this period, largest first. */
  readonly topItems: readonly LoadContributor[];
}

/** A resource-period that is not short but likely to be overloaded. */
export interface RiskPeriod {
  readonly resource: string;
  readonly unit: CapacityUnit | null;
  readonly period: string;
  readonly periodIndex: number;
  readonly load: number;
  readonly loadSd: number;
  readonly available: number;
  readonly gap: number;
  readonly utilisation: number | null;
  readonly overloadProbability: number;
}

/** An item with demand but no routing line (its own or its family's). */
export interface UnroutedItem {
  readonly item: string;
  readonly family: string;
  /** Σ demand over the plan periods. */
  readonly totalDemand: number;
}

/** Kinds of data problems found by the rough-cut check. */
export type CapacityIssueKind =
  | "resource-without-capacity"
  | "capacity-not-loaded"
  | "no-capacity-in-period"
  | "no-available-capacity-with-load"
  | "negative-capacity"
  | "bad-efficiency"
  | "duplicate-capacity-row"
  | "bad-per-unit"
  | "routing-line-without-key"
  | "bad-lead-offset"
  | "unrouted-item"
  | "bad-demand"
  | "bad-sd"
  | "load-before-plan"
  | "plan-periods";

/** One offending place, for the planner to find it. */
export interface CapacityIssueExample {
  readonly resource: string | null;
  readonly item: string | null;
  readonly family: string | null;
  readonly period: string | null;
  /** 0-based index of the routing line (in `resources`), or null. */
  readonly line: number | null;
}

/** A counted data problem, with its first examples. Never thrown: reported. */
export interface CapacityIssue {
  readonly kind: CapacityIssueKind;
  readonly severity: "warning" | "info";
  readonly count: number;
  readonly message: string;
  readonly examples: readonly CapacityIssueExample[];
}

/** Figures over all resources. */
export interface RoughCutTotals {
  readonly resources: number;
  readonly resourcesWithCapacity: number;
  readonly shortages: number;
  readonly resourcesShort: number;
  readonly atRisk: number;
  readonly unroutedItems: number;
  /** Σ demand of the unrouted items over the plan. */
  readonly unroutedDemand: number;
  /** Routing lines used (after the item-over-family rule), over all routed items. */
  readonly routedLines: number;
}

/** Everything `SOP Capacity` shows. Plain data; no NaN anywhere. */
export interface RoughCutResult {
  readonly periods: readonly string[];
  readonly riskThreshold: number;
  /** True when some item has a forecast-error sd, so that overload probabilities are not just 0 / 1. */
  readonly hasUncertainty: boolean;
  /** Capacity rows in their order, then resources only in the routing, in order of first appearance. */
  readonly resources: readonly ResourceLoad[];
  /** Every short resource-period, largest |gap| first. */
  readonly shortages: readonly Shortage[];
  /** Every at-risk resource-period, most probable overload first. */
  readonly atRisk: readonly RiskPeriod[];
  readonly unrouted: readonly UnroutedItem[];
  readonly totals: RoughCutTotals;
  readonly issues: readonly CapacityIssue[];
  /** Sentences for the planner: assumptions, why something is empty. */
  readonly notes: readonly string[];
}
