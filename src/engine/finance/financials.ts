/**
 * Revenue, cost of goods and margin of the cycle's plans (DESIGN.md §2 step 4, §4):
 * by item, by family and month, by month and in total, for the consensus (unconstrained:
 * served = consensus) and the constrained plan (served from the supply plan) side by side,
 * and the actuals of the closed months of the cycle's year (for year to date).
 *
 * Definitions:
 * - revenue = quantity × price; cost of goods = quantity × unit cost; margin = quantity ×
 *   (price − unit cost); margin % = margin / revenue of the units that have a unit cost
 *   (see `types.ts` for units without a price or unit cost);
 * - prices from the price book (`pricing.ts`) of the period of each quantity;
 * - a family-level plan (the constrained plan of the supply plan's default level) is priced
 *   per family and period at the mean price (and unit cost) of the family's items that have one,
 *   weighted by their consensus in that period, else by their consensus over the horizon, else
 *   equally — the supply plan's own rule (`supply/supplyProblem.ts`), so the constrained revenue
 *   here is the supply plan's revenue;
 * - closed months: the months of the cycle's year before the cycle (cycle 2026-11: 2026-01 …
 *   2026-10); actual revenue = actual quantity × the price book's price for that month (today's
 *   price list applied to past months: the invoiced revenue may differ);
 * - an item's family: its consensus family, else the actuals' Family attribute, else "(no family)";
 * - weekly periods are summed into the month of their Thursday.
 *
 * Never throws; every number is finite. Pure; no I/O.
 */
import { itemRows, monthlyTable, sumRows } from "../demand/series";
import type { ConsensusItem } from "../demand/types";
import { isCycleId } from "../cycle";
import type { PriceRow, SeriesTable } from "../inputs";
import type { SupplyPlan } from "../supply/types";
import { priceBook } from "./pricing";
import type { FamilyPrices, FinanceIssue, FinancialLine, FinancialsResult, ItemFamily, PlanFinancials, PlanQuantities, PriceBook } from "./types";
import { FiguresSum, listNames, monthKeyOf, monthOrdinal, plural } from "./util";

/** What `financials` reads. */
export interface FinancialsInput {
  /** The cycle `YYYY-MM`: the first plan month; the closed months of its year come before it. */
  readonly cycle: string;
  /** The plan periods of the consensus (cycle first). */
  readonly periods: readonly string[];
  /** The consensus per item, one value per plan period: the unconstrained plan, and the weights of family prices. */
  readonly items: readonly Pick<ConsensusItem, "item" | "family" | "consensus">[];
  /** The constrained supply plan; null or absent when there is none. */
  readonly supply?: Pick<SupplyPlan, "level" | "periods" | "entities"> | null;
  readonly prices: readonly PriceRow[];
  /** Actual quantities (item × period, Family attribute); null or absent when there are none. */
  readonly actuals?: SeriesTable | null;
}

/** Sum per key, then per month, of running figures. */
function lineSums(months: number): FiguresSum[] {
  return Array.from({ length: months }, () => new FiguresSum());
}

function line(key: string, family: string, sums: readonly FiguresSum[]): FinancialLine {
  const total = new FiguresSum();
  for (const s of sums) total.merge(s);
  return { key, family, byMonth: sums.map((s) => s.figures()), total: total.figures() };
}

/**
 * Weighted mean of the values of `count` members (`valueOf(m)`, null = no value) over the members
 * that have one: weights `primary`, else `secondary`, else equal. Null when no member has a value.
 */
function weightedMeanOf(count: number, valueOf: (m: number) => number | null, primary: readonly number[], secondary: readonly number[]): number | null {
  for (const w of [primary, secondary, null]) {
    let sw = 0;
    let swv = 0;
    for (let m = 0; m < count; m++) {
      const v = valueOf(m);
      if (v === null) continue;
      const wm = w === null ? 1 : Math.max(0, w[m] ?? 0);
      sw += wm;
      swv += wm * v;
    }
    if (sw > 0) {
      const r = swv / sw;
      if (Number.isFinite(r)) return r;
    }
  }
  return null;
}

/**
 * Weighted mean of `values` (null = no value) over the members that have one: weights `primary`,
 * else `secondary`, else equal. Null when no member has a value.
 */
export function weightedMean(values: readonly (number | null)[], primary: readonly number[], secondary: readonly number[]): number | null {
  return weightedMeanOf(values.length, (m) => values[m] ?? null, primary, secondary);
}

/** `weightedMean` of the book's `field` in column `c` over the items `books` (book indices; −1: no value), read in place. */
function bookMean(book: PriceBook, books: readonly number[], c: number, field: "price" | "unitCost", primary: readonly number[], secondary: readonly number[]): number | null {
  return weightedMeanOf(books.length, (m) => book.items[books[m]!]?.[field][c] ?? null, primary, secondary);
}

/**
 * Revenue, cost of goods and margin of one plan, by item (item-level plans), by family and
 * month, by month and in total. A family-level plan is priced at the family's mean price and unit
 * cost of each period over its items in `weights` (an item-level plan, usually the consensus),
 * weighted by their quantity in that period, else over `weights`' periods, else equally.
 * Never throws; non-finite quantities count as 0 (reported).
 */
export function planFinancials(plan: PlanQuantities, book: PriceBook, weights?: PlanQuantities | null): PlanFinancials {
  const issues: FinanceIssue[] = [];
  // Months of the plan's periods.
  const monthOfPeriod = plan.periods.map(monthKeyOf);
  const badPeriods = plan.periods.filter((_, t) => monthOfPeriod[t] === null);
  if (badPeriods.length > 0) issues.push({ severity: "warning", code: "bad-period", message: `${plan.label}: ${plural(badPeriods.length, "period")} that are not months or weeks left out (${listNames(badPeriods)}).` });
  const months = [...new Set(monthOfPeriod.filter((m): m is string => m !== null))].sort((a, b) => (monthOrdinal(a) ?? 0) - (monthOrdinal(b) ?? 0));
  const monthIndex = new Map(months.map((m, i) => [m, i]));
  const colMonth = monthOfPeriod.map((m) => (m === null ? -1 : (monthIndex.get(m) ?? -1)));
  const bookCol = plan.periods.map((p) => book.periodIndex.get(p) ?? -1);
  const M = months.length;

  const familyIndex = new Map<string, number>();
  const familyNames: string[] = [];
  const familySums: FiguresSum[][] = [];
  const familyOf = (f: string): FiguresSum[] => {
    let i = familyIndex.get(f);
    if (i === undefined) {
      familyIndex.set(f, (i = familyNames.length));
      familyNames.push(f);
      familySums.push(lineSums(M));
    }
    return familySums[i]!;
  };

  let badQty = 0;
  const qtyAt = (row: PlanQuantities["rows"][number], t: number): number => {
    const q = row.quantity[t];
    if (q === undefined) return 0;
    if (!Number.isFinite(q)) {
      badQty++;
      return 0;
    }
    return q;
  };

  const items: FinancialLine[] = [];
  const unpriced = new Set<string>();
  const uncosted = new Set<string>();
  if (plan.level === "item") {
    for (const row of plan.rows) {
      const sums = lineSums(M);
      const fam = familyOf(row.family);
      const k = book.itemIndex.get(row.key);
      const ip = k === undefined ? undefined : book.items[k];
      for (let t = 0; t < plan.periods.length; t++) {
        const mi = colMonth[t]!;
        if (mi < 0) continue;
        const q = qtyAt(row, t);
        const c = bookCol[t]!;
        const price = c < 0 ? null : (ip?.price[c] ?? null);
        const cost = c < 0 ? null : (ip?.unitCost[c] ?? null);
        if (q !== 0 && price === null) unpriced.add(row.key);
        else if (q !== 0 && cost === null) uncosted.add(row.key);
        sums[mi]!.add(q, price, cost);
        fam[mi]!.add(q, price, cost);
      }
      items.push(line(row.key, row.family, sums));
    }
  } else {
    // Members of each family in the weights, with their quantity per plan period and in total.
    const wCol = new Map((weights?.periods ?? []).map((p, j) => [p, j]));
    const members = new Map<string, { items: number[]; at: number[][]; total: number[] }>();
    for (const w of weights?.rows ?? []) {
      const k = book.itemIndex.get(w.key);
      if (k === undefined) continue;
      let g = members.get(w.family);
      if (g === undefined) members.set(w.family, (g = { items: [], at: plan.periods.map(() => []), total: [] }));
      g.items.push(k);
      let tot = 0;
      for (let j = 0; j < w.quantity.length; j++) {
        const v = w.quantity[j] ?? 0;
        if (Number.isFinite(v)) tot += v;
      }
      g.total.push(tot);
      plan.periods.forEach((p, t) => {
        const j = wCol.get(p);
        const v = j === undefined ? 0 : (w.quantity[j] ?? 0);
        g.at[t]!.push(Number.isFinite(v) ? v : 0);
      });
    }
    const partial = new Set<string>();
    for (const row of plan.rows) {
      const fam = familyOf(row.family);
      const g = members.get(row.family);
      for (let t = 0; t < plan.periods.length; t++) {
        const mi = colMonth[t]!;
        if (mi < 0) continue;
        const q = qtyAt(row, t);
        const c = bookCol[t]!;
        let price: number | null = null;
        let cost: number | null = null;
        if (g !== undefined && c >= 0) {
          const at = g.at[t] ?? [];
          price = bookMean(book, g.items, c, "price", at, g.total);
          cost = bookMean(book, g.items, c, "unitCost", at, g.total);
          if (price !== null && g.items.some((k) => (book.items[k]?.price[c] ?? null) === null)) partial.add(row.key);
        }
        if (q !== 0 && price === null) unpriced.add(row.key);
        else if (q !== 0 && cost === null) uncosted.add(row.key);
        fam[mi]!.add(q, price, cost);
      }
    }
    if (partial.size > 0)
      issues.push({ severity: "info", code: "family-price", message: `${plan.label}: ${plural(partial.size, "family", "families")} priced at the mean of the items that have a price, some of their items having none (${listNames([...partial])}).` });
  }
  if (badQty > 0) issues.push({ severity: "warning", code: "bad-value", message: `${plan.label}: ${plural(badQty, "quantity", "quantities")} that are not numbers counted as 0.` });
  const what = plan.level === "item" ? "item" : "family";
  const whats = plan.level === "item" ? "items" : "families";
  if (unpriced.size > 0)
    issues.push({ severity: "warning", code: "unpriced-quantity", message: `${plan.label}: quantities of ${plural(unpriced.size, what, whats)} without a price add no revenue (${listNames([...unpriced])}).` });
  if (uncosted.size > 0)
    issues.push({ severity: "warning", code: "missing-unit-cost", message: `${plan.label}: quantities of ${plural(uncosted.size, what, whats)} with a price but no unit cost add revenue but no cost and no margin (${listNames([...uncosted])}).` });

  const families = familyNames.map((f, i) => line(f, f, familySums[i]!));
  const byMonthSums = lineSums(M);
  for (const fs of familySums) fs.forEach((s, m) => byMonthSums[m]!.merge(s));
  const total = new FiguresSum();
  for (const s of byMonthSums) total.merge(s);
  return {
    name: plan.name,
    label: plan.label,
    level: plan.level,
    months,
    items,
    families,
    byMonth: byMonthSums.map((s) => s.figures()),
    total: total.figures(),
    issues,
  };
}

/** The months of the cycle's year before the cycle (`2026-11` → 2026-01 … 2026-10). */
export function closedMonthsOf(cycle: string): string[] {
  if (!isCycleId(cycle)) return [];
  const year = cycle.slice(0, 4);
  const month = Number(cycle.slice(5, 7));
  return Array.from({ length: month - 1 }, (_, i) => `${year}-${String(i + 1).padStart(2, "0")}`);
}

const byMonth = (a: string, b: string): number => (monthOrdinal(a) ?? 0) - (monthOrdinal(b) ?? 0);

/**
 * The financials of a cycle: the consensus and the constrained plan side by side, the actuals of
 * the closed months of the cycle's year, the price book and the families' mean prices per month
 * (see the module header for the definitions). Never throws.
 */
export function financials(input: FinancialsInput): FinancialsResult {
  const issues: FinanceIssue[] = [];
  const cycleOk = isCycleId(input.cycle);
  if (!cycleOk) issues.push({ severity: "warning", code: "no-cycle", message: `No cycle month (${input.cycle === "" ? "none given" : `'${input.cycle}'`}): no closed months, so no actuals and no year to date.` });
  const year = cycleOk ? Number(input.cycle.slice(0, 4)) : null;
  const closedMonths = closedMonthsOf(input.cycle);

  // Items and families: consensus first, then items found only in the actuals.
  const familyOfItem = new Map<string, string>();
  const itemFamilies: ItemFamily[] = [];
  for (const it of input.items) {
    if (familyOfItem.has(it.item)) continue;
    familyOfItem.set(it.item, it.family);
    itemFamilies.push({ item: it.item, family: it.family });
  }

  // Actuals of the closed months.
  const actualRows: { key: string; family: string; quantity: number[] }[] = [];
  let actualMonths: string[] = [];
  if (input.actuals && closedMonths.length > 0) {
    const table = monthlyTable(input.actuals);
    const col = new Map(table.periods.map((p, j) => [p, j]));
    actualMonths = closedMonths.filter((m) => col.has(m));
    const ir = itemRows(table);
    ir.items.forEach((item, k) => {
      const q = actualMonths.map((m) => sumRows(table, ir.rows[k] ?? [], col.get(m) ?? -1));
      if (q.every((v) => Number.isNaN(v))) return;
      let family = familyOfItem.get(item);
      if (family === undefined) {
        family = ir.families[k] ?? "";
        familyOfItem.set(item, family);
        itemFamilies.push({ item, family });
      }
      actualRows.push({ key: item, family, quantity: q.map((v) => (Number.isFinite(v) ? v : 0)) });
    });
  }
  const missingActual = closedMonths.filter((m) => !actualMonths.includes(m));
  if (missingActual.length > 0)
    issues.push({ severity: "warning", code: "missing-actuals", message: `No actuals for ${plural(missingActual.length, "closed month")} of ${year ?? ""} (${listNames(missingActual)}): left out of the year to date.` });

  // The price book over every period and month used.
  const supply = input.supply ?? null;
  const supplyItems = supply !== null && supply.level === "item" ? supply.entities.map((e) => e.key) : [];
  const planMonthsAll = [...input.periods, ...(supply?.periods ?? [])].map(monthKeyOf).filter((m): m is string => m !== null);
  const bookPeriods = [...input.periods, ...(supply?.periods ?? []), ...closedMonths, ...planMonthsAll];
  const book = priceBook(input.prices, [...itemFamilies.map((f) => f.item), ...supplyItems], bookPeriods);

  // The plans.
  const consensusPlan: PlanQuantities = {
    name: "consensus",
    label: "Consensus (unconstrained)",
    level: "item",
    periods: input.periods,
    rows: input.items.map((it) => ({ key: it.item, family: it.family, quantity: it.consensus })),
  };
  const consensus = planFinancials(consensusPlan, book);
  let constrained: PlanFinancials | null = null;
  if (supply !== null) {
    const plan: PlanQuantities = {
      name: "constrained",
      label: "Constrained plan",
      level: supply.level,
      periods: supply.periods,
      rows: supply.entities.map((e) => ({ key: e.key, family: e.family, quantity: e.served })),
    };
    constrained = planFinancials(plan, book, consensusPlan);
  }
  const actual = planFinancials({ name: "actual", label: "Actuals", level: "item", periods: actualMonths, rows: actualRows }, book);

  // Families' mean prices per month (weights: actual quantities in closed months, consensus in plan months).
  const planMonths = consensus.months.length > 0 || constrained === null ? [...consensus.months] : [...constrained.months];
  const priceMonths = [...new Set([...closedMonths, ...planMonths])].sort(byMonth);
  // Quantities per item and month (actuals in closed months, the consensus in plan months): a row
  // per item, a column per month of either plan in order of first appearance, and per item the
  // columns it has in the order they were first filled (an item's total is summed in that order).
  const qCol = new Map<string, number>();
  for (const pf of [actual, consensus]) for (const m of pf.months) if (!qCol.has(m)) qCol.set(m, qCol.size);
  const QM = qCol.size;
  const qRow = new Map<string, number>();
  const qVals: Float64Array[] = [];
  const qHas: Uint8Array[] = [];
  const qOrder: number[][] = [];
  // Every row's quantities and flags views of one buffer each (at most a row per item of either plan).
  const qRows = actual.items.length + consensus.items.length;
  const qValsBuffer = new Float64Array(qRows * QM);
  const qHasBuffer = new Uint8Array(qRows * QM);
  for (const pf of [actual, consensus]) {
    const cols = pf.months.map((m) => qCol.get(m)!);
    for (const l of pf.items) {
      let r = qRow.get(l.key);
      if (r === undefined) {
        r = qVals.length;
        qRow.set(l.key, r);
        qVals.push(qValsBuffer.subarray(r * QM, (r + 1) * QM));
        qHas.push(qHasBuffer.subarray(r * QM, (r + 1) * QM));
        qOrder.push([]);
      }
      const vals = qVals[r]!;
      const has = qHas[r]!;
      const order = qOrder[r]!;
      for (let i = 0; i < cols.length; i++) {
        const c = cols[i]!;
        if (has[c] === 0) {
          has[c] = 1;
          order.push(c);
        }
        vals[c] = vals[c]! + (l.byMonth[i]?.quantity ?? 0);
      }
    }
  }
  const membersOf = new Map<string, string[]>();
  for (const { item, family } of itemFamilies) {
    let l = membersOf.get(family);
    if (l === undefined) membersOf.set(family, (l = []));
    l.push(item);
  }
  const familyPrices: FamilyPrices[] = [...membersOf].map(([family, members]) => {
    const rows = members.map((it) => qRow.get(it) ?? -1);
    const total = rows.map((r) => (r < 0 ? 0 : qOrder[r]!.reduce((a, c) => a + qVals[r]![c]!, 0)));
    const books = members.map((it) => (book.itemIndex.get(it) ?? -1));
    const price: (number | null)[] = [];
    const unitCost: (number | null)[] = [];
    for (const month of priceMonths) {
      const c = book.periodIndex.get(month);
      const q = qCol.get(month);
      if (c === undefined) {
        price.push(null);
        unitCost.push(null);
        continue;
      }
      const w = rows.map((r) => (r < 0 || q === undefined ? 0 : qVals[r]![q]!));
      price.push(bookMean(book, books, c, "price", w, total));
      unitCost.push(bookMean(book, books, c, "unitCost", w, total));
    }
    return { family, price, unitCost };
  });

  const notes = [
    "Revenue = quantity × price; cost of goods = quantity × unit cost; margin = quantity × (price − unit cost); margin % = margin / revenue (DESIGN.md §4). Roll-ups are sums.",
    "Consensus (unconstrained): served = the consensus of each item, priced per item and period.",
    supply === null
      ? "Constrained plan: none (no supply plan)."
      : supply.level === "family"
        ? "Constrained plan: served per family from the supply plan, priced at the family's mean price and unit cost of the period over its items, weighted by their consensus (the supply plan's own prices)."
        : "Constrained plan: served per item from the supply plan, priced per item and period.",
    actualMonths.length > 0
      ? `Actuals: actual quantities of the closed months ${actualMonths[0]} … ${actualMonths[actualMonths.length - 1]} × the price book's price for each month (the price list applied to past months; invoiced revenue may differ).`
      : `Actuals: none (${closedMonths.length === 0 ? "no closed month in the cycle's year" : "no actuals for the closed months"}).`,
  ];

  return {
    cycle: cycleOk ? input.cycle : "",
    year,
    closedMonths,
    planMonths,
    consensus,
    constrained,
    actual,
    priceMonths,
    familyPrices,
    itemFamilies,
    priceBook: book,
    notes,
    issues: [...issues, ...book.issues, ...consensus.issues, ...(constrained?.issues ?? []), ...actual.issues],
  };
}
