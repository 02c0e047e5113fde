/**
 * Production strategies side by side (S&OP practice: level, chase and a mix), per family (or item
 * at item level), on the same aggregated data as the supply plan (supplyProblem.ts: demand, on
 * hand, safety stock, prices, unit costs, routing, holding cost, available capacity, overtime cost):
 * - level: constant production P = max(0, (Σ demand + SS_last − on hand) / T) every period, i.e.
 *   total demand plus the stock change to the last period's safety stock, spread evenly;
 *   inventory absorbs the difference; when stock runs out the rest is lost (or backlogged);
 * - chase: production follows demand: P_t = max(0, d_t + SS_t − I_{t−1}) (demand of the period,
 *   bringing the stock back to safety stock; I_{−1} = on hand), so nothing is unmet;
 * - optimal: the constrained LP plan (`planSupply`), read as it is.
 * Level and chase ignore capacity: their load shows the overload. For each: production,
 * inventory, unmet, fill rate = served / demand, average and peak utilisation (load through the
 * routing with lead offsets, as the LP counts it), holding cost = Σ inventory × holding cost,
 * overtime needed = Σ max(0, load − available) on hours resources × their overtime cost (units
 * above a material's allocation are counted apart, as `materialShortfall`), revenue = Σ served ×
 * price, margin = revenue − cost of sales − holding − overtime.
 *
 * Never throws. Numbers are never NaN. Pure; no I/O.
 */
import { buildSupplyProblem } from "../supply/supplyProblem";
import { planSupply } from "../supply/supplyPlan";
import type { LpSolver, SupplyPlan, SupplyPlanInput, SupplyProblem, SupplySettings } from "../supply/types";
import { finite, loadFigures, marginPct } from "./metrics";
import type { ProductionStrategyName, StrategyComparison, StrategyEntityPlan, StrategyPlan, StrategyResourceLoad, StrategyTotals } from "./types";

/** Options of `productionStrategy`. */
export interface StrategyOptions {
  readonly settings?: SupplySettings;
  /** For `optimal`: the LP plan already made for the same input (no solve then). */
  readonly plan?: SupplyPlan;
  /** For `optimal` without `plan`: the LP solver. */
  readonly solver?: LpSolver;
}

/** How each strategy plans, in one sentence. */
export const STRATEGY_RULES: Readonly<Record<ProductionStrategyName, string>> = {
  level:
    "Level: the same production every month for each family, total demand plus the change of stock to the ending safety stock spread evenly; inventory absorbs the difference and demand is lost when stock runs out; capacity is not checked.",
  chase:
    "Chase: production follows demand every month (and brings stock back to safety stock); capacity is not checked, so the load shows the overtime needed.",
  optimal:
    "Optimal: the constrained supply plan (LP), maximising margin within capacity, allowed overtime and outsourcing.",
};

const sum = (a: Float64Array): number => a.reduce((x, y) => x + y, 0);

function zeroTotals(): StrategyTotals {
  return {
    revenue: 0,
    margin: 0,
    marginPct: 0,
    fillRate: 1,
    unmetUnits: 0,
    endingInventoryValue: 0,
    averageUtilisation: 0,
    peakUtilisation: 0,
    overtimeHours: 0,
    overtimeCost: 0,
    outsourcedUnits: 0,
    outsourcingCost: 0,
    holdingCost: 0,
    leverCost: 0,
    shortages: 0,
    demand: 0,
    production: 0,
    served: 0,
    endingInventory: 0,
    averageInventory: 0,
    materialShortfall: 0,
  };
}

/** Plans one entity by a heuristic strategy. */
function planEntity(e: SupplyProblem["entities"][number], strategy: "level" | "chase", backlog: boolean): StrategyEntityPlan {
  const T = e.demand.length;
  const production = new Float64Array(T);
  const served = new Float64Array(T);
  const unmet = new Float64Array(T);
  const inventory = new Float64Array(T);
  const totalDemand = sum(e.demand);
  const level = T > 0 ? Math.max(0, (totalDemand + (e.safetyStock[T - 1] ?? 0) - e.onHand) / T) : 0;
  let stock = e.onHand;
  let owed = 0;
  for (let t = 0; t < T; t++) {
    const d = e.demand[t] ?? 0;
    const p = strategy === "level" ? level : Math.max(0, d + owed + (e.safetyStock[t] ?? 0) - stock);
    production[t] = p;
    const available = stock + p;
    const need = d + owed;
    const s = Math.min(available, need);
    served[t] = s;
    stock = available - s;
    if (backlog) {
      owed = need - s;
      unmet[t] = owed;
    } else unmet[t] = need - s;
    inventory[t] = stock;
  }
  return { key: e.key, family: e.family, demand: Float64Array.from(e.demand), production, served, unmet, inventory, safetyStock: Float64Array.from(e.safetyStock) };
}

/** Loads of the heuristic plan through the routing (lead offsets as in the LP). */
function loadsOf(problem: SupplyProblem, entities: readonly StrategyEntityPlan[]): StrategyResourceLoad[] {
  const T = problem.periods.length;
  const index = new Map(problem.resources.map((r, j) => [r.resource, j] as const));
  const load = problem.resources.map(() => new Float64Array(T));
  problem.entities.forEach((e, i) => {
    const p = entities[i]!.production;
    for (const l of e.routing) {
      const j = index.get(l.resource);
      if (j === undefined) continue;
      const row = load[j]!;
      for (let tau = 0; tau < T; tau++) {
        const t = tau + l.leadOffset;
        if (t < T) row[tau] = (row[tau] ?? 0) + l.perUnit * (p[t] ?? 0);
      }
    }
  });
  return problem.resources.map((r, j): StrategyResourceLoad => {
    const ld = load[j]!;
    const overload = new Float64Array(T);
    for (let t = 0; t < T; t++) if (r.known[t] === true) overload[t] = Math.max(0, (ld[t] ?? 0) - (r.available[t] ?? 0));
    return { resource: r.resource, unit: r.unit, load: ld, available: Float64Array.from(r.available), known: [...r.known], overload };
  });
}

/** The level or chase plan of a supply problem. */
function heuristicPlan(problem: SupplyProblem, strategy: "level" | "chase"): StrategyPlan {
  const T = problem.periods.length;
  const backlog = problem.unmet === "backlog";
  const entities = problem.entities.map((e) => planEntity(e, strategy, backlog));
  const resources = loadsOf(problem, entities);
  const tot = { ...zeroTotals() };
  let cogs = 0;
  const invByPeriod = new Float64Array(T);
  problem.entities.forEach((e, i) => {
    const ep = entities[i]!;
    for (let t = 0; t < T; t++) {
      const s = ep.served[t] ?? 0;
      tot.revenue += s * (e.price[t] ?? 0);
      cogs += s * (e.unitCost[t] ?? 0);
      tot.holdingCost += (ep.inventory[t] ?? 0) * (e.holdingCost[t] ?? 0);
      invByPeriod[t] = (invByPeriod[t] ?? 0) + (ep.inventory[t] ?? 0);
    }
    tot.demand += sum(ep.demand);
    tot.served += sum(ep.served);
    tot.production += sum(ep.production);
    tot.unmetUnits += backlog ? (T > 0 ? (ep.unmet[T - 1] ?? 0) : 0) : sum(ep.unmet);
    const last = T > 0 ? (ep.inventory[T - 1] ?? 0) : 0;
    tot.endingInventory += last;
    tot.endingInventoryValue += T > 0 ? last * (e.unitCost[T - 1] ?? 0) : 0;
  });
  problem.resources.forEach((r, j) => {
    const over = resources[j]!.overload;
    for (let t = 0; t < T; t++) {
      const o = over[t] ?? 0;
      if (r.unit === "hours") {
        tot.overtimeHours += o;
        tot.overtimeCost += o * (r.overtimeCost[t] ?? 0);
      } else tot.materialShortfall += o;
    }
  });
  const lf = loadFigures(resources, problem.periods);
  tot.averageInventory = T > 0 ? sum(invByPeriod) / T : 0;
  tot.fillRate = tot.demand > 0 ? Math.min(1, tot.served / tot.demand) : 1;
  tot.margin = tot.revenue - cogs - tot.holdingCost - tot.overtimeCost;
  tot.marginPct = marginPct(tot.margin, tot.revenue);
  tot.averageUtilisation = lf.averageUtilisation;
  tot.peakUtilisation = lf.peakUtilisation;
  tot.shortages = lf.shortages;
  const totals = Object.fromEntries(Object.entries(tot).map(([k, v]) => [k, finite(v)])) as unknown as StrategyTotals;
  return { strategy, periods: problem.periods, entities, resources, totals, peak: lf.peak, rule: STRATEGY_RULES[strategy], note: "" };
}

/** The LP plan read as the `optimal` strategy. */
export function strategyFromPlan(plan: SupplyPlan): StrategyPlan {
  const T = plan.periods.length;
  const lost = plan.unmet === "lost";
  const entities = plan.entities.map(
    (e): StrategyEntityPlan => ({
      key: e.key,
      family: e.family,
      demand: e.demand,
      production: e.production,
      served: e.served,
      unmet: lost ? e.unmet : e.backlog,
      inventory: e.inventory,
      safetyStock: e.safetyStock,
    }),
  );
  const resources = plan.resources.map((r): StrategyResourceLoad => {
    const overload = new Float64Array(T);
    for (let t = 0; t < T; t++) if (r.known[t] === true) overload[t] = Math.max(0, (r.load[t] ?? 0) - (r.available[t] ?? 0));
    return { resource: r.resource, unit: r.unit, load: r.load, available: r.available, known: r.known, overload };
  });
  const lf = loadFigures(resources, plan.periods);
  const t = plan.totals;
  let inv = 0;
  for (const e of plan.entities) inv += sum(e.inventory);
  let materialShortfall = 0;
  resources.forEach((r) => {
    if (r.unit === "units") for (let k = 0; k < T; k++) materialShortfall += Math.max(0, (r.overload[k] ?? 0) - (plan.resources.find((x) => x.resource === r.resource)?.overtime[k] ?? 0));
  });
  const totals: StrategyTotals = {
    revenue: finite(t.revenue),
    margin: finite(t.margin),
    marginPct: marginPct(t.margin, t.revenue),
    fillRate: finite(t.fillRate),
    unmetUnits: finite(t.unmetUnits),
    endingInventoryValue: finite(t.endingInventoryValue),
    averageUtilisation: lf.averageUtilisation,
    peakUtilisation: lf.peakUtilisation,
    overtimeHours: finite(t.overtimeHours),
    overtimeCost: finite(t.overtimeCost),
    outsourcedUnits: finite(t.outsourcedUnits),
    outsourcingCost: finite(t.outsourcingCost),
    holdingCost: finite(t.holdingCost),
    leverCost: 0,
    shortages: lf.shortages,
    demand: finite(t.demand),
    production: finite(t.production),
    served: finite(t.served),
    endingInventory: finite(t.endingInventory),
    averageInventory: T > 0 ? finite(inv / T) : 0,
    materialShortfall: finite(materialShortfall),
  };
  return { strategy: "optimal", periods: plan.periods, entities, resources, totals, peak: lf.peak, rule: STRATEGY_RULES.optimal, note: plan.status === "Optimal" ? "" : plan.explanation };
}

/**
 * The production plan of `strategy` for `input`: level and chase without the LP (capacity not
 * checked); optimal from `options.plan`, else solved with `options.solver`. Never throws: without
 * plan or solver, or on an unexpected error, the plan is empty with the reason in `note`.
 */
export function productionStrategy(input: SupplyPlanInput, strategy: ProductionStrategyName, options: StrategyOptions = {}): StrategyPlan {
  const empty = (note: string): StrategyPlan => ({ strategy, periods: input.periods, entities: [], resources: [], totals: zeroTotals(), peak: null, rule: STRATEGY_RULES[strategy], note });
  try {
    if (strategy === "optimal") {
      if (options.plan) return strategyFromPlan(options.plan);
      if (options.solver) return strategyFromPlan(planSupply(input, options.solver, options.settings));
      return empty("The optimal strategy needs the LP solver (or the supply plan already made).");
    }
    return heuristicPlan(buildSupplyProblem(input, options.settings).problem, strategy);
  } catch (err) {
    return empty(`The ${strategy} plan could not be made: ${err instanceof Error ? err.message : String(err)}.`);
  }
}

/**
 * Level, chase and optimal side by side for one input. `plan`: the LP plan already made for the
 * same input (optimal is null without it and without a solver); `built`: the supply problem of the
 * same input and settings when it was already built (`planSupply`'s `onProblem`).
 */
export function compareStrategies(input: SupplyPlanInput, settings: SupplySettings | undefined, plan: SupplyPlan | null, solver?: LpSolver, built?: SupplyProblem): StrategyComparison {
  let problem: SupplyProblem | null = built ?? null;
  const heuristic = (s: "level" | "chase"): StrategyPlan => {
    try {
      problem ??= buildSupplyProblem(input, settings).problem;
      return heuristicPlan(problem, s);
    } catch {
      return productionStrategy(input, s, { settings });
    }
  };
  const optimal = plan !== null ? strategyFromPlan(plan) : solver !== undefined ? productionStrategy(input, "optimal", { settings, solver }) : null;
  return { level: heuristic("level"), chase: heuristic("chase"), optimal };
}
