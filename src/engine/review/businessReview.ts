/**
 * The business review (DESIGN.md §2 step 1): the last closed period's actual against the plan
 * that was made for it and against the budget, per family and in total, with the deviations.
 *
 * Definitions:
 * - the reviewed period: the last calendar month before the cycle that holds an actual value
 *   (weekly actuals are summed into the month of their Thursday, `demand/series.ts`); a
 *   `period` option overrides it;
 * - the plan: the snapshot rows (`SOP Snapshots` ledger + the planner's snapshots) of the plan
 *   version ("Consensus" by default, matched case- and space-insensitively) for the reviewed
 *   month. The plan of the previous cycle (the month before the cycle being planned) is used
 *   when the ledger holds it; otherwise the latest earlier cycle with a forecast for that month
 *   (never a cycle after the period, never the current cycle); the result says which, with its
 *   lag (period − cycle in months; a cycle's own month is lag 0). Without any, there is no plan;
 * - a snapshot row repeated with the same (cycle, version, item, period) counts once (the
 *   first); weekly snapshot periods are summed into their month;
 * - deviation = actual − plan (positive: sold more than planned), deviation % = deviation / plan
 *   (null when the plan is 0); the same on values (quantity × the item's price of the period,
 *   `finance/pricing.ts`; units without a price add no value and are counted);
 * - budget: the `budget` role by family and month (`finance/budget.ts`: item rows rolled up to
 *   their family, blanks read as 0), in its measure: revenue is compared with the actual value,
 *   volume with the actual units; deviation = actual − budget, % = deviation / budget;
 * - an item without an actual in the period adds 0 to the actual; an item without a plan row
 *   adds 0 to the plan (both are counted); roll-ups (family, total) are sums, and every
 *   percentage is recomputed from the sums.
 *
 * Plain data in and out; every number is finite, null means "not defined". Pure; no I/O.
 */
import { NO_FAMILY } from "../demand/types";
import { itemRows, monthlyTable, monthOrdinalOfKey, sumRows } from "../demand/series";
import { familyBudget } from "../finance/budget";
import { priceAt, priceBook } from "../finance/pricing";
import type { BudgetMeasure } from "../finance/types";
import type { PriceRow, SeriesTable, SnapshotRow } from "../inputs";
import { parsePeriodKey, periodFromOrdinal, periodKey, periodOrdinal } from "../period";

/** What the business review reads. */
export interface BusinessReviewInput {
  /** Actuals, item × period (monthly or weekly); the Family attribute gives the families. */
  readonly actuals: SeriesTable;
  /** Archived forecasts: the planner's snapshots and the add-in's ledger (`mergeSnapshots`). */
  readonly snapshots: readonly SnapshotRow[];
  readonly budget: SeriesTable | null;
  readonly budgetMeasure: BudgetMeasure;
  readonly prices: readonly PriceRow[];
  /** The cycle being planned, `YYYY-MM`. */
  readonly cycle: string;
}

export interface BusinessReviewOptions {
  /** The version whose snapshot is the plan (default "Consensus"). */
  readonly planVersion?: string;
  /** The month to review (`YYYY-MM`, before the cycle); default: the last month with an actual. */
  readonly period?: string;
}

/** Where the plan of the reviewed period came from. */
export interface ReviewPlanSource {
  /** The version as spelled in the snapshots (the option's spelling when none was found). */
  readonly version: string;
  /** The cycle whose snapshot is the plan; null when none holds a forecast for the period. */
  readonly cycle: string | null;
  /** Period − cycle in months; null without a plan. */
  readonly lag: number | null;
  /** `previous cycle`: the month before the cycle; `latest earlier cycle`: the fallback; `none`. */
  readonly basis: "previous cycle" | "latest earlier cycle" | "none";
  /** One sentence for the sheet. */
  readonly text: string;
}

/** Actual vs plan vs budget of a family or the total. */
export interface ReviewLine {
  /** The family, or "Total". */
  readonly key: string;
  /** Items with an actual value or a plan row in the period. */
  readonly items: number;
  /** Σ actual units. */
  readonly actual: number;
  /** Σ plan units; null when there is no plan at all. */
  readonly plan: number | null;
  /** actual − plan; null without a plan. */
  readonly deviation: number | null;
  /** deviation / plan; null without a plan or when the plan is 0. */
  readonly deviationPct: number | null;
  /** Σ actual × price over priced units; null when no item has a price. */
  readonly actualValue: number | null;
  readonly planValue: number | null;
  readonly valueDeviation: number | null;
  readonly valueDeviationPct: number | null;
  /** The budget in its measure; null when there is no budget figure for the period. */
  readonly budget: number | null;
  /** Actual (value for a revenue budget, units for a volume budget) − budget. */
  readonly budgetDeviation: number | null;
  readonly budgetDeviationPct: number | null;
  /** Actual units without a price (no value). */
  readonly unpricedActual: number;
}

/** The business review of the last closed period. */
export interface BusinessReview {
  readonly cycle: string;
  /** The reviewed month; null when there is no actual before the cycle. */
  readonly period: string | null;
  readonly plan: ReviewPlanSource;
  readonly budgetMeasure: BudgetMeasure;
  /** True when the budget has a figure for the reviewed period. */
  readonly hasBudget: boolean;
  /** True when at least one item has a price in the period (values are shown). */
  readonly hasValues: boolean;
  /** Families in the actuals' order, then families only the plan or budget has. */
  readonly families: readonly ReviewLine[];
  readonly total: ReviewLine;
  /** Items with an actual but no plan row (planned nothing: a launch, a missed item). */
  readonly unplannedItems: number;
  /** Items planned without an actual value in the period (a blank actual counts as nothing sold). */
  readonly plannedWithoutActual: number;
  /** Sentences for the planner: the plan chosen, what is missing. */
  readonly notes: readonly string[];
}

const TOTAL = "Total";
const norm = (s: string): string => s.trim().toLowerCase();
const ratio = (a: number, b: number): number | null => {
  if (b === 0) return null;
  const r = a / b;
  return Number.isFinite(r) ? r : null;
};
const monthKeyOfOrdinal = (o: number): string => periodKey(periodFromOrdinal("month", o));

/** Ordinal of a month key (`YYYY-MM` only); NaN otherwise. */
function monthOnly(key: string): number {
  const p = parsePeriodKey(key);
  return p !== null && p.kind === "month" ? periodOrdinal(p) : Number.NaN;
}

interface Acc {
  items: number;
  actual: number;
  plan: number;
  actualValue: number;
  planValue: number;
  unpricedActual: number;
}

const emptyAcc = (): Acc => ({ items: 0, actual: 0, plan: 0, actualValue: 0, planValue: 0, unpricedActual: 0 });

/**
 * Choose the plan's cycle for a month: the previous cycle when the snapshots hold its forecast,
 * else the latest earlier cycle that does (see the module header).
 */
function choosePlan(
  snapshots: readonly SnapshotRow[],
  version: string,
  periodOrd: number,
  cycleOrd: number,
): { rows: SnapshotRow[]; cycle: number | null; spelled: string | null } {
  const want = norm(version);
  const byCycle = new Map<number, SnapshotRow[]>();
  let spelled: string | null = null;
  // A ledger repeats a few versions, periods and cycles over many rows: each text is read once.
  const wanted = new Map<string, boolean>();
  const periodOrdOf = new Map<string, number>();
  const cycleOrdOf = new Map<string, number>();
  // Indexed: one pass over the whole ledger, unoptimised (no iterator result per row).
  for (let k = 0; k < snapshots.length; k++) {
    const r = snapshots[k]!;
    if (typeof r.version !== "string") continue;
    let isWanted = wanted.get(r.version);
    if (isWanted === undefined) wanted.set(r.version, (isWanted = norm(r.version) === want));
    if (!isWanted) continue;
    let po = periodOrdOf.get(r.period);
    if (po === undefined) periodOrdOf.set(r.period, (po = monthOrdinalOfKey(r.period)));
    if (po !== periodOrd) continue;
    let c = cycleOrdOf.get(r.cycle);
    if (c === undefined) cycleOrdOf.set(r.cycle, (c = monthOnly(r.cycle)));
    if (!Number.isFinite(c) || c > periodOrd || c >= cycleOrd) continue;
    spelled ??= r.version.trim();
    let list = byCycle.get(c);
    if (list === undefined) byCycle.set(c, (list = []));
    list.push(r);
  }
  if (byCycle.size === 0) return { rows: [], cycle: null, spelled };
  const chosen = byCycle.has(cycleOrd - 1) ? cycleOrd - 1 : Math.max(...byCycle.keys());
  return { rows: byCycle.get(chosen)!, cycle: chosen, spelled };
}

/** The business review of the last closed period (see the module header). Never throws. */
export function businessReview(input: BusinessReviewInput, options: BusinessReviewOptions = {}): BusinessReview {
  const version = options.planVersion ?? "Consensus";
  const measure = input.budgetMeasure;
  const notes: string[] = [];
  const noPlan = (text: string): ReviewPlanSource => ({ version, cycle: null, lag: null, basis: "none", text });
  const empty = (text: string): BusinessReview => {
    const total: ReviewLine = lineOf(TOTAL, emptyAcc(), false, false, null, measure);
    return { cycle: input.cycle, period: null, plan: noPlan(text), budgetMeasure: measure, hasBudget: false, hasValues: false, families: [], total, unplannedItems: 0, plannedWithoutActual: 0, notes: [text] };
  };
  const cycleOrd = monthOnly(input.cycle);
  if (!Number.isFinite(cycleOrd)) return empty(`The cycle '${input.cycle}' is not a month: no business review.`);

  // The reviewed month.
  const monthly = monthlyTable(input.actuals);
  const col = new Map<number, number>();
  monthly.periods.forEach((p, j) => col.set(monthOnly(p), j));
  const ir = itemRows(monthly);
  let periodOrd = Number.NaN;
  if (options.period !== undefined) {
    periodOrd = monthOnly(options.period);
    if (!Number.isFinite(periodOrd) || periodOrd >= cycleOrd) return empty(`The period '${options.period}' is not a month before the cycle ${input.cycle}: no business review.`);
  } else {
    const w = monthly.periods.length;
    for (let j = w - 1; j >= 0 && Number.isNaN(periodOrd); j--) {
      const o = monthOnly(monthly.periods[j]!);
      if (!(o < cycleOrd)) continue;
      for (let i = 0; i < monthly.keys.length; i++) {
        if (Number.isFinite(monthly.values[i * w + j]!)) {
          periodOrd = o;
          break;
        }
      }
    }
    if (Number.isNaN(periodOrd)) return empty(`No actual before the cycle ${input.cycle}: no business review.`);
  }
  const period = monthKeyOfOrdinal(periodOrd);
  const actualCol = col.get(periodOrd);

  // The plan.
  const chosen = choosePlan(input.snapshots, version, periodOrd, cycleOrd);
  const spelled = chosen.spelled ?? version;
  let plan: ReviewPlanSource;
  if (chosen.cycle === null) {
    plan = noPlan(`No ${version} snapshot holds a forecast for ${period}: no plan to compare (the ledger fills from the next lock).`);
  } else {
    const c = monthKeyOfOrdinal(chosen.cycle);
    const lag = periodOrd - chosen.cycle;
    if (chosen.cycle === cycleOrd - 1) plan = { version: spelled, cycle: c, lag, basis: "previous cycle", text: `Plan: the ${spelled} of the previous cycle ${c} for ${period} (lag ${lag}).` };
    else {
      plan = {
        version: spelled,
        cycle: c,
        lag,
        basis: "latest earlier cycle",
        text: `Plan: the ${spelled} of cycle ${c} for ${period} (lag ${lag}); the previous cycle ${monthKeyOfOrdinal(cycleOrd - 1)} has no ${spelled} snapshot for ${period}.`,
      };
    }
  }
  notes.push(plan.text);
  const planByItem = new Map<string, number>();
  const seen = new Set<string>();
  for (const r of chosen.rows) {
    const k = `${r.item}\u0000${r.period}`;
    if (seen.has(k) || typeof r.quantity !== "number" || !Number.isFinite(r.quantity)) continue;
    seen.add(k);
    planByItem.set(r.item, (planByItem.get(r.item) ?? 0) + r.quantity);
  }
  const hasPlan = chosen.cycle !== null;

  // Items, families and prices.
  const familyOf = new Map<string, string>();
  ir.items.forEach((it, k) => familyOf.set(it, ir.families[k]!));
  const allItems = [...ir.items];
  for (const it of planByItem.keys()) if (!familyOf.has(it)) allItems.push(it);
  const book = priceBook(input.prices, allItems, [period]);
  const priceOf = (item: string): number | null => priceAt(book, item, period).price;
  const hasValues = allItems.some((it) => priceOf(it) !== null);

  const familyOrder: string[] = [];
  const accs = new Map<string, Acc>();
  const accOf = (family: string): Acc => {
    let a = accs.get(norm(family));
    if (a === undefined) {
      accs.set(norm(family), (a = emptyAcc()));
      familyOrder.push(family);
    }
    return a;
  };
  for (const f of ir.families) accOf(f);
  let unplannedItems = 0;
  let plannedWithoutActual = 0;
  const totalAcc = emptyAcc();
  const add = (family: string, actual: number, planned: number | undefined, price: number | null): void => {
    const hasActual = Number.isFinite(actual);
    if (!hasActual && planned === undefined) return;
    const a = hasActual ? actual : 0;
    const p = planned ?? 0;
    for (const acc of [accOf(family), totalAcc]) {
      acc.items++;
      acc.actual += a;
      acc.plan += p;
      if (price !== null) {
        acc.actualValue += a * price;
        acc.planValue += p * price;
      } else acc.unpricedActual += a;
    }
    if (hasActual && planned === undefined && hasPlan) unplannedItems++;
    if (!hasActual && planned !== undefined) plannedWithoutActual++;
  };
  ir.items.forEach((item, k) => {
    const actual = actualCol === undefined ? Number.NaN : sumRows(monthly, ir.rows[k]!, actualCol);
    add(ir.families[k]!, actual, planByItem.get(item), priceOf(item));
  });
  const outside: string[] = [];
  for (const [item, q] of planByItem) {
    if (familyOf.has(item)) continue;
    outside.push(item);
    add(NO_FAMILY, Number.NaN, q, priceOf(item));
  }
  if (outside.length > 0) notes.push(`${outside.length} planned item${outside.length === 1 ? " is" : "s are"} not in the actuals (${outside.slice(0, 5).join(", ")}${outside.length > 5 ? ", …" : ""}): counted under ${NO_FAMILY}.`);
  if (unplannedItems > 0) notes.push(`${unplannedItems} item${unplannedItems === 1 ? "" : "s"} sold in ${period} had no plan row (planned as 0).`);
  if (plannedWithoutActual > 0) notes.push(`${plannedWithoutActual} planned item${plannedWithoutActual === 1 ? "" : "s"} had no actual in ${period} (counted as 0 sold).`);

  // The budget.
  let budgetByFamily: Map<string, number> | null = null;
  if (input.budget !== null && input.budget.keys.length > 0) {
    const itemFamilies = ir.items.map((item, k) => ({ item, family: ir.families[k]! }));
    const fb = familyBudget(input.budget, measure, itemFamilies, familyOrder);
    const j = fb.months.indexOf(period);
    if (j < 0) notes.push(`The budget has no figure for ${period}: no comparison with the budget.`);
    else {
      budgetByFamily = new Map();
      for (const f of fb.families) {
        accOf(f.family);
        budgetByFamily.set(norm(f.family), (budgetByFamily.get(norm(f.family)) ?? 0) + (f.values[j] ?? 0));
      }
    }
  } else notes.push("No budget is mapped: no comparison with the budget.");
  const hasBudget = budgetByFamily !== null;
  if (hasBudget && measure === "revenue" && !hasValues) notes.push("The budget is revenue but no item has a price: actual revenue cannot be compared with it.");

  const families = familyOrder.map((f) => lineOf(f, accs.get(norm(f))!, hasPlan, hasValues, budgetByFamily ? (budgetByFamily.get(norm(f)) ?? 0) : null, measure));
  let totalBudget: number | null = null;
  if (budgetByFamily) {
    totalBudget = 0;
    for (const v of budgetByFamily.values()) totalBudget += v;
  }
  const total = lineOf(TOTAL, totalAcc, hasPlan, hasValues, totalBudget, measure);
  return { cycle: input.cycle, period, plan, budgetMeasure: measure, hasBudget, hasValues, families, total, unplannedItems, plannedWithoutActual, notes };
}

function lineOf(key: string, a: Acc, hasPlan: boolean, hasValues: boolean, budget: number | null, measure: BudgetMeasure): ReviewLine {
  const plan = hasPlan ? a.plan : null;
  const deviation = plan === null ? null : a.actual - plan;
  const actualValue = hasValues ? a.actualValue : null;
  const planValue = hasValues && hasPlan ? a.planValue : null;
  const valueDeviation = actualValue !== null && planValue !== null ? actualValue - planValue : null;
  const compared = measure === "revenue" ? actualValue : a.actual;
  const budgetDeviation = budget !== null && compared !== null ? compared - budget : null;
  return {
    key,
    items: a.items,
    actual: a.actual,
    plan,
    deviation,
    deviationPct: deviation === null || plan === null ? null : ratio(deviation, plan),
    actualValue,
    planValue,
    valueDeviation,
    valueDeviationPct: valueDeviation === null || planValue === null ? null : ratio(valueDeviation, planValue),
    budget,
    budgetDeviation,
    budgetDeviationPct: budgetDeviation === null || budget === null ? null : ratio(budgetDeviation, budget),
    unpricedActual: a.unpricedActual,
  };
}
