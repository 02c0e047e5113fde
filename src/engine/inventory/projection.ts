/**
 * Inventory projection (DESIGN.md §2 step 3 "Supply review", §4 "inventory projection") of
 * the two plans the supply review compares, per item and rolled up per family and in total.
 *
 * Definitions, per series and plan period t (t = 1 … n, the cycle's period first):
 * - opening_1 = on hand (a blank on-hand is 0, flagged); opening_t = closing_{t−1};
 * - closing_t = I_t = opening_t + supply_t − served_t;
 * - constrained plan (the supply plan): supply_t and served_t as the supply plan gives them;
 * - unconstrained plan (the consensus): served_t = demand_t and
 *   supply_t = max(0, demand_t + SS_t − opening_t), i.e. produce exactly what meets the
 *   period's demand and restores the safety stock (a chase plan); so I_t ≥ SS_t from the
 *   first period on whenever SS_t ≥ 0;
 * - unmet_t = max(0, demand_t − served_t);
 * - days of supply_t = I_t / d̄_t, where d̄_t = Σ_{k=t+1}^{t+3} demand_k / Σ_{k=t+1}^{t+3} days_k
 *   is the average daily demand of the next 3 periods (calendar days: 28/29 for February,
 *   7 for a week); near the end of the horizon only the periods left count; null when no
 *   period is left (the last period) or their demand is 0;
 * - below safety stock_t: I_t < SS_t (never when there is no safety stock);
 * - stock-out_t: unmet_t > 0 or I_t < 0 (the latter only when supply-plan figures are
 *   inconsistent: served more than available);
 * - fill rate = Σ served / Σ demand (null without demand).
 *
 * Roll-ups (family, total) are sums of the items' plans, period by period (opening, supply,
 * served, demand, unmet, closing, safety stock); days of supply is recomputed from the sums;
 * a roll-up's flags are true when any of its items is flagged in that period (a family
 * total can hide one item's shortage behind another's surplus). The unconstrained family
 * plan is therefore the sum of the item chase plans, not a chase plan of the family total.
 * Series given without a family appear only in the total. When the data is only known per
 * family, pass families as series (without family): the projection is then family-level.
 *
 * Pure; no I/O. Never throws on odd data; never NaN (non-finite inputs count as 0).
 */
import { daysInMonth, parsePeriodKey } from "../period";
import type {
  InventoryProjection,
  ItemDemand,
  ItemSupplyPlan,
  PlanProjection,
  PlanSummary,
  ProjectionInput,
  ProjectionLevel,
  ProjectionSeriesInput,
  SeriesProjection,
} from "./types";
import type { InventoryRow } from "../inputs";

/** Periods ahead averaged for days of supply (DESIGN.md §4). */
export const DAYS_OF_SUPPLY_PERIODS = 3;

/** Finite value of `a[i]`, else 0. */
function at(a: ArrayLike<number> | null | undefined, i: number): number {
  if (a === null || a === undefined) return 0;
  const v = a[i];
  return typeof v === "number" && Number.isFinite(v) ? v : 0;
}

/** Absolute tolerance of the flags, relative to the size of the figures compared. */
const tol = (scale: number): number => 1e-9 * Math.max(1, Math.abs(scale));

/** Calendar days of a period key: 28–31 for `YYYY-MM`, 7 for `YYYY-Www`; null for anything else. */
export function daysInPeriod(key: string): number | null {
  const p = typeof key === "string" ? parsePeriodKey(key) : null;
  if (p === null) return null;
  return p.kind === "month" ? daysInMonth(p.year, p.num) : 7;
}

/**
 * Days of supply of each closing inventory: closing_t divided by the average daily demand of
 * the `ahead` periods after t (Σ demand / Σ days over t+1 … t+ahead, truncated at the end of
 * the horizon). Null when no period is left, a period's length is unknown, or that demand is
 * not positive.
 */
export function daysOfSupply(
  closing: ArrayLike<number>,
  demand: ArrayLike<number>,
  days: readonly (number | null)[],
  ahead: number = DAYS_OF_SUPPLY_PERIODS,
): (number | null)[] {
  const n = closing.length;
  const k = Number.isFinite(ahead) && ahead >= 1 ? Math.floor(ahead) : DAYS_OF_SUPPLY_PERIODS;
  const out: (number | null)[] = [];
  for (let t = 0; t < n; t++) {
    let d = 0;
    let dd = 0;
    let ok = t + 1 < n;
    for (let s = t + 1; s <= Math.min(n - 1, t + k); s++) {
      const len = days[s];
      if (len === null || len === undefined) ok = false;
      else dd += len;
      d += at(demand, s);
    }
    const c = at(closing, t);
    const v = ok && d > 0 && dd > 0 ? c / (d / dd) : Number.NaN;
    out.push(Number.isFinite(v) ? v : null);
  }
  return out;
}

/** Summary of a plan from its arrays and flags. */
function summarise(periods: readonly string[], opening0: number, p: Omit<PlanProjection, "summary" | "daysOfSupply">): PlanSummary {
  const n = p.closing.length;
  let demand = 0;
  let served = 0;
  let supply = 0;
  let unmet = 0;
  let minClosing = Infinity;
  let below = 0;
  let outs = 0;
  let first: string | null = null;
  for (let t = 0; t < n; t++) {
    demand += p.demand[t]!;
    served += p.served[t]!;
    supply += p.supply[t]!;
    unmet += p.unmet[t]!;
    minClosing = Math.min(minClosing, p.closing[t]!);
    if (p.belowSafetyStock[t] === true) below++;
    if (p.stockOut[t] === true) {
      outs++;
      if (first === null) first = periods[t] ?? null;
    }
  }
  return {
    demand,
    served,
    supply,
    unmet,
    fillRate: demand > 0 ? served / demand : null,
    endingInventory: n > 0 ? p.closing[n - 1]! : opening0,
    minClosing: n > 0 ? minClosing : null,
    periodsBelowSafetyStock: below,
    periodsStockOut: outs,
    firstStockOut: first,
  };
}

/**
 * One plan of one series. `supplyOf(t, opening)` and `servedOf(t)` give the plan's figures
 * (both finite); the recursion, flags and days of supply follow the module's definitions.
 */
function runPlan(
  periods: readonly string[],
  days: readonly (number | null)[],
  opening0: number,
  demand: Float64Array,
  ss: Float64Array | null,
  supplyOf: (t: number, opening: number) => number,
  servedOf: (t: number) => number,
): PlanProjection {
  const n = periods.length;
  const opening = new Float64Array(n);
  const supply = new Float64Array(n);
  const served = new Float64Array(n);
  const unmet = new Float64Array(n);
  const closing = new Float64Array(n);
  const belowSafetyStock: boolean[] = [];
  const stockOut: boolean[] = [];
  let inv = opening0;
  for (let t = 0; t < n; t++) {
    opening[t] = inv;
    const s = supplyOf(t, inv);
    const q = servedOf(t);
    supply[t] = s;
    served[t] = q;
    inv = inv + s - q;
    closing[t] = inv;
    const u = demand[t]! - q;
    unmet[t] = u > tol(demand[t]!) ? u : 0;
    stockOut.push(unmet[t]! > 0 || inv < -tol(q + s));
    belowSafetyStock.push(ss !== null && inv < ss[t]! - tol(ss[t]!));
  }
  const base = { opening, supply, served, demand, unmet, closing, belowSafetyStock, stockOut };
  return { ...base, daysOfSupply: daysOfSupply(closing, demand, days), summary: summarise(periods, opening0, base) };
}

/** A per-period safety stock from a constant, an array, or nothing. */
function safetyStockOf(ss: number | ArrayLike<number> | null | undefined, n: number): Float64Array | null {
  if (ss === null || ss === undefined) return null;
  if (typeof ss === "number") return Number.isFinite(ss) ? new Float64Array(n).fill(ss) : null;
  const out = new Float64Array(n);
  let any = false;
  for (let t = 0; t < n; t++) {
    const v = ss[t];
    if (typeof v === "number" && Number.isFinite(v)) {
      out[t] = v;
      any = true;
    }
  }
  return any ? out : null;
}

/** The projection of one input series (see the module comment). */
function projectSeries(periods: readonly string[], days: readonly (number | null)[], s: ProjectionSeriesInput, notes: Set<string>): SeriesProjection {
  const n = periods.length;
  const flags: string[] = [];
  const opening0 = typeof s.opening === "number" && Number.isFinite(s.opening) ? s.opening : 0;
  if (!(typeof s.opening === "number" && Number.isFinite(s.opening))) flags.push("no on-hand figure: opening inventory taken as 0");
  const demand = new Float64Array(n);
  let negative = 0;
  for (let t = 0; t < n; t++) {
    const d = at(s.demand, t);
    if (d < 0) negative++;
    demand[t] = Math.max(0, d);
  }
  if (negative > 0) flags.push(`${negative} period(s) of negative demand taken as 0`);
  const ss = safetyStockOf(s.safetyStock, n);
  const unconstrained = runPlan(
    periods,
    days,
    opening0,
    demand,
    ss,
    (t, open) => Math.max(0, demand[t]! + (ss === null ? 0 : ss[t]!) - open),
    (t) => demand[t]!,
  );
  const given = (a: ArrayLike<number> | null | undefined): boolean => a !== null && a !== undefined;
  const hasPlan = given(s.supply) && given(s.served);
  if (!hasPlan && (given(s.supply) || given(s.served))) flags.push("supply plan incomplete (supply or served missing): no constrained projection");
  const constrained = hasPlan
    ? runPlan(
        periods,
        days,
        opening0,
        demand,
        ss,
        (t) => at(s.supply, t),
        (t) => at(s.served, t),
      )
    : null;
  if (constrained !== null && constrained.closing.some((c) => c < -tol(c))) notes.add("The supply plan serves more than is available for some series: negative projected inventory is shown as a stock-out.");
  const family = typeof s.family === "string" ? s.family : null;
  return { level: "item", key: String(s.key), family, items: 1, safetyStock: ss, unconstrained, constrained, flags };
}

/** Sums plans period by period; flags are "any". */
function sumPlans(periods: readonly string[], days: readonly (number | null)[], plans: readonly PlanProjection[]): PlanProjection {
  const n = periods.length;
  const z = (): Float64Array => new Float64Array(n);
  const opening = z();
  const supply = z();
  const served = z();
  const demand = z();
  const unmet = z();
  const closing = z();
  const belowSafetyStock: boolean[] = new Array<boolean>(n).fill(false);
  const stockOut: boolean[] = new Array<boolean>(n).fill(false);
  let opening0 = 0;
  for (const p of plans) {
    opening0 += n > 0 ? p.opening[0]! : p.summary.endingInventory;
    for (let t = 0; t < n; t++) {
      opening[t]! += p.opening[t]!;
      supply[t]! += p.supply[t]!;
      served[t]! += p.served[t]!;
      demand[t]! += p.demand[t]!;
      unmet[t]! += p.unmet[t]!;
      closing[t]! += p.closing[t]!;
      if (p.belowSafetyStock[t] === true) belowSafetyStock[t] = true;
      if (p.stockOut[t] === true) stockOut[t] = true;
    }
  }
  const base = { opening, supply, served, demand, unmet, closing, belowSafetyStock, stockOut };
  return { ...base, daysOfSupply: daysOfSupply(closing, demand, days), summary: summarise(periods, opening0, base) };
}

/** A roll-up row of several item projections. */
function rollUp(
  level: ProjectionLevel,
  key: string,
  family: string | null,
  periods: readonly string[],
  days: readonly (number | null)[],
  members: readonly SeriesProjection[],
): SeriesProjection {
  const n = periods.length;
  let ss: Float64Array | null = null;
  for (const m of members) {
    if (m.safetyStock === null) continue;
    if (ss === null) ss = new Float64Array(n);
    for (let t = 0; t < n; t++) ss[t]! += m.safetyStock[t]!;
  }
  const unconstrained = sumPlans(periods, days, members.map((m) => m.unconstrained));
  const withPlan = members.filter((m) => m.constrained !== null);
  const flags: string[] = [];
  let constrained: PlanProjection | null = null;
  if (withPlan.length === members.length && members.length > 0)
    constrained = sumPlans(periods, days, withPlan.map((m) => m.constrained!));
  else if (withPlan.length > 0) flags.push(`supply plan given for ${withPlan.length} of ${members.length} items: no constrained projection for the roll-up`);
  const noOpening = members.filter((m) => m.flags.some((f) => f.startsWith("no on-hand"))).length;
  if (noOpening > 0) flags.push(`${noOpening} item(s) without an on-hand figure (opening taken as 0)`);
  return { level, key, family, items: members.length, safetyStock: ss, unconstrained, constrained, flags };
}

/**
 * Projects the inventory of every series over the plan periods, for the unconstrained
 * (consensus) plan and, when supply and served are given, the constrained (supply) plan;
 * rolls the series up per family and in total. See the module comment for every definition.
 * Never throws; empty input gives empty rows.
 */
export function projectInventory(input: ProjectionInput): InventoryProjection {
  const periods = Array.isArray(input?.periods) ? input.periods.map(String) : [];
  const days = periods.map(daysInPeriod);
  const notes = new Set<string>();
  const bad = periods.filter((_, t) => days[t] === null);
  if (bad.length > 0) notes.add(`Period(s) ${bad.join(", ")} are not months or weeks: days of supply around them is not defined.`);
  const list = Array.isArray(input?.series) ? input.series.filter((s) => s !== null && typeof s === "object") : [];
  const series = list.map((s) => projectSeries(periods, days, s, notes));

  const famOrder: string[] = [];
  const famMembers = new Map<string, SeriesProjection[]>();
  for (const s of series) {
    if (s.family === null) continue;
    let m = famMembers.get(s.family);
    if (m === undefined) {
      famMembers.set(s.family, (m = []));
      famOrder.push(s.family);
    }
    m.push(s);
  }
  const families = famOrder.map((f) => rollUp("family", f, f, periods, days, famMembers.get(f)!));
  const total = series.length > 0 ? rollUp("total", "Total", null, periods, days, series) : null;
  return { periods, daysPerPeriod: days, series, families, total, notes: [...notes] };
}

/**
 * The item series of a projection from the consensus, the inventory tab and (optionally) the
 * supply plan: one per demand item, then per inventory item without demand, then per
 * supply-plan item in neither (demand 0). opening = the item's on hand (null without an
 * inventory row); safety stock = `safetyStock` override (e.g. the recommended one) when
 * given for the item, else the tab's (null when blank). The first inventory row of an item
 * is used.
 */
export function projectionSeries(
  demand: readonly ItemDemand[],
  inventory: readonly InventoryRow[],
  plan: ReadonlyMap<string, ItemSupplyPlan> = new Map(),
  safetyStock: ReadonlyMap<string, number> = new Map(),
): ProjectionSeriesInput[] {
  const inv = new Map<string, InventoryRow>();
  for (const r of Array.isArray(inventory) ? inventory : []) if (r !== null && typeof r === "object" && !inv.has(r.item)) inv.set(r.item, r);
  const out: ProjectionSeriesInput[] = [];
  const done = new Set<string>();
  const add = (item: string, family: string | null, d: ArrayLike<number>): void => {
    if (done.has(item)) return;
    done.add(item);
    const row = inv.get(item);
    const p = plan.get(item);
    const override = safetyStock.get(item);
    out.push({
      key: item,
      family,
      opening: row !== undefined && Number.isFinite(row.onHand) ? row.onHand : null,
      safetyStock: override !== undefined && Number.isFinite(override) ? override : (row?.safetyStock ?? null),
      demand: d,
      supply: p?.supply ?? null,
      served: p?.served ?? null,
    });
  };
  for (const d of Array.isArray(demand) ? demand : []) if (d !== null && typeof d === "object") add(d.item, d.family ?? null, d.demand);
  for (const item of inv.keys()) add(item, null, []);
  for (const item of plan.keys()) add(item, null, []);
  return out;
}
