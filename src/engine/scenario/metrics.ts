/**
 * The figures compared side by side in `SOP Scenarios` (DESIGN.md §6), from a supply plan or a
 * strategy's loads, and their deltas to the baseline. Definitions in types.ts (`ScenarioMetrics`):
 * - utilisation of a resource-period = load / available, where the capacity is known and
 *   available > 0; average = Σ load / Σ available over the hours resources (all resources when
 *   none is in hours): a ratio of sums, never a mean of percentages; peak = the highest one;
 * - shortage = a resource-period with load > available (beyond a rounding tolerance): the plan
 *   needs overtime there (LP) or would (level, chase);
 * - margin = the supply plan's margin (revenue − cost of sales − holding − overtime −
 *   outsourcing) − the scenario's fixed lever costs; margin % = margin / revenue (0 without revenue).
 * Numbers are never NaN. Pure; no I/O.
 */
import type { SupplyPlan } from "../supply/types";
import type { MetricDeltas, MetricName, PeakAt, ScenarioMetrics } from "./types";

/** The figures in output order. */
export const METRIC_NAMES: readonly MetricName[] = [
  "revenue",
  "margin",
  "marginPct",
  "fillRate",
  "unmetUnits",
  "endingInventoryValue",
  "averageUtilisation",
  "peakUtilisation",
  "overtimeHours",
  "overtimeCost",
  "outsourcedUnits",
  "outsourcingCost",
  "holdingCost",
  "leverCost",
  "shortages",
];

/** Relative tolerance below which load above available is rounding, not a shortage. */
const TOLERANCE = 1e-9;

/** A finite number, else 0. */
export const finite = (x: number): number => (Number.isFinite(x) ? x : 0);

/** What the load figures need of a resource. */
export interface LoadLike {
  readonly resource: string;
  readonly unit: "hours" | "units";
  readonly load: Float64Array;
  readonly available: Float64Array;
  readonly known: readonly boolean[];
}

/** Utilisation and shortages of a set of resources. */
export interface LoadFigures {
  readonly averageUtilisation: number;
  readonly peakUtilisation: number;
  readonly peak: PeakAt | null;
  readonly shortages: number;
}

/** Is the load above the available capacity (beyond rounding)? */
export function isShort(load: number, available: number): boolean {
  return load > available * (1 + TOLERANCE) + TOLERANCE;
}

/** Average and peak utilisation and the number of shortages (definitions in the header). */
export function loadFigures(resources: readonly LoadLike[], periods: readonly string[]): LoadFigures {
  const sums = { hours: { load: 0, available: 0 }, units: { load: 0, available: 0 } };
  let peakUtilisation = 0;
  let peak: PeakAt | null = null;
  let shortages = 0;
  for (const r of resources) {
    for (let t = 0; t < periods.length; t++) {
      if (r.known[t] !== true) continue;
      const a = r.available[t] ?? 0;
      const l = r.load[t] ?? 0;
      if (!Number.isFinite(a) || !Number.isFinite(l)) continue;
      if (isShort(l, a)) shortages++;
      if (a <= 0) continue;
      sums[r.unit].load += l;
      sums[r.unit].available += a;
      const u = l / a;
      if (u > peakUtilisation) {
        peakUtilisation = u;
        peak = { resource: r.resource, period: periods[t] ?? "" };
      }
    }
  }
  const s = sums.hours.available > 0 ? sums.hours : sums.units;
  return { averageUtilisation: s.available > 0 ? finite(s.load / s.available) : 0, peakUtilisation: finite(peakUtilisation), peak, shortages };
}

/** margin / revenue, 0 without revenue. */
export const marginPct = (margin: number, revenue: number): number => (revenue !== 0 ? finite(margin / revenue) : 0);

/** The scenario figures of a supply plan, with the scenario's fixed lever costs. */
export function metricsFromPlan(plan: SupplyPlan, leverCost = 0): { readonly metrics: ScenarioMetrics; readonly peak: PeakAt | null } {
  const t = plan.totals;
  const lf = loadFigures(plan.resources, plan.periods);
  const margin = finite(t.margin - leverCost);
  return {
    metrics: {
      revenue: finite(t.revenue),
      margin,
      marginPct: marginPct(margin, t.revenue),
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
      leverCost: finite(leverCost),
      shortages: lf.shortages,
    },
    peak: lf.peak,
  };
}

/** Keeps only the scenario figures of a larger record (a strategy's totals). */
export function pickMetrics(x: ScenarioMetrics): ScenarioMetrics {
  const out = {} as Record<MetricName, number>;
  for (const k of METRIC_NAMES) out[k] = finite(x[k]);
  return out;
}

/** Scenario − baseline, figure by figure. */
export function metricDeltas(scenario: ScenarioMetrics, baseline: ScenarioMetrics): MetricDeltas {
  const out = {} as Record<MetricName, number>;
  for (const k of METRIC_NAMES) out[k] = finite(scenario[k] - baseline[k]);
  return out;
}
