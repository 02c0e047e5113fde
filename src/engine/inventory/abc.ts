/**
 * ABC classification and service levels (DESIGN.md §2 step 3, inventory strategy): which
 * items deserve the highest availability, and the safety factor z each class gets.
 *
 * Definitions:
 * - annual value of an item = Σ demand_t × price_t over the next 12 plan periods (fewer when
 *   the horizon is shorter); price_t is the item's price for period t when the prices tab
 *   gives one, else its plain price; without any price in the tab the classification is by
 *   volume (Σ demand);
 * - ABC (Pareto): items ranked by value, largest first; an item is A when the items ranked
 *   before it make less than 80 % of the total value, B when less than 95 %, else C (the item
 *   that crosses a cut-off belongs to the upper class, so the largest item is always A and
 *   A covers at least 80 % of the value); equal values share the class of the first of them;
 *   an item of zero value (or a total of zero) is C. Cut-offs are configurable.
 * - service level: the cycle service level (probability of no stock-out in a replenishment
 *   cycle) of the item's class, default A 98 %, B 95 %, C 90 %; z = Φ⁻¹(service level).
 *
 * Sources: Silver, Pyke & Thomas, "Inventory and Production Management in Supply Chains",
 * 4th ed. (2017): ABC classification and the safety factor of a cycle service level.
 * Φ⁻¹ is `inverseNormal` of `../normalDistribution` (Acklam's algorithm with a Halley step).
 *
 * Pure; no I/O.
 */
import type { PriceRow } from "../inputs";
import { inverseNormal, normalCdf } from "../normalDistribution";

/** Φ and Φ⁻¹ (shared with the capacity step), re-exported for the safety-stock callers and tests. */
export { inverseNormal, normalCdf };
import type { AbcClass, AbcEntry, AbcOptions, AbcResult, AnnualValue, AnnualValues, ItemDemand, ItemValue, ServiceLevels } from "./types";

/** Default cut-offs of the cumulative value share. */
export const ABC_DEFAULTS = { a: 0.8, b: 0.95 } as const;

/** Default cycle service level per class. */
export const SERVICE_LEVEL_DEFAULTS: ServiceLevels = { A: 0.98, B: 0.95, C: 0.9 };

/** Plan periods summed for the annual value. */
export const VALUE_PERIODS = 12;

/** True for a probability strictly between 0 and 1. */
const isLevel = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v) && v > 0 && v < 1;

/**
 * The service level of each class: the given ones where they are strictly between 0 and 1,
 * else the defaults (A 0.98, B 0.95, C 0.90); a sentence in `notes` for each one replaced.
 */
export function resolveServiceLevels(levels: Partial<ServiceLevels> | undefined, notes: string[] = []): ServiceLevels {
  const out = { ...SERVICE_LEVEL_DEFAULTS };
  for (const k of ["A", "B", "C"] as const) {
    const v = levels?.[k];
    if (v === undefined) continue;
    if (isLevel(v)) out[k] = v;
    else notes.push(`Service level of class ${k} (${String(v)}) is not between 0 and 1 (exclusive): the default ${SERVICE_LEVEL_DEFAULTS[k] * 100} % is used.`);
  }
  return out;
}

/** The safety factor z = Φ⁻¹(service level) of each class. */
export function classZ(levels: ServiceLevels): Record<AbcClass, number> {
  return { A: inverseNormal(levels.A), B: inverseNormal(levels.B), C: inverseNormal(levels.C) };
}

/** `a.localeCompare(b, "en", { numeric: true, sensitivity: "base" })`, made once (localeCompare with options builds a collator a call). */
const ITEM_COLLATOR = new Intl.Collator("en", { numeric: true, sensitivity: "base" });

/** Items in item order for ties (numeric-aware, then exact). */
const byItem = (a: string, b: string): number => {
  const c = ITEM_COLLATOR.compare(a, b);
  return c !== 0 ? c : a < b ? -1 : a > b ? 1 : 0;
};

/**
 * ABC classes of items by value (see the module comment): largest value first, A while the
 * items ranked before make less than `a` (default 0.8) of the total, B while less than `b`
 * (default 0.95), C for the rest; ties share the first one's class; zero value → C. An item
 * listed twice keeps its first value. Invalid cut-offs (not 0 < a ≤ b ≤ 1) fall back to the
 * defaults with a note. Never throws; empty input gives no entries.
 */
export function abcClasses(values: readonly ItemValue[], options: AbcOptions = {}): AbcResult {
  const notes: string[] = [];
  let a: number = ABC_DEFAULTS.a;
  let b: number = ABC_DEFAULTS.b;
  const oa = options.a ?? a;
  const ob = options.b ?? b;
  if (Number.isFinite(oa) && Number.isFinite(ob) && oa > 0 && oa <= ob && ob <= 1) {
    a = oa;
    b = ob;
  } else notes.push(`ABC cut-offs ${String(oa)} / ${String(ob)} are not 0 < A ≤ B ≤ 1: the defaults 80 % / 95 % are used.`);

  const seen = new Set<string>();
  const list: { item: string; value: number }[] = [];
  let repeated = 0;
  for (const v of Array.isArray(values) ? values : []) {
    if (v === null || typeof v !== "object") continue;
    const item = String(v.item);
    if (seen.has(item)) {
      repeated++;
      continue;
    }
    seen.add(item);
    list.push({ item, value: typeof v.value === "number" && Number.isFinite(v.value) && v.value > 0 ? v.value : 0 });
  }
  if (repeated > 0) notes.push(`${repeated} item(s) listed more than once: the first value of each is used.`);
  list.sort((x, y) => y.value - x.value || byItem(x.item, y.item));
  const total = list.reduce((s, x) => s + x.value, 0);
  const eps = 1e-12;
  const entries: AbcEntry[] = [];
  let before = 0;
  let tieClass: AbcClass = "C";
  list.forEach((x, r) => {
    const shareBefore = total > 0 ? before / total : null;
    let cls: AbcClass;
    if (x.value <= 0 || shareBefore === null) cls = "C";
    else if (r > 0 && x.value === list[r - 1]!.value) cls = tieClass;
    else cls = shareBefore < a - eps ? "A" : shareBefore < b - eps ? "B" : "C";
    tieClass = cls;
    entries.push({ item: x.item, value: x.value, rank: r + 1, share: total > 0 ? x.value / total : null, cumulativeShareBefore: shareBefore, abcClass: cls });
    before += x.value;
  });
  return { entries, total, a, b, notes };
}

/** Price of each item per value period (NaN: none): per-period rows override the plain price. */
function priceGrid(prices: readonly PriceRow[], periods: readonly string[]): Map<string, Float64Array> {
  const n = periods.length;
  const col = new Map<string, number>();
  periods.forEach((p, j) => {
    if (!col.has(p)) col.set(p, j);
  });
  const grid = new Map<string, Float64Array>();
  const row = (item: string): Float64Array => {
    let g = grid.get(item);
    if (g === undefined) grid.set(item, (g = new Float64Array(n).fill(Number.NaN)));
    return g;
  };
  const ok = (p: PriceRow): boolean => p !== null && typeof p === "object" && typeof p.price === "number" && Number.isFinite(p.price) && p.price >= 0;
  const plainSeen = new Set<string>();
  for (const p of prices) {
    if (!ok(p) || p.period !== null || plainSeen.has(p.item)) continue;
    plainSeen.add(p.item);
    row(p.item).fill(p.price);
  }
  const periodSeen = new Set<string>();
  for (const p of prices) {
    if (!ok(p) || p.period === null) continue;
    const j = col.get(p.period);
    const key = `${p.item}\u0000${p.period}`;
    if (j === undefined || periodSeen.has(key)) continue;
    periodSeen.add(key);
    row(p.item)[j] = p.price;
  }
  return grid;
}

/**
 * Annual value of each demand item: Σ demand_t × price_t over the first `valuePeriods`
 * (default 12) plan periods (see the module comment). Without any applicable price, the
 * values are volumes (`basis: "volume"`); items without a price while others have one get
 * value 0 (`priced: false`). Non-finite or negative demand counts as 0. An item listed twice
 * keeps its first row.
 */
export function annualValues(demand: readonly ItemDemand[], prices: readonly PriceRow[], periods: readonly string[], valuePeriods: number = VALUE_PERIODS): AnnualValues {
  const h = Number.isFinite(valuePeriods) && valuePeriods >= 1 ? Math.floor(valuePeriods) : VALUE_PERIODS;
  const used = (Array.isArray(periods) ? periods : []).slice(0, h);
  const grid = priceGrid(Array.isArray(prices) ? prices : [], used);
  const seen = new Set<string>();
  const rows: { item: string; value: number; volume: number; priced: boolean }[] = [];
  for (const d of Array.isArray(demand) ? demand : []) {
    if (d === null || typeof d !== "object" || seen.has(d.item)) continue;
    seen.add(d.item);
    const g = grid.get(d.item);
    let value = 0;
    let volume = 0;
    let priced = false;
    for (let t = 0; t < used.length; t++) {
      const raw = d.demand?.[t];
      const q = typeof raw === "number" && Number.isFinite(raw) && raw > 0 ? raw : 0;
      volume += q;
      const p = g?.[t];
      if (p !== undefined && !Number.isNaN(p)) {
        priced = true;
        value += q * p;
      }
    }
    rows.push({ item: d.item, value, volume, priced });
  }
  const anyPriced = rows.some((r) => r.priced);
  const values: AnnualValue[] = rows.map((r) => ({ item: r.item, value: anyPriced ? r.value : r.volume, volume: r.volume, priced: r.priced }));
  return { values, basis: anyPriced ? "value" : "volume", periods: used };
}
