/**
 * The price book: price and unit cost per item and period, from the `prices` role
 * (`Item | Price | Unit cost`, optionally per period; sample README §12, DESIGN.md §3).
 *
 * Rules, for each of price and unit cost separately:
 * 1. the item's row for the period wins (for an ISO week, also the row of the week's month);
 * 2. otherwise the item's row without a period;
 * 3. otherwise the item's nearest earlier period row (a price list stays in force until it is
 *    replaced), else its nearest later one — as the supply plan does (`supply/supplyProblem.ts`);
 * 4. otherwise null: the item has no price (or no unit cost) in that period.
 * A row without a unit cost leaves the unit cost to the next rule (a per-period row that only
 * updates the price keeps the general unit cost).
 *
 * Bad values never stop the run: a negative or non-numeric price or unit cost is ignored, a row
 * whose period is not a period key is ignored, several rows for one item and period keep the
 * last one, rows for items not asked for are ignored; each is reported as an issue, and so are
 * the items left without a price or unit cost.
 *
 * Pure; no I/O.
 */
import type { PriceRow } from "../inputs";
import { dayNumber, parsePeriodKey, periodKey, periodOrdinal, type Period } from "../period";
import type { FinanceIssue, ItemPrices, PriceBook, PriceSource } from "./types";
import { listNames, monthKeyOf, plural } from "./util";

/** One usable row: price and unit cost, each null when not given or not valid. */
interface Entry {
  readonly price: number | null;
  readonly cost: number | null;
}

/** An item's rows: the general one and those per period (normalised key → entry, start day). */
interface ItemRows {
  general: Entry | null;
  readonly byPeriod: Map<string, Entry & { readonly start: number }>;
}

/** First day (days since 1970-01-01) of a period: the 1st of a month, the Monday of a week. */
function startDay(p: Period): number {
  return p.kind === "month" ? dayNumber(p.year, p.num, 1) : periodOrdinal(p) * 7 + 4;
}

/**
 * Price and unit cost of each of `items` in each of `periods` (see the module header for the
 * rules). Items and periods are kept in the given order, duplicates dropped. Never throws.
 */
export function priceBook(prices: readonly PriceRow[], items: readonly string[], periods: readonly string[]): PriceBook {
  const issues: FinanceIssue[] = [];
  const itemIndex = new Map<string, number>();
  const itemList: string[] = [];
  for (const it of items) {
    if (itemIndex.has(it)) continue;
    itemIndex.set(it, itemList.length);
    itemList.push(it);
  }
  const periodIndex = new Map<string, number>();
  const periodList: string[] = [];
  for (const p of periods) {
    if (periodIndex.has(p)) continue;
    periodIndex.set(p, periodList.length);
    periodList.push(p);
  }

  // Rows per item.
  const rows = new Map<number, ItemRows>();
  const badValue: string[] = [];
  const badPeriod: string[] = [];
  const duplicates: string[] = [];
  let ignored = 0;
  for (const row of prices) {
    const k = itemIndex.get(row.item);
    if (k === undefined) {
      ignored++;
      continue;
    }
    const price = Number.isFinite(row.price) && row.price >= 0 ? row.price : null;
    const cost = row.unitCost !== null && Number.isFinite(row.unitCost) && row.unitCost >= 0 ? row.unitCost : null;
    if (price === null || (row.unitCost !== null && cost === null)) badValue.push(row.item);
    let r = rows.get(k);
    if (r === undefined) rows.set(k, (r = { general: null, byPeriod: new Map() }));
    if (row.period === null || row.period.trim() === "") {
      if (r.general !== null) duplicates.push(row.item);
      r.general = { price, cost };
      continue;
    }
    const p = parsePeriodKey(row.period.trim());
    if (p === null) {
      badPeriod.push(`${row.item} (${row.period})`);
      continue;
    }
    const key = periodKey(p);
    if (r.byPeriod.has(key)) duplicates.push(`${row.item} ${key}`);
    r.byPeriod.set(key, { price, cost, start: startDay(p) });
  }

  // Resolve each item and period.
  const parsed = periodList.map((key) => {
    const p = parsePeriodKey(key);
    return p === null ? null : { key: periodKey(p), month: p.kind === "week" ? monthKeyOf(key) : null, start: startDay(p) };
  });
  const resolve = (r: ItemRows | undefined, t: number, field: keyof Entry): [number | null, PriceSource] => {
    if (r === undefined) return [null, "none"];
    const at = parsed[t] ?? null;
    if (at !== null) {
      const exact = r.byPeriod.get(at.key)?.[field] ?? null;
      if (exact !== null) return [exact, "period"];
      if (at.month !== null) {
        const m = r.byPeriod.get(at.month)?.[field] ?? null;
        if (m !== null) return [m, "period"];
      }
    }
    const g = r.general?.[field] ?? null;
    if (g !== null) return [g, "general"];
    if (at === null) return [null, "none"];
    let before: { start: number; v: number } | null = null;
    let after: { start: number; v: number } | null = null;
    for (const e of r.byPeriod.values()) {
      const v = e[field];
      if (v === null) continue;
      if (e.start < at.start && (before === null || e.start > before.start)) before = { start: e.start, v };
      if (e.start > at.start && (after === null || e.start < after.start)) after = { start: e.start, v };
    }
    const c = before ?? after;
    return c === null ? [null, "none"] : [c.v, "carried"];
  };

  const noPriceAll: string[] = [];
  const noPriceSome: string[] = [];
  const noCost: string[] = [];
  const carried: string[] = [];
  const book: ItemPrices[] = itemList.map((item, k) => {
    const r = rows.get(k);
    const price: (number | null)[] = [];
    const unitCost: (number | null)[] = [];
    const priceSource: PriceSource[] = [];
    const costSource: PriceSource[] = [];
    if (r === undefined || r.byPeriod.size === 0) {
      // No row per period (the usual price list): every period gets the general row, or nothing.
      const p = r?.general?.price ?? null;
      const c = r?.general?.cost ?? null;
      const ps: PriceSource = p !== null ? "general" : "none";
      const cs: PriceSource = c !== null ? "general" : "none";
      for (let t = 0; t < periodList.length; t++) {
        price.push(p);
        unitCost.push(c);
        priceSource.push(ps);
        costSource.push(cs);
      }
    } else {
      for (let t = 0; t < periodList.length; t++) {
        const [p, ps] = resolve(r, t, "price");
        const [c, cs] = resolve(r, t, "cost");
        price.push(p);
        unitCost.push(c);
        priceSource.push(ps);
        costSource.push(cs);
      }
    }
    const missing = price.filter((p) => p === null).length;
    if (missing > 0) (missing === price.length ? noPriceAll : noPriceSome).push(item);
    if (price.some((p, t) => p !== null && unitCost[t] === null)) noCost.push(item);
    if (priceSource.includes("carried") || costSource.includes("carried")) carried.push(item);
    return { item, price, unitCost, priceSource, costSource };
  });

  if (noPriceAll.length > 0)
    issues.push({ severity: "warning", code: "missing-price", message: `${plural(noPriceAll.length, "item")} without a price (${listNames(noPriceAll)}): their quantities add no revenue, cost or margin.` });
  if (noPriceSome.length > 0)
    issues.push({ severity: "warning", code: "missing-price", message: `${plural(noPriceSome.length, "item")} without a price in some periods (${listNames(noPriceSome)}): their quantities in those periods add no revenue, cost or margin.` });
  if (noCost.length > 0)
    issues.push({ severity: "warning", code: "missing-unit-cost", message: `${plural(noCost.length, "item")} with a price but no unit cost in some or all periods (${listNames(noCost)}): revenue counted, no cost of goods and no margin for those quantities.` });
  if (carried.length > 0)
    issues.push({ severity: "info", code: "carried-price", message: `${plural(carried.length, "item")} priced from their nearest period row where no row covers the period (${listNames(carried)}).` });
  if (badValue.length > 0)
    issues.push({ severity: "warning", code: "bad-value", message: `Negative or non-numeric prices or unit costs ignored (${listNames([...new Set(badValue)])}).` });
  if (badPeriod.length > 0)
    issues.push({ severity: "warning", code: "bad-period", message: `${plural(badPeriod.length, "price row")} with a period that is not a month or week ignored (${listNames(badPeriod)}).` });
  if (duplicates.length > 0)
    issues.push({ severity: "info", code: "duplicate", message: `Several price rows for one item and period: the last one is used (${listNames(duplicates)}).` });
  if (ignored > 0) issues.push({ severity: "info", code: "ignored-rows", message: `${plural(ignored, "price row")} for items not in the plan or the actuals ignored.` });

  return { periods: periodList, items: book, itemIndex, periodIndex, issues };
}

/** Price and unit cost of an item in a period of the book; both null when the item or period is not in it. */
export function priceAt(book: PriceBook, item: string, period: string): { price: number | null; unitCost: number | null } {
  const k = book.itemIndex.get(item);
  const t = book.periodIndex.get(period);
  if (k === undefined || t === undefined) return { price: null, unitCost: null };
  const ip = book.items[k];
  return { price: ip?.price[t] ?? null, unitCost: ip?.unitCost[t] ?? null };
}
