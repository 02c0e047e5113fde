/**
 * The master production schedule (DESIGN.md §2 step 6): the approved plan, disaggregated from
 * families to items, per month and (when asked) per ISO week, in whole units.
 *
 * Rules, per family f and month t (a family-level plan, or no constrained plan):
 * 1. the family's quantity P_f,t is the plan's production plus outsourced units (the plan's
 *    receipts); without a usable constrained plan (none, or not optimal) it is the family's
 *    consensus (production = demand); a family absent from the plan also uses its consensus;
 * 2. whole units without drift: N_f,t = round(Σ_{k≤t} P_f,k) − round(Σ_{k<t} P_f,k), so the
 *    cumulative schedule is the plan's cumulative total rounded (half up) in every month;
 * 3. consensus mix: item i gets x_i = N_f,t · d_i,t / D_f,t, its share of the family's consensus
 *    in that month; equal shares when the family's consensus in that month is 0;
 * 4. inventory targets: with a_i = opening_i + x_i, an item short of its target has
 *    g_i = max(0, d_i,t + T_i,t − a_i), an item above it can give s_i = min(x_i, max(0, a_i −
 *    d_i,t − T_i,t)); m = min(Σg, Σs) units move from the givers (in proportion to s_i) to the
 *    short items (in proportion to g_i). No giver goes below its own target, the family total
 *    does not change, and every short item reaches its target when the givers have enough;
 * 5. whole units by largest remainder: each item gets ⌊x_i⌋, the N_f,t − Σ⌊x_i⌋ units left go
 *    one each to the largest fractional parts (ties: the item listed first), so the items add up
 *    exactly to N_f,t;
 * 6. projection: I_i,t = max(0, I_i,t−1 + p_i,t − d_i,t), I_i,0 = on hand (0 without an
 *    inventory row); unmet_i,t = max(0, d_i,t − I_i,t−1 − p_i,t) (lost, not backlogged).
 * Targets T_i,t: the inventory tab's safety stock; else target days of supply × the average
 * daily consensus of months t … t+2 (calendar days; the supply plan's own rule,
 * `supply/supplyProblem.ts`); else 0. Several inventory rows of an item are summed.
 *
 * An item-level plan is already per item: the MPS is each item's plan production plus
 * outsourced units, whole units by rule 2 per item, without re-allocation (items of the
 * consensus missing from the plan use their consensus).
 *
 * Weeks (`weekly: true`, monthly periods only): each item's month is split over the ISO weeks
 * that hold its working days (Monday–Friday; no holiday calendar), in proportion to the working
 * days each week has in that month, whole units by largest remainder (ties: the earlier week).
 * A week spanning two months takes its share of each; so a month's weeks add up to the month.
 *
 * Pure; no I/O. Never throws on odd data; never NaN (non-finite or negative quantities count as 0).
 */
import type { ConsensusItem } from "../demand/types";
import type { InventoryRow } from "../inputs";
import { daysInMonth, dayNumber, isoWeekOfDate, parsePeriodKey, periodKey, periodOrdinal } from "../period";
import type { SupplyPlan } from "../supply/types";
import type { ExecutionNote, Mps, MpsBasis, MpsFamily, MpsItem, MpsWeeks, TargetSource } from "./types";

/** What `buildMps` reads. */
export interface MpsInput {
  /** The plan's periods (the consensus periods, `YYYY-MM`), first month first. */
  readonly periods: readonly string[];
  /** Consensus per item, one value per period. */
  readonly items: readonly Pick<ConsensusItem, "item" | "family" | "consensus">[];
  /** The approved constrained plan; null when there is none. A plan that is not optimal is not used. */
  readonly plan: Pick<SupplyPlan, "status" | "level" | "periods" | "entities"> | null;
  readonly inventory: readonly InventoryRow[];
}

export interface MpsOptions {
  /** Also split every month into ISO weeks by working days (default false). */
  readonly weekly?: boolean;
}

/** Months averaged for a target in days of supply (the supply plan's rule). */
const TARGET_DAYS_PERIODS = 3;
const EPS = 1e-9;

const pos = (v: number | undefined): number => (v !== undefined && Number.isFinite(v) && v > 0 ? v : 0);

/** "a, b, c and 4 more". */
function listNames(names: readonly string[], max = 5): string {
  const head = names.slice(0, max).join(", ");
  return names.length > max ? `${head} and ${names.length - max} more` : head;
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

/**
 * Whole numbers that add up to `total` (rounded, at least 0), in proportion to `values`
 * (negative or non-finite values count as 0) by the largest-remainder method: each entry gets
 * the integer part of its exact share, the units left go one each to the largest fractional
 * parts, ties to the entry listed first. When every value is 0 the shares are `fallback`'s,
 * else equal.
 */
export function largestRemainder(values: ArrayLike<number>, total: number, fallback?: ArrayLike<number>): Float64Array {
  const n = values.length;
  const out = new Float64Array(n);
  const N = Number.isFinite(total) ? Math.max(0, Math.round(total)) : 0;
  if (n === 0 || N === 0) return out;
  let w = Float64Array.from({ length: n }, (_, i) => pos(values[i]));
  let s = w.reduce((a, b) => a + b, 0);
  if (s <= 0 && fallback !== undefined) {
    w = Float64Array.from({ length: n }, (_, i) => pos(fallback[i]));
    s = w.reduce((a, b) => a + b, 0);
  }
  if (s <= 0) {
    w.fill(1);
    s = n;
  }
  if (N > Number.MAX_SAFE_INTEGER) {
    // Beyond whole-unit precision (a forecast of 1e20 units): plain proportional shares; the
    // remainder loops below would never end (left − 1 === left).
    for (let i = 0; i < n; i++) out[i] = (w[i]! * N) / s;
    return out;
  }
  const frac = new Float64Array(n);
  let assigned = 0;
  for (let i = 0; i < n; i++) {
    const x = (w[i]! * N) / s;
    const f = Math.floor(x + EPS * Math.max(1, x));
    out[i] = f;
    frac[i] = x - f;
    assigned += f;
  }
  let left = N - assigned;
  if (left !== 0) {
    const order = Array.from({ length: n }, (_, i) => i);
    if (left > 0) {
      order.sort((a, b) => frac[b]! - frac[a]! || a - b);
      for (let k = 0; left > 0; k = (k + 1) % n, left--) out[order[k]!]! += 1;
    } else {
      // Only reachable through floating-point noise: take back from the smallest fractions.
      order.sort((a, b) => frac[a]! - frac[b]! || b - a);
      for (let k = 0; left < 0 && k < n * N + n; k++) {
        const i = order[k % n]!;
        if (out[i]! >= 1) {
          out[i] = out[i]! - 1;
          left++;
        }
      }
    }
  }
  return out;
}

/**
 * Whole units per period without drift: r_t = round(Σ_{k≤t} v_k) − round(Σ_{k<t} v_k) (half up;
 * negative or non-finite values count as 0), so every cumulative total is the exact cumulative
 * total rounded.
 */
export function cumulativeRound(values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(values.length);
  let cum = 0;
  let prev = 0;
  for (let t = 0; t < values.length; t++) {
    cum += pos(values[t]);
    const r = Math.round(cum + EPS * Math.max(1, cum));
    out[t] = r - prev;
    prev = r;
  }
  return out;
}

/** ISO weekday of a day number (days since 1970-01-01): Monday 1 … Sunday 7. */
function isoWeekday(days: number): number {
  return ((((days + 3) % 7) + 7) % 7) + 1;
}

/** The ISO weeks of a month's working days (Monday–Friday) and how many each holds; empty when `month` is not a month key. */
export function workingDaysByWeek(month: string): { readonly week: string; readonly days: number }[] {
  const p = parsePeriodKey(month);
  if (p === null || p.kind !== "month") return [];
  const out: { week: string; days: number }[] = [];
  for (let d = 1; d <= daysInMonth(p.year, p.num); d++) {
    if (isoWeekday(dayNumber(p.year, p.num, d)) > 5) continue;
    const w = isoWeekOfDate(p.year, p.num, d);
    const week = periodKey({ kind: "week", year: w.year, num: w.week });
    const last = out[out.length - 1];
    if (last !== undefined && last.week === week) last.days++;
    else out.push({ week, days: 1 });
  }
  return out;
}

/** Calendar days of a period key (28–31 for a month, 7 for a week); 0 for anything else. */
function periodDays(key: string): number {
  const p = parsePeriodKey(key);
  if (p === null) return 0;
  return p.kind === "month" ? daysInMonth(p.year, p.num) : 7;
}

/** An item's inventory data, summed over its rows. */
interface ItemStock {
  onHand: number;
  safetyStock: number | null;
  targetDays: number | null;
}

/** Target per period: safety stock; else target days × average daily demand of t … t+2; else 0. */
function targetOf(stock: ItemStock | undefined, demand: Float64Array, periods: readonly string[]): { target: Float64Array; source: TargetSource } {
  const T = periods.length;
  const target = new Float64Array(T);
  if (stock?.safetyStock !== null && stock?.safetyStock !== undefined) {
    target.fill(Math.max(0, stock.safetyStock));
    return { target, source: "safety stock" };
  }
  if (stock?.targetDays !== null && stock?.targetDays !== undefined && stock.targetDays > 0) {
    for (let t = 0; t < T; t++) {
      let q = 0;
      let days = 0;
      for (let j = t; j < Math.min(T, t + TARGET_DAYS_PERIODS); j++) {
        q += demand[j]!;
        days += periodDays(periods[j]!);
      }
      target[t] = days > 0 ? (stock.targetDays * q) / days : 0;
    }
    return { target, source: "target days" };
  }
  return { target, source: "none" };
}

/**
 * Rule 4: move units of this month's allocation `x` from items above their target to items
 * below it; the total of `x` is unchanged. Mutates `x`.
 */
export function adjustToTargets(x: Float64Array, opening: ArrayLike<number>, demand: ArrayLike<number>, target: ArrayLike<number>): void {
  const n = x.length;
  const g = new Float64Array(n);
  const s = new Float64Array(n);
  let G = 0;
  let S = 0;
  for (let i = 0; i < n; i++) {
    const a = (opening[i] ?? 0) + x[i]!;
    const need = (demand[i] ?? 0) + (target[i] ?? 0);
    g[i] = Math.max(0, need - a);
    s[i] = Math.min(x[i]!, Math.max(0, a - need));
    G += g[i]!;
    S += s[i]!;
  }
  const m = Math.min(G, S);
  if (m <= EPS) return;
  for (let i = 0; i < n; i++) {
    if (g[i]! > 0) x[i] = x[i]! + (m * g[i]!) / G;
    else if (s[i]! > 0) x[i] = Math.max(0, x[i]! - (m * s[i]!) / S);
  }
}

/** Mutable per-item working state. */
interface Work {
  readonly item: string;
  readonly family: string;
  readonly demand: Float64Array;
  readonly production: Float64Array;
  readonly onHand: number;
  readonly target: Float64Array;
  readonly targetSource: TargetSource;
  readonly inventory: Float64Array;
  readonly unmet: Float64Array;
}

/** Project one period of an item (rule 6). */
function project(w: Work, t: number, opening: number): number {
  const avail = opening + w.production[t]!;
  const d = w.demand[t]!;
  w.inventory[t] = Math.max(0, avail - d);
  w.unmet[t] = Math.max(0, d - avail);
  return w.inventory[t]!;
}

/** Split each item's months into ISO weeks by working days. */
function splitWeeks(periods: readonly string[], items: readonly MpsItem[], families: readonly MpsFamily[]): MpsWeeks {
  const byMonth = periods.map(workingDaysByWeek);
  const weekSet = new Map<string, number>();
  for (const parts of byMonth) for (const p of parts) if (!weekSet.has(p.week)) weekSet.set(p.week, periodOrdinal(parsePeriodKey(p.week)!));
  const weeks = [...weekSet.entries()].sort((a, b) => a[1] - b[1]).map(([k]) => k);
  const index = new Map(weeks.map((k, i) => [k, i]));
  const workingDays = new Array<number>(weeks.length).fill(0);
  const parts: { month: string; days: number }[][] = weeks.map(() => []);
  byMonth.forEach((ps, t) => {
    for (const p of ps) {
      const i = index.get(p.week)!;
      workingDays[i] = workingDays[i]! + p.days;
      parts[i]!.push({ month: periods[t]!, days: p.days });
    }
  });
  const itemWeeks = items.map((it) => {
    const out = new Float64Array(weeks.length);
    byMonth.forEach((ps, t) => {
      const q = it.production[t]!;
      if (q <= 0 || ps.length === 0) return;
      const split = largestRemainder(
        ps.map((p) => p.days),
        q,
      );
      ps.forEach((p, k) => {
        const i = index.get(p.week)!;
        out[i] = out[i]! + split[k]!;
      });
    });
    return out;
  });
  const famWeeks = families.map((f) => {
    const out = new Float64Array(weeks.length);
    items.forEach((it, k) => {
      if (it.family !== f.family) return;
      const w = itemWeeks[k]!;
      for (let i = 0; i < weeks.length; i++) out[i] = out[i]! + w[i]!;
    });
    return out;
  });
  return { periods: weeks, workingDays, parts, items: itemWeeks, families: famWeeks };
}

/** The rules of a schedule, in sentences for the sheet. */
function rulesOf(basis: MpsBasis, weekly: boolean): string[] {
  const rules: string[] = [];
  if (basis === "item plan") {
    rules.push("The approved plan is per item: each item's schedule is its planned production plus outsourced units, without re-allocation.");
    rules.push("Whole units without drift: each month is the plan's cumulative total rounded, minus the months before (so the horizon total is the plan's, rounded).");
  } else {
    rules.push(
      basis === "family plan"
        ? "Each family's monthly quantity is the approved plan's production plus outsourced units; a family missing from the plan uses its consensus."
        : "No constrained plan: each family's monthly quantity is its consensus (production = demand).",
    );
    rules.push("Whole units without drift: each family month is the plan's cumulative total rounded, minus the months before.");
    rules.push("Consensus mix: each item gets its share of the family's consensus in that month (equal shares when the family's consensus is 0).");
    rules.push(
      "Inventory targets: units then move within the family from items that would end the month above their target to items that would end below it (in proportion to surplus and shortfall), never taking an item below its own target; the family total does not change.",
    );
    rules.push("Largest remainder: each item gets the whole part of its share, the units left go to the largest fractions (ties: the item listed first), so the items add up to the family total.");
  }
  rules.push("Target: the inventory tab's safety stock; else target days of supply × the average daily consensus of the month and the next two; else 0.");
  rules.push("Projected inventory = max(0, opening + production − consensus), opening = on hand in the first month; demand the stock cannot cover is shown as unmet.");
  if (weekly) rules.push("Weeks: each month is split over the ISO weeks of its working days (Monday–Friday, no holidays) in proportion to their working days in that month, whole units by largest remainder (ties: the earlier week); a week spanning two months takes its share of each.");
  return rules;
}

/** Build the master production schedule (see the module header for the rules). Never throws. */
export function buildMps(input: MpsInput, options: MpsOptions = {}): Mps {
  const periods = input.periods;
  const T = periods.length;
  const notes: ExecutionNote[] = [];

  // A usable plan: optimal, with entities.
  let plan = input.plan;
  if (plan !== null && plan.status !== "Optimal") {
    notes.push({ severity: "warning", code: "no-plan", message: `The supply plan is not optimal (${plan.status}): the MPS follows the consensus (production = demand).` });
    plan = null;
  }
  if (plan === null && input.plan === null) notes.push({ severity: "info", code: "no-plan", message: "No constrained supply plan: the MPS follows the consensus (production = demand), re-allocated within each family to meet the inventory targets." });

  // Plan figures aligned on the input periods.
  const planCol = plan ? periods.map((p) => plan.periods.indexOf(p)) : [];
  const missingCols = planCol.filter((c) => c < 0).length;
  if (plan && missingCols > 0) notes.push({ severity: "warning", code: "bad-value", message: `The supply plan has no figure for ${plural(missingCols, "month")} of the horizon: the consensus is used there.` });
  const receipts = (e: SupplyPlan["entities"][number]): Float64Array =>
    Float64Array.from(periods, (_, t) => {
      const c = planCol[t]!;
      return c < 0 ? Number.NaN : pos(e.production[c]) + pos(e.outsourced[c]);
    });

  // Inventory per item.
  const stock = new Map<string, ItemStock>();
  for (const row of input.inventory) {
    const s = stock.get(row.item) ?? { onHand: 0, safetyStock: null, targetDays: null };
    s.onHand += pos(row.onHand);
    if (row.safetyStock !== null && Number.isFinite(row.safetyStock)) s.safetyStock = (s.safetyStock ?? 0) + Math.max(0, row.safetyStock);
    if (row.targetDays !== null && Number.isFinite(row.targetDays) && row.targetDays > 0) s.targetDays = Math.max(s.targetDays ?? 0, row.targetDays);
    stock.set(row.item, s);
  }

  // Items (duplicates summed) grouped by family in order of first appearance.
  const work: Work[] = [];
  const workIndex = new Map<string, number>();
  let badValues = 0;
  for (const c of input.items) {
    let k = workIndex.get(c.item);
    if (k === undefined) {
      k = work.length;
      workIndex.set(c.item, k);
      work.push({
        item: c.item,
        family: c.family,
        demand: new Float64Array(T),
        production: new Float64Array(T),
        onHand: stock.get(c.item)?.onHand ?? 0,
        target: new Float64Array(T),
        targetSource: "none",
        inventory: new Float64Array(T),
        unmet: new Float64Array(T),
      });
    }
    const d = work[k]!.demand;
    for (let t = 0; t < T; t++) {
      const v = c.consensus[t];
      if (v === undefined || !Number.isFinite(v) || v < 0) {
        if (v !== undefined && v !== 0) badValues++;
        continue;
      }
      d[t] = d[t]! + v;
    }
  }
  if (badValues > 0) notes.push({ severity: "warning", code: "bad-value", message: `${plural(badValues, "negative or non-numeric consensus figure")} taken as 0.` });
  for (let k = 0; k < work.length; k++) {
    const w = work[k]!;
    const { target, source } = targetOf(stock.get(w.item), w.demand, periods);
    work[k] = { ...w, target, targetSource: source };
  }
  const familyOrder: string[] = [];
  const members = new Map<string, number[]>();
  work.forEach((w, k) => {
    let m = members.get(w.family);
    if (m === undefined) {
      members.set(w.family, (m = []));
      familyOrder.push(w.family);
    }
    m.push(k);
  });

  const level: MpsBasis = plan === null ? "consensus" : plan.level === "item" ? "item plan" : "family plan";
  const familyBasis = new Map<string, MpsBasis>();
  const planProduction = new Map<string, Float64Array>();

  if (plan !== null && plan.level === "item") {
    const byItem = new Map(plan.entities.map((e) => [e.key, e]));
    const missing: string[] = [];
    for (const fam of familyOrder) {
      let any = false;
      const pp = new Float64Array(T);
      for (const k of members.get(fam)!) {
        const w = work[k]!;
        const e = byItem.get(w.item);
        if (e === undefined) missing.push(w.item);
        else any = true;
        const r = e ? receipts(e) : w.demand;
        const exact = Float64Array.from(r, (v, t) => (Number.isNaN(v) ? w.demand[t]! : v));
        for (let t = 0; t < T; t++) pp[t] = pp[t]! + exact[t]!;
        w.production.set(cumulativeRound(exact));
        let inv = w.onHand;
        for (let t = 0; t < T; t++) inv = project(w, t, inv);
      }
      familyBasis.set(fam, any ? "item plan" : "consensus");
      planProduction.set(fam, pp);
    }
    if (missing.length > 0) notes.push({ severity: "warning", code: "family-not-in-plan", message: `${plural(missing.length, "item")} missing from the item plan follow their consensus (${listNames(missing)}).` });
  } else {
    const byFamily = new Map((plan?.entities ?? []).map((e) => [e.key, e]));
    const missing: string[] = [];
    for (const fam of familyOrder) {
      const ks = members.get(fam)!;
      const e = byFamily.get(fam);
      if (plan !== null && e === undefined) missing.push(fam);
      const consensusTotal = Float64Array.from(periods, (_, t) => ks.reduce((a, k) => a + work[k]!.demand[t]!, 0));
      const r = e ? receipts(e) : consensusTotal;
      const exact = Float64Array.from(r, (v, t) => (Number.isNaN(v) ? consensusTotal[t]! : v));
      familyBasis.set(fam, e ? "family plan" : "consensus");
      planProduction.set(fam, exact);
      const N = cumulativeRound(exact);
      const opening = ks.map((k) => work[k]!.onHand);
      for (let t = 0; t < T; t++) {
        const d = ks.map((k) => work[k]!.demand[t]!);
        const D = d.reduce((a, b) => a + b, 0);
        const x = Float64Array.from(d, (v) => (D > 0 ? (N[t]! * v) / D : N[t]! / ks.length));
        adjustToTargets(
          x,
          opening,
          d,
          ks.map((k) => work[k]!.target[t]!),
        );
        const q = largestRemainder(x, N[t]!, d);
        ks.forEach((k, i) => {
          const w = work[k]!;
          w.production[t] = q[i]!;
          opening[i] = project(w, t, opening[i]!);
        });
      }
    }
    if (missing.length > 0) notes.push({ severity: "warning", code: "family-not-in-plan", message: `${plural(missing.length, "family", "families")} missing from the supply plan follow their consensus (${listNames(missing)}).` });
    const known = new Set(familyOrder);
    const orphans = (plan?.entities ?? []).filter((e) => !known.has(e.key)).map((e) => e.key);
    if (orphans.length > 0) notes.push({ severity: "warning", code: "plan-family-without-items", message: `The supply plan has ${plural(orphans.length, "family", "families")} without items in the consensus: left out of the MPS (${listNames(orphans)}).` });
  }

  const items: MpsItem[] = work.map((w) => {
    let below = 0;
    for (let t = 0; t < T; t++) if (w.inventory[t]! < w.target[t]! - EPS * Math.max(1, w.target[t]!)) below++;
    return { ...w, monthsBelowTarget: below };
  });
  const short = items.filter((i) => i.monthsBelowTarget > 0).map((i) => i.item);
  if (short.length > 0)
    notes.push({
      severity: "info",
      code: "target-not-met",
      message: `${plural(short.length, "item")} end some month below their inventory target: their family's plan leaves too few units to cover them (${listNames(short)}).`,
    });

  const families: MpsFamily[] = familyOrder.map((fam) => {
    const ks = members.get(fam)!;
    const sum = (pick: (w: MpsItem) => Float64Array): Float64Array => {
      const out = new Float64Array(T);
      for (const k of ks) {
        const v = pick(items[k]!);
        for (let t = 0; t < T; t++) out[t] = out[t]! + v[t]!;
      }
      return out;
    };
    return {
      family: fam,
      items: ks.length,
      basis: familyBasis.get(fam) ?? "consensus",
      demand: sum((i) => i.demand),
      planProduction: planProduction.get(fam) ?? new Float64Array(T),
      production: sum((i) => i.production),
      inventory: sum((i) => i.inventory),
      target: sum((i) => i.target),
      unmet: sum((i) => i.unmet),
    };
  });

  let weeks: MpsWeeks | null = null;
  const weekly = options.weekly === true;
  if (weekly) {
    const monthly = periods.every((p) => parsePeriodKey(p)?.kind === "month");
    if (monthly) weeks = splitWeeks(periods, items, families);
    else notes.push({ severity: "info", code: "weekly-periods", message: "The plan's periods are not months: no weekly split (the schedule is already in its own buckets)." });
  }

  return { periods, basis: level, items, families, weeks, rules: rulesOf(level, weeks !== null), notes };
}
