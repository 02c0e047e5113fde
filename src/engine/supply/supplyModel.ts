/**
 * The supply plan's linear program, built from a `SupplyProblem` (plain data per family or
 * item, per resource, per period).
 *
 * The model (types.ts) has, per entity e and period t, production p, sales s, ending inventory I,
 * lost demand u or backlog B, and safety-stock shortfall v. The LP states the same model with the
 * variables that are fixed by an equation substituted out, which halves its rows (an item-level
 * plan of 2,000 items × 18 periods solves several times faster, and backlog plans far faster):
 *
 * - inventory I_t = x_t + q_t, where q_t ∈ [0, SS_t] is the stock held toward safety stock and
 *   x_t ≥ 0 the stock above it (q only where SS_t > 0). Maximising −holding × I − SS penalty × v
 *   with v = max(0, SS − I) is maximising −holding × x + (SS penalty − holding) × q − SS penalty × SS
 *   (q fills first because the SS penalty is ≥ 0); so v_t = SS_t − q_t and no safety-stock row.
 * - lost sales: u_t = d_t − s_t, so s_t ∈ [0, d_t] and its coefficient is margin + lost penalty
 *   (constant −penalty × d); no demand row.
 * - backlog: s_t = d_t + B_{t−1} − B_t, so the balance holds I − B and sales ≥ 0 is the row
 *   B_t − B_{t−1} ≤ d_t; B_t's coefficient is −penalty_t − margin_t + margin_{t+1} (constant margin × d).
 *
 * Rows (x_e_t for entity e, period t; h_r_t for resource r):
 *   bal_e_t  lost:    x_t + q_t − x_{t−1} − q_{t−1} − p_t − o_t + s_t = (t = 0 ? on hand : 0)
 *            backlog: x_t + q_t − B_t − x_{t−1} − q_{t−1} + B_{t−1} − p_t − o_t = (t = 0 ? on hand : 0) − d_t
 *   blg_e_t  backlog: B_t − B_{t−1} ≤ d_t                                  (sales ≥ 0)
 *   cap_r_τ  Σ_{e,lead} hpu × p_{e, τ+lead} − h_τ ≤ available_τ           capacity (known periods)
 * Bounds: s ≤ d (lost), q ≤ SS, o ≤ outsourcing allowance, h ≤ maximum overtime; all ≥ 0.
 *   cap_r_mk Σ_{e,lead} hpu × p_{e, lead−k} ≤ available_0                   k = 1 … max lead: months
 *            before the plan, whose capacity is unknown and taken as the first period's, no overtime
 * Production in t < lead loads the resource before the first period: limited as above, so the plan
 * cannot build stock there for free (a note says so).
 *
 * Objective (maximise) = Σ margin × s − holding × I − overtime cost × h − outsourcing cost × o
 * − unmet penalty × u (or backlog penalty × B) − safety-stock penalty × v, less `objectiveConstant`
 * (LP readers do not all accept a constant): LP optimum + objectiveConstant = the plan's objective.
 *
 * The model is always feasible (p = o = h = 0, nothing sold, or backlog growing by the demand) and
 * bounded (sales ≤ demand; costs ≥ 0). Values the problem should not hold (non-finite, negative
 * demand, capacity, stock or costs) are set to 0 and reported before the LP is written.
 *
 * Pure; no I/O.
 */
import { writeLp, type LpConstraint, type LpModel, type LpVariable } from "./lpFormat";
import type { SupplyNote, SupplyProblem } from "./types";

/** Variable index per (entity × periods + t) or (resource × periods + t); −1 where there is none. */
export interface SupplyVariables {
  readonly p: Int32Array;
  /** Sales (lost mode; −1 where there is no demand). */
  readonly s: Int32Array;
  /** Stock above safety stock. */
  readonly x: Int32Array;
  /** Stock held toward safety stock (where SS > 0). */
  readonly q: Int32Array;
  /** Backlog (backlog mode). */
  readonly B: Int32Array;
  readonly o: Int32Array;
  readonly h: Int32Array;
}

/** The LP of a supply problem, where each figure sits in it, and what was fixed on the way. */
export interface SupplyModel {
  /** The problem as modelled (bad values replaced by 0). */
  readonly problem: SupplyProblem;
  readonly lp: LpModel;
  /** The plan's objective = the LP's optimum + this constant. */
  readonly objectiveConstant: number;
  readonly vars: SupplyVariables;
  readonly notes: readonly SupplyNote[];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Replace non-finite and (unless `allowNegative`) negative values by 0; returns how many. */
function cleanArray(a: Float64Array, allowNegative = false): number {
  let n = 0;
  for (let t = 0; t < a.length; t++) {
    const x = a[t] ?? 0;
    if (!Number.isFinite(x) || (!allowNegative && x < 0)) {
      a[t] = 0;
      n++;
    }
  }
  return n;
}

/** A copy of the problem with every array of length `periods`, every value finite, and no negative quantity or cost. */
function sanitize(problem: SupplyProblem, notes: SupplyNote[]): SupplyProblem {
  const T = problem.periods.length;
  const fit = (a: Float64Array): Float64Array => {
    const b = new Float64Array(T);
    b.set(a.length > T ? a.subarray(0, T) : a);
    return b;
  };
  const fixed = { demand: 0, capacity: 0, stock: 0, cost: 0, price: 0, hours: 0 };
  const entities = problem.entities.map((e) => {
    const c: Mutable<typeof e> = { ...e };
    c.demand = fit(e.demand);
    c.safetyStock = fit(e.safetyStock);
    c.price = fit(e.price);
    c.unitCost = fit(e.unitCost);
    c.holdingCost = fit(e.holdingCost);
    c.unmetPenalty = fit(e.unmetPenalty);
    c.backlogPenalty = fit(e.backlogPenalty);
    c.safetyStockPenalty = fit(e.safetyStockPenalty);
    c.outsourcingMax = fit(e.outsourcingMax);
    c.outsourcingCost = fit(e.outsourcingCost);
    fixed.demand += cleanArray(c.demand);
    fixed.stock += cleanArray(c.safetyStock) + cleanArray(c.outsourcingMax);
    fixed.price += cleanArray(c.price, true) + cleanArray(c.unitCost, true);
    for (const a of [c.holdingCost, c.unmetPenalty, c.backlogPenalty, c.safetyStockPenalty, c.outsourcingCost]) fixed.cost += cleanArray(a);
    c.onHand = Number.isFinite(e.onHand) && e.onHand > 0 ? e.onHand : 0;
    if (c.onHand !== e.onHand) fixed.stock++;
    c.routing = e.routing.filter((l) => {
      const ok = Number.isFinite(l.perUnit) && l.perUnit >= 0 && Number.isInteger(l.leadOffset) && l.leadOffset >= 0;
      if (!ok) fixed.hours++;
      return ok && l.perUnit > 0;
    });
    return c;
  });
  const resources = problem.resources.map((r) => {
    const c: Mutable<typeof r> = { ...r };
    c.available = fit(r.available);
    c.maxOvertime = fit(r.maxOvertime);
    c.overtimeCost = fit(r.overtimeCost);
    c.known = Array.from({ length: T }, (_, t) => r.known[t] ?? false);
    fixed.capacity += cleanArray(c.available) + cleanArray(c.maxOvertime);
    fixed.cost += cleanArray(c.overtimeCost);
    return c;
  });
  const say = (n: number, code: SupplyNote["code"], what: string): void => {
    if (n > 0) notes.push({ severity: "warning", code, message: `${n} ${what} set to 0 in the model.` });
  };
  say(fixed.demand, "negative-demand", "negative or non-numeric demand values");
  say(fixed.capacity, "negative-capacity", "negative or non-numeric capacity or overtime values");
  say(fixed.stock, "negative-stock", "negative or non-numeric stock, safety-stock or outsourcing values");
  say(fixed.price, "bad-value", "non-numeric prices or unit costs");
  say(fixed.cost, "bad-value", "negative or non-numeric costs or penalties");
  if (fixed.hours > 0) notes.push({ severity: "warning", code: "negative-hours", message: `${fixed.hours} routing lines with negative or non-numeric hours per unit (or a bad lead offset) ignored.` });
  return { ...problem, entities, resources };
}

/**
 * Build the LP of a supply problem. Never throws; the notes say what was replaced, and which
 * production is not capacity-constrained because its load would fall before the first period.
 */
export function buildSupplyModel(problemIn: SupplyProblem): SupplyModel {
  const notes: SupplyNote[] = [];
  const problem = sanitize(problemIn, notes);
  const T = problem.periods.length;
  const E = problem.entities.length;
  const R = problem.resources.length;
  const lost = problem.unmet === "lost";
  const variables: LpVariable[] = [];
  const constraints: LpConstraint[] = [];
  const idx = (): Int32Array => new Int32Array(E * T).fill(-1);
  const vars: SupplyVariables = { p: idx(), s: idx(), x: idx(), q: idx(), B: idx(), o: idx(), h: new Int32Array(R * T).fill(-1) };
  const add = (name: string, cost: number, upper = Number.POSITIVE_INFINITY): number => {
    variables.push({ name, lower: 0, upper, cost });
    return variables.length - 1;
  };
  let objectiveConstant = 0;

  problem.entities.forEach((e, i) => {
    for (let t = 0; t < T; t++) {
      const k = i * T + t;
      const tag = `${i}_${t}`;
      const d = e.demand[t] ?? 0;
      const ss = e.safetyStock[t] ?? 0;
      const margin = (e.price[t] ?? 0) - (e.unitCost[t] ?? 0);
      const hold = e.holdingCost[t] ?? 0;
      const ssPen = e.safetyStockPenalty[t] ?? 0;
      vars.p[k] = add(`p_${tag}`, 0);
      if (lost) {
        const pen = e.unmetPenalty[t] ?? 0;
        if (d > 0) vars.s[k] = add(`s_${tag}`, margin + pen, d);
        objectiveConstant -= pen * d;
      } else {
        const next = t + 1 < T ? (e.price[t + 1] ?? 0) - (e.unitCost[t + 1] ?? 0) : 0;
        vars.B[k] = add(`B_${tag}`, next - margin - (e.backlogPenalty[t] ?? 0));
        objectiveConstant += margin * d;
      }
      vars.x[k] = add(`x_${tag}`, -hold);
      if (ss > 0) {
        vars.q[k] = add(`q_${tag}`, ssPen - hold, ss);
        objectiveConstant -= ssPen * ss;
      }
      const oMax = e.outsourcingMax[t] ?? 0;
      if (oMax > 0) vars.o[k] = add(`o_${tag}`, -(e.outsourcingCost[t] ?? 0), oMax);
    }
  });

  problem.entities.forEach((e, i) => {
    for (let t = 0; t < T; t++) {
      const k = i * T + t;
      const tag = `${i}_${t}`;
      const d = e.demand[t] ?? 0;
      const bv: number[] = [];
      const bc: number[] = [];
      const term = (j: number | undefined, c: number): void => {
        if (j !== undefined && j >= 0) {
          bv.push(j);
          bc.push(c);
        }
      };
      term(vars.x[k], 1);
      term(vars.q[k], 1);
      if (!lost) term(vars.B[k], -1);
      if (t > 0) {
        term(vars.x[k - 1], -1);
        term(vars.q[k - 1], -1);
        if (!lost) term(vars.B[k - 1], 1);
      }
      term(vars.p[k], -1);
      term(vars.o[k], -1);
      if (lost) term(vars.s[k], 1);
      const opening = t === 0 ? e.onHand : 0;
      constraints.push({ name: `bal_${tag}`, vars: bv, coefs: bc, sense: "=", rhs: lost ? opening : opening - d });
      if (!lost) {
        const gv = [vars.B[k]!];
        const gc = [1];
        if (t > 0) {
          gv.push(vars.B[k - 1]!);
          gc.push(-1);
        }
        constraints.push({ name: `blg_${tag}`, vars: gv, coefs: gc, sense: "<=", rhs: d });
      }
    }
  });

  // Capacity rows. Loads per resource: (entity, hours per unit, lead).
  const resIndex = new Map(problem.resources.map((r, j) => [r.resource, j] as const));
  const loads: { e: number; perUnit: number; lead: number }[][] = problem.resources.map(() => []);
  problem.entities.forEach((e, i) => {
    for (const l of e.routing) {
      const j = resIndex.get(l.resource);
      if (j !== undefined) loads[j]!.push({ e: i, perUnit: l.perUnit, lead: l.leadOffset });
    }
  });
  problem.resources.forEach((r, j) => {
    const list = loads[j]!;
    if (list.length === 0) return;
    const early = new Map<number, Set<number>>();
    for (const l of list) {
      if (l.lead <= 0 || !r.known.some(Boolean)) continue;
      let set = early.get(l.lead);
      if (set === undefined) early.set(l.lead, (set = new Set()));
      set.add(l.e);
    }
    for (const [lead, set] of [...early].sort((a, b) => a[0] - b[0])) {
      const n = Math.min(lead, T);
      const span = n === 1 ? problem.periods[0] : `${problem.periods[0]} ... ${problem.periods[n - 1]}`;
      const names = [...set].slice(0, 5).map((i) => problem.entities[i]?.key ?? "");
      const more = set.size > 5 ? ` and ${set.size - 5} more` : "";
      notes.push({
        severity: "info",
        code: "load-before-horizon",
        message: `${r.resource} (lead offset ${lead}): production in ${span} of ${names.join(", ")}${more} loads it before the first plan period; the capacity there is taken as the first period's (no overtime).`,
      });
    }
    // Rows before the plan (τ < 0): production of the first periods loads the resource in months
    // before the plan; their capacity is unknown and taken as the first period's, without overtime,
    // so the plan cannot build stock "for free" there.
    let maxLead = 0;
    for (const l of list) maxLead = Math.max(maxLead, l.lead);
    for (let tau = -Math.min(maxLead, T); tau < T; tau++) {
      const at = Math.max(0, tau);
      if (!r.known[at]) continue;
      const cv: number[] = [];
      const cc: number[] = [];
      for (const l of list) {
        const t = tau + l.lead;
        if (t >= T || t < 0) continue;
        cv.push(vars.p[l.e * T + t]!);
        cc.push(l.perUnit);
      }
      if (cv.length === 0) continue;
      if (tau < 0) {
        constraints.push({ name: `cap_${j}_m${-tau}`, vars: cv, coefs: cc, sense: "<=", rhs: r.available[0] ?? 0 });
        continue;
      }
      const hMax = r.maxOvertime[tau] ?? 0;
      if (hMax > 0) {
        const h = add(`h_${j}_${tau}`, -(r.overtimeCost[tau] ?? 0), hMax);
        vars.h[j * T + tau] = h;
        cv.push(h);
        cc.push(-1);
      }
      constraints.push({ name: `cap_${j}_${tau}`, vars: cv, coefs: cc, sense: "<=", rhs: r.available[tau] ?? 0 });
    }
  });

  const ascii = (x: string): string => x.replace(/[^\x20-\x7e]/g, "?");
  const comments = [
    `S&OP constrained supply plan: ${problem.level} level, ${lost ? "lost sales" : "backlog"}, ${T} periods ${ascii(problem.periods[0] ?? "")} ... ${ascii(problem.periods[T - 1] ?? "")}`,
    "x_e_t: p production, s served (lost sales), B backlog, x stock above safety stock, q stock toward safety stock, o outsourced; h_r_t overtime",
    `inventory = x + q; safety-stock shortfall = SS - q; ${lost ? "lost = demand - s" : "served = demand + B(t-1) - B(t)"}; plan objective = LP objective ${objectiveConstant < 0 ? "-" : "+"} ${Math.abs(objectiveConstant)}`,
    ...problem.entities.map((e, i) => `entity ${i}: ${ascii(e.key)}`),
    ...problem.resources.map((r, j) => `resource ${j}: ${ascii(r.resource)} (${r.unit})`),
  ];
  return { problem, lp: { sense: "maximize", objectiveName: "margin", variables, constraints, comments }, objectiveConstant, vars, notes };
}

/** The CPLEX LP text of a supply problem: exactly the text given to the solver by `solveSupplyProblem`. */
export function supplyLp(problem: SupplyProblem): string {
  return writeLp(buildSupplyModel(problem).lp).text;
}
