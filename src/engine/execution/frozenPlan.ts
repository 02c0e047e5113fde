/**
 * The plan frozen at the lock of a cycle (DESIGN.md §2 step 6): what the next cycle's business
 * review compares the actuals with. Per family, per item (from the MPS) and in total, per plan
 * period: consensus demand, planned sales, planned production, planned ending inventory and,
 * when prices are known, planned revenue.
 *
 * Rules:
 * - a usable constrained plan (optimal) gives the family lines: demand, served (planned sales),
 *   production + outsourced (planned production: the plan's receipts) and ending inventory; an
 *   item-level plan's items are summed into their families;
 * - without one (no solver or no capacity, or not optimal) the frozen plan is the consensus, and
 *   its basis note says so: planned sales = planned production = consensus demand, and the
 *   planned inventory stays at today's on hand (the family's items summed);
 * - a family without a line in the plan takes the MPS's figures for it;
 * - item lines are the MPS: production as scheduled, planned sales = demand − unmet, planned
 *   inventory as projected (so the items of a family add up to its line up to the MPS's
 *   whole-unit rounding);
 * - revenue: an item's planned sales × its price in that period (the price book,
 *   `finance/pricing.ts`); a family's planned sales × the family's mean price in that period,
 *   weighted by its items' consensus in the period, else over the horizon, else equally, over the
 *   items with a price (the supply plan's pricing rule for family plans); null for a line
 *   without any price; the total's revenue is the families' sum.
 *
 * Pure; no I/O. Never throws; never NaN.
 */
import type { Consensus } from "../demand/types";
import { weightedMean } from "../finance/financials";
import { priceAt, priceBook } from "../finance/pricing";
import type { PriceRow } from "../inputs";
import type { SupplyPlan } from "../supply/types";
import type { FrozenLine, FrozenPlan, Mps } from "./types";

/** Key of the total line. */
export const TOTAL_KEY = "(total)";

export interface FreezeOptions {
  readonly cycle: string;
  /** ISO timestamp of the lock. */
  readonly frozenAt: string;
  readonly prices?: readonly PriceRow[];
  /** Why there is no constrained plan, when there is none ("No LP solver was available…"). */
  readonly planNote?: string;
}

const fin = (v: number | undefined): number => (v !== undefined && Number.isFinite(v) ? v : 0);

/** True when a supply plan can be frozen as the approved plan. */
export function isUsablePlan(plan: Pick<SupplyPlan, "status"> | null): boolean {
  return plan !== null && plan.status === "Optimal";
}

/** Sum of lines, per period (revenue null when every line's is). */
export function sumLines(key: string, family: string, lines: readonly FrozenLine[], T: number): FrozenLine {
  const z = (): Float64Array => new Float64Array(T);
  const out = { demand: z(), sales: z(), production: z(), inventory: z() };
  let revenue: Float64Array | null = null;
  for (const l of lines) {
    for (let t = 0; t < T; t++) {
      out.demand[t] = out.demand[t]! + fin(l.demand[t]);
      out.sales[t] = out.sales[t]! + fin(l.sales[t]);
      out.production[t] = out.production[t]! + fin(l.production[t]);
      out.inventory[t] = out.inventory[t]! + fin(l.inventory[t]);
    }
    if (l.revenue !== null) {
      revenue ??= z();
      for (let t = 0; t < T; t++) revenue[t] = revenue[t]! + fin(l.revenue[t]);
    }
  }
  return { key, family, ...out, revenue };
}

/** Freeze the approved plan (see the module header for the rules). */
export function freezePlan(plan: SupplyPlan | null, consensus: Consensus, mps: Mps, options: FreezeOptions): FrozenPlan {
  const periods = consensus.periods;
  const T = periods.length;
  const usable = isUsablePlan(plan) ? plan : null;
  const col = usable ? periods.map((p) => usable.periods.indexOf(p)) : [];
  const aligned = (a: Float64Array, add?: Float64Array): Float64Array =>
    Float64Array.from(periods, (_, t) => {
      const c = col[t]!;
      return c < 0 ? 0 : fin(a[c]) + (add ? fin(add[c]) : 0);
    });

  // Price book over the consensus items.
  const prices = options.prices ?? [];
  const book = prices.length > 0 ? priceBook(prices, consensus.items.map((c) => c.item), periods) : null;
  const priceOf = (item: string, t: number): number | null => (book ? priceAt(book, item, periods[t]!).price : null);

  // Items from the MPS.
  const mpsFamily = new Map(mps.families.map((f) => [f.family, f]));
  const items: FrozenLine[] = mps.items.map((i) => {
    const sales = Float64Array.from(i.demand, (d, t) => Math.max(0, d - i.unmet[t]!));
    let revenue: Float64Array | null = null;
    if (book) {
      const r = new Float64Array(T);
      let any = false;
      for (let t = 0; t < T; t++) {
        const p = priceOf(i.item, t);
        if (p === null) continue;
        any = true;
        r[t] = sales[t]! * p;
      }
      revenue = any ? r : null;
    }
    return { key: i.item, family: i.family, demand: Float64Array.from(i.demand), sales, production: Float64Array.from(i.production), inventory: Float64Array.from(i.inventory), revenue };
  });

  // Family quantities.
  const onHandOf = new Map<string, number>();
  for (const i of mps.items) onHandOf.set(i.family, (onHandOf.get(i.family) ?? 0) + i.onHand);
  const byFamily = new Map<string, SupplyPlan["entities"][number][]>();
  for (const e of usable?.entities ?? []) {
    const fam = usable!.level === "item" ? e.family : e.key;
    const l = byFamily.get(fam) ?? [];
    l.push(e);
    byFamily.set(fam, l);
  }
  const familyNames = consensus.families.map((f) => f.family);
  for (const f of mps.families) if (!familyNames.includes(f.family)) familyNames.push(f.family);
  const familyLines: FrozenLine[] = familyNames.map((fam) => {
    const cf = consensus.families.find((f) => f.family === fam);
    const demandC = Float64Array.from(periods, (_, t) => fin(cf?.consensus[t]));
    const es = byFamily.get(fam);
    let line: Omit<FrozenLine, "revenue">;
    if (usable && es && es.length > 0) {
      const s = sumLines(
        fam,
        fam,
        es.map((e) => ({ key: e.key, family: fam, demand: aligned(e.demand), sales: aligned(e.served), production: aligned(e.production, e.outsourced), inventory: aligned(e.inventory), revenue: null })),
        T,
      );
      line = s;
    } else if (usable) {
      const m = mpsFamily.get(fam);
      line = {
        key: fam,
        family: fam,
        demand: m ? Float64Array.from(m.demand) : demandC,
        sales: m ? Float64Array.from(m.demand, (d, t) => Math.max(0, d - m.unmet[t]!)) : demandC,
        production: m ? Float64Array.from(m.production) : Float64Array.from(demandC),
        inventory: m ? Float64Array.from(m.inventory) : new Float64Array(T).fill(onHandOf.get(fam) ?? 0),
      };
    } else {
      line = { key: fam, family: fam, demand: demandC, sales: Float64Array.from(demandC), production: Float64Array.from(demandC), inventory: new Float64Array(T).fill(onHandOf.get(fam) ?? 0) };
    }
    // Revenue: planned sales × the family's consensus-weighted mean price.
    let revenue: Float64Array | null = null;
    if (book) {
      const fItems = consensus.items.filter((c) => c.family === fam);
      const horizon = fItems.map((c) => Array.from(c.consensus).reduce((a, b) => a + fin(b), 0));
      const r = new Float64Array(T);
      let any = false;
      for (let t = 0; t < T; t++) {
        const p = weightedMean(
          fItems.map((c) => priceOf(c.item, t)),
          fItems.map((c) => fin(c.consensus[t])),
          horizon,
        );
        if (p === null) continue;
        any = true;
        r[t] = line.sales[t]! * p;
      }
      revenue = any ? r : null;
    }
    return { ...line, revenue };
  });

  let basisNote: string;
  if (usable) {
    basisNote =
      usable.level === "item"
        ? `Constrained supply plan per item (${usable.solver}); planned production includes outsourced units.`
        : `Constrained supply plan per family (${usable.solver}); planned production includes outsourced units; the item lines are the MPS (the family plan split by consensus mix and inventory targets).`;
  } else if (plan !== null) {
    basisNote = `The supply plan was not optimal (${plan.status}): the frozen plan is the consensus: planned sales = planned production = consensus demand, planned inventory stays at today's on hand.`;
  } else {
    const why = options.planNote !== undefined && options.planNote.trim() !== "" ? ` ${options.planNote.trim()}` : "";
    basisNote = `No constrained plan: the frozen plan is the consensus: planned sales = planned production = consensus demand, planned inventory stays at today's on hand.${why}`;
  }

  return {
    cycle: options.cycle,
    frozenAt: options.frozenAt,
    periods: [...periods],
    basis: usable ? "supply plan" : "consensus",
    basisNote,
    families: familyLines,
    items,
    total: sumLines(TOTAL_KEY, TOTAL_KEY, familyLines, T),
  };
}
