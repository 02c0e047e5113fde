/**
 * The execution step's data (DESIGN.md §2 step 6 "Execution & review"): the master production
 * schedule (the approved plan per item, per month and optionally per ISO week), the plan frozen
 * at the cycle's lock, and the next cycle's adherence of sales, production and inventory to it.
 *
 * Every Float64Array has one entry per period of its owner (`Mps.periods`,
 * `FrozenPlan.periods`, `MpsWeeks.periods`) and never holds NaN; a figure that is not defined
 * is null. Pure types; no I/O.
 */

// ---------------------------------------------------------------------------
// Notes.

/** Why a note was raised (stable codes for tests and filters). */
export type ExecutionNoteCode =
  | "no-plan"
  | "plan-level"
  | "family-not-in-plan"
  | "plan-family-without-items"
  | "target-not-met"
  | "weekly-periods"
  | "no-closed-period"
  | "no-production"
  | "no-inventory"
  | "unmatched-keys"
  | "bad-value"
  | "flagged";

/** A sentence about how the MPS, the frozen plan or the adherence was computed. */
export interface ExecutionNote {
  readonly severity: "info" | "warning";
  readonly code: ExecutionNoteCode;
  readonly message: string;
}

// ---------------------------------------------------------------------------
// Master production schedule.

/** Where the MPS quantities come from. */
export type MpsBasis = "family plan" | "item plan" | "consensus";

/** Where an item's inventory target comes from. */
export type TargetSource = "safety stock" | "target days" | "none";

/** The schedule of one item, per month. */
export interface MpsItem {
  readonly item: string;
  readonly family: string;
  /** The consensus demand. */
  readonly demand: Float64Array;
  /** Scheduled production (receipts), whole units. */
  readonly production: Float64Array;
  /** On hand at the start of the first month (0 without an inventory row). */
  readonly onHand: number;
  /** Inventory target (safety stock) at the end of each month. */
  readonly target: Float64Array;
  readonly targetSource: TargetSource;
  /** Projected ending inventory: max(0, opening + production − demand). */
  readonly inventory: Float64Array;
  /** Demand the projected stock cannot cover: max(0, demand − opening − production). */
  readonly unmet: Float64Array;
  /** Months whose projected ending inventory is below the target. */
  readonly monthsBelowTarget: number;
}

/** The schedule of one family: its items summed, next to the approved plan's figure. */
export interface MpsFamily {
  readonly family: string;
  readonly items: number;
  /** Where this family's quantities come from (a family absent from the plan falls back to the consensus). */
  readonly basis: MpsBasis;
  readonly demand: Float64Array;
  /** The approved plan's production (+ outsourced) for the family, before rounding. */
  readonly planProduction: Float64Array;
  /** Σ of the items' scheduled production (whole units). */
  readonly production: Float64Array;
  readonly inventory: Float64Array;
  readonly target: Float64Array;
  readonly unmet: Float64Array;
}

/** The schedule split into ISO weeks. */
export interface MpsWeeks {
  /** ISO week keys (`2026-W45`), in calendar order. */
  readonly periods: readonly string[];
  /** Working days (Monday–Friday) of each week that fall in the plan's months. */
  readonly workingDays: readonly number[];
  /** For each week, the months it takes its quantities from (`2026-11`: 2 days, `2026-12`: 3 days). */
  readonly parts: readonly (readonly { readonly month: string; readonly days: number }[])[];
  /** Per item of `Mps.items`, in the same order: production per week (whole units). */
  readonly items: readonly Float64Array[];
  /** Per family of `Mps.families`, in the same order. */
  readonly families: readonly Float64Array[];
}

/** The master production schedule. */
export interface Mps {
  /** The plan's months (`YYYY-MM`). */
  readonly periods: readonly string[];
  readonly basis: MpsBasis;
  readonly items: readonly MpsItem[];
  readonly families: readonly MpsFamily[];
  /** Production per week; null when not asked for (or the plan's periods are not months). */
  readonly weeks: MpsWeeks | null;
  /** The rules the schedule follows, in sentences (written on `SOP MPS`). */
  readonly rules: readonly string[];
  readonly notes: readonly ExecutionNote[];
}

// ---------------------------------------------------------------------------
// The frozen plan.

/** What the frozen plan was built from. */
export type FrozenBasis = "supply plan" | "consensus";

/** One family, item or the total of the frozen plan, per period. */
export interface FrozenLine {
  /** The family, the item, or "(total)". */
  readonly key: string;
  readonly family: string;
  /** The consensus demand. */
  readonly demand: Float64Array;
  /** Planned sales: the demand the plan serves. */
  readonly sales: Float64Array;
  /** Planned production (production + outsourced receipts). */
  readonly production: Float64Array;
  /** Planned ending inventory. */
  readonly inventory: Float64Array;
  /** Planned revenue (sales × price); null when no price is known for the line. */
  readonly revenue: Float64Array | null;
}

/** The approved plan as frozen at the lock of its cycle (`SOP Plan <cycle>`). */
export interface FrozenPlan {
  readonly cycle: string;
  /** ISO timestamp of the lock. */
  readonly frozenAt: string;
  readonly periods: readonly string[];
  readonly basis: FrozenBasis;
  /** A sentence saying what the plan is ("constrained supply plan per family (HiGHS)", or why it is the consensus). */
  readonly basisNote: string;
  readonly families: readonly FrozenLine[];
  /** Per item, from the MPS. */
  readonly items: readonly FrozenLine[];
  /** Σ of the families. */
  readonly total: FrozenLine;
}

// ---------------------------------------------------------------------------
// Adherence.

/** What is compared with the frozen plan. */
export type AdherenceMeasure = "sales" | "production" | "inventory";

/** One family in one closed month (or, for inventory, at the end of the last closed month). */
export interface Deviation {
  readonly measure: AdherenceMeasure;
  readonly family: string;
  readonly period: string;
  readonly plan: number;
  readonly actual: number;
  /** actual − plan (negative: below plan). */
  readonly deviation: number;
  /** deviation / plan; null when the plan is 0. */
  readonly deviationPct: number | null;
  /** True when |deviation %| exceeds the threshold (or the plan is 0 and something happened). */
  readonly flagged: boolean;
  /** "Pumps sold 1,240 below plan in 2026-11 (−12.4 %)". */
  readonly sentence: string;
}

/** A family (or all families) over the closed months. */
export interface AdherenceFigures {
  readonly plan: number;
  readonly actual: number;
  /** actual − plan. */
  readonly deviation: number;
  /** Σ |actual − plan| over the family-months. */
  readonly absDeviation: number;
  /** deviation / plan; null when the plan is 0. */
  readonly deviationPct: number | null;
  /** max(0, 1 − Σ|deviation| / Σ plan); null when the plan is 0. */
  readonly adherence: number | null;
}

export interface FamilyAdherence extends AdherenceFigures {
  readonly family: string;
}

/** One measure: totals, families sorted by |deviation|, and every family-month. */
export interface MeasureAdherence extends AdherenceFigures {
  readonly measure: AdherenceMeasure;
  /** The months measured (inventory: the last closed month only). */
  readonly periods: readonly string[];
  /** Sorted by Σ|deviation|, largest first. */
  readonly families: readonly FamilyAdherence[];
  /** Every family-month, sorted by |deviation|, largest first. */
  readonly deviations: readonly Deviation[];
  /** The flagged deviations, in the same order. */
  readonly flagged: readonly Deviation[];
  /** "Sales adherence 92.4 % over 2026-11: 3,100 units below plan (−4.1 %); 2 family-months flagged." */
  readonly sentence: string;
}

/** Adherence of the actuals to a frozen plan. */
export interface Adherence {
  readonly frozenCycle: string;
  readonly frozenAt: string;
  /** Closed months measured: in the frozen plan and closed now. */
  readonly periods: readonly string[];
  /** |deviation %| above which a family-month is flagged (default 0.10). */
  readonly threshold: number;
  readonly sales: MeasureAdherence;
  /** Null when no production is mapped. */
  readonly production: MeasureAdherence | null;
  /** Null when no inventory is mapped. */
  readonly inventory: MeasureAdherence | null;
  readonly notes: readonly ExecutionNote[];
}
