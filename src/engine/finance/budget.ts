/**
 * The budget by family and month (DESIGN.md §3 role `budget`; sample README §13: Family ×
 * month revenue in €, `01/2026` … `12/2027`, set a year ahead).
 *
 * Rules:
 * - a budget row belongs to the family it names (trimmed, case-insensitive, matched against the
 *   plan's and actuals' families); else, when it names an item, to that item's family (item rows
 *   are rolled up); else to its Family attribute when it has one; else it stays a family of its
 *   own, with no plan to compare — reported, never dropped;
 * - weekly budget columns are summed into the month of their Thursday (`demand/series.ts`);
 * - a blank (or non-numeric) budget cell counts as 0 and is reported;
 * - the budget measure (revenue or volume) is stated by the budget's header block and passed on;
 * - the plan side of a budget month (`planSide`): the actuals for a closed month of the cycle's
 *   year that the actuals cover, the plan for a plan month, nothing otherwise.
 *
 * Pure; no I/O.
 */
import { familyAttributeIndex, monthlyTable } from "../demand/series";
import type { SeriesTable } from "../inputs";
import type { BudgetMeasure, FamilyBudget, FamilyBudgetTable, FinanceFigures, FinanceIssue, FinancialsResult, GapBasis, ItemFamily, PlanFinancials } from "./types";
import { listNames, plural } from "./util";

const norm = (s: string): string => s.trim().toLowerCase();

/**
 * The budget by family and month. `itemFamilies` rolls item rows up to their family; `families`
 * are the families of the plans and actuals, matched case-insensitively. Never throws.
 */
export function familyBudget(budget: SeriesTable | null, measure: BudgetMeasure, itemFamilies: readonly ItemFamily[], families: readonly string[]): FamilyBudgetTable {
  const issues: FinanceIssue[] = [];
  if (budget === null || budget.keys.length === 0) {
    issues.push({ severity: "info", code: "no-budget", message: "No budget: no gap to budget and no bridge." });
    return { measure, months: [], families: [], issues };
  }
  const table = monthlyTable(budget);
  const months = table.periods;
  const W = months.length;
  const familyByName = new Map<string, string>();
  for (const f of families) if (!familyByName.has(norm(f))) familyByName.set(norm(f), f);
  const itemFamily = new Map<string, string>();
  for (const { item, family } of itemFamilies) if (!itemFamily.has(norm(item))) itemFamily.set(norm(item), family);
  const famAttr = familyAttributeIndex(table);

  const index = new Map<string, number>();
  const out: { family: string; keys: string[]; values: number[] }[] = [];
  const byAttribute: string[] = [];
  const unknown: string[] = [];
  let blanks = 0;
  table.keys.forEach((rawKey, i) => {
    const key = rawKey.trim();
    let family = familyByName.get(norm(key)) ?? itemFamily.get(norm(key));
    if (family === undefined) {
      const attr = famAttr >= 0 ? table.attributes[i]?.[famAttr]?.trim() : undefined;
      if (attr) {
        family = familyByName.get(norm(attr)) ?? attr;
        byAttribute.push(key);
      } else {
        family = key;
        unknown.push(key);
      }
    }
    let k = index.get(norm(family));
    if (k === undefined) {
      index.set(norm(family), (k = out.length));
      out.push({ family, keys: [], values: new Array<number>(W).fill(0) });
    }
    const fb = out[k]!;
    if (!fb.keys.includes(key)) fb.keys.push(key);
    for (let j = 0; j < W; j++) {
      const v = table.values[i * W + j]!;
      if (Number.isFinite(v)) fb.values[j] = fb.values[j]! + v;
      else blanks++;
    }
  });
  if (byAttribute.length > 0)
    issues.push({ severity: "info", code: "budget-unknown-key", message: `${plural(byAttribute.length, "budget row")} for items not in the plan or actuals rolled up by their Family column (${listNames(byAttribute)}).` });
  if (unknown.length > 0)
    issues.push({ severity: "warning", code: "budget-unknown-key", message: `${plural(unknown.length, "budget row")} naming neither a family nor an item of the plan or actuals (${listNames(unknown)}): kept as families of their own, with nothing to compare (gap = − budget).` });
  if (blanks > 0) issues.push({ severity: "info", code: "budget-blank", message: `${plural(blanks, "blank budget cell")} read as 0.` });
  const fams: FamilyBudget[] = out;
  return { measure, months, families: fams, issues };
}

/** The plan-side figures of a family in a month, and where they come from. */
export interface PlanSideCell {
  readonly basis: GapBasis;
  /** The family's figures (zeros when the family has none that month); null when basis is `none`. */
  readonly figures: FinanceFigures | null;
}

const ZERO: FinanceFigures = { quantity: 0, revenue: 0, costOfGoods: 0, costedRevenue: 0, margin: 0, marginPct: null, unpricedQuantity: 0, uncostedQuantity: 0 };

/**
 * The plan side of the comparison with the budget for one plan: per (family, month), the actuals of
 * a closed month covered by the actuals (`fin.actual`), else the plan's figures of a plan month,
 * else nothing (`none`).
 */
export function planSide(fin: FinancialsResult, plan: PlanFinancials): (family: string, month: string) => PlanSideCell {
  const index = (pf: PlanFinancials): { months: Map<string, number>; families: Map<string, number> } => ({
    months: new Map(pf.months.map((m, i) => [m, i])),
    families: new Map(pf.families.map((f, i) => [norm(f.key), i])),
  });
  const a = index(fin.actual);
  const p = index(plan);
  const closed = new Set(fin.closedMonths);
  return (family, month) => {
    const am = a.months.get(month);
    if (am !== undefined && closed.has(month)) {
      const fi = a.families.get(norm(family));
      return { basis: "actual", figures: fi === undefined ? ZERO : (fin.actual.families[fi]?.byMonth[am] ?? ZERO) };
    }
    const pm = p.months.get(month);
    if (pm !== undefined && !closed.has(month)) {
      const fi = p.families.get(norm(family));
      return { basis: "plan", figures: fi === undefined ? ZERO : (plan.families[fi]?.byMonth[pm] ?? ZERO) };
    }
    return { basis: "none", figures: null };
  };
}

/** The plans to compare with the budget: the consensus, then the constrained plan when there is one. */
export function plansOf(fin: FinancialsResult): PlanFinancials[] {
  return fin.constrained === null ? [fin.consensus] : [fin.consensus, fin.constrained];
}

/** Every family of the plans and actuals, in order of first appearance (consensus, constrained, actuals, items). */
export function familiesOf(fin: FinancialsResult): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  const add = (f: string): void => {
    if (seen.has(norm(f))) return;
    seen.add(norm(f));
    out.push(f);
  };
  for (const pf of [...plansOf(fin), fin.actual]) for (const f of pf.families) add(f.key);
  for (const it of fin.itemFamilies) add(it.family);
  return out;
}

/** "2026-01 … 2026-10", "2026-11", or "none". */
export function span(months: readonly string[]): string {
  if (months.length === 0) return "none";
  return months.length === 1 ? months[0]! : `${months[0]!} … ${months[months.length - 1]!}`;
}
