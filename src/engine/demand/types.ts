/**
 * The demand plan's data: the statistical forecast per item and family, the consensus
 * built from it and the planner's forecast versions (DESIGN.md §2 step 2, §5).
 *
 * Definitions:
 * - plan periods: the cycle's month and the months after it, `horizon` of them;
 * - history of an item: its actuals before the cycle, from its first value on (a launch's
 *   leading blanks are not history), gaps kept as missing;
 * - family: the actuals' (or a forecast version's) attribute named Family, case-insensitive;
 *   "(no family)" when there is none or it is blank.
 *
 * Every Float64Array here has one entry per plan period and never holds NaN.
 * Pure types; no I/O.
 */
import type { MethodName } from "../forecast/types";

/** Label of the family of items that have none. */
export const NO_FAMILY = "(no family)";

/**
 * What a planner should look at in an item's statistical forecast:
 * - `new item`: no history at all, so no statistical forecast (zeros);
 * - `short history`: fewer than 12 actual values;
 * - `discontinued?`: the last 6 actuals all zero or blank after earlier sales.
 */
export type StatFlag = "new item" | "short history" | "discontinued?";

/** Holdout error of the chosen method (automatic selection only). */
export interface HoldoutError {
  /** sMAPE in percent (0–200), DESIGN.md §4. */
  readonly smape: number;
  readonly mase: number;
  /** Number of held-out periods. */
  readonly points: number;
}

/** A point forecast with its 80 % and 95 % prediction intervals, per plan period. */
export interface ForecastBand {
  readonly point: Float64Array;
  readonly lower80: Float64Array;
  readonly upper80: Float64Array;
  readonly lower95: Float64Array;
  readonly upper95: Float64Array;
}

/** The statistical forecast of one item. */
export interface ItemStatForecast extends ForecastBand {
  readonly item: string;
  readonly family: string;
  /** The method used; `none` for a new item (no history, no forecast). */
  readonly method: MethodName | "none";
  /** Why this method, in a sentence a planner can read. */
  readonly reason: string;
  readonly params: Readonly<Record<string, number>>;
  /** Holdout error of the chosen method; null when not measured (fixed method, short history). */
  readonly holdout: HoldoutError | null;
  /** Periods of history used: from the first actual value to the period before the cycle, missing ones included. */
  readonly historyLength: number;
  /** Of those, the periods with an actual value. */
  readonly observations: number;
  readonly flags: readonly StatFlag[];
}

/** A roll-up of item forecasts (a family or the total). Intervals by root-sum-square of the items' half-widths. */
export interface FamilyStatForecast extends ForecastBand {
  readonly family: string;
  /** Number of items in the roll-up. */
  readonly items: number;
}

/** The statistical (unconstrained) forecast of a cycle. */
export interface StatisticalForecast {
  readonly cycle: string;
  /** The plan periods (`YYYY-MM`), cycle first. */
  readonly periods: readonly string[];
  /** One entry per item of the actuals, in the order of first appearance. */
  readonly items: readonly ItemStatForecast[];
  /** One entry per family, in the order of first appearance. */
  readonly families: readonly FamilyStatForecast[];
  /** All items together (family "(total)"). */
  readonly total: FamilyStatForecast;
  readonly counts: {
    readonly newItems: number;
    readonly shortHistory: number;
    readonly discontinued: number;
    /** Items per method used. */
    readonly byMethod: Readonly<Record<string, number>>;
  };
}

/**
 * How a consensus figure was formed:
 * - `statistical`: the statistical forecast as it is;
 * - `contributor`: one contributor's entry (replace rule);
 * - `mean`: the mean of several contributors' entries (replace rule);
 * - `weighted`: a weighted mean of the statistical forecast and contributors (weighted rule);
 * - `none`: a new item without any forecast: 0.
 */
export type ConsensusRuleCode = "statistical" | "contributor" | "mean" | "weighted" | "none";

/** The rule of one consensus figure: a code and a label ("mean of Marketing, Sales"). */
export interface ConsensusRule {
  readonly code: ConsensusRuleCode;
  readonly label: string;
}

/** The consensus of one item. */
export interface ConsensusItem {
  readonly item: string;
  readonly family: string;
  /** True when the item has no history (no statistical forecast). */
  readonly isNew: boolean;
  readonly consensus: Float64Array;
  /** The rule per plan period. */
  readonly rules: readonly ConsensusRule[];
  /** `new item: Sales entry`, `new item without any forecast`. */
  readonly flags: readonly string[];
}

/** Consensus summed over a family (or all items). */
export interface ConsensusFamily {
  readonly family: string;
  readonly items: number;
  readonly consensus: Float64Array;
}

/** The consensus forecast of a cycle. */
export interface Consensus {
  readonly rule: "replace" | "weighted";
  readonly periods: readonly string[];
  /** The statistical forecast's items in order, then items found only in contributors. */
  readonly items: readonly ConsensusItem[];
  readonly families: readonly ConsensusFamily[];
  readonly total: ConsensusFamily;
  /** Item-periods per rule label, most frequent first. */
  readonly ruleCounts: readonly { readonly code: ConsensusRuleCode; readonly label: string; readonly count: number }[];
  /** Item-periods per rule code. */
  readonly codeCounts: Readonly<Record<ConsensusRuleCode, number>>;
  /** The contributor versions used, sorted by name. */
  readonly contributors: readonly string[];
}
