/**
 * The financials' data (DESIGN.md §2 step 4, §4): the price book, revenue / cost of goods /
 * margin of a plan by family and month, the gap to budget and the volume / mix / price bridge.
 *
 * Definitions (DESIGN.md §4):
 * - revenue = quantity × price; cost of goods = quantity × unit cost;
 *   margin = quantity × (price − unit cost); margin % = margin / revenue of the same quantities;
 * - roll-ups (family, month, total) are sums; percentages are recomputed from the sums, never
 *   averaged;
 * - a quantity without a price adds no revenue (it is counted in `unpricedQuantity`); a quantity
 *   with a price but no unit cost adds revenue but no cost and no margin (`uncostedQuantity`);
 *   so margin = costed revenue − cost of goods, and margin % = margin / costed revenue;
 * - months are calendar months `YYYY-MM`; an ISO week belongs to the month of its Thursday.
 *
 * Every number here is finite (never NaN); null means "not defined" (a ratio over 0, a price
 * nobody gave). Pure types; no I/O.
 */

/** Why an issue was raised (stable codes for tests and filters). */
export type FinanceIssueCode =
  | "missing-price"
  | "missing-unit-cost"
  | "carried-price"
  | "bad-value"
  | "bad-period"
  | "duplicate"
  | "ignored-rows"
  | "unpriced-quantity"
  | "family-price"
  | "missing-actuals"
  | "no-cycle"
  | "no-budget"
  | "budget-blank"
  | "budget-unknown-key"
  | "budget-outside"
  | "budget-incomplete"
  | "not-decomposed";

/** A finding about the data, in a sentence a planner (or controller) understands. */
export interface FinanceIssue {
  readonly severity: "info" | "warning";
  readonly code: FinanceIssueCode;
  readonly message: string;
}

// ---------------------------------------------------------------------------
// Price book.

/**
 * Where a price (or unit cost) of an item in a period came from:
 * - `period`: the item's row for that period (for a week, also the row of its month);
 * - `general`: the item's row without a period;
 * - `carried`: neither exists: the item's nearest earlier period row (a price list stays in force
 *   until replaced), else its nearest later one;
 * - `none`: no figure at all (null).
 */
export type PriceSource = "period" | "general" | "carried" | "none";

/** The price and unit cost of one item per period of the book. */
export interface ItemPrices {
  readonly item: string;
  /** Per period of the book: the price, null when the item has none. */
  readonly price: readonly (number | null)[];
  /** Per period of the book: the unit cost, null when the item has none. */
  readonly unitCost: readonly (number | null)[];
  readonly priceSource: readonly PriceSource[];
  readonly costSource: readonly PriceSource[];
}

/** Price and unit cost per item and period. */
export interface PriceBook {
  readonly periods: readonly string[];
  readonly items: readonly ItemPrices[];
  /** Position of each item in `items`. */
  readonly itemIndex: ReadonlyMap<string, number>;
  /** Position of each period in `periods`. */
  readonly periodIndex: ReadonlyMap<string, number>;
  readonly issues: readonly FinanceIssue[];
}

// ---------------------------------------------------------------------------
// Plans and their financials.

/** One row of a plan: an item (or a whole family) with its quantity per period of the plan. */
export interface PlanRow {
  /** The item, or the family for a family-level plan. */
  readonly key: string;
  readonly family: string;
  /** One quantity per period of the plan. */
  readonly quantity: ArrayLike<number>;
}

/** Quantities sold (served) per item or family and period. */
export interface PlanQuantities {
  /** Stable name (`consensus`, `constrained`, `actual`, a scenario). */
  readonly name: string;
  /** For the output sheet ("Consensus (unconstrained)"). */
  readonly label: string;
  /**
   * `item`: each row is priced with its item's price; `family`: each row is a family priced at
   * the demand-weighted mean price (and unit cost) of its items in the same period.
   */
  readonly level: "item" | "family";
  /** Period keys of the quantities (`YYYY-MM` or `YYYY-Www`). */
  readonly periods: readonly string[];
  readonly rows: readonly PlanRow[];
}

/** Revenue, cost and margin of some quantities (one cell of a roll-up). */
export interface FinanceFigures {
  /** All units, priced or not. */
  readonly quantity: number;
  /** Σ quantity × price over the units with a price. */
  readonly revenue: number;
  /** Σ quantity × unit cost over the units with a price and a unit cost. */
  readonly costOfGoods: number;
  /** Revenue of the units that also have a unit cost (= revenue when every unit has both). */
  readonly costedRevenue: number;
  /** Σ quantity × (price − unit cost) = costed revenue − cost of goods. */
  readonly margin: number;
  /** Margin / costed revenue; null when the costed revenue is 0. */
  readonly marginPct: number | null;
  /** Units without a price: no revenue, no cost, no margin. */
  readonly unpricedQuantity: number;
  /** Units with a price but no unit cost: revenue, but no cost and no margin. */
  readonly uncostedQuantity: number;
}

/** The figures of one item or family, per month and over all months. */
export interface FinancialLine {
  /** The item, or the family. */
  readonly key: string;
  readonly family: string;
  /** One entry per month of the plan's financials. */
  readonly byMonth: readonly FinanceFigures[];
  readonly total: FinanceFigures;
}

/** The financials of one plan: by item (item-level plans), by family and month, by month, total. */
export interface PlanFinancials {
  readonly name: string;
  readonly label: string;
  readonly level: "item" | "family";
  /** Calendar months `YYYY-MM`, ascending. */
  readonly months: readonly string[];
  /** Per item, in the plan's order (empty for a family-level plan). */
  readonly items: readonly FinancialLine[];
  /** Per family, in order of first appearance. */
  readonly families: readonly FinancialLine[];
  /** All families together, per month. */
  readonly byMonth: readonly FinanceFigures[];
  readonly total: FinanceFigures;
  readonly issues: readonly FinanceIssue[];
}

/** The family of an item, as the financials used it. */
export interface ItemFamily {
  readonly item: string;
  readonly family: string;
}

/**
 * A family's mean price and unit cost per month: the mean over its items that have one, weighted
 * by their quantity in the month (actual quantities in closed months, the consensus in plan months),
 * else by their quantity over all months, else equally; null when no item of the family has one.
 */
export interface FamilyPrices {
  readonly family: string;
  /** One entry per month of `FinancialsResult.priceMonths`. */
  readonly price: readonly (number | null)[];
  readonly unitCost: readonly (number | null)[];
}

/** The financials of a cycle: consensus and constrained plan side by side, and the year's actuals. */
export interface FinancialsResult {
  /** The cycle `YYYY-MM` (the first plan month); "" when unknown. */
  readonly cycle: string;
  /** The cycle's calendar year; null when the cycle is unknown. */
  readonly year: number | null;
  /** The months of the cycle's year before the cycle (the closed months), ascending. */
  readonly closedMonths: readonly string[];
  /** The months of the plan, ascending. */
  readonly planMonths: readonly string[];
  /** The unconstrained plan: served = consensus, per item. */
  readonly consensus: PlanFinancials;
  /** The constrained plan (served from the supply plan); null without a supply plan. */
  readonly constrained: PlanFinancials | null;
  /** Actual quantities × the price book, for the closed months the actuals cover (`actual.months`). */
  readonly actual: PlanFinancials;
  /** The months of `familyPrices`: closed months and plan months, ascending. */
  readonly priceMonths: readonly string[];
  readonly familyPrices: readonly FamilyPrices[];
  /** Every item seen (consensus first, then actuals) with its family. */
  readonly itemFamilies: readonly ItemFamily[];
  readonly priceBook: PriceBook;
  /** How the figures were formed, in sentences for the output sheet. */
  readonly notes: readonly string[];
  readonly issues: readonly FinanceIssue[];
}

// ---------------------------------------------------------------------------
// Budget and gap to budget.

/** What a budget figure is: revenue in currency, or volume in units. */
export type BudgetMeasure = "revenue" | "volume";

/** The budget of one family per budget month (item rows rolled up to their family). */
export interface FamilyBudget {
  readonly family: string;
  /** The budget rows rolled into this family (family names or items). */
  readonly keys: readonly string[];
  /** One figure per budget month; a blank cell counts as 0 (reported). */
  readonly values: readonly number[];
}

/** The budget read by family and month. */
export interface FamilyBudgetTable {
  readonly measure: BudgetMeasure;
  /** Calendar months `YYYY-MM`, ascending. */
  readonly months: readonly string[];
  readonly families: readonly FamilyBudget[];
  readonly issues: readonly FinanceIssue[];
}

/**
 * Where a month's plan-side figure comes from: `actual` (a closed month of the cycle's year covered
 * by the actuals), `plan` (a plan month) or `none` (neither: reported, not compared).
 */
export type GapBasis = "actual" | "plan" | "none";

/** Plan (or actual) against budget in one family and month. */
export interface GapCell {
  readonly month: string;
  readonly basis: GapBasis;
  readonly budget: number;
  /** The actual or plan figure (revenue or quantity as the budget measure); null when basis is `none`. */
  readonly value: number | null;
  /** value − budget; null when basis is `none`. */
  readonly gap: number | null;
  /** gap / budget; null when the budget is 0 or the gap is not defined. */
  readonly gapPct: number | null;
}

/** Plan (or actual) against budget summed over some months. */
export interface GapSummary {
  /** The months summed: budget months with a plan-side figure. */
  readonly months: readonly string[];
  readonly budget: number;
  readonly value: number;
  readonly gap: number;
  /** gap / budget; null when the budget is 0. */
  readonly gapPct: number | null;
}

/** A family's (or the total's) gap to budget. */
export interface FamilyGap {
  readonly family: string;
  /** One cell per budget month. */
  readonly byMonth: readonly GapCell[];
  /** Year to date: actuals of the closed months of the cycle's year against their budget. */
  readonly yearToDate: GapSummary;
  /** Full year: actuals of the closed months + plan of the remaining months of the cycle's year. */
  readonly fullYear: GapSummary;
}

/** The gap to budget of one plan (consensus or constrained). */
export interface PlanGap {
  readonly name: string;
  readonly label: string;
  readonly families: readonly FamilyGap[];
  /** All families together (family "(total)"). */
  readonly total: FamilyGap;
}

/** The gap to budget of a cycle, per plan. */
export interface BudgetGap {
  readonly measure: BudgetMeasure;
  /** The cycle's year; null when the cycle is unknown. */
  readonly year: number | null;
  /** The budget months, ascending (the columns of `byMonth`). */
  readonly months: readonly string[];
  /** The year-to-date months: closed months of the cycle's year that have a budget and actuals. */
  readonly yearToDateMonths: readonly string[];
  /** The full-year months: months of the cycle's year that have a budget and an actual or plan figure. */
  readonly fullYearMonths: readonly string[];
  /** Budget months with neither actuals nor plan: shown with their budget, not compared. */
  readonly uncoveredMonths: readonly string[];
  /** How year to date and full year are formed, in sentences for the output sheet. */
  readonly basis: { readonly yearToDate: string; readonly fullYear: string };
  /** Consensus first, then the constrained plan when there is one. */
  readonly plans: readonly PlanGap[];
  readonly issues: readonly FinanceIssue[];
}

// ---------------------------------------------------------------------------
// Volume / mix / price bridge.

/** One family's part of the bridge from budget revenue to plan revenue. */
export interface BridgeFamily {
  readonly family: string;
  /** Budget volume (given, or budget revenue / budget price). */
  readonly budgetVolume: number;
  /** Budget revenue (given, or budget volume × budget price). */
  readonly budgetRevenue: number;
  /** Budget revenue / budget volume; when the family has no budget, its price-book price over the range; null when unknown. */
  readonly budgetPrice: number | null;
  /** Budget volume / total budget volume; null when the total budget volume is 0. */
  readonly budgetShare: number | null;
  /** Plan volume: priced units (actual in closed months, plan after). */
  readonly planVolume: number;
  readonly planRevenue: number;
  /** Plan revenue / plan volume; null when the plan volume is 0. */
  readonly planPrice: number | null;
  /** Plan volume / total plan volume; null when the total plan volume is 0. */
  readonly planShare: number | null;
  /** (total plan volume − total budget volume) × budget share × budget price. */
  readonly volumeEffect: number;
  /** (plan volume − total plan volume × budget share) × budget price. */
  readonly mixEffect: number;
  /** plan revenue − plan volume × budget price = (plan price − budget price) × plan volume. */
  readonly priceEffect: number;
  /** plan revenue − budget revenue of a family that cannot be decomposed (no price to value its budget); 0 otherwise. */
  readonly otherEffect: number;
  /** False when the family's difference sits in `otherEffect`. */
  readonly decomposed: boolean;
}

/** The bridge of one plan: budget + volume + mix + price + other = plan (revenue). */
export interface PlanBridge {
  readonly name: string;
  readonly label: string;
  readonly budgetRevenue: number;
  readonly volumeEffect: number;
  readonly mixEffect: number;
  readonly priceEffect: number;
  readonly otherEffect: number;
  readonly planRevenue: number;
  readonly budgetVolume: number;
  readonly planVolume: number;
  /** Budget revenue / budget volume of the decomposed families; null when that volume is 0. */
  readonly budgetAveragePrice: number | null;
  readonly families: readonly BridgeFamily[];
}

/** The volume / mix / price bridge from budget to plan over a range of months, per plan. */
export interface Bridge {
  readonly measure: BudgetMeasure;
  /** First and last month of the range (`YYYY-MM`); "" when there is none. */
  readonly from: string;
  readonly to: string;
  /** The months bridged: months of the range with a budget and an actual or plan figure. */
  readonly months: readonly string[];
  /** Months of the range left out (no budget, or neither actuals nor plan), with the reason. */
  readonly excludedMonths: readonly { readonly month: string; readonly reason: string }[];
  /** The decomposition and how budget volumes (or revenues) were derived, in sentences. */
  readonly method: readonly string[];
  /** Consensus first, then the constrained plan when there is one. */
  readonly plans: readonly PlanBridge[];
  readonly issues: readonly FinanceIssue[];
}
