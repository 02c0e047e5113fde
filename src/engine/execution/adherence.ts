/**
 * Adherence to the frozen plan (DESIGN.md §2 step 1 "Business review" and step 6): the next
 * cycle compares what happened in the closed months with the plan frozen at the last lock.
 *
 * Definitions, per measure (sales, production, inventory), family f and closed month t:
 * - deviation = actual − plan (negative: below plan); deviation % = deviation / plan (null when
 *   the plan is 0);
 * - a roll-up (a family over the months, all families) sums plan, actual and deviation, and
 *   Σ|deviation| over its family-months; adherence % = max(0, 1 − Σ|deviation| / Σ plan) (null
 *   when Σ plan is 0) — deviations are measured per family and month, so a mix shift between the
 *   items of a family or an overshoot in one month followed by a shortfall in the next do not
 *   cancel out;
 * - a family-month is flagged for corrective action when |deviation %| > the threshold (default
 *   10 %, strictly greater), or when nothing was planned and the actual is at least half a unit;
 * - families are listed by Σ|deviation|, largest first; deviations by |deviation|, largest first.
 *
 * Measures:
 * - sales: actual quantities (item × period, weeks summed into months) summed per family against
 *   the plan's planned sales; a family's blank cells count as no sales; an item's family is the
 *   frozen plan's (its MPS line), else the actuals' Family attribute, else "(no family)";
 * - production (when a production role is mapped): actual production by item (rolled up to the
 *   item's family) or by family — whichever its keys match, compared case-insensitively —
 *   against the planned production; a family without any production value in a month is not
 *   measured in that month (it is not made in the reported plants); unmatched keys are
 *   reported;
 * - inventory (when an inventory role is mapped): on hand now, which the inventory tab gives
 *   as of the end of the last closed month, summed per family, against the plan's planned
 *   ending inventory of that month; families without any inventory row are not measured.
 *
 * Pure; no I/O. Never throws; never NaN.
 */
import { itemRows, monthlyTable, sumRows } from "../demand/series";
import { NO_FAMILY } from "../demand/types";
import type { InventoryRow, SeriesTable } from "../inputs";
import type { Adherence, AdherenceFigures, AdherenceMeasure, Deviation, ExecutionNote, FamilyAdherence, FrozenPlan, MeasureAdherence } from "./types";

/** Default |deviation %| above which a family-month is flagged. */
export const DEFAULT_ADHERENCE_THRESHOLD = 0.1;

export interface AdherenceOptions {
  /** |deviation %| above which a family-month is flagged (default 0.10). */
  readonly threshold?: number;
}

const norm = (s: string): string => s.trim().toLowerCase();
const fin = (v: number | undefined): number => (v !== undefined && Number.isFinite(v) ? v : 0);

import { formatPct, formatSignedPct, formatUnits } from "../textFormat";

export { formatPct, formatSignedPct, formatUnits };

/** Figures of a set of (plan, actual) pairs. */
export function figuresOf(pairs: readonly { readonly plan: number; readonly actual: number }[]): AdherenceFigures {
  let plan = 0;
  let actual = 0;
  let abs = 0;
  for (const p of pairs) {
    plan += p.plan;
    actual += p.actual;
    abs += Math.abs(p.actual - p.plan);
  }
  const deviation = actual - plan;
  return {
    plan,
    actual,
    deviation,
    absDeviation: abs,
    deviationPct: pctOf(deviation, plan),
    adherence: plan > 0 ? Math.max(0, 1 - abs / plan) : null,
  };
}

/** deviation / plan; null when the plan is 0 or the quotient is not finite (a plan of 1e-320 units). */
function pctOf(deviation: number, plan: number): number | null {
  if (plan === 0) return null;
  const q = deviation / plan;
  return Number.isFinite(q) ? q : null;
}

/** The sentence of one family-month. */
export function deviationSentence(measure: AdherenceMeasure, family: string, period: string, plan: number, actual: number, pct: number | null): string {
  const dev = actual - plan;
  const units = formatUnits(Math.abs(dev));
  const side = dev < 0 ? "below" : "above";
  if (plan === 0) {
    if (measure === "sales") return `${family} sold ${formatUnits(actual)} in ${period} with no sales planned`;
    if (measure === "production") return `${family} produced ${formatUnits(actual)} in ${period} with no production planned`;
    return `${family} held ${formatUnits(actual)} at the end of ${period} with no inventory planned`;
  }
  if (units === "0") {
    if (measure === "sales") return `${family} sold as planned in ${period}`;
    if (measure === "production") return `${family} produced as planned in ${period}`;
    return `${family} held the planned inventory at the end of ${period}`;
  }
  if (measure === "sales") return `${family} sold ${units} ${side} plan in ${period} (${formatSignedPct(pct)})`;
  if (measure === "production") return `${family} produced ${units} ${side} plan in ${period} (${formatSignedPct(pct)})`;
  return `${family} held ${units} ${side} the planned inventory at the end of ${period} (${formatSignedPct(pct)})`;
}

const LABEL: Readonly<Record<AdherenceMeasure, string>> = { sales: "Sales", production: "Production", inventory: "Inventory" };

/** Span of periods for sentences: "2026-11", "2026-11 … 2027-01". */
function span(periods: readonly string[]): string {
  if (periods.length === 0) return "no month";
  return periods.length === 1 ? periods[0]! : `${periods[0]!} … ${periods[periods.length - 1]!}`;
}

/** One family-month cell: plan and actual (actual null = not measured). */
interface Cell {
  readonly family: string;
  readonly period: string;
  readonly plan: number;
  readonly actual: number;
}

/** Build one measure from its measured family-months. */
function measureOf(measure: AdherenceMeasure, periods: readonly string[], cells: readonly Cell[], familyOrder: readonly string[], threshold: number): MeasureAdherence {
  const deviations: Deviation[] = cells.map((c) => {
    const deviation = c.actual - c.plan;
    const deviationPct = pctOf(deviation, c.plan);
    const flagged = deviationPct !== null ? Math.abs(deviationPct) > threshold : Math.abs(deviation) >= 0.5;
    return { measure, family: c.family, period: c.period, plan: c.plan, actual: c.actual, deviation, deviationPct, flagged, sentence: deviationSentence(measure, c.family, c.period, c.plan, c.actual, deviationPct) };
  });
  const famRank = new Map(familyOrder.map((f, i) => [f, i]));
  const perRank = new Map(periods.map((p, i) => [p, i]));
  deviations.sort((a, b) => Math.abs(b.deviation) - Math.abs(a.deviation) || (famRank.get(a.family) ?? 0) - (famRank.get(b.family) ?? 0) || (perRank.get(a.period) ?? 0) - (perRank.get(b.period) ?? 0));
  const families: FamilyAdherence[] = [];
  for (const f of familyOrder) {
    const own = cells.filter((c) => c.family === f);
    if (own.length === 0) continue;
    families.push({ family: f, ...figuresOf(own) });
  }
  families.sort((a, b) => b.absDeviation - a.absDeviation || Math.abs(b.deviation) - Math.abs(a.deviation) || (famRank.get(a.family) ?? 0) - (famRank.get(b.family) ?? 0));
  const total = figuresOf(cells);
  const flagged = deviations.filter((d) => d.flagged);
  const where = measure === "inventory" ? `at the end of ${span(periods)}` : `over ${span(periods)}`;
  const unit = measure === "inventory" ? "families" : "family-months";
  let sentence: string;
  if (cells.length === 0) sentence = `${LABEL[measure]}: nothing to measure ${where}.`;
  else if (total.plan === 0) sentence = `${LABEL[measure]}: nothing was planned ${where}; actual ${formatUnits(total.actual)} units.`;
  else {
    const dev = Math.abs(total.deviation) < 0.5 ? "on plan in total" : `${formatUnits(Math.abs(total.deviation))} units ${total.deviation < 0 ? "below" : "above"} plan (${formatSignedPct(total.deviationPct)})`;
    sentence = `${LABEL[measure]} adherence ${formatPct(total.adherence)} ${where}: ${dev}; ${flagged.length} of ${cells.length} ${unit} flagged (|deviation| > ${formatPct(threshold)}).`;
  }
  return { measure, periods: [...periods], ...total, families, deviations, flagged, sentence };
}

/**
 * Adherence of the actuals (and production and inventory, when mapped) to a frozen plan over the
 * closed months (see the module header for the definitions). `closedPeriods`: the months whose
 * actuals are complete; only those in the frozen plan are measured.
 */
export function measureAdherence(
  frozen: FrozenPlan,
  actuals: SeriesTable,
  production: SeriesTable | null,
  inventory: readonly InventoryRow[] | null,
  closedPeriods: readonly string[],
  options: AdherenceOptions = {},
): Adherence {
  const threshold = options.threshold !== undefined && Number.isFinite(options.threshold) && options.threshold >= 0 ? options.threshold : DEFAULT_ADHERENCE_THRESHOLD;
  const notes: ExecutionNote[] = [];
  const closed = new Set(closedPeriods);
  const periods = frozen.periods.filter((p) => closed.has(p));
  const col = new Map(frozen.periods.map((p, j) => [p, j]));
  if (periods.length === 0) notes.push({ severity: "info", code: "no-closed-period", message: `No month of the plan frozen in ${frozen.cycle} is closed yet: nothing to compare.` });

  // Families: the frozen plan's, then those met in the data.
  const familyOrder: string[] = [];
  const canon = new Map<string, string>();
  const familyName = (name: string): string => {
    const k = norm(name);
    let c = canon.get(k);
    if (c === undefined) {
      c = name.trim() === "" ? NO_FAMILY : name.trim();
      canon.set(k, c);
      familyOrder.push(c);
    }
    return c;
  };
  const frozenFamily = new Map<string, (typeof frozen.families)[number]>();
  for (const f of frozen.families) frozenFamily.set(familyName(f.family), f);
  const itemFamily = new Map<string, string>();
  for (const i of frozen.items) itemFamily.set(norm(i.key), familyName(i.family));
  const planAt = (family: string, pick: "sales" | "production" | "inventory", period: string): number => {
    const f = frozenFamily.get(family);
    const j = col.get(period);
    return f === undefined || j === undefined ? 0 : fin(f[pick][j]);
  };

  // Sales.
  const monthlyActuals = monthlyTable(actuals);
  const aCol = new Map(monthlyActuals.periods.map((p, j) => [p, j]));
  const aRows = itemRows(monthlyActuals);
  const attrFamily = new Map<string, string>();
  aRows.items.forEach((item, k) => attrFamily.set(norm(item), aRows.families[k]!));
  const familyOfItem = (item: string, own?: string): string => itemFamily.get(norm(item)) ?? familyName(own ?? attrFamily.get(norm(item)) ?? NO_FAMILY);
  const salesActual = new Map<string, Float64Array>();
  aRows.items.forEach((item, k) => {
    const fam = familyOfItem(item, aRows.families[k]);
    let a = salesActual.get(fam);
    if (a === undefined) salesActual.set(fam, (a = new Float64Array(periods.length)));
    periods.forEach((p, t) => {
      const c = aCol.get(p);
      if (c === undefined) return;
      const v = sumRows(monthlyActuals, aRows.rows[k]!, c);
      if (Number.isFinite(v)) a[t] = a[t]! + v;
    });
  });
  const salesCells: Cell[] = [];
  for (const fam of familyOrder) {
    const a = salesActual.get(fam);
    if (!frozenFamily.has(fam) && a === undefined) continue;
    periods.forEach((p, t) => salesCells.push({ family: fam, period: p, plan: planAt(fam, "sales", p), actual: a ? a[t]! : 0 }));
  }
  const sales = measureOf("sales", periods, salesCells, familyOrder, threshold);

  // Production.
  let prod: MeasureAdherence | null = null;
  if (production === null) notes.push({ severity: "info", code: "no-production", message: "No production is mapped: production adherence is not measured." });
  else {
    const monthly = monthlyTable(production);
    const pCol = new Map(monthly.periods.map((p, j) => [p, j]));
    const rows = itemRows(monthly);
    const famKeys = new Set(frozen.families.map((f) => norm(f.family)));
    let itemHits = 0;
    let famHits = 0;
    for (const k of rows.items) {
      if (itemFamily.has(norm(k))) itemHits++;
      else if (famKeys.has(norm(k))) famHits++;
    }
    const byItem = itemHits >= famHits && itemHits > 0;
    const unmatched = rows.items.filter((k) => (byItem ? !itemFamily.has(norm(k)) : !famKeys.has(norm(k))));
    if (unmatched.length > 0)
      notes.push({
        severity: "warning",
        code: "unmatched-keys",
        message: `${unmatched.length.toLocaleString("en-US")} production ${unmatched.length === 1 ? "key is" : "keys are"} not ${byItem ? "an item" : "a family"} of the frozen plan (${unmatched.slice(0, 5).join(", ")}${unmatched.length > 5 ? ` and ${unmatched.length - 5} more` : ""}): compared with a plan of 0${byItem ? " in the item's Family attribute, or '(no family)'" : ""}.`,
      });
    const actual = new Map<string, Float64Array>();
    rows.items.forEach((key, k) => {
      const fam = byItem ? familyOfItem(key, rows.families[k] !== NO_FAMILY ? rows.families[k] : undefined) : familyName(key);
      let a = actual.get(fam);
      if (a === undefined) actual.set(fam, (a = new Float64Array(periods.length).fill(Number.NaN)));
      periods.forEach((p, t) => {
        const c = pCol.get(p);
        if (c === undefined) return;
        const v = sumRows(monthly, rows.rows[k]!, c);
        if (Number.isFinite(v)) a[t] = Number.isNaN(a[t]!) ? v : a[t]! + v;
      });
    });
    const cells: Cell[] = [];
    const unmeasured: string[] = [];
    for (const fam of familyOrder) {
      const a = actual.get(fam);
      periods.forEach((p, t) => {
        const v = a?.[t];
        if (v === undefined || Number.isNaN(v)) {
          if (frozenFamily.has(fam) && planAt(fam, "production", p) !== 0) unmeasured.push(`${fam} ${p}`);
          return;
        }
        cells.push({ family: fam, period: p, plan: planAt(fam, "production", p), actual: v });
      });
    }
    if (unmeasured.length > 0)
      notes.push({
        severity: "info",
        code: "no-production",
        message: `No production reported for ${unmeasured.length.toLocaleString("en-US")} planned family-${unmeasured.length === 1 ? "month" : "months"}: not measured (${unmeasured.slice(0, 5).join(", ")}${unmeasured.length > 5 ? ` and ${unmeasured.length - 5} more` : ""}).`,
      });
    prod = measureOf("production", periods, cells, familyOrder, threshold);
  }

  // Inventory.
  let inv: MeasureAdherence | null = null;
  if (inventory === null || inventory.length === 0) notes.push({ severity: "info", code: "no-inventory", message: "No inventory is mapped: inventory adherence is not measured." });
  else if (periods.length > 0) {
    const last = periods[periods.length - 1]!;
    const onHand = new Map<string, number>();
    for (const r of inventory) {
      const fam = familyOfItem(r.item);
      onHand.set(fam, (onHand.get(fam) ?? 0) + fin(r.onHand));
    }
    const cells: Cell[] = [];
    const unmeasured: string[] = [];
    for (const fam of familyOrder) {
      const a = onHand.get(fam);
      if (a === undefined) {
        if (frozenFamily.has(fam)) unmeasured.push(fam);
        continue;
      }
      cells.push({ family: fam, period: last, plan: planAt(fam, "inventory", last), actual: a });
    }
    if (unmeasured.length > 0) notes.push({ severity: "info", code: "no-inventory", message: `No inventory row for any item of ${unmeasured.length === 1 ? "family" : "families"} ${unmeasured.join(", ")}: not measured.` });
    inv = measureOf("inventory", [last], cells, familyOrder, threshold);
  }

  const flaggedCount = sales.flagged.length + (prod?.flagged.length ?? 0) + (inv?.flagged.length ?? 0);
  if (flaggedCount > 0)
    notes.push({
      severity: "warning",
      code: "flagged",
      message: `${flaggedCount.toLocaleString("en-US")} ${flaggedCount === 1 ? "deviation" : "deviations"} from the plan frozen in ${frozen.cycle} exceed ${formatPct(threshold)}: flagged for corrective action.`,
    });

  return { frozenCycle: frozen.cycle, frozenAt: frozen.frozenAt, periods, threshold, sales, production: prod, inventory: inv, notes };
}
