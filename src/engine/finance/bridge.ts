/**
 * Volume / mix / price bridge from budget revenue to plan revenue, at family level, over a range
 * of months (default: the cycle's calendar year — actuals of the closed months, plan after).
 *
 * Decomposition (Horngren, Datar & Rajan, Cost Accounting, "sales-volume variance = sales-
 * quantity variance + sales-mix variance", and the selling-price variance), with revenue in place
 * of contribution margin. Per family f over the range: budget volume BV_f, budget revenue BR_f,
 * budget price bp_f = BR_f / BV_f, budget share s_f = BV_f / BV; plan volume PV_f, plan revenue
 * PR_f; BV = Σ BV_f, PV = Σ PV_f, budget average price bp̄ = Σ BR_f / BV = Σ s_f × bp_f:
 *   volume (sales quantity) = (PV − BV) × bp̄          = Σ_f (PV − BV) × s_f × bp_f
 *   mix    (sales mix)      = Σ_f (PV_f − PV × s_f) × bp_f
 *   price  (selling price)  = Σ_f (PR_f / PV_f − bp_f) × PV_f = Σ_f (PR_f − PV_f × bp_f)
 * so that per family volume + mix + price = PR_f − BV_f × bp_f = PR_f − BR_f, and budget +
 * volume + mix + price = plan exactly (to rounding).
 *
 * Details:
 * - budget price of a family in a month = the price book's family price of that month (the mean
 *   over its items, weighted by actual or consensus quantities: `FinancialsResult.familyPrices`),
 *   the nearest month's when that month has none;
 * - a revenue budget gives budget volume = budget revenue / budget price, month by month; a volume
 *   budget gives budget revenue = budget volume × budget price, month by month;
 * - plan volume counts priced units only (units without a price add no revenue);
 * - a family without budget (BV_f = BR_f = 0) enters at its price-book price over the range: all
 *   of its revenue is mix;
 * - a family whose budget cannot be valued or converted (a budget but no price in any month) is
 *   not decomposed: its PR_f − BR_f is the "other" effect (a volume budget then counts 0 revenue);
 * - when the total budget volume is 0, budget shares are not defined: volume = Σ PV_f × bp_f and
 *   mix = 0;
 * - months of the range without a budget, or without actuals or plan, are left out on both sides
 *   and reported.
 *
 * Never throws; every number is finite. Pure; no I/O.
 */
import { familiesOf, familyBudget, planSide, plansOf, span } from "./budget";
import type { BudgetInput } from "./budgetGap";
import type { Bridge, BridgeFamily, FinanceIssue, PlanBridge } from "./types";
import { listNames, monthOrdinal, monthRange, plural, ratio } from "./util";

/** What `bridge` reads: the budget input and an optional range of months. */
export interface BridgeInput extends BudgetInput {
  /** First month (`YYYY-MM`) of the range; default January of the cycle's year. */
  readonly from?: string;
  /** Last month (`YYYY-MM`) of the range; default December of the cycle's year. */
  readonly to?: string;
}

const norm = (s: string): string => s.trim().toLowerCase();

/**
 * The volume / mix / price bridge from budget revenue to the revenue of each plan (consensus,
 * then the constrained plan) over a range of months, at family level. See the module header for
 * the decomposition. Never throws.
 */
export function bridge(input: BridgeInput): Bridge {
  const fin = input.financials;
  const measure = input.budgetMeasure;
  const planFamilies = familiesOf(fin);
  const table = familyBudget(input.budget, measure, fin.itemFamilies, planFamilies);
  const issues: FinanceIssue[] = [...table.issues];
  const y = fin.year === null ? null : String(fin.year).padStart(4, "0");
  const from = input.from ?? (y === null ? "" : `${y}-01`);
  const to = input.to ?? (y === null ? "" : `${y}-12`);
  const range = monthRange(from, to);
  if (range.length === 0) issues.push({ severity: "warning", code: "no-cycle", message: `No months to bridge (range '${from}' … '${to}').` });

  // Months bridged: a budget and a plan-side figure in every plan.
  const plans = plansOf(fin);
  const sides = plans.map((pf) => planSide(fin, pf));
  const budgetCol = new Map(table.months.map((m, j) => [m, j]));
  const months: string[] = [];
  const excludedMonths: { month: string; reason: string }[] = [];
  for (const m of range) {
    if (!budgetCol.has(m)) excludedMonths.push({ month: m, reason: "no budget for this month" });
    else if (sides.some((side) => side("", m).basis === "none")) excludedMonths.push({ month: m, reason: "neither actuals nor plan for this month" });
    else months.push(m);
  }
  if (excludedMonths.length > 0 && table.months.length > 0)
    issues.push({ severity: "warning", code: "budget-outside", message: `${plural(excludedMonths.length, "month")} of the range left out of the bridge on both sides (${listNames(excludedMonths.map((e) => `${e.month}: ${e.reason}`), 4)}).` });

  // Families: the budget's, then the plans' without a budget.
  const families: { family: string; values: readonly number[] }[] = table.families.map((f) => ({ family: f.family, values: f.values }));
  const seen = new Set(families.map((f) => norm(f.family)));
  for (const f of planFamilies) {
    if (seen.has(norm(f))) continue;
    seen.add(norm(f));
    families.push({ family: f, values: table.months.map(() => 0) });
  }

  // Budget price of each family per bridged month: that month's family price, else the nearest month's.
  const priceIndex = new Map(fin.familyPrices.map((fp, i) => [norm(fp.family), i]));
  const priceOrd = fin.priceMonths.map((m) => monthOrdinal(m) ?? 0);
  const budgetPrice = (family: string, month: string): number | null => {
    const fp = fin.familyPrices[priceIndex.get(norm(family)) ?? -1];
    if (fp === undefined) return null;
    const o = monthOrdinal(month) ?? 0;
    let best: number | null = null;
    let bestD = Infinity;
    for (let i = 0; i < fp.price.length; i++) {
      const p = fp.price[i] ?? null;
      if (p === null) continue;
      const d = Math.abs(priceOrd[i]! - o) * 2 + (priceOrd[i]! > o ? 1 : 0); // the earlier month wins a tie
      if (d < bestD) {
        bestD = d;
        best = p;
      }
    }
    return best;
  };

  // Budget side per family (the same for every plan).
  const notValued: string[] = [];
  const budgetSide = families.map((fb) => {
    let bv = 0;
    let br = 0;
    let bvAbs = 0;
    let valued = true;
    const prices: (number | null)[] = [];
    for (const m of months) {
      const b = fb.values[budgetCol.get(m) ?? -1] ?? 0;
      const p = budgetPrice(fb.family, m);
      prices.push(p);
      if (measure === "revenue") {
        br += b;
        if (p !== null && p > 0) {
          bv += b / p;
          bvAbs += Math.abs(b / p);
        } else if (b !== 0) valued = false;
      } else {
        bv += b;
        bvAbs += Math.abs(b);
        if (p !== null) br += b * p;
        else if (b !== 0) valued = false;
      }
    }
    // Signs that cancel out can leave a budget revenue without volume (or the reverse): not decomposed either.
    if (Math.abs(bv) <= 1e-12 * bvAbs && br !== 0) valued = false;
    else if (Math.abs(bv) <= 1e-12 * bvAbs) bv = 0;
    if (!valued) {
      notValued.push(fb.family);
      // A volume budget without any price has no revenue; a revenue budget without a price no volume.
      if (measure === "revenue") bv = 0;
      else br = 0;
    }
    return { family: fb.family, bv, br, valued, prices };
  });
  if (notValued.length > 0)
    issues.push({ severity: "warning", code: "not-decomposed", message: `${plural(notValued.length, "family", "families")} with a budget that cannot be ${measure === "revenue" ? "turned into volume" : "valued"} (no price, or figures that cancel out: ${listNames(notValued)}): not decomposed, their difference is the 'other' effect.` });

  const planBridges: PlanBridge[] = plans.map((pf, pi) => {
    const side = sides[pi]!;
    // Plan side per family.
    const planSideOf = budgetSide.map((b) => {
      let pv = 0;
      let pr = 0;
      let pvAtPrice = 0;
      months.forEach((m, j) => {
        const f = side(b.family, m).figures;
        if (f === null) return;
        const q = f.quantity - f.unpricedQuantity;
        pv += q;
        pr += f.revenue;
        pvAtPrice += q * (b.prices[j] ?? 0);
      });
      // The price-book price over the range (for a family without budget): plan-volume weighted, else a plain mean.
      const anyPrice = b.prices.some((p) => p !== null);
      const bookPrice = anyPrice ? (ratio(pvAtPrice, pv) ?? meanPrice(b.prices)) : null;
      return { pv, pr, bookPrice };
    });
    const decomposed = budgetSide.map((b) => b.valued);
    let BV = 0;
    let BRd = 0;
    let PV = 0;
    budgetSide.forEach((b, i) => {
      if (!decomposed[i]) return;
      BV += b.bv;
      BRd += b.br;
      PV += planSideOf[i]!.pv;
    });
    const fams: BridgeFamily[] = budgetSide.map((b, i) => {
      const ps = planSideOf[i]!;
      const planPrice = ratio(ps.pr, ps.pv);
      if (!decomposed[i]) {
        return {
          family: b.family,
          budgetVolume: b.bv,
          budgetRevenue: b.br,
          budgetPrice: null,
          budgetShare: null,
          planVolume: ps.pv,
          planRevenue: ps.pr,
          planPrice,
          planShare: null,
          volumeEffect: 0,
          mixEffect: 0,
          priceEffect: 0,
          otherEffect: ps.pr - b.br,
          decomposed: false,
        };
      }
      // Budget price: budget revenue / budget volume; without a budget, the price-book price over the range.
      const known = b.bv !== 0 ? b.br / b.bv : ps.bookPrice;
      const bp = known ?? 0;
      const share = ratio(b.bv, BV);
      const volumeEffect = share === null ? ps.pv * bp : (PV - BV) * share * bp;
      const mixEffect = share === null ? 0 : (ps.pv - PV * share) * bp;
      return {
        family: b.family,
        budgetVolume: b.bv,
        budgetRevenue: b.br,
        budgetPrice: known,
        budgetShare: share,
        planVolume: ps.pv,
        planRevenue: ps.pr,
        planPrice,
        planShare: ratio(ps.pv, PV),
        volumeEffect,
        mixEffect,
        priceEffect: ps.pr - ps.pv * bp,
        otherEffect: 0,
        decomposed: true,
      };
    });
    const sum = (k: "budgetRevenue" | "planRevenue" | "volumeEffect" | "mixEffect" | "priceEffect" | "otherEffect"): number => fams.reduce((a, f) => a + f[k], 0);
    return {
      name: pf.name,
      label: pf.label,
      budgetRevenue: sum("budgetRevenue"),
      volumeEffect: sum("volumeEffect"),
      mixEffect: sum("mixEffect"),
      priceEffect: sum("priceEffect"),
      otherEffect: sum("otherEffect"),
      planRevenue: sum("planRevenue"),
      budgetVolume: BV,
      planVolume: PV,
      budgetAveragePrice: ratio(BRd, BV),
      families: fams,
    };
  });

  const unpriced = plans.some((pf) => pf.total.unpricedQuantity > 0) || fin.actual.total.unpricedQuantity > 0;
  const method = [
    `Bridge from budget revenue to plan revenue over ${span(months)} (actuals of the closed months, plan after), at family level, after Horngren's Cost Accounting: sales-volume variance split into sales-quantity (volume) and sales-mix variances, plus the selling-price variance; revenue in place of contribution margin.`,
    "Volume = (total plan volume − total budget volume) × budget average price (budget revenue / budget volume).",
    "Mix = Σ families (plan volume − total plan volume × budget share) × budget price of the family.",
    "Price = Σ families (plan price − budget price) × plan volume = plan revenue − plan volume × budget price.",
    "Budget + volume + mix + price (+ other) = plan, exactly.",
    measure === "revenue"
      ? "The budget is in revenue: budget volumes are derived month by month as budget revenue / budget price, the budget price being the price book's price for the budget month (the family's mean over its items, weighted by actual or consensus quantities). With one price book for budget and plan, the price effect shows changes in the item and month mix within the families."
      : "The budget is in volume: budget revenue = budget volume × the price book's family price of the month (the mean over its items, weighted by actual or consensus quantities).",
    "Families without budget enter the mix at their price-book price; families whose budget has no price to convert it are not decomposed (the 'other' effect).",
    ...(unpriced ? ["Units without a price add no revenue and are left out of the plan volume."] : []),
  ];

  return { measure, from: range.length > 0 ? from : "", to: range.length > 0 ? to : "", months, excludedMonths, method, plans: planBridges, issues };
}

/** Mean of the known prices; null when none. */
function meanPrice(prices: readonly (number | null)[]): number | null {
  const known = prices.filter((p): p is number => p !== null);
  return known.length === 0 ? null : known.reduce((a, p) => a + p, 0) / known.length;
}
