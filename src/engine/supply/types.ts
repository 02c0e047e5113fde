/**
 * The constrained supply plan's data (DESIGN.md §2 step 3, §4, §6): the LP solver
 * interface, the planning problem as plain data, the settings with their defaults,
 * and the plan read back from the solution.
 *
 * The model (family × period by default, item × period when `level` is "item"):
 * - per entity e (family or item) and period t: production p, sales served s, ending
 *   inventory I, unmet demand u (lost) or backlog B, safety-stock shortfall v,
 *   outsourced units o (bounded); per resource r and period t: overtime h (bounded);
 * - inventory balance I_t = I_{t−1} + p_t + o_t − s_t (I_{−1} = on hand);
 *   lost: s_t + u_t = d_t; backlog: B_t = B_{t−1} + d_t − s_t (B_{−1} = 0);
 *   capacity: Σ_e hpu_{e,r} × p_{e, τ + lead_{e,r}} ≤ available_{r,τ} + h_{r,τ};
 *   safety stock (soft): I_t + v_t ≥ SS_t; every variable ≥ 0;
 * - maximise Σ margin × s − holding × I − overtime cost × h − outsourcing cost × o
 *   − unmet penalty × u (or backlog penalty × B) − safety-stock penalty × v.
 *
 * Every Float64Array has one entry per plan period and never holds NaN.
 * Pure types; no I/O.
 */
import type { ConsensusItem } from "../demand/types";
import type { CapacityInput, InventoryRow, PriceRow, ResourceRow } from "../inputs";

// ---------------------------------------------------------------------------
// The LP solver, injected (src/solver/highsSolver.ts adapts HiGHS to it).

/**
 * Outcome of an LP solve:
 * - `Optimal`: an optimal solution was proved;
 * - `Infeasible`, `Unbounded`, `Infeasible or unbounded`: proved by the solver;
 * - `Limit reached`: a time or iteration limit stopped it (values may be partial);
 * - `Error`: the solver failed or threw (the message says why).
 */
export type LpStatus = "Optimal" | "Infeasible" | "Unbounded" | "Infeasible or unbounded" | "Limit reached" | "Error";

/** What a solver returns for one LP. */
export interface LpSolution {
  readonly status: LpStatus;
  /** The solver's own status text, or the error message; "" when there is nothing to add. */
  readonly message: string;
  /** Objective value (0 when there is no solution; never NaN). */
  readonly objective: number;
  /** Primal value per column name (empty when there is no solution). */
  readonly values: ReadonlyMap<string, number>;
}

/** A linear-programming solver reading CPLEX LP text. `solve` never throws. */
export interface LpSolver {
  /** Solver name and version, for the output sheet ("HiGHS 1.x"). */
  readonly name: string;
  solve(lp: string): LpSolution;
}

// ---------------------------------------------------------------------------
// Settings.

/** What happens to demand that is not served in its period. */
export type UnmetMode = "lost" | "backlog";

/** Overridable settings of the supply plan; every field has a stated default (`SUPPLY_DEFAULTS`). */
export interface SupplySettings {
  /** Plan per family (default) or per item. */
  readonly level?: "family" | "item";
  /** Unmet demand is lost (default) or backlogged. */
  readonly unmet?: UnmetMode;
  /** Holding cost per unit and month, as a share of unit cost (default 0.02; weeks: × 12/52). */
  readonly holdingRate?: number;
  /** Penalty per unit of lost demand, as a share of price, on top of the lost margin (default 0.10). */
  readonly unmetPenaltyRate?: number;
  /** Penalty per unit and period of backlog, as a share of price (default 0.05). */
  readonly backlogPenaltyRate?: number;
  /** Penalty per unit and period below safety stock, as a share of unit cost (default 0.50). */
  readonly safetyStockPenaltyRate?: number;
  /** Cost per overtime hour (default 45). */
  readonly overtimeCostPerHour?: number;
  /** Overtime allowed on an hours resource, as a share of its available hours (default 0.10; units resources: 0). */
  readonly overtimeShare?: number;
  /** Outsourcing cost per unit, on top of the unit cost, as a share of unit cost, when an option gives none (default 0.25). */
  readonly outsourcingCostRate?: number;
}

/** The settings with every default filled in. */
export type ResolvedSupplySettings = { readonly [K in keyof SupplySettings]-?: NonNullable<SupplySettings[K]> };

/** Defaults of the supply plan's settings. */
export const SUPPLY_DEFAULTS: ResolvedSupplySettings = {
  level: "family",
  unmet: "lost",
  holdingRate: 0.02,
  unmetPenaltyRate: 0.1,
  backlogPenaltyRate: 0.05,
  safetyStockPenaltyRate: 0.5,
  overtimeCostPerHour: 45,
  overtimeShare: 0.1,
  outsourcingCostRate: 0.25,
};

/** One setting as used by a run, for the output sheet. */
export interface SettingUsed {
  readonly name: keyof SupplySettings;
  readonly label: string;
  readonly value: number | string;
  /** Unit or basis of the value ("share of unit cost per unit-month", "€ per hour"). */
  readonly unit: string;
  readonly source: "default" | "set";
}

// ---------------------------------------------------------------------------
// Inputs from the rest of the engine.

/** Extra overtime allowed on a resource (a scenario lever): replaces the default maximum in [from, to]. */
export interface OvertimeOption {
  readonly resource: string;
  /** First and last period (`YYYY-MM`), inclusive; null = open. */
  readonly from: string | null;
  readonly to: string | null;
  /** Maximum overtime per period, in the resource's unit. */
  readonly maxPerPeriod: number;
  /** Cost per hour (or unit); the setting `overtimeCostPerHour` when null. */
  readonly costPerHour: number | null;
}

/**
 * Outsourcing allowed for a family or an item (a scenario lever) in [from, to]. At item level a
 * family's allowance is split over its items in proportion to their demand.
 */
export interface OutsourcingOption {
  /** A family, or an item at item level. */
  readonly scope: string;
  readonly from: string | null;
  readonly to: string | null;
  /** Maximum units per period. */
  readonly maxUnits: number;
  /** Cost per unit on top of the unit cost; `outsourcingCostRate` × unit cost when null. */
  readonly costPerUnit: number | null;
}

/** Everything the supply plan reads, as the rest of the engine holds it. */
export interface SupplyPlanInput {
  /** Plan periods (`YYYY-MM` or `YYYY-Www`), first period first. */
  readonly periods: readonly string[];
  /** Demand per item: the consensus, one value per plan period. */
  readonly items: readonly Pick<ConsensusItem, "item" | "family" | "consensus">[];
  readonly capacity: CapacityInput | null;
  readonly resources: readonly ResourceRow[];
  readonly inventory: readonly InventoryRow[];
  readonly prices: readonly PriceRow[];
  readonly overtime?: readonly OvertimeOption[];
  readonly outsourcing?: readonly OutsourcingOption[];
}

// ---------------------------------------------------------------------------
// The problem as the model sees it: plain per-entity data with absolute costs.

/** One routing line of an entity: units of `resource` per unit produced, used `leadOffset` periods earlier. */
export interface RoutingLoad {
  readonly resource: string;
  readonly perUnit: number;
  readonly leadOffset: number;
}

/** A planned family (or item) with its data per period; every cost is per unit (and period where stated). */
export interface SupplyEntity {
  /** The family, or the item at item level. */
  readonly key: string;
  readonly family: string;
  /** Number of items in the entity. */
  readonly items: number;
  readonly demand: Float64Array;
  /** Stock at the start of the first period. */
  readonly onHand: number;
  readonly safetyStock: Float64Array;
  readonly price: Float64Array;
  readonly unitCost: Float64Array;
  readonly routing: readonly RoutingLoad[];
  /** Holding cost per unit and period. */
  readonly holdingCost: Float64Array;
  /** Penalty per unit lost (lost mode). */
  readonly unmetPenalty: Float64Array;
  /** Penalty per unit and period of backlog (backlog mode). */
  readonly backlogPenalty: Float64Array;
  /** Penalty per unit and period below safety stock. */
  readonly safetyStockPenalty: Float64Array;
  /** Maximum outsourced units per period (0 = none). */
  readonly outsourcingMax: Float64Array;
  /** Cost per outsourced unit, on top of the unit cost. */
  readonly outsourcingCost: Float64Array;
}

/** A resource with its capacity per period. */
export interface SupplyResource {
  readonly resource: string;
  readonly unit: "hours" | "units";
  /** Capacity × efficiency; 0 where unknown. */
  readonly available: Float64Array;
  /** False where the capacity is unknown: that period is not constrained by this resource. */
  readonly known: readonly boolean[];
  readonly maxOvertime: Float64Array;
  /** Cost per overtime hour (or unit). */
  readonly overtimeCost: Float64Array;
}

/** The planning problem: what `buildSupplyModel` turns into an LP. */
export interface SupplyProblem {
  readonly periods: readonly string[];
  readonly level: "family" | "item";
  readonly unmet: UnmetMode;
  readonly entities: readonly SupplyEntity[];
  readonly resources: readonly SupplyResource[];
}

// ---------------------------------------------------------------------------
// Notes and the plan.

/** Why a note was raised (stable codes for tests and filters). */
export type SupplyNoteCode =
  | "negative-demand"
  | "negative-capacity"
  | "zero-capacity"
  | "unknown-capacity"
  | "resource-without-capacity"
  | "negative-hours"
  | "bad-lead-offset"
  | "negative-stock"
  | "missing-price"
  | "missing-unit-cost"
  | "safety-stock-from-days"
  | "no-routing"
  | "load-before-horizon"
  | "unknown-scope"
  | "duplicate"
  | "ignored-rows"
  | "bad-setting"
  | "bad-value"
  | "solver";

/** A finding about the data or the solve, in a sentence a planner understands. */
export interface SupplyNote {
  readonly severity: "info" | "warning" | "error";
  readonly code: SupplyNoteCode;
  readonly message: string;
}

/** The plan of one family (or item), per period. */
export interface EntityPlan {
  readonly key: string;
  readonly family: string;
  readonly demand: Float64Array;
  readonly production: Float64Array;
  readonly outsourced: Float64Array;
  readonly served: Float64Array;
  /** Lost demand (lost mode; zeros in backlog mode). */
  readonly unmet: Float64Array;
  /** Backlog at the end of the period (backlog mode; zeros in lost mode). */
  readonly backlog: Float64Array;
  /** Inventory at the end of the period. */
  readonly inventory: Float64Array;
  readonly safetyStock: Float64Array;
  /** Safety-stock shortfall v = max(0, SS − I). */
  readonly shortfall: Float64Array;
  readonly onHand: number;
  readonly revenue: number;
  /** Served × (price − unit cost). */
  readonly grossMargin: number;
  /** Σ served / Σ demand (1 when there is no demand). */
  readonly fillRate: number;
}

/** Load and capacity of one resource, per period. */
export interface ResourcePlan {
  readonly resource: string;
  readonly unit: "hours" | "units";
  /** Σ hours per unit × production (with lead offsets). */
  readonly load: Float64Array;
  readonly available: Float64Array;
  readonly known: readonly boolean[];
  readonly overtime: Float64Array;
  readonly maxOvertime: Float64Array;
}

/** Totals over all entities and periods. */
export interface SupplyTotals {
  readonly demand: number;
  readonly served: number;
  /** Σ served / Σ demand (1 when there is no demand). */
  readonly fillRate: number;
  /** Lost units (lost mode) or the backlog left at the end of the horizon (backlog mode). */
  readonly unmetUnits: number;
  /** Σ backlog over periods (unit-periods; 0 in lost mode). */
  readonly backlogUnitPeriods: number;
  readonly production: number;
  readonly outsourcedUnits: number;
  readonly overtimeHours: number;
  readonly endingInventory: number;
  /** Ending inventory × unit cost of the last period. */
  readonly endingInventoryValue: number;
  readonly shortfallUnitPeriods: number;
  readonly revenue: number;
  /** Served × unit cost. */
  readonly costOfSales: number;
  readonly holdingCost: number;
  readonly overtimeCost: number;
  readonly outsourcingCost: number;
  /** Cost of sales + holding + overtime + outsourcing. */
  readonly cost: number;
  /** Revenue − cost of sales. */
  readonly grossMargin: number;
  /** Revenue − cost. */
  readonly margin: number;
  /** Penalties of the model (not money spent): unmet or backlog, and safety-stock shortfall. */
  readonly unmetPenalty: number;
  readonly safetyStockPenalty: number;
  /** Margin − penalties: the LP's objective. */
  readonly objective: number;
}

/** Size of the LP. */
export interface LpSize {
  readonly variables: number;
  readonly constraints: number;
  readonly nonZeros: number;
}

/** The constrained supply plan. */
export interface SupplyPlan {
  readonly status: LpStatus;
  /** "" when optimal; otherwise a plain explanation naming the constraint set involved. */
  readonly explanation: string;
  readonly solver: string;
  readonly level: "family" | "item";
  readonly unmet: UnmetMode;
  readonly periods: readonly string[];
  readonly entities: readonly EntityPlan[];
  readonly resources: readonly ResourcePlan[];
  readonly totals: SupplyTotals;
  readonly size: LpSize;
  readonly settings: readonly SettingUsed[];
  readonly notes: readonly SupplyNote[];
}
