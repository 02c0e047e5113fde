/**
 * Scenarios (DESIGN.md §6, §2 step 4 pre-S&OP): the data of the scenario engine.
 *
 * A scenario is the baseline (the consensus, capacity, bill of resources, inventory, prices and
 * any overtime or outsourcing options, i.e. a `SupplyPlanInput`) plus levers. A lever has a kind,
 * a scope (All, a family, an item or a resource), a period range (`YYYY-MM` … `YYYY-MM`, blank =
 * open) and a value: a number, or a formula over named drivers (`=growth * 1.5`) evaluated with
 * mathjs in a restricted scope (formula.ts).
 *
 * Lever kinds and their values:
 * - `demand %`: percent points added to the consensus (15 = × 1.15) of the items in scope;
 * - `demand units`: units added per period, spread over the scope's items in proportion to
 *   their consensus in that period (equally when it is all zero);
 * - `capacity hours`: hours (units for a material or supplier) added to a resource's capacity per
 *   period, BEFORE efficiency (available = (capacity + added) × efficiency, as paid hours run at
 *   the resource's efficiency); scope All = every hours resource;
 * - `capacity %`: percent points added to a resource's capacity (scope All = every resource);
 * - `overtime hours`: maximum overtime per period on a resource (replaces the default allowance);
 * - `outsourcing units`: maximum outsourced units per period of a family or an item;
 * - `price %`, `unit cost %`: percent points added to prices or unit costs;
 * - `production strategy`: `level`, `chase` or `optimal` (the LP plan), for the whole plan.
 *
 * Costs in the notes (`cost 45 € per hour`, `cost 38 € per unit`, `cost 20,000 €`):
 * - overtime hours: cost per overtime hour (default: the supply setting `overtimeCostPerHour`);
 * - outsourcing units: cost per outsourced unit on top of the unit cost (default: the supply
 *   setting `outsourcingCostRate` × unit cost);
 * - capacity hours or %: cost per ADDED hour, a fixed cost paid whether the hours are used or not
 *   (a shift is paid in full): added hours × months in range × cost;
 * - any lever: a lump sum (no "per") is a fixed cost of the scenario.
 * Fixed costs are subtracted from the scenario's margin and shown as `leverCost`.
 *
 * Numbers are never NaN. Pure types; no I/O.
 */
import type { ScenarioRow } from "../inputs";
import type { LpStatus, SupplyPlan, SupplyPlanInput, SupplySettings } from "../supply/types";

export type { ScenarioRow };

/** The kinds of lever (DESIGN.md §6), in canonical spelling. */
export type LeverKind =
  | "demand %"
  | "demand units"
  | "capacity hours"
  | "capacity %"
  | "overtime hours"
  | "outsourcing units"
  | "price %"
  | "unit cost %"
  | "production strategy";

/** How production is planned: constant rate, following demand, or the constrained LP plan. */
export type ProductionStrategyName = "level" | "chase" | "optimal";

/** What a scope names. */
export type ScopeKind = "all" | "family" | "item" | "resource";

/** A lever's scope, resolved against the baseline's families, items and resources. */
export interface LeverScope {
  readonly kind: ScopeKind;
  /** The name as spelled in the baseline (null for All). */
  readonly name: string | null;
}

/** A cost read from a lever's notes. `total` is a lump sum. */
export interface LeverCost {
  readonly amount: number;
  readonly per: "hour" | "unit" | "total";
}

/** One lever of a scenario, parsed and checked. */
export interface Lever {
  readonly scenario: string;
  /** Index of the row in the scenario rows given to `parseLevers`. */
  readonly row: number;
  readonly kind: LeverKind;
  readonly scope: LeverScope;
  /** First and last period (`YYYY-MM`), inclusive; null = open. */
  readonly from: string | null;
  readonly to: string | null;
  /** Percent points for the % kinds (15 = +15 %), hours or units per period otherwise; 0 for a strategy. */
  readonly value: number;
  /** The formula text when the value was one (`=growth * 1.5`), else null. */
  readonly formula: string | null;
  /** For `production strategy` only, else null. */
  readonly strategy: ProductionStrategyName | null;
  /** A cost read from the notes; null = the default of the supply settings (or none). */
  readonly cost: LeverCost | null;
}

/** Stable codes of the findings about scenario rows. */
export type ScenarioIssueCode =
  | "no-scenario"
  | "unknown-lever"
  | "unknown-scope"
  | "blank-scope"
  | "scope-kind"
  | "bad-period"
  | "period-order"
  | "outside-horizon"
  | "bad-value"
  | "bad-formula"
  | "bad-cost"
  | "duplicate-strategy"
  | "no-capacity"
  | "clamped"
  | "no-price"
  | "not-applied";

/** The column of a scenario row a finding is about. */
export type ScenarioField = "scenario" | "lever" | "scope" | "from" | "to" | "value" | "notes";

/**
 * A finding about a scenario row, in a sentence a planner understands. `error`: the lever cannot
 * be used and its scenario is not run; `warning`: the lever is used as stated in the message.
 */
export interface ScenarioIssue {
  readonly severity: "error" | "warning" | "info";
  readonly code: ScenarioIssueCode;
  /** Index of the row in the scenario rows (the workbook layer maps it to a cell); null when about no single row. */
  readonly row: number | null;
  readonly field: ScenarioField | null;
  readonly scenario: string;
  readonly message: string;
}

/** Named drivers of formula values (`growth` → 4). Names match case-insensitively. */
export type DriverValues = Readonly<Record<string, number>> | ReadonlyMap<string, number>;

/** What `parseLevers` checks scopes and periods against. */
export interface LeverContext {
  readonly families: readonly string[];
  readonly items: readonly string[];
  readonly resources: readonly string[];
  /** Named drivers for formula values. */
  readonly drivers?: DriverValues;
  /** Plan periods: a lever whose range covers none of them gets a warning. */
  readonly periods?: readonly string[];
}

/** A scenario: its name, its usable levers (row order) and the findings about its rows. */
export interface ScenarioDefinition {
  readonly name: string;
  readonly levers: readonly Lever[];
  readonly issues: readonly ScenarioIssue[];
  /** False when a row of the scenario has an error: it is not run (numbers would not be what was asked). */
  readonly valid: boolean;
}

/** The outcome of `parseLevers`. */
export interface ParsedLevers {
  /** Every usable lever, in row order. */
  readonly levers: readonly Lever[];
  /** Scenarios in order of first appearance. */
  readonly scenarios: readonly ScenarioDefinition[];
  /** Every finding, in row order. */
  readonly issues: readonly ScenarioIssue[];
}

/** The result of evaluating a formula value: a finite number, or the reason it was refused. */
export type FormulaResult =
  | { readonly ok: true; readonly value: number; readonly drivers: readonly string[] }
  | { readonly ok: false; readonly reason: string };

/** The baseline of the scenarios: the supply plan's input (consensus, capacity, routing, stock, prices, options). */
export type ScenarioBaseline = SupplyPlanInput;

/** What a lever did to the baseline. */
export interface AppliedLever {
  readonly lever: Lever;
  /** Plan periods the lever changed. */
  readonly periods: readonly string[];
  /** "Pumps demand +15 % in 2027-05 … 2027-08: +1,234 units". */
  readonly summary: string;
  /** Fixed cost of the lever (added capacity hours × cost, lump sums), 0 when none. */
  readonly fixedCost: number;
}

/** A baseline with a scenario's levers applied. */
export interface AdjustedScenario {
  /** The adjusted supply input (unchanged parts of the baseline are shared, never modified). */
  readonly input: SupplyPlanInput;
  /** The production strategy asked for (`optimal` when none). */
  readonly strategy: ProductionStrategyName;
  readonly applied: readonly AppliedLever[];
  /** Σ fixed costs of the levers. */
  readonly fixedCost: number;
  readonly issues: readonly ScenarioIssue[];
}

// ---------------------------------------------------------------------------
// Figures compared side by side.

/**
 * The figures of one scenario (DESIGN.md §6), over the plan horizon:
 * - revenue = Σ served × price; margin = revenue − cost of sales − holding − overtime −
 *   outsourcing − lever costs (the supply plan's margin less the scenario's fixed costs);
 *   margin % = margin / revenue (0 without revenue);
 * - fill rate = served / demand; unmet = lost units (or the backlog left at the end);
 * - ending inventory value = ending inventory × unit cost of the last period;
 * - average utilisation = Σ load / Σ available over the hours resources' periods with available
 *   > 0 (a ratio of sums; all resources when none is in hours); peak = highest load / available
 *   of any resource-period with available > 0;
 * - shortages = resource-periods where load > available capacity (before overtime).
 */
export interface ScenarioMetrics {
  readonly revenue: number;
  readonly margin: number;
  readonly marginPct: number;
  readonly fillRate: number;
  readonly unmetUnits: number;
  readonly endingInventoryValue: number;
  readonly averageUtilisation: number;
  readonly peakUtilisation: number;
  readonly overtimeHours: number;
  readonly overtimeCost: number;
  readonly outsourcedUnits: number;
  readonly outsourcingCost: number;
  readonly holdingCost: number;
  /** Fixed costs of the levers (added capacity, lump sums). */
  readonly leverCost: number;
  readonly shortages: number;
}

/** Names of the figures, in output order. */
export type MetricName = keyof ScenarioMetrics;

/** Scenario − baseline, figure by figure (ratios in fractions: 0.01 = 1 point). */
export type MetricDeltas = { readonly [K in MetricName]: number };

/** Where the highest utilisation occurs. */
export interface PeakAt {
  readonly resource: string;
  readonly period: string;
}

// ---------------------------------------------------------------------------
// Production strategies.

/** The plan of one family (or item) under a strategy, per period. */
export interface StrategyEntityPlan {
  readonly key: string;
  readonly family: string;
  readonly demand: Float64Array;
  readonly production: Float64Array;
  readonly served: Float64Array;
  /** Lost units (lost mode) or the backlog at the end of the period (backlog mode). */
  readonly unmet: Float64Array;
  /** Inventory at the end of the period. */
  readonly inventory: Float64Array;
  readonly safetyStock: Float64Array;
}

/** Load against capacity of one resource under a strategy. */
export interface StrategyResourceLoad {
  readonly resource: string;
  readonly unit: "hours" | "units";
  readonly load: Float64Array;
  /** Capacity × efficiency (0 where unknown). */
  readonly available: Float64Array;
  readonly known: readonly boolean[];
  /** max(0, load − available) where known. */
  readonly overload: Float64Array;
}

/** Totals of a strategy: the scenario figures plus production and stock detail. */
export interface StrategyTotals extends ScenarioMetrics {
  readonly demand: number;
  readonly production: number;
  readonly served: number;
  readonly endingInventory: number;
  /** Mean over periods of the total inventory. */
  readonly averageInventory: number;
  /** Units above a material's or supplier's allocation (units resources; not overtime). */
  readonly materialShortfall: number;
}

/** A production plan made by a strategy (level, chase) or read from the LP plan (optimal). */
export interface StrategyPlan {
  readonly strategy: ProductionStrategyName;
  readonly periods: readonly string[];
  readonly entities: readonly StrategyEntityPlan[];
  readonly resources: readonly StrategyResourceLoad[];
  readonly totals: StrategyTotals;
  readonly peak: PeakAt | null;
  /** How the strategy plans, in one sentence. */
  readonly rule: string;
  /** "" normally; for `optimal`, the LP's explanation when it did not solve. */
  readonly note: string;
}

/** The three strategies side by side (optimal null when no LP plan was available). */
export interface StrategyComparison {
  readonly level: StrategyPlan;
  readonly chase: StrategyPlan;
  readonly optimal: StrategyPlan | null;
}

// ---------------------------------------------------------------------------
// Running scenarios.

/** Settings of `runScenarios`; every field has a default. */
export interface ScenarioSettings {
  /** Settings of the supply plan (defaults of `SUPPLY_DEFAULTS`). */
  readonly supply?: SupplySettings;
  /** Fill rate a scenario must reach to be recommended (default 0.95). */
  readonly fillRateTarget?: number;
  /** Called before each run (baseline first), for progress and timing; must not throw. */
  readonly onProgress?: (name: string, index: number, count: number) => void;
  /**
   * The baseline's constrained plan when the caller already solved it with the same input, solver
   * and supply settings (the supply review's plan): used as it is instead of solving it again.
   */
  readonly baselinePlan?: SupplyPlan;
  /**
   * Called once with the baseline's plan when it was solved here (not given as `baselinePlan`),
   * before the scenarios run, so that a caller on another thread can use it meanwhile; must not throw.
   */
  readonly onBaseline?: (plan: SupplyPlan) => void;
}

/** The outcome of one scenario (or the baseline). */
export interface ScenarioResult {
  readonly name: string;
  readonly isBaseline: boolean;
  /** `ok`: figures computed; `skipped`: a lever has an error; `failed`: the supply plan did not solve. */
  readonly status: "ok" | "skipped" | "failed";
  /** Why it was skipped or failed ("" when ok). */
  readonly reason: string;
  readonly strategy: ProductionStrategyName;
  /** Null when skipped. */
  readonly metrics: ScenarioMetrics | null;
  /** Scenario − baseline; null when either has no figures (and for the baseline itself: zeros). */
  readonly deltas: MetricDeltas | null;
  readonly peak: PeakAt | null;
  /** The LP plan (null when skipped or planned by the level or chase strategy). */
  readonly plan: SupplyPlan | null;
  readonly lpStatus: LpStatus | null;
  /** The level or chase plan when that strategy was asked for. */
  readonly strategyPlan: StrategyPlan | null;
  readonly applied: readonly AppliedLever[];
  readonly issues: readonly ScenarioIssue[];
}

/** The recommended scenario and why. */
export interface Recommendation {
  /** The scenario's name ("Baseline" when doing nothing is best); null when none has figures. */
  readonly scenario: string | null;
  /** The rule, as a sentence. */
  readonly rule: string;
  /** Why this one, with its figures. */
  readonly reason: string;
  /** True when one reached the fill-rate target. */
  readonly meetsTarget: boolean;
}

/** Everything `runScenarios` returns. */
export interface ScenarioComparison {
  readonly baseline: ScenarioResult;
  /** In the order given. */
  readonly scenarios: readonly ScenarioResult[];
  readonly recommendation: Recommendation;
  /** Level, chase and optimal on the baseline, side by side. */
  readonly strategies: StrategyComparison;
  readonly fillRateTarget: number;
}

/** Name of the baseline in results. */
export const BASELINE_NAME = "Baseline";
