/**
 * The constrained supply plan: build the LP of a supply problem, solve it through an injected
 * `LpSolver` (HiGHS in the add-in and the CLI, anything in tests) and read the solution back into
 * per-entity and per-resource figures with totals (DESIGN.md §4: fill rate = served / demand,
 * revenue = qty × price, margin = qty × (price − unit cost)).
 *
 * Never throws: a solver failure, an infeasible or unbounded LP, or an unexpected error gives a
 * plan with zero quantities, the status and a plain explanation naming the constraint set involved.
 * Values read back are cleaned (non-finite → 0, |x| < 1e-9 → 0, never negative).
 *
 * Pure; no I/O.
 */
import { writeLp } from "./lpFormat";
import { buildSupplyProblem } from "./supplyProblem";
import { buildSupplyModel, type SupplyModel } from "./supplyModel";
import type {
  EntityPlan,
  LpSize,
  LpSolution,
  LpSolver,
  LpStatus,
  ResourcePlan,
  SettingUsed,
  SupplyNote,
  SupplyPlan,
  SupplyPlanInput,
  SupplyProblem,
  SupplySettings,
  SupplyTotals,
} from "./types";

const EPS = 1e-9;

/** Σ of an array. */
const sum = (a: Float64Array): number => a.reduce((x, y) => x + y, 0);

/** A solution value, cleaned: non-finite or tiny → 0, never negative (every variable is ≥ 0). */
function clean(x: number | undefined): number {
  if (x === undefined || !Number.isFinite(x) || x < EPS) return 0;
  return x;
}

/** The plain explanation of a status other than optimal. */
function explain(status: LpStatus, message: string, lost: boolean): string {
  const rows = `inventory balance (I_t = I_t-1 + p_t + o_t - s_t), ${lost ? "demand (s_t + u_t = d_t)" : "backlog (B_t = B_t-1 + d_t - s_t)"}, capacity (hours per unit × production ≤ available + overtime) and safety stock (I_t + v_t ≥ SS_t)`;
  const detail = message === "" ? "" : ` The solver said: ${message}.`;
  switch (status) {
    case "Optimal":
      return "";
    case "Infeasible":
      return `The solver found no plan satisfying the ${rows} rows with every quantity ≥ 0. With lost or backlogged demand and a soft safety stock this should not happen: negative capacity, demand and stock were already set to 0 (see the notes); check the capacity and outsourcing bounds.${detail}`;
    case "Unbounded":
    case "Infeasible or unbounded":
      return `The solver reports the objective as unbounded (or the model as infeasible): a quantity could grow without limit while improving the margin. Sales are limited by demand through the ${rows} rows and costs were checked to be ≥ 0, so this points at a negative cost or a missing bound on outsourcing or overtime.${detail}`;
    case "Limit reached":
      return `The solver stopped at a time or iteration limit before proving the best plan; no plan is shown.${detail}`;
    case "Error":
      return `The LP solver failed, so no plan was made (model: ${rows}).${detail}`;
  }
}

/** Totals of a plan that serves nothing (no solution): everything 0 but the demand. */
export function emptyTotals(demand: number): SupplyTotals {
  return {
    demand,
    served: 0,
    fillRate: demand > 0 ? 0 : 1,
    unmetUnits: 0,
    backlogUnitPeriods: 0,
    production: 0,
    outsourcedUnits: 0,
    overtimeHours: 0,
    endingInventory: 0,
    endingInventoryValue: 0,
    shortfallUnitPeriods: 0,
    revenue: 0,
    costOfSales: 0,
    holdingCost: 0,
    overtimeCost: 0,
    outsourcingCost: 0,
    cost: 0,
    grossMargin: 0,
    margin: 0,
    unmetPenalty: 0,
    safetyStockPenalty: 0,
    objective: 0,
  };
}

/** Read the solution (or zeros when `solution` is null) into the plan's figures. */
function readPlan(model: SupplyModel, columnNames: readonly string[], solution: LpSolution | null): { entities: EntityPlan[]; resources: ResourcePlan[]; totals: SupplyTotals } {
  const { problem, vars } = model;
  const T = problem.periods.length;
  const lost = problem.unmet === "lost";
  const value = (j: number): number => (j < 0 || solution === null ? 0 : clean(solution.values.get(columnNames[j] ?? "")));
  const pick = (arr: Int32Array, base: number): Float64Array => {
    const out = new Float64Array(T);
    for (let t = 0; t < T; t++) out[t] = value(arr[base + t] ?? -1);
    return out;
  };
  const tot = { ...emptyTotals(0) };
  const entities = problem.entities.map((e, i): EntityPlan => {
    const base = i * T;
    const production = pick(vars.p, base);
    const outsourced = pick(vars.o, base);
    const above = pick(vars.x, base);
    const toward = pick(vars.q, base);
    const backlog = lost ? new Float64Array(T) : pick(vars.B, base);
    const served = lost ? pick(vars.s, base) : new Float64Array(T);
    const unmet = new Float64Array(T);
    const inventory = new Float64Array(T);
    const shortfall = new Float64Array(T);
    for (let t = 0; t < T; t++) {
      const d = e.demand[t] ?? 0;
      // The substituted variables (supplyModel.ts): u = d − s, s = d + B_{t−1} − B_t, I = x + q, v = max(0, SS − I).
      if (lost) unmet[t] = clean(d - (served[t] ?? 0));
      else served[t] = clean(d + (t > 0 ? (backlog[t - 1] ?? 0) : 0) - (backlog[t] ?? 0));
      inventory[t] = (above[t] ?? 0) + (toward[t] ?? 0);
      shortfall[t] = clean((e.safetyStock[t] ?? 0) - (inventory[t] ?? 0));
    }
    let revenue = 0;
    let cogs = 0;
    for (let t = 0; t < T; t++) {
      const st = served[t] ?? 0;
      revenue += st * (e.price[t] ?? 0);
      cogs += st * (e.unitCost[t] ?? 0);
      tot.holdingCost += (inventory[t] ?? 0) * (e.holdingCost[t] ?? 0);
      tot.outsourcingCost += (outsourced[t] ?? 0) * (e.outsourcingCost[t] ?? 0);
      tot.unmetPenalty += lost ? (unmet[t] ?? 0) * (e.unmetPenalty[t] ?? 0) : (backlog[t] ?? 0) * (e.backlogPenalty[t] ?? 0);
      tot.safetyStockPenalty += (shortfall[t] ?? 0) * (e.safetyStockPenalty[t] ?? 0);
    }
    const d = sum(e.demand);
    const sv = sum(served);
    const last = T > 0 ? (inventory[T - 1] ?? 0) : 0;
    tot.demand += d;
    tot.served += sv;
    tot.unmetUnits += lost ? sum(unmet) : T > 0 ? (backlog[T - 1] ?? 0) : 0;
    tot.backlogUnitPeriods += sum(backlog);
    tot.production += sum(production);
    tot.outsourcedUnits += sum(outsourced);
    tot.endingInventory += last;
    tot.endingInventoryValue += T > 0 ? last * (e.unitCost[T - 1] ?? 0) : 0;
    tot.shortfallUnitPeriods += sum(shortfall);
    tot.revenue += revenue;
    tot.costOfSales += cogs;
    return {
      key: e.key,
      family: e.family,
      demand: Float64Array.from(e.demand),
      production,
      outsourced,
      served,
      unmet,
      backlog,
      inventory,
      safetyStock: Float64Array.from(e.safetyStock),
      shortfall,
      onHand: e.onHand,
      revenue,
      grossMargin: revenue - cogs,
      fillRate: d > 0 ? Math.min(1, sv / d) : 1,
    };
  });
  const resIndex = new Map(problem.resources.map((r, j) => [r.resource, j] as const));
  const load = problem.resources.map(() => new Float64Array(T));
  entities.forEach((ep, i) => {
    for (const l of problem.entities[i]?.routing ?? []) {
      const j = resIndex.get(l.resource);
      if (j === undefined) continue;
      const row = load[j]!;
      for (let tau = 0; tau < T; tau++) {
        const t = tau + l.leadOffset;
        if (t < T) row[tau] = (row[tau] ?? 0) + l.perUnit * (ep.production[t] ?? 0);
      }
    }
  });
  const resources = problem.resources.map((r, j): ResourcePlan => {
    const overtime = pick(vars.h, j * T);
    for (let t = 0; t < T; t++) tot.overtimeCost += (overtime[t] ?? 0) * (r.overtimeCost[t] ?? 0);
    tot.overtimeHours += sum(overtime);
    return {
      resource: r.resource,
      unit: r.unit,
      load: load[j]!,
      available: Float64Array.from(r.available),
      known: [...r.known],
      overtime,
      maxOvertime: Float64Array.from(r.maxOvertime),
    };
  });
  tot.fillRate = tot.demand > 0 ? Math.min(1, tot.served / tot.demand) : 1;
  tot.cost = tot.costOfSales + tot.holdingCost + tot.overtimeCost + tot.outsourcingCost;
  tot.grossMargin = tot.revenue - tot.costOfSales;
  tot.margin = tot.revenue - tot.cost;
  tot.objective = tot.margin - tot.unmetPenalty - tot.safetyStockPenalty;
  return { entities, resources, totals: tot };
}

/** Extra context for `solveSupplyProblem`: the settings used and notes from building the problem. */
export interface SolveContext {
  readonly settings?: readonly SettingUsed[];
  readonly notes?: readonly SupplyNote[];
}

/**
 * Build the LP of `problem`, solve it with `solver` and read the plan back. Never throws.
 * Without entities the plan is empty and optimal (nothing to solve).
 */
export function solveSupplyProblem(problem: SupplyProblem, solver: LpSolver, context: SolveContext = {}): SupplyPlan {
  const notes: SupplyNote[] = [...(context.notes ?? [])];
  const settings = context.settings ?? [];
  const lost = problem.unmet === "lost";
  let size: LpSize = { variables: 0, constraints: 0, nonZeros: 0 };
  const base = { solver: solver.name, level: problem.level, unmet: problem.unmet, periods: problem.periods, settings };
  try {
    const model = buildSupplyModel(problem);
    notes.push(...model.notes);
    const text = writeLp(model.lp);
    size = { variables: model.lp.variables.length, constraints: model.lp.constraints.length, nonZeros: text.nonZeros };
    if (model.lp.variables.length === 0) {
      const r = readPlan(model, text.columnNames, null);
      return { ...base, status: "Optimal", explanation: "", ...r, size, notes };
    }
    const solution = solver.solve(text.text);
    if (solution.status !== "Optimal") {
      const r = readPlan(model, text.columnNames, null);
      const explanation = explain(solution.status, solution.message, lost);
      notes.push({ severity: "error", code: "solver", message: explanation });
      return { ...base, status: solution.status, explanation, ...r, size, notes };
    }
    const r = readPlan(model, text.columnNames, solution);
    return { ...base, status: "Optimal", explanation: "", ...r, size, notes };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const explanation = explain("Error", message, lost);
    notes.push({ severity: "error", code: "solver", message: explanation });
    const demand = problem.entities.reduce((a, e) => a + (e.demand ? sum(e.demand) : 0), 0);
    return { ...base, status: "Error", explanation, entities: [], resources: [], totals: emptyTotals(Number.isFinite(demand) ? demand : 0), size, notes };
  }
}

/**
 * The constrained supply plan from the engine's inputs: aggregate to families (or items), build
 * and solve the LP through `solver`, read the plan back. Never throws. `onProblem` is given the
 * supply problem once it is built (the solve does not change it), for callers that need it too.
 */
export function planSupply(input: SupplyPlanInput, solver: LpSolver, settings?: SupplySettings, onProblem?: (problem: SupplyProblem) => void): SupplyPlan {
  try {
    const prepared = buildSupplyProblem(input, settings);
    onProblem?.(prepared.problem);
    return solveSupplyProblem(prepared.problem, solver, { settings: prepared.settings, notes: prepared.notes });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const explanation = `The supply plan could not be prepared from the inputs: ${message}.`;
    return {
      status: "Error",
      explanation,
      solver: solver.name,
      level: settings?.level === "item" ? "item" : "family",
      unmet: settings?.unmet === "backlog" ? "backlog" : "lost",
      periods: input.periods,
      entities: [],
      resources: [],
      totals: emptyTotals(0),
      size: { variables: 0, constraints: 0, nonZeros: 0 },
      settings: [],
      notes: [{ severity: "error", code: "solver", message: explanation }],
    };
  }
}
