/**
 * Gap to budget (DESIGN.md §2 steps 1 and 4): plan − budget by family and month, year to date
 * and full year, for the consensus and the constrained plan.
 *
 * Definitions:
 * - like with like: a revenue budget is compared with revenue, a volume budget with quantities
 *   (all units, priced or not);
 * - gap = plan − budget (positive: above budget); gap % = gap / budget, null when the budget is 0;
 * - a budget month's plan side: the actuals of a closed month of the cycle's year (the months
 *   before the cycle), the plan of a plan month; a budget month with neither is shown with its
 *   budget and no comparison, and reported;
 * - year to date: the actuals of the closed months of the cycle's year against their budget, and
 *   nothing else (no plan month is in it; for a January cycle it is empty);
 * - full year: the actuals of the closed months + the plan of the remaining months of the cycle's
 *   year, against the budget of the same months (months without a budget or without a plan-side
 *   figure are left out of both, and reported);
 * - families: the budget's (item rows rolled up, `budget.ts`), then those of the plans and actuals
 *   without a budget (budget 0); the total sums every family.
 *
 * Never throws; every number is finite. Pure; no I/O.
 */
import type { SeriesTable } from "../inputs";
import { familiesOf, familyBudget, planSide, plansOf, span } from "./budget";
import type { BudgetGap, BudgetMeasure, FamilyGap, FinanceIssue, FinancialsResult, GapBasis, GapCell, GapSummary, PlanGap } from "./types";
import { listNames, plural, ratio } from "./util";

/** What `budgetGap` and `bridge` read. */
export interface BudgetInput {
  /** The cycle's financials (`financials`). */
  readonly financials: FinancialsResult;
  /** The budget table (family or item × month); null when there is none. */
  readonly budget: SeriesTable | null;
  /** What the budget figures are. */
  readonly budgetMeasure: BudgetMeasure;
}

const TOTAL = "(total)";

function summary(months: readonly string[], cells: readonly GapCell[], pick: ReadonlySet<string>): GapSummary {
  let budget = 0;
  let value = 0;
  const used: string[] = [];
  cells.forEach((c, j) => {
    const m = months[j]!;
    if (!pick.has(m) || c.value === null) return;
    budget += c.budget;
    value += c.value;
    used.push(m);
  });
  const gap = value - budget;
  return { months: used, budget, value, gap, gapPct: ratio(gap, budget) };
}

function cell(month: string, basis: GapBasis, budget: number, value: number | null): GapCell {
  const gap = value === null ? null : value - budget;
  return { month, basis, budget, value, gap, gapPct: gap === null ? null : ratio(gap, budget) };
}

/**
 * Gap to budget by family and month, year to date and full year, per plan (consensus, then the
 * constrained plan). See the module header for the definitions. Never throws.
 */
export function budgetGap(input: BudgetInput): BudgetGap {
  const fin = input.financials;
  const measure = input.budgetMeasure;
  const planFamilies = familiesOf(fin);
  const table = familyBudget(input.budget, measure, fin.itemFamilies, planFamilies);
  const issues: FinanceIssue[] = [...table.issues];
  const months = table.months;
  const year = fin.year;
  const yearPrefix = year === null ? null : `${String(year).padStart(4, "0")}-`;
  const inYear = (m: string): boolean => yearPrefix !== null && m.startsWith(yearPrefix);
  const closed = new Set(fin.closedMonths);

  // Families: the budget's first, then the plans' without a budget.
  const seen = new Set(table.families.map((f) => f.family.trim().toLowerCase()));
  const families: { family: string; values: readonly number[] }[] = table.families.map((f) => ({ family: f.family, values: f.values }));
  for (const f of planFamilies) {
    if (seen.has(f.trim().toLowerCase())) continue;
    seen.add(f.trim().toLowerCase());
    families.push({ family: f, values: months.map(() => 0) });
  }

  const value = (f: { revenue: number; quantity: number }): number => (measure === "revenue" ? f.revenue : f.quantity);
  const plans = plansOf(fin);
  const uncovered = new Set<string>();
  const planGaps: PlanGap[] = plans.map((pf) => {
    const side = planSide(fin, pf);
    const rows: { family: string; byMonth: GapCell[] }[] = [];
    const totalBudget = months.map(() => 0);
    const totalValue = months.map(() => 0);
    const basisOf: GapBasis[] = months.map(() => "none");
    for (const fb of families) {
      const byMonth = months.map((m, j) => {
        const s = side(fb.family, m);
        basisOf[j] = s.basis;
        const budget = fb.values[j] ?? 0;
        totalBudget[j] = totalBudget[j]! + budget;
        const v = s.figures === null ? null : value(s.figures);
        if (v !== null) totalValue[j] = totalValue[j]! + v;
        return cell(m, s.basis, budget, v);
      });
      rows.push({ family: fb.family, byMonth });
    }
    // With no family at all, the basis still follows from the months.
    if (families.length === 0) months.forEach((m, j) => (basisOf[j] = side("", m).basis));
    months.forEach((m, j) => {
      if (basisOf[j] === "none") uncovered.add(m);
    });
    const ytd = new Set(months.filter((m, j) => closed.has(m) && basisOf[j] === "actual"));
    const fy = new Set(months.filter((m, j) => inYear(m) && basisOf[j] !== "none"));
    const withSummaries = (g: { family: string; byMonth: GapCell[] }): FamilyGap => ({
      family: g.family,
      byMonth: g.byMonth,
      yearToDate: summary(months, g.byMonth, ytd),
      fullYear: summary(months, g.byMonth, fy),
    });
    const total = withSummaries({ family: TOTAL, byMonth: months.map((m, j) => cell(m, basisOf[j]!, totalBudget[j]!, basisOf[j] === "none" ? null : totalValue[j]!)) });
    return { name: pf.name, label: pf.label, families: rows.map(withSummaries), total };
  });

  const first = planGaps[0]?.total;
  const yearToDateMonths = first?.yearToDate.months ?? [];
  const fullYearMonths = first?.fullYear.months ?? [];
  const uncoveredMonths = months.filter((m) => uncovered.has(m));
  if (uncoveredMonths.length > 0)
    issues.push({ severity: "warning", code: "budget-outside", message: `${plural(uncoveredMonths.length, "budget month")} with neither actuals of the cycle's year nor plan (${listNames(uncoveredMonths, 6)}): shown with their budget, not compared.` });
  if (year !== null && months.length > 0) {
    const budgetSet = new Set(months);
    const yearMonths = Array.from({ length: 12 }, (_, i) => `${yearPrefix!}${String(i + 1).padStart(2, "0")}`);
    const noBudget = yearMonths.filter((m) => !budgetSet.has(m));
    if (noBudget.length > 0)
      issues.push({ severity: "warning", code: "budget-incomplete", message: `The budget has no figures for ${plural(noBudget.length, "month")} of ${year} (${listNames(noBudget, 6)}): left out of the year to date and the full year, on both sides.` });
  }

  const closedList = fin.closedMonths;
  const actualYtd = yearToDateMonths;
  const planFy = fullYearMonths.filter((m) => !closed.has(m));
  const what = measure === "revenue" ? "revenue" : "volume (units)";
  const basis = {
    yearToDate:
      year === null
        ? "Year to date: not defined (no cycle month)."
        : closedList.length === 0
          ? `Year to date ${year}: empty — the cycle is the first month of the year, no month is closed yet.`
          : `Year to date ${year}: actual ${what} of the closed months ${span(actualYtd)} against their budget; actuals only, the plan has no part in it.`,
    fullYear:
      year === null
        ? "Full year: not defined (no cycle month)."
        : `Full year ${year}: actual ${what} of ${span(fullYearMonths.filter((m) => closed.has(m)))} + plan of ${span(planFy)}, against the budget of the same months.`,
  };

  return { measure, year, months, yearToDateMonths, fullYearMonths, uncoveredMonths, basis, plans: planGaps, issues };
}
