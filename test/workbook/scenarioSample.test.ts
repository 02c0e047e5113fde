/**
 * Scenarios on the SAMPLE workbook against an independent calculation written here.
 *
 * The baseline is what a run computes: the sample's parsed inputs and the consensus of the demand
 * step. One scenario per lever kind is built programmatically (engine `Lever` objects, scoped to a
 * family or a resource and a period range) and run through `runScenarios` with HiGHS. This file
 * then recomputes, from the parsed inputs only (consensus per item, price table, routing, capacity,
 * inventory), what the supply model should see for each scenario: family demand, safety stock,
 * demand-weighted prices and unit costs, routing hours per unit (item lines replacing family lines,
 * horizon-demand-weighted), available capacity (capacity × efficiency), overtime allowances and
 * costs, outsourcing allowances and costs. Against that:
 * - the LP plan's identities: inventory balance I_t = I_{t−1} + p_t + o_t − s_t, served + unmet =
 *   demand, load = Σ hours per unit × production at lead offsets, load ≤ available + overtime,
 *   overtime and outsourcing within their allowances, pre-horizon capacity rows;
 * - every scenario figure (revenue, margin, fill rate, unmet, ending inventory value, utilisation,
 *   overtime and outsourcing cost, lever cost, shortages) recomputed from the plan's quantities;
 * - per lever, the effect derived by hand (price and demand deltas, capacity deltas, allowances,
 *   level and chase production rules).
 * Nothing here calls the engine's lever, supply-problem or metric functions.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Consensus } from "../../src/engine/demand/types";
import type { PlanningInputs } from "../../src/engine/inputs";
import { runScenarios } from "../../src/engine/scenario/runScenarios";
import type { Lever, LeverCost, LeverKind, LeverScope, ScenarioComparison, ScenarioDefinition, ScenarioMetrics, ScenarioResult, StrategyPlan } from "../../src/engine/scenario/types";
import type { SupplyPlan } from "../../src/engine/supply/types";
import { BufferHost } from "../../src/hosts/file/bufferHost";
import { loadHighsSolver } from "../../src/solver/highsSolver";
import { demandStep } from "../../src/workbook/demandStep";
import { computeRun, prepareRun } from "../../src/workbook/runCycle";

const SAMPLE = path.resolve(__dirname, "../../assets/sample/sop-sample.xlsx");

// Supply settings the run uses (the sample saves none): the documented defaults.
const HOLDING_RATE = 0.02;
const OVERTIME_SHARE = 0.1;
const OVERTIME_COST = 45;
const OUTSOURCING_RATE = 0.25;

const TOL = 1e-6;
const close = (a: number, b: number, what: string, tol = TOL): void => {
  assert.ok(Number.isFinite(a) && Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what}: ${a} ≉ ${b}`);
};
const atMost = (a: number, b: number, what: string, tol = TOL): void => {
  assert.ok(a <= b + tol * Math.max(1, Math.abs(b)), `${what}: ${a} > ${b}`);
};
const sum = (xs: ArrayLike<number>): number => {
  let s = 0;
  for (let k = 0; k < xs.length; k++) s += xs[k] ?? 0;
  return s;
};

// ---------------------------------------------------------------------------
// The scenario data as the test sees it: per item, per resource, per family (plain arrays).

/** What a scenario changes, written out in full: the inputs the supply model should receive. */
interface Spec {
  /** Demand per item and plan period. */
  readonly demand: Map<string, number[]>;
  readonly price: Map<string, number[]>;
  readonly cost: Map<string, number[]>;
  /** Capacity per resource and plan period, before efficiency (NaN = unknown). */
  readonly capacity: Map<string, number[]>;
  /** Overtime allowance per resource and period; null = the default (share × available). */
  readonly overtimeMax: Map<string, (number | null)[]>;
  readonly overtimeCost: Map<string, number[]>;
  /** Outsourcing allowance and cost per unit (null = rate × unit cost) per family and period. */
  readonly outsourcingMax: Map<string, number[]>;
  readonly outsourcingCost: Map<string, (number | null)[]>;
}

interface Line {
  readonly resource: string;
  readonly lead: number;
  readonly perUnit: number;
}

interface FamilyData {
  readonly family: string;
  readonly items: readonly string[];
  readonly demand: number[];
  readonly onHand: number;
  readonly safetyStock: number[];
  readonly price: number[];
  readonly cost: number[];
  readonly holding: number[];
  readonly lines: readonly Line[];
  readonly outsourcingMax: number[];
  readonly outsourcingCost: number[];
}

interface ResourceData {
  readonly resource: string;
  readonly unit: "hours" | "units";
  readonly available: number[];
  readonly known: boolean[];
  readonly overtimeMax: number[];
  readonly overtimeCost: number[];
}

interface Model {
  readonly families: readonly FamilyData[];
  readonly resources: readonly ResourceData[];
}

/** Everything the test reads from the sample, once. */
interface Sample {
  readonly inputs: PlanningInputs;
  readonly consensus: Consensus;
  readonly periods: readonly string[];
  readonly itemFamily: Map<string, string>;
  readonly familyItems: Map<string, string[]>;
  readonly comparison: ScenarioComparison;
  readonly runRevenue: number;
}

function daysInMonth(period: string): number {
  const [y, m] = period.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** The baseline spec straight from the parsed inputs and the consensus. */
function baseSpec(s: Pick<Sample, "inputs" | "consensus" | "periods">): Spec {
  const T = s.periods.length;
  const demand = new Map<string, number[]>();
  for (const it of s.consensus.items) demand.set(it.item, Array.from({ length: T }, (_, t) => it.consensus[t] ?? 0));
  const price = new Map<string, number[]>();
  const cost = new Map<string, number[]>();
  for (const r of s.inputs.prices) {
    price.set(r.item, new Array<number>(T).fill(r.price));
    cost.set(r.item, new Array<number>(T).fill(r.unitCost ?? Number.NaN));
  }
  const cap = s.inputs.capacity!;
  const W = cap.table.periods.length;
  const capacity = new Map<string, number[]>();
  const overtimeMax = new Map<string, (number | null)[]>();
  const overtimeCost = new Map<string, number[]>();
  cap.table.keys.forEach((k, r) => {
    capacity.set(
      k,
      s.periods.map((p) => {
        const j = cap.table.periods.indexOf(p);
        return j < 0 ? Number.NaN : (cap.table.values[r * W + j] ?? Number.NaN);
      }),
    );
    overtimeMax.set(k, new Array<number | null>(T).fill(null));
    overtimeCost.set(k, new Array<number>(T).fill(OVERTIME_COST));
  });
  const outsourcingMax = new Map<string, number[]>();
  const outsourcingCost = new Map<string, (number | null)[]>();
  for (const it of s.consensus.items) {
    outsourcingMax.set(it.family, new Array<number>(T).fill(0));
    outsourcingCost.set(it.family, new Array<number | null>(T).fill(null));
  }
  return { demand, price, cost, capacity, overtimeMax, overtimeCost, outsourcingMax, outsourcingCost };
}

/** A deep copy of a spec, to change for one scenario. */
function copySpec(s: Spec): Spec {
  const copy = <T>(m: Map<string, T[]>): Map<string, T[]> => new Map([...m].map(([k, v]) => [k, [...v]]));
  return {
    demand: copy(s.demand),
    price: copy(s.price),
    cost: copy(s.cost),
    capacity: copy(s.capacity),
    overtimeMax: copy(s.overtimeMax),
    overtimeCost: copy(s.overtimeCost),
    outsourcingMax: copy(s.outsourcingMax),
    outsourcingCost: copy(s.outsourcingCost),
  };
}

/** Demand-weighted mean at t: weights demand in t, else horizon demand, else equal. */
function weighted(items: readonly string[], t: number, demand: Map<string, number[]>, value: (item: string) => number): number {
  const byPeriod = items.map((i) => demand.get(i)![t]!);
  const byHorizon = items.map((i) => sum(demand.get(i)!));
  for (const w of [byPeriod, byHorizon, items.map(() => 1)]) {
    const sw = sum(w);
    if (sw > 0) return items.reduce((a, i, k) => a + w[k]! * value(i), 0) / sw;
  }
  return 0;
}

/** The family and resource data the supply model should see for a spec (DESIGN.md §4, §6). */
function modelOf(sample: Sample, spec: Spec): Model {
  const { inputs, periods } = sample;
  const T = periods.length;
  const itemLines = new Map<string, Line[]>();
  const familyLines = new Map<string, Line[]>();
  for (const r of inputs.resources) {
    const key = r.item ?? r.family!;
    const map = r.item !== null ? itemLines : familyLines;
    map.set(key, [...(map.get(key) ?? []), { resource: r.resource, lead: r.leadOffset, perUnit: r.perUnit }]);
  }
  const inventory = new Map(inputs.inventory.map((r) => [r.item, r] as const));
  const families = [...sample.familyItems].map(([family, items]): FamilyData => {
    const demand = periods.map((_, t) => items.reduce((a, i) => a + spec.demand.get(i)![t]!, 0));
    let onHand = 0;
    const safetyStock = new Array<number>(T).fill(0);
    for (const i of items) {
      const inv = inventory.get(i);
      if (inv === undefined) continue;
      onHand += Math.max(0, inv.onHand);
      const d = spec.demand.get(i)!;
      for (let t = 0; t < T; t++) {
        if (inv.safetyStock !== null) safetyStock[t]! += inv.safetyStock;
        else if (inv.targetDays !== null) {
          // Target days × average daily demand of the next 3 periods (fewer at the end).
          let q = 0;
          let days = 0;
          for (let j = t; j < Math.min(T, t + 3); j++) {
            q += d[j]!;
            days += daysInMonth(periods[j]!);
          }
          safetyStock[t]! += (inv.targetDays * q) / days;
        }
      }
    }
    const price = periods.map((_, t) => weighted(items, t, spec.demand, (i) => spec.price.get(i)![t]!));
    const cost = periods.map((_, t) => weighted(items, t, spec.demand, (i) => spec.cost.get(i)![t]!));
    const holding = cost.map((c) => HOLDING_RATE * c);
    const totals = items.map((i) => sum(spec.demand.get(i)!));
    const total = sum(totals);
    const agg = new Map<string, Line>();
    items.forEach((i, k) => {
      const w = total > 0 ? totals[k]! / total : 1 / items.length;
      for (const l of itemLines.get(i) ?? familyLines.get(family) ?? []) {
        const key = `${l.resource}|${l.lead}`;
        agg.set(key, { resource: l.resource, lead: l.lead, perUnit: (agg.get(key)?.perUnit ?? 0) + w * l.perUnit });
      }
    });
    const outsourcingCost = periods.map((_, t) => spec.outsourcingCost.get(family)![t] ?? OUTSOURCING_RATE * cost[t]!);
    return { family, items, demand, onHand, safetyStock, price, cost, holding, lines: [...agg.values()], outsourcingMax: [...spec.outsourcingMax.get(family)!], outsourcingCost };
  });
  const cap = inputs.capacity!;
  const resources = cap.table.keys.map((resource, r): ResourceData => {
    const unit = cap.units[r] === "units" ? "units" : "hours";
    const eff = cap.efficiency[r]!;
    const c = spec.capacity.get(resource)!;
    const known = c.map((v) => Number.isFinite(v));
    const available = c.map((v) => (Number.isFinite(v) ? Math.max(0, v) * eff : 0));
    const overtimeMax = available.map((a, t) => spec.overtimeMax.get(resource)![t] ?? (unit === "hours" ? OVERTIME_SHARE * a : 0));
    return { resource, unit, available, known, overtimeMax, overtimeCost: [...spec.overtimeCost.get(resource)!] };
  });
  return { families, resources };
}

/** Load per resource and period: Σ hours per unit × production at τ + lead (DESIGN.md §4). */
function loadsOf(model: Model, production: readonly ArrayLike<number>[], T: number): number[][] {
  return model.resources.map((r) => {
    const load = new Array<number>(T).fill(0);
    model.families.forEach((f, e) => {
      for (const l of f.lines) {
        if (l.resource !== r.resource) continue;
        for (let tau = 0; tau + l.lead < T; tau++) load[tau]! += l.perUnit * (production[e]![tau + l.lead] ?? 0);
      }
    });
    return load;
  });
}

/** Utilisation figures by their definitions (types.ts `ScenarioMetrics`). */
function utilisation(model: Model, load: number[][], T: number): { average: number; peak: number; shortages: number } {
  let hl = 0;
  let ha = 0;
  let peak = 0;
  let shortages = 0;
  model.resources.forEach((r, j) => {
    for (let t = 0; t < T; t++) {
      if (!r.known[t]) continue;
      const a = r.available[t]!;
      const l = load[j]![t]!;
      if (l > a * (1 + 1e-9) + 1e-9) shortages++;
      if (a <= 0) continue;
      if (r.unit === "hours") {
        hl += l;
        ha += a;
      }
      peak = Math.max(peak, l / a);
    }
  });
  return { average: ha > 0 ? hl / ha : 0, peak, shortages };
}

/** Figures recomputed from a plan's quantities. */
interface Recomputed {
  readonly revenue: number;
  readonly costOfSales: number;
  readonly holding: number;
  readonly overtimeCost: number;
  readonly outsourcingCost: number;
  readonly margin: number;
  readonly load: number[][];
}

/**
 * Checks an LP plan against the model: the data it was given, its identities, and every figure
 * recomputed from its quantities. Returns the recomputed figures.
 */
function checkPlan(plan: SupplyPlan, model: Model, metrics: ScenarioMetrics, leverCost: number, what: string): Recomputed {
  assert.equal(plan.status, "Optimal", `${what}: ${plan.explanation}`);
  const T = plan.periods.length;
  assert.deepEqual(
    plan.entities.map((e) => e.key),
    model.families.map((f) => f.family),
    `${what}: families`,
  );
  let revenue = 0;
  let costOfSales = 0;
  let holding = 0;
  let outsourcingCost = 0;
  let demand = 0;
  let served = 0;
  let endingValue = 0;
  plan.entities.forEach((e, k) => {
    const f = model.families[k]!;
    const at = (t: number): string => `${what}: ${f.family} ${plan.periods[t]}`;
    close(e.onHand, f.onHand, `${what}: ${f.family} on hand`);
    let prev = f.onHand;
    for (let t = 0; t < T; t++) {
      const d = f.demand[t]!;
      const s = e.served[t]!;
      close(e.demand[t]!, d, `${at(t)} demand`);
      close(e.safetyStock[t]!, f.safetyStock[t]!, `${at(t)} safety stock`);
      assert.ok(e.production[t]! >= 0 && s >= 0 && e.inventory[t]! >= 0 && e.outsourced[t]! >= 0, `${at(t)}: quantities ≥ 0`);
      atMost(s, d, `${at(t)} served ≤ demand`);
      close(s + e.unmet[t]!, d, `${at(t)} served + unmet = demand`);
      close(e.inventory[t]!, prev + e.production[t]! + e.outsourced[t]! - s, `${at(t)} inventory balance`);
      atMost(e.outsourced[t]!, f.outsourcingMax[t]!, `${at(t)} outsourced ≤ allowance`);
      prev = e.inventory[t]!;
      revenue += s * f.price[t]!;
      costOfSales += s * f.cost[t]!;
      holding += e.inventory[t]! * f.holding[t]!;
      outsourcingCost += e.outsourced[t]! * f.outsourcingCost[t]!;
    }
    demand += sum(f.demand);
    served += sum(e.served);
    endingValue += e.inventory[T - 1]! * f.cost[T - 1]!;
  });
  const load = loadsOf(
    model,
    plan.entities.map((e) => e.production),
    T,
  );
  let overtimeCost = 0;
  let overtimeHours = 0;
  assert.deepEqual(
    plan.resources.map((r) => r.resource),
    model.resources.map((r) => r.resource),
    `${what}: resources`,
  );
  plan.resources.forEach((r, j) => {
    const m = model.resources[j]!;
    for (let t = 0; t < T; t++) {
      const at = `${what}: ${m.resource} ${plan.periods[t]}`;
      assert.equal(r.known[t], m.known[t], `${at} known`);
      close(r.available[t]!, m.available[t]!, `${at} available`);
      close(r.maxOvertime[t]!, m.overtimeMax[t]!, `${at} overtime allowance`);
      close(r.load[t]!, load[j]![t]!, `${at} load from the routing`);
      atMost(r.overtime[t]!, m.overtimeMax[t]!, `${at} overtime ≤ allowance`);
      if (m.known[t]) atMost(load[j]![t]!, m.available[t]! + r.overtime[t]!, `${at} load ≤ available + overtime`);
      overtimeCost += r.overtime[t]! * m.overtimeCost[t]!;
      overtimeHours += r.overtime[t]!;
    }
    // Production of the first periods loads the resource before the plan: at most the first period's capacity.
    const maxLead = Math.max(0, ...model.families.flatMap((f) => f.lines.filter((l) => l.resource === m.resource).map((l) => l.lead)));
    if (m.known[0]) {
      for (let k = 1; k <= maxLead; k++) {
        let early = 0;
        model.families.forEach((f, e) => {
          for (const l of f.lines) if (l.resource === m.resource && l.lead - k >= 0) early += l.perUnit * plan.entities[e]!.production[l.lead - k]!;
        });
        atMost(early, m.available[0]!, `${what}: ${m.resource} ${k} month(s) before the plan`);
      }
    }
  });
  const margin = revenue - costOfSales - holding - overtimeCost - outsourcingCost;
  close(plan.totals.revenue, revenue, `${what}: plan revenue`);
  close(plan.totals.margin, margin, `${what}: plan margin`);
  // The scenario figures.
  const u = utilisation(model, load, T);
  close(metrics.revenue, revenue, `${what}: revenue`);
  close(metrics.margin, margin - leverCost, `${what}: margin`);
  close(metrics.marginPct, (margin - leverCost) / revenue, `${what}: margin %`);
  close(metrics.fillRate, served / demand, `${what}: fill rate`);
  close(metrics.unmetUnits, demand - served, `${what}: unmet units`, 1e-5);
  close(metrics.endingInventoryValue, endingValue, `${what}: ending inventory value`);
  close(metrics.averageUtilisation, u.average, `${what}: average utilisation`);
  close(metrics.peakUtilisation, u.peak, `${what}: peak utilisation`);
  assert.equal(metrics.shortages, u.shortages, `${what}: shortages`);
  close(metrics.overtimeHours, overtimeHours, `${what}: overtime hours`);
  close(metrics.overtimeCost, overtimeCost, `${what}: overtime cost`);
  close(metrics.outsourcedUnits, sum(plan.entities.map((e) => sum(e.outsourced))), `${what}: outsourced units`);
  close(metrics.outsourcingCost, outsourcingCost, `${what}: outsourcing cost`);
  close(metrics.holdingCost, holding, `${what}: holding cost`);
  close(metrics.leverCost, leverCost, `${what}: lever cost`);
  return { revenue, costOfSales, holding, overtimeCost, outsourcingCost, margin, load };
}

/** The level or chase plan recomputed by its rule (DESIGN.md §6; productionStrategy.ts header). */
function heuristic(model: Model, T: number, strategy: "level" | "chase"): { production: number[][]; served: number[][]; inventory: number[][] } {
  const production: number[][] = [];
  const served: number[][] = [];
  const inventory: number[][] = [];
  for (const f of model.families) {
    const level = Math.max(0, (sum(f.demand) + f.safetyStock[T - 1]! - f.onHand) / T);
    const p: number[] = [];
    const s: number[] = [];
    const inv: number[] = [];
    let stock = f.onHand;
    for (let t = 0; t < T; t++) {
      const d = f.demand[t]!;
      const q = strategy === "level" ? level : Math.max(0, d + f.safetyStock[t]! - stock);
      const sold = Math.min(stock + q, d);
      stock = stock + q - sold;
      p.push(q);
      s.push(sold);
      inv.push(stock);
    }
    production.push(p);
    served.push(s);
    inventory.push(inv);
  }
  return { production, served, inventory };
}

/** Checks a level or chase plan and its figures against the rule recomputed here. */
function checkStrategy(sp: StrategyPlan, metrics: ScenarioMetrics, model: Model, strategy: "level" | "chase"): { production: number[][]; served: number[][]; inventory: number[][] } {
  const T = sp.periods.length;
  const want = heuristic(model, T, strategy);
  assert.equal(sp.note, "");
  let revenue = 0;
  let cogs = 0;
  let holding = 0;
  let demand = 0;
  let served = 0;
  let endingValue = 0;
  sp.entities.forEach((e, k) => {
    const f = model.families[k]!;
    assert.equal(e.key, f.family);
    let prev = f.onHand;
    for (let t = 0; t < T; t++) {
      const at = `${strategy}: ${f.family} ${sp.periods[t]}`;
      close(e.demand[t]!, f.demand[t]!, `${at} demand`);
      close(e.production[t]!, want.production[k]![t]!, `${at} production`);
      close(e.served[t]!, want.served[k]![t]!, `${at} served`);
      close(e.inventory[t]!, prev + e.production[t]! - e.served[t]!, `${at} inventory balance`);
      close(e.unmet[t]!, f.demand[t]! - e.served[t]!, `${at} unmet`);
      prev = e.inventory[t]!;
      revenue += e.served[t]! * f.price[t]!;
      cogs += e.served[t]! * f.cost[t]!;
      holding += e.inventory[t]! * f.holding[t]!;
    }
    demand += sum(f.demand);
    served += sum(e.served);
    endingValue += e.inventory[T - 1]! * f.cost[T - 1]!;
  });
  const load = loadsOf(model, want.production, T);
  let overtime = 0;
  let overtimeCost = 0;
  model.resources.forEach((r, j) => {
    for (let t = 0; t < T; t++) {
      close(sp.resources[j]!.load[t]!, load[j]![t]!, `${strategy}: ${r.resource} ${sp.periods[t]} load`);
      if (r.unit !== "hours" || !r.known[t]) continue;
      const over = Math.max(0, load[j]![t]! - r.available[t]!);
      overtime += over;
      overtimeCost += over * r.overtimeCost[t]!;
    }
  });
  const u = utilisation(model, load, T);
  const margin = revenue - cogs - holding - overtimeCost;
  close(metrics.revenue, revenue, `${strategy}: revenue`);
  close(metrics.margin, margin, `${strategy}: margin`);
  close(metrics.fillRate, served / demand, `${strategy}: fill rate`);
  close(metrics.unmetUnits, demand - served, `${strategy}: unmet`, 1e-5);
  close(metrics.endingInventoryValue, endingValue, `${strategy}: ending inventory value`);
  close(metrics.holdingCost, holding, `${strategy}: holding cost`);
  close(metrics.overtimeHours, overtime, `${strategy}: overtime hours needed`);
  close(metrics.overtimeCost, overtimeCost, `${strategy}: overtime cost`);
  close(metrics.averageUtilisation, u.average, `${strategy}: average utilisation`);
  close(metrics.peakUtilisation, u.peak, `${strategy}: peak utilisation`);
  assert.equal(metrics.shortages, u.shortages, `${strategy}: shortages`);
  return want;
}

// ---------------------------------------------------------------------------
// The scenarios: one lever of each kind.

let rowNo = 0;
function lever(name: string, kind: LeverKind, scope: LeverScope, from: string | null, to: string | null, value: number, extra: { strategy?: "level" | "chase"; cost?: LeverCost } = {}): ScenarioDefinition {
  const l: Lever = { scenario: name, row: rowNo++, kind, scope, from, to, value, formula: null, strategy: extra.strategy ?? null, cost: extra.cost ?? null };
  return { name, levers: [l], issues: [], valid: true };
}
const family = (name: string): LeverScope => ({ kind: "family", name });
const resource = (name: string): LeverScope => ({ kind: "resource", name });
const ALL: LeverScope = { kind: "all", name: null };

const WC20 = "WC-20 Machining";
const WC70 = "WC-70 Winding";
const SCENARIOS: readonly ScenarioDefinition[] = [
  lever("Controllers +20 %", "demand %", family("Controllers"), "2027-03", "2027-06", 20),
  lever("Filters +3,000 a month", "demand units", family("Filters"), "2027-01", "2027-03", 3000),
  lever("WC-20 +200 h", "capacity hours", resource(WC20), "2027-05", "2027-08", 200, { cost: { amount: 45, per: "hour" } }),
  lever("WC-70 −20 %", "capacity %", resource(WC70), "2027-02", "2027-05", -20),
  lever("WC-20 overtime 100 h", "overtime hours", resource(WC20), "2027-05", "2027-08", 100, { cost: { amount: 60, per: "hour" } }),
  lever("Outsource pumps", "outsourcing units", family("Pumps"), "2027-04", "2027-08", 300, { cost: { amount: 5, per: "unit" } }),
  lever("Pumps price +5 %", "price %", family("Pumps"), "2027-01", "2027-06", 5),
  lever("Motors unit cost +10 %", "unit cost %", family("Motors"), "2027-03", "2027-12", 10),
  lever("Level", "production strategy", ALL, null, null, 0, { strategy: "level" }),
  lever("Chase", "production strategy", ALL, null, null, 0, { strategy: "chase" }),
];

describe("scenarios on the sample workbook against an independent calculation", function () {
  this.timeout(120000);
  let sample: Sample;
  let base: Spec;
  let baseModel: Model;
  let baseFig: Recomputed;

  const T = (): number => sample.periods.length;
  const idx = (p: string): number => {
    const t = sample.periods.indexOf(p);
    assert.ok(t >= 0, p);
    return t;
  };
  const range = (from: string, to: string): number[] => sample.periods.map((p, t) => (p >= from && p <= to ? t : -1)).filter((t) => t >= 0);
  const result = (name: string): ScenarioResult => {
    const r = sample.comparison.scenarios.find((s) => s.name === name);
    assert.ok(r, name);
    assert.equal(r.status, "ok", `${name}: ${r.reason}`);
    return r;
  };
  const entity = (plan: SupplyPlan, fam: string): SupplyPlan["entities"][number] => plan.entities.find((e) => e.key === fam)!;
  const res = (plan: SupplyPlan, name: string): SupplyPlan["resources"][number] => plan.resources.find((r) => r.resource === name)!;

  before(async function () {
    if (!fs.existsSync(SAMPLE)) this.skip();
    const host = await BufferHost.open(new Uint8Array(fs.readFileSync(SAMPLE)), "sop-sample.xlsx", null);
    const prepared = await prepareRun(host);
    const solver = await loadHighsSolver();
    const now = (): Date => new Date("2026-11-05T08:00:00Z");
    const run = computeRun(prepared, { now, solver }).report;
    const inputs = run.inputs!;
    assert.ok(inputs.capacity);
    // The consensus the run computes (a fresh workbook: no ledger of earlier locks).
    assert.equal(prepared.ledger, null);
    const d = demandStep(inputs, { cycle: run.cycle, horizon: run.horizon, ledger: [], runAt: now().toISOString(), workbook: prepared.workbook, withSheets: false });
    const consensus = d.consensus!;
    const periods = consensus.periods;
    const itemFamily = new Map<string, string>();
    const familyItems = new Map<string, string[]>();
    for (const it of consensus.items) {
      assert.ok(!itemFamily.has(it.item), `${it.item} once`);
      for (const v of it.consensus) assert.ok(Number.isFinite(v) && v >= 0, `${it.item} demand`);
      itemFamily.set(it.item, it.family);
      familyItems.set(it.family, [...(familyItems.get(it.family) ?? []), it.item]);
    }
    // The price table of the sample: one row per item without a period, with a unit cost.
    assert.equal(inputs.prices.length, itemFamily.size);
    for (const r of inputs.prices) assert.ok(r.period === null && r.unitCost !== null && r.price > 0 && itemFamily.has(r.item), r.item);
    const baseline = { periods, items: consensus.items, capacity: inputs.capacity, resources: inputs.resources, inventory: inputs.inventory, prices: inputs.prices };
    const comparison = runScenarios(baseline, SCENARIOS, solver);
    sample = { inputs, consensus, periods, itemFamily, familyItems, comparison, runRevenue: run.supply!.plan!.revenue };
    base = baseSpec(sample);
    baseModel = modelOf(sample, base);
    baseFig = checkPlan(comparison.baseline.plan!, baseModel, comparison.baseline.metrics!, 0, "baseline");
  });

  it("baseline: the run's consensus and supply plan; LP identities and every figure recomputed", function () {
    const b = sample.comparison.baseline;
    assert.equal(b.status, "ok");
    assert.deepEqual(sample.periods.slice(0, 2), ["2026-11", "2026-12"]);
    assert.equal(sample.periods.length, 18);
    checkPlan(b.plan!, baseModel, b.metrics!, 0, "baseline");
    // The same plan as the run's supply step.
    close(baseFig.revenue, sample.runRevenue, "baseline revenue = the run's constrained revenue");
    // Σ served × price per item equals the family-weighted revenue when everything is served.
    assert.equal(b.metrics!.fillRate, 1);
    let itemRevenue = 0;
    for (const r of sample.inputs.prices) itemRevenue += r.price * sum(base.demand.get(r.item)!);
    close(baseFig.revenue, itemRevenue, "baseline revenue = Σ consensus × price (all served)");
    // WC-20 Machining needs overtime in the summer peak (load at τ is production of τ + 1).
    const wc20 = res(b.plan!, WC20);
    for (const p of ["2027-06", "2027-07", "2027-08"]) assert.ok(wc20.overtime[idx(p)]! > 100, `WC-20 overtime in ${p}: ${wc20.overtime[idx(p)]}`);
    assert.ok(b.metrics!.shortages >= 3);
  });

  it("demand %: Controllers × 1.2 in 2027-03 … 2027-06, unchanged elsewhere; all served; revenue + 0.2 × Σ consensus × price", function () {
    const r = result("Controllers +20 %");
    const spec = copySpec(base);
    const scope = range("2027-03", "2027-06");
    for (const i of sample.familyItems.get("Controllers")!) for (const t of scope) spec.demand.get(i)![t]! *= 1.2;
    const model = modelOf(sample, spec);
    const fig = checkPlan(r.plan!, model, r.metrics!, 0, "demand %");
    const b = sample.comparison.baseline.plan!;
    for (const f of model.families) {
      const e = entity(r.plan!, f.family);
      for (let t = 0; t < T(); t++) {
        const want = entity(b, f.family).demand[t]! * (f.family === "Controllers" && scope.includes(t) ? 1.2 : 1);
        close(e.demand[t]!, want, `${f.family} ${sample.periods[t]} demand`);
        close(e.served[t]!, e.demand[t]!, `${f.family} ${sample.periods[t]} served = demand (ample capacity)`);
      }
    }
    assert.equal(r.metrics!.fillRate, 1);
    close(r.metrics!.unmetUnits, 0, "unmet");
    let added = 0;
    for (const i of sample.familyItems.get("Controllers")!) for (const t of scope) added += 0.2 * base.demand.get(i)![t]! * base.price.get(i)![t]!;
    close(r.deltas!.revenue, added, "revenue delta = 0.2 × Σ consensus × price over the scope");
    close(fig.revenue - baseFig.revenue, added, "recomputed revenue delta");
  });

  it("demand units: Filters + 3,000 a month in 2027-01 … 2027-03, spread by consensus; revenue + 3,000 × weighted price", function () {
    const r = result("Filters +3,000 a month");
    const spec = copySpec(base);
    const scope = range("2027-01", "2027-03");
    const items = sample.familyItems.get("Filters")!;
    let added = 0;
    for (const t of scope) {
      const total = items.reduce((a, i) => a + base.demand.get(i)![t]!, 0);
      assert.ok(total > 0);
      for (const i of items) {
        const share = base.demand.get(i)![t]! / total;
        spec.demand.get(i)![t]! += 3000 * share;
        added += 3000 * share * base.price.get(i)![t]!;
      }
    }
    const model = modelOf(sample, spec);
    const fig = checkPlan(r.plan!, model, r.metrics!, 0, "demand units");
    const b = sample.comparison.baseline.plan!;
    for (const f of model.families) {
      for (let t = 0; t < T(); t++) {
        const want = entity(b, f.family).demand[t]! + (f.family === "Filters" && scope.includes(t) ? 3000 : 0);
        close(entity(r.plan!, f.family).demand[t]!, want, `${f.family} ${sample.periods[t]} demand`);
      }
    }
    assert.equal(r.metrics!.fillRate, 1);
    close(r.deltas!.revenue, added, "revenue delta = 3,000 × demand-weighted price per month");
    close(fig.revenue - baseFig.revenue, added, "recomputed revenue delta");
  });

  it("capacity hours: WC-20 + 200 h before efficiency in 2027-05 … 2027-08 (+164 available), lever cost 200 × 4 × 45; less overtime", function () {
    const r = result("WC-20 +200 h");
    const spec = copySpec(base);
    const scope = range("2027-05", "2027-08");
    for (const t of scope) spec.capacity.get(WC20)![t]! += 200;
    const model = modelOf(sample, spec);
    checkPlan(r.plan!, model, r.metrics!, 36000, "capacity hours");
    const b = sample.comparison.baseline.plan!;
    for (const rp of r.plan!.resources) {
      const was = res(b, rp.resource);
      for (let t = 0; t < T(); t++) {
        const add = rp.resource === WC20 && scope.includes(t) ? 200 * 0.82 : 0;
        close(rp.available[t]!, was.available[t]! + add, `${rp.resource} ${sample.periods[t]} available`);
      }
    }
    close(r.metrics!.leverCost, 36000, "lever cost");
    close(r.metrics!.margin, r.plan!.totals.margin - 36000, "margin net of the added shift");
    // More capacity, same costs: the plan earns at least the baseline's margin before the shift's cost,
    // and WC-20 needs less overtime.
    atMost(sample.comparison.baseline.metrics!.margin, r.plan!.totals.margin, "margin before the lever cost ≥ baseline");
    atMost(sum(res(r.plan!, WC20).overtime), sum(res(b, WC20).overtime), "WC-20 overtime ≤ baseline");
    close(r.metrics!.fillRate, 1, "fill rate");
  });

  it("capacity %: WC-70 × 0.8 in 2027-02 … 2027-05; utilisation = load / available recomputed from the routing", function () {
    const r = result("WC-70 −20 %");
    const spec = copySpec(base);
    const scope = range("2027-02", "2027-05");
    for (const t of scope) spec.capacity.get(WC70)![t]! *= 0.8;
    const model = modelOf(sample, spec);
    const fig = checkPlan(r.plan!, model, r.metrics!, 0, "capacity %");
    const b = sample.comparison.baseline.plan!;
    const j = model.resources.findIndex((x) => x.resource === WC70);
    const was = res(b, WC70);
    for (let t = 0; t < T(); t++) {
      close(res(r.plan!, WC70).available[t]!, was.available[t]! * (scope.includes(t) ? 0.8 : 1), `WC-70 ${sample.periods[t]} available`);
      // Motors are the only family on WC-70 (1.4 h a unit, lead 1, item lines for MTR-1003).
      const motors = model.families.find((f) => f.family === "Motors")!;
      const line = motors.lines.find((l) => l.resource === WC70)!;
      assert.equal(line.lead, 1);
      const p = entity(r.plan!, "Motors").production[t + 1] ?? 0;
      close(fig.load[j]![t]!, line.perUnit * p, `WC-70 ${sample.periods[t]} load = hours per unit × Motors production a month later`);
    }
    assert.ok(r.metrics!.averageUtilisation > 0 && r.metrics!.peakUtilisation >= r.metrics!.averageUtilisation);
    atMost(r.plan!.totals.margin, sample.comparison.baseline.metrics!.margin, "less capacity: margin ≤ baseline");
  });

  it("overtime hours: WC-20 at most 100 h a month in 2027-05 … 2027-08 at 60 €/h; the summer peak is pre-built or lost", function () {
    const r = result("WC-20 overtime 100 h");
    const spec = copySpec(base);
    const scope = range("2027-05", "2027-08");
    for (const t of scope) {
      spec.overtimeMax.get(WC20)![t] = 100;
      spec.overtimeCost.get(WC20)![t] = 60;
    }
    const model = modelOf(sample, spec);
    checkPlan(r.plan!, model, r.metrics!, 0, "overtime hours");
    const ot = res(r.plan!, WC20);
    let cost = 0;
    for (let t = 0; t < T(); t++) {
      if (scope.includes(t)) atMost(ot.overtime[t]!, 100, `WC-20 ${sample.periods[t]} overtime ≤ 100`);
      else close(ot.maxOvertime[t]!, 0.1 * ot.available[t]!, `WC-20 ${sample.periods[t]} default allowance`);
      cost += ot.overtime[t]! * (scope.includes(t) ? 60 : 45);
    }
    for (const rp of r.plan!.resources) if (rp.resource !== WC20) cost += sum(rp.overtime) * 45;
    close(r.metrics!.overtimeCost, cost, "overtime cost = used × cost per hour of the lever (45 elsewhere)");
    // The baseline loads WC-20 beyond available + 100 h in the scope: those hours must leave 2027-05 … 2027-08,
    // either pre-built earlier (more load before May) or lost (unmet).
    const b = sample.comparison.baseline.plan!;
    const wasOt = res(b, WC20);
    assert.ok(scope.some((t) => wasOt.overtime[t]! > 100), "the baseline used more than 100 h a month");
    const required = scope.reduce((a, t) => a + wasOt.load[t]! - (ot.available[t]! + 100), 0);
    const removed = scope.reduce((a, t) => a + wasOt.load[t]! - ot.load[t]!, 0);
    assert.ok(required > 200, `hours over the new allowance: ${required}`);
    atMost(required, removed, "hours removed from the scope ≥ hours over the new allowance");
    const shifted = range("2026-11", "2027-04").reduce((a, t) => a + ot.load[t]! - wasOt.load[t]!, 0);
    if (r.metrics!.unmetUnits > 1e-6) assert.ok(r.metrics!.fillRate < 1);
    else atMost(required, shifted, "nothing lost: the hours are pre-built before May");
    atMost(r.plan!.totals.objective, b.totals.objective, "a tighter allowance cannot improve the objective");
  });

  it("outsourcing units: Pumps at most 300 a month in 2027-04 … 2027-08 at 5 €/unit; cost = used × 5", function () {
    const r = result("Outsource pumps");
    const spec = copySpec(base);
    const scope = range("2027-04", "2027-08");
    for (const t of scope) {
      spec.outsourcingMax.get("Pumps")![t] = 300;
      spec.outsourcingCost.get("Pumps")![t] = 5;
    }
    const model = modelOf(sample, spec);
    checkPlan(r.plan!, model, r.metrics!, 0, "outsourcing units");
    let used = 0;
    for (const e of r.plan!.entities) {
      for (let t = 0; t < T(); t++) {
        if (e.key === "Pumps" && scope.includes(t)) atMost(e.outsourced[t]!, 300, `Pumps ${sample.periods[t]} outsourced ≤ 300`);
        else assert.equal(e.outsourced[t], 0, `${e.key} ${sample.periods[t]}: no outsourcing`);
        used += e.outsourced[t]!;
      }
    }
    // Outsourcing at 5 € a pump is cheaper than the 0.25 h × 45 € of WC-20 overtime it saves: it is used.
    assert.ok(used > 0, "outsourced units");
    close(r.metrics!.outsourcedUnits, used, "outsourced units");
    close(r.metrics!.outsourcingCost, used * 5, "outsourcing cost = used × 5");
    const b = sample.comparison.baseline;
    atMost(r.metrics!.overtimeCost, b.metrics!.overtimeCost, "less overtime");
    atMost(b.metrics!.margin, r.metrics!.margin, "an extra option: margin ≥ baseline");
  });

  it("price %: Pumps prices × 1.05 in 2027-01 … 2027-06; revenue and margin + 0.05 × Σ served × price over the scope", function () {
    const r = result("Pumps price +5 %");
    const spec = copySpec(base);
    const scope = range("2027-01", "2027-06");
    for (const i of sample.familyItems.get("Pumps")!) for (const t of scope) spec.price.get(i)![t]! *= 1.05;
    const model = modelOf(sample, spec);
    const fig = checkPlan(r.plan!, model, r.metrics!, 0, "price %");
    // Revenue = Σ served × price × (1 + 5 % in scope), from the scenario's served quantities.
    const pumps = model.families.findIndex((f) => f.family === "Pumps");
    const plain = baseModel.families[pumps]!;
    let revenue = 0;
    let gain = 0;
    r.plan!.entities.forEach((e, k) => {
      for (let t = 0; t < T(); t++) {
        const p = baseModel.families[k]!.price[t]!;
        const up = k === pumps && scope.includes(t) ? 1.05 : 1;
        revenue += e.served[t]! * p * up;
        if (up !== 1) gain += e.served[t]! * p * 0.05;
      }
    });
    close(fig.revenue, revenue, "revenue with the price lever");
    close(r.metrics!.revenue, revenue, "scenario revenue");
    // No penalty in either plan (everything served, safety stock kept): margin = the LP's objective.
    for (const x of [r.plan!, sample.comparison.baseline.plan!]) close(x.totals.unmetPenalty + x.totals.safetyStockPenalty, 0, "penalties");
    // Everything is served in both: served unchanged, so revenue + 5 % of the pumps' revenue in scope,
    // and the margin moves by the same amount (the baseline plan stays optimal; nothing else changes in value).
    for (let t = 0; t < T(); t++) close(entity(r.plan!, "Pumps").served[t]!, plain.demand[t]!, `Pumps ${sample.periods[t]} served`);
    let byItem = 0;
    for (const i of sample.familyItems.get("Pumps")!) for (const t of scope) byItem += 0.05 * base.demand.get(i)![t]! * base.price.get(i)![t]!;
    close(gain, byItem, "0.05 × Σ served × family price = 0.05 × Σ consensus × item price");
    close(r.deltas!.revenue, byItem, "revenue delta");
    close(r.deltas!.margin, byItem, "margin delta = revenue delta");
  });

  it("unit cost %: Motors unit costs × 1.1 in 2027-03 … 2027-12; margin − 0.1 × Σ served × unit cost (and holding) over the scope", function () {
    const r = result("Motors unit cost +10 %");
    const spec = copySpec(base);
    const scope = range("2027-03", "2027-12");
    for (const i of sample.familyItems.get("Motors")!) for (const t of scope) spec.cost.get(i)![t]! *= 1.1;
    const model = modelOf(sample, spec);
    const fig = checkPlan(r.plan!, model, r.metrics!, 0, "unit cost %");
    const k = model.families.findIndex((f) => f.family === "Motors");
    const c = baseModel.families[k]!.cost;
    const e = r.plan!.entities[k]!;
    let extraCost = 0;
    let extraHolding = 0;
    for (const t of scope) {
      extraCost += e.served[t]! * c[t]! * 0.1;
      extraHolding += e.inventory[t]! * HOLDING_RATE * c[t]! * 0.1;
    }
    let byItem = 0;
    for (const i of sample.familyItems.get("Motors")!) for (const t of scope) byItem += 0.1 * base.demand.get(i)![t]! * base.cost.get(i)![t]!;
    close(extraCost, byItem, "0.1 × Σ served × family unit cost = 0.1 × Σ consensus × item unit cost (all served)");
    close(r.deltas!.revenue, 0, "revenue unchanged");
    // The scenario's margin = its plan valued at baseline costs − the extra cost of sales and holding in scope.
    let atBaseCosts = 0;
    r.plan!.entities.forEach((x, j) => {
      const f = baseModel.families[j]!;
      for (let t = 0; t < T(); t++) atBaseCosts += x.served[t]! * (f.price[t]! - f.cost[t]!) - x.inventory[t]! * f.holding[t]! - x.outsourced[t]! * f.outsourcingCost[t]!;
    });
    atBaseCosts -= fig.overtimeCost;
    close(r.metrics!.margin, atBaseCosts - extraCost - extraHolding, "margin = at baseline costs − 10 % of cost of sales and holding in scope");
    for (const x of [r.plan!, sample.comparison.baseline.plan!]) close(x.totals.unmetPenalty + x.totals.safetyStockPenalty, 0, "penalties");
    // The baseline plan stays feasible; the scenario's plan is at least as good as it, valued at the new costs,
    // and no better than the baseline: −(extra cost) − (extra holding of the baseline plan) ≤ Δmargin ≤ −(extra cost).
    const bm = sample.comparison.baseline.plan!.entities[k]!;
    const baseExtraHolding = scope.reduce((a, t) => a + bm.inventory[t]! * HOLDING_RATE * c[t]! * 0.1, 0);
    atMost(r.deltas!.margin, -byItem + 1e-6, "Δmargin ≤ −0.1 × Σ served × unit cost");
    atMost(-byItem - baseExtraHolding, r.deltas!.margin, "Δmargin ≥ −(cost of sales + holding of the baseline plan) × 10 %");
  });

  it("level strategy: the same production every month per family, I_t = I_{t−1} + p_t − s_t, figures recomputed", function () {
    const r = result("Level");
    assert.equal(r.strategy, "level");
    assert.equal(r.plan, null);
    const sp = r.strategyPlan!;
    const got = checkStrategy(sp, r.metrics!, baseModel, "level");
    baseModel.families.forEach((f, k) => {
      const p = sp.entities[k]!.production;
      const want = Math.max(0, (sum(f.demand) + f.safetyStock[T() - 1]! - f.onHand) / T());
      for (let t = 0; t < T(); t++) close(p[t]!, want, `${f.family} ${sample.periods[t]}: level production`);
      // Over the horizon: production + on hand = served + ending stock.
      close(T() * want + f.onHand, sum(sp.entities[k]!.served) + sp.entities[k]!.inventory[T() - 1]!, `${f.family}: stock over the horizon`);
    });
    assert.equal(got.production.length, sample.familyItems.size);
    assert.ok(r.metrics!.fillRate < 1 && r.metrics!.fillRate > 0.8, `level fill rate ${r.metrics!.fillRate}`);
    // The same plan as the side-by-side comparison of the baseline.
    close(r.metrics!.revenue, sample.comparison.strategies.level.totals.revenue, "= strategies.level");
  });

  it("chase strategy: production follows demand (back to safety stock every month), nothing lost", function () {
    const r = result("Chase");
    assert.equal(r.strategy, "chase");
    const sp = r.strategyPlan!;
    checkStrategy(sp, r.metrics!, baseModel, "chase");
    baseModel.families.forEach((f, k) => {
      const e = sp.entities[k]!;
      for (let t = 0; t < T(); t++) {
        const at = `${f.family} ${sample.periods[t]}`;
        close(e.served[t]!, f.demand[t]!, `${at} served = demand`);
        const prev = t === 0 ? f.onHand : e.inventory[t - 1]!;
        if (e.production[t]! > 0) {
          // p_t = d_t + SS_t − I_{t−1}: the stock ends at safety stock.
          close(e.production[t]!, f.demand[t]! + f.safetyStock[t]! - prev, `${at} production = demand + SS − stock`);
          close(e.inventory[t]!, f.safetyStock[t]!, `${at} stock = safety stock`);
        } else atMost(f.demand[t]! + f.safetyStock[t]!, prev, `${at}: no production only when the stock covers demand + SS`);
      }
      // Once the opening stock is used up, production equals demand plus the change of safety stock.
      for (let t = 1; t < T(); t++) {
        if (e.production[t - 1]! > 0 && e.production[t]! > 0) close(e.production[t]!, f.demand[t]! + f.safetyStock[t]! - f.safetyStock[t - 1]!, `${f.family} ${sample.periods[t]}: follows demand`);
      }
    });
    assert.equal(r.metrics!.fillRate, 1);
    close(r.metrics!.unmetUnits, 0, "unmet");
    assert.ok(r.metrics!.shortages > 0, "chase ignores capacity: WC-20 overloaded in the peak");
  });
});
