/**
 * Inventory strategy review (DESIGN.md §2 step 3 "Supply review"): for every item, the safety
 * stock its class's service level calls for against the one the planner holds today, and
 * what the difference costs.
 *
 * Definitions, per item:
 * - class, service level and z = Φ⁻¹(service level): abc.ts (annual value over the next 12
 *   plan periods; defaults A 98 %, B 95 %, C 90 %);
 * - σ_LT: the forecast error over the replenishment lead time, leadTimeError.ts;
 * - recommended safety stock = ⌈z · σ_LT⌉, whole units, at least 0 (Silver, Pyke & Thomas,
 *   "Inventory and Production Management in Supply Chains", 4th ed. (2017): SS = k · σ_L for
 *   a cycle service level P₁ = Φ(k)); null when σ_LT is unknown (a new item);
 * - current safety stock: the inventory tab's (null when blank or without an inventory row);
 *   change = recommended − current, a blank current counting as 0 (nothing is held);
 * - unit cost: the prices tab's plain unit cost of the item, else its per-period unit cost for
 *   the earliest plan period that has one; investment = units × unit cost (null without a
 *   cost); investment change = change × unit cost;
 * - days of supply a safety stock represents = SS / average daily demand of the first 3 plan
 *   periods (Σ demand / Σ calendar days, as in projection.ts); null when that demand is 0;
 * - totals per class and overall: sums over the items; investments over the items with a unit
 *   cost; an item without a recommendation keeps its current safety stock in the
 *   recommended totals, so that current and recommended compare like for like.
 * Items of the demand (the consensus) come first, then inventory items without demand
 * (annual value 0: class C); items without an inventory row still get a recommendation.
 *
 * Pure; no I/O. Never throws; never NaN (undefined figures are null).
 */
import type { InventoryRow, PriceRow } from "../inputs";
import { abcClasses, annualValues, classZ, resolveServiceLevels } from "./abc";
import { daysInPeriod } from "./projection";
import type { AbcClass, InventoryStrategy, InventoryStrategyInput, InventoryStrategyOptions, ItemDemand, ItemLeadTimeError, ItemStrategy, StrategyTotals } from "./types";

/** Plan periods whose average daily demand converts a safety stock into days (DESIGN.md §4). */
const DAYS_PERIODS = 3;

/**
 * Safety stock in whole units for a safety factor z and a lead-time error σ_LT:
 * ⌈z · σ_LT⌉, at least 0 (a product within 1e-9 of an integer is that integer). Null when
 * either is not a finite number or σ_LT is negative.
 */
export function safetyStockUnits(z: number, sigmaLT: number | null): number | null {
  if (sigmaLT === null || !Number.isFinite(sigmaLT) || sigmaLT < 0 || !Number.isFinite(z)) return null;
  const x = z * sigmaLT;
  return Math.max(0, Math.ceil(x - 1e-9 * Math.max(1, Math.abs(x))));
}

/** Unit cost per item: the plain row's, else the per-period one of the earliest plan period. */
function unitCosts(prices: readonly PriceRow[], periods: readonly string[]): Map<string, number> {
  const ok = (p: PriceRow): boolean => p !== null && typeof p === "object" && typeof p.unitCost === "number" && Number.isFinite(p.unitCost) && p.unitCost >= 0;
  const out = new Map<string, number>();
  for (const p of prices) if (ok(p) && p.period === null && !out.has(p.item)) out.set(p.item, p.unitCost!);
  const col = new Map<string, number>();
  periods.forEach((k, j) => {
    if (!col.has(k)) col.set(k, j);
  });
  const best = new Map<string, { j: number; cost: number }>();
  for (const p of prices) {
    if (!ok(p) || p.period === null || out.has(p.item)) continue;
    const j = col.get(p.period);
    if (j === undefined) continue;
    const b = best.get(p.item);
    if (b === undefined || j < b.j) best.set(p.item, { j, cost: p.unitCost! });
  }
  for (const [item, b] of best) out.set(item, b.cost);
  return out;
}

/** Average daily demand of the first `DAYS_PERIODS` plan periods; null when not positive or a period is not a month/week. */
function dailyDemand(demand: ArrayLike<number> | undefined, periods: readonly string[]): number | null {
  let q = 0;
  let days = 0;
  for (let t = 0; t < Math.min(DAYS_PERIODS, periods.length); t++) {
    const len = daysInPeriod(periods[t]!);
    if (len === null) return null;
    days += len;
    const v = demand?.[t];
    if (typeof v === "number" && Number.isFinite(v) && v > 0) q += v;
  }
  return q > 0 && days > 0 ? q / days : null;
}

/** Zero totals of a class or of all items. */
function zeroTotals(key: AbcClass | "Total"): StrategyTotals {
  return { key, items: 0, annualValue: 0, currentUnits: 0, recommendedUnits: 0, currentInvestment: 0, recommendedInvestment: 0, investmentChange: 0, itemsWithoutCost: 0, itemsWithoutRecommendation: 0 };
}

/** Adds an item to totals (see the module comment). */
function addTo(t: StrategyTotals, s: ItemStrategy): StrategyTotals {
  const current = s.currentSafetyStock ?? 0;
  const recommended = s.recommendedSafetyStock ?? current;
  const cost = s.unitCost;
  return {
    key: t.key,
    items: t.items + 1,
    annualValue: t.annualValue + s.annualValue,
    currentUnits: t.currentUnits + current,
    recommendedUnits: t.recommendedUnits + recommended,
    currentInvestment: t.currentInvestment + (cost === null ? 0 : current * cost),
    recommendedInvestment: t.recommendedInvestment + (cost === null ? 0 : recommended * cost),
    investmentChange: t.investmentChange + (cost === null ? 0 : (recommended - current) * cost),
    itemsWithoutCost: t.itemsWithoutCost + (cost === null ? 1 : 0),
    itemsWithoutRecommendation: t.itemsWithoutRecommendation + (s.recommendedSafetyStock === null ? 1 : 0),
  };
}

/**
 * The inventory strategy review: per item its ABC class, service level, z, σ_LT and source,
 * recommended vs current safety stock, the change and its investment, the days of supply the
 * safety stocks represent; totals by class and overall. See the module comment for every
 * definition. Never throws; empty input gives no items and zero totals.
 */
export function inventoryStrategy(input: InventoryStrategyInput, options: InventoryStrategyOptions = {}): InventoryStrategy {
  const notes: string[] = [];
  const periods = Array.isArray(input?.periods) ? input.periods.map(String) : [];
  const demandList = (Array.isArray(input?.demand) ? input.demand : []).filter((d): d is ItemDemand => d !== null && typeof d === "object");
  const inventory = (Array.isArray(input?.inventory) ? input.inventory : []).filter((r): r is InventoryRow => r !== null && typeof r === "object");
  const prices = Array.isArray(input?.prices) ? input.prices : [];
  const errors = Array.isArray(input?.errors) ? input.errors : [];

  // Items: demand first, then inventory items without demand.
  const demandOf = new Map<string, ItemDemand>();
  for (const d of demandList) if (!demandOf.has(d.item)) demandOf.set(d.item, d);
  const invOf = new Map<string, InventoryRow>();
  for (const r of inventory) if (!invOf.has(r.item)) invOf.set(r.item, r);
  const all: ItemDemand[] = [...demandOf.values()];
  for (const item of invOf.keys()) if (!demandOf.has(item)) all.push({ item, family: null, demand: [] });
  const errOf = new Map<string, ItemLeadTimeError>();
  for (const e of errors) if (e !== null && typeof e === "object" && !errOf.has(e.item)) errOf.set(e.item, e);

  // Classes and service levels.
  const av = annualValues(all, prices, periods, options.valuePeriods);
  if (av.basis === "volume" && all.length > 0) notes.push("No prices: the ABC classes are by volume (Σ demand) instead of value.");
  const unpriced = av.values.filter((v) => !v.priced && demandOf.has(v.item)).length;
  if (av.basis === "value" && unpriced > 0) notes.push(`${unpriced} item(s) without a price: their annual value is 0 (class C).`);
  const abc = abcClasses(av.values, options.abc);
  notes.push(...abc.notes);
  const levels = resolveServiceLevels(options.serviceLevels, notes);
  const z = classZ(levels);
  const valueOf = new Map(av.values.map((v) => [v.item, v]));
  const costs = unitCosts(prices, periods);

  const items: ItemStrategy[] = abc.entries.map((e) => {
    const d = demandOf.get(e.item);
    const row = invOf.get(e.item);
    const err = errOf.get(e.item);
    const cls = e.abcClass;
    const sigma = err !== undefined && err.sigmaLT !== null && Number.isFinite(err.sigmaLT) ? err.sigmaLT : null;
    const recommended = safetyStockUnits(z[cls], sigma);
    const ss = row?.safetyStock;
    const current = typeof ss === "number" && Number.isFinite(ss) ? ss : null;
    const cost = costs.get(e.item) ?? null;
    const change = recommended === null ? null : recommended - (current ?? 0);
    const daily = dailyDemand(d?.demand, periods);
    return {
      item: e.item,
      family: d?.family ?? null,
      abcClass: cls,
      annualValue: e.value,
      priced: valueOf.get(e.item)?.priced ?? false,
      serviceLevel: levels[cls],
      z: z[cls],
      leadTime: err?.leadTime ?? null,
      sigmaLT: sigma,
      sigmaSource: err?.source ?? "none",
      sigmaLabel: err?.label ?? "no forecast error measured for this item",
      sigmaPoints: err?.points ?? 0,
      recommendedSafetyStock: recommended,
      currentSafetyStock: current,
      hasInventoryRow: row !== undefined,
      change,
      unitCost: cost,
      currentInvestment: cost === null ? null : (current ?? 0) * cost,
      recommendedInvestment: cost === null || recommended === null ? null : recommended * cost,
      investmentChange: cost === null || change === null ? null : change * cost,
      recommendedDaysOfSupply: daily === null || recommended === null ? null : recommended / daily,
      currentDaysOfSupply: daily === null || current === null ? null : current / daily,
    };
  });

  let byA = zeroTotals("A");
  let byB = zeroTotals("B");
  let byC = zeroTotals("C");
  let total = zeroTotals("Total");
  for (const s of items) {
    if (s.abcClass === "A") byA = addTo(byA, s);
    else if (s.abcClass === "B") byB = addTo(byB, s);
    else byC = addTo(byC, s);
    total = addTo(total, s);
  }
  const noRow = items.filter((s) => !s.hasInventoryRow).length;
  if (noRow > 0) notes.push(`${noRow} item(s) have no inventory row: their current safety stock is blank (counted as 0).`);
  if (total.itemsWithoutCost > 0 && items.length > 0) notes.push(`${total.itemsWithoutCost} item(s) have no unit cost: their investment is not valued.`);
  if (total.itemsWithoutRecommendation > 0) notes.push(`${total.itemsWithoutRecommendation} item(s) have no forecast error measure: no safety stock recommended (current kept in the totals).`);
  return { items, byClass: [byA, byB, byC], total, serviceLevels: levels, abcCutoffs: { a: abc.a, b: abc.b }, valueBasis: av.basis, valuePeriods: av.periods, notes };
}
