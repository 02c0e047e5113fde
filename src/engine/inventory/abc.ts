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
 * 4th ed. (2017): ABC classification and the safety factor of a cycle service level;
 * P. J. Acklam, "An algorithm for computing the inverse normal cumulative distribution
 * function" (2003), with one Halley refinement step; erfc by its power series (Abramowitz &
 * Stegun 7.1.6) and continued fraction (A&S 7.1.14).
 *
 * Pure; no I/O.
 */
import type { PriceRow } from "../inputs";
import type { AbcClass, AbcEntry, AbcOptions, AbcResult, AnnualValue, AnnualValues, ItemDemand, ItemValue, ServiceLevels } from "./types";

/** Default cut-offs of the cumulative value share. */
export const ABC_DEFAULTS = { a: 0.8, b: 0.95 } as const;

/** Default cycle service level per class. */
export const SERVICE_LEVEL_DEFAULTS: ServiceLevels = { A: 0.98, B: 0.95, C: 0.9 };

/** Plan periods summed for the annual value. */
export const VALUE_PERIODS = 12;

const SQRT_PI = Math.sqrt(Math.PI);
/** Below it erfc = 1 − erf by the series; from it on, the continued fraction. */
const ERFC_SERIES_LIMIT = 2;

/**
 * Complementary error function erfc(x) = 2/√π ∫ₓ^∞ e^(−t²) dt, to about 1e-15 relative:
 * below 2 as 1 − erf(x) with erf(x) = 2/√π · e^(−x²) · Σ 2ⁿ x^(2n+1) / (1·3·…·(2n+1))
 * (all terms positive: no cancellation), above by the continued fraction
 * erfc(x) = e^(−x²)/√π · 1/(x + ½/(x + 1/(x + 3⁄2/(x + …)))) (modified Lentz). NaN for NaN.
 */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x === Infinity) return 0;
  if (x < ERFC_SERIES_LIMIT) {
    const x2 = x * x;
    let term = x;
    let sum = x;
    for (let n = 1; n < 200; n++) {
      term *= (2 * x2) / (2 * n + 1);
      sum += term;
      if (term < sum * 1e-17) break;
    }
    return 1 - ((2 / SQRT_PI) * Math.exp(-x2) * sum);
  }
  const tiny = 1e-300;
  let f = x;
  let c = f;
  let d = 0;
  for (let n = 1; n < 500; n++) {
    const a = n / 2;
    d = x + a * d;
    d = d === 0 ? 1 / tiny : 1 / d;
    c = x + a / c;
    if (c === 0) c = tiny;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / SQRT_PI / f;
}

/** Standard normal distribution function Φ(x) = ½ · erfc(−x/√2). */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

// Acklam's rational approximations (relative error < 1.15e-9 before refinement).
const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239] as const;
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1] as const;
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783] as const;
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416] as const;
const P_LOW = 0.02425;

/**
 * Inverse of the standard normal distribution function, z = Φ⁻¹(p): Acklam's algorithm
 * refined by one Halley step on Φ(z) − p (absolute error about 1e-15 for p in [1e-300, 1 − 1e-16]). −Infinity at 0,
 * +Infinity at 1, NaN outside [0, 1] or for NaN.
 */
export function inverseNormal(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return Number.NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  // Upper half by symmetry: 1 − p is exact there, and the lower tail refines in relative terms.
  if (p > 0.5) return -inverseNormal(1 - p);
  let x: number;
  if (p < P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
  } else {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q) / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
  }
  // Halley step: e = Φ(x) − p, u = e / φ(x).
  const e = normalCdf(x) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  const refined = x - u / (1 + (x * u) / 2);
  return Number.isFinite(refined) ? refined : x;
}

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

/** Items in item order for ties (numeric-aware, then exact). */
const byItem = (a: string, b: string): number => {
  const c = a.localeCompare(b, "en", { numeric: true, sensitivity: "base" });
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
