/**
 * `SOP Dashboard` (DESIGN.md §2 steps 1, 5 and 6): the one page the executive S&OP meeting looks
 * at. From top to bottom:
 * - KPIs against their targets, each with a status (on target / watch / off target) computed by
 *   an Excel formula from the value, target and watch cells, and the rule in words;
 * - the business review: the last closed month's actual against the plan made for it (the
 *   previous cycle's consensus snapshot) and the budget, per family and in total;
 * - revenue and margin against the budget for the full year;
 * - the chart data: lag-1 accuracy trend per version, load against capacity of the most loaded
 *   resource, the scenarios' margins; with three native Excel charts over these blocks
 *   (`SheetSpec.charts`: drawn by the Office.js host; the .xlsx host keeps the blocks only);
 * - open decisions and, after a locked cycle, the adherence to the frozen plan (both optional).
 *
 * Figures derived from cells of this sheet are formulas with the engine's value cached:
 * deviation = actual − plan, deviation % = deviation / plan, totals = SUM of the families,
 * utilisation = load / capacity, margin vs baseline, gap = plan − budget, and every KPI status.
 *
 * `buildDashboardData` assembles `DashboardData` from the run's step results; `renderDashboard`
 * turns it into the sheet. Pure: plain data in, a `SheetSpec` out.
 */
import type { PlanningInputs, SnapshotRow } from "../engine/inputs";
import type { BudgetMeasure } from "../engine/finance/types";
import { type AccuracyTrend, accuracyTrend } from "../engine/review/accuracyTrend";
import { type BusinessReview, type ReviewLine, businessReview } from "../engine/review/businessReview";
import type { ScenarioComparison } from "../engine/scenario/types";
import type { DemandStepResult } from "./demandStep";
import type { FinanceStepResult } from "./financeStep";
import { columnLetters } from "./grid";
import { pushHeader, pushSection } from "./sheetBlocks";
import type { BlockStyle, ChartSpec, ConditionalSpec, OutCell, SheetSpec } from "./sheetSpec";
import type { SupplyStepResult } from "./supplyStep";

export const DASHBOARD_SHEET = "SOP Dashboard";

// ---------------------------------------------------------------------------
// Data

/** A KPI's limits: `target` is the on-target limit, `watch` the limit of the watch band. */
export interface KpiLimits {
  readonly target: number;
  readonly watch: number;
}

/**
 * The KPI targets. How each is read:
 * - at least (accuracy, FVA, fill rate, revenue vs budget): value ≥ target → on target,
 *   ≥ watch → watch, else off target;
 * - at most (utilisation, overdue decisions, adherence flags): value ≤ target → on target,
 *   ≤ watch → watch;
 * - at most in size (bias, last month's deviation): |value| ≤ target → on target, ≤ watch → watch;
 * - days of supply: within ±target (a fraction) of the target days → on target, ±watch → watch.
 */
export interface DashboardTargets {
  readonly accuracy: KpiLimits;
  readonly bias: KpiLimits;
  readonly fva: KpiLimits;
  readonly fillRate: KpiLimits;
  readonly averageUtilisation: KpiLimits;
  readonly peakUtilisation: KpiLimits;
  readonly daysOfSupply: KpiLimits;
  readonly revenueVsBudget: KpiLimits;
  readonly reviewDeviation: KpiLimits;
  readonly overdueDecisions: KpiLimits;
  readonly adherenceFlags: KpiLimits;
}

/** Default targets (fractions: 0.8 = 80 %). */
export const DASHBOARD_TARGETS: DashboardTargets = {
  accuracy: { target: 0.8, watch: 0.7 },
  bias: { target: 0.05, watch: 0.1 },
  fva: { target: 0, watch: -0.02 },
  fillRate: { target: 0.98, watch: 0.95 },
  averageUtilisation: { target: 0.9, watch: 0.95 },
  peakUtilisation: { target: 0.9, watch: 1 },
  daysOfSupply: { target: 0.25, watch: 0.5 },
  revenueVsBudget: { target: 0, watch: -0.03 },
  reviewDeviation: { target: 0.05, watch: 0.1 },
  overdueDecisions: { target: 0, watch: 2 },
  adherenceFlags: { target: 0, watch: 2 },
};

/** One decision of `SOP Decisions`, as the dashboard lists it. */
export interface DashboardDecision {
  readonly id: string;
  readonly topic: string;
  readonly owner: string;
  readonly due: string;
  readonly status: string;
}

/** Decisions: counts and the items to list. */
export interface DashboardDecisions {
  readonly open: number;
  readonly overdue: number;
  readonly items: readonly DashboardDecision[];
}

/** One line of adherence to the frozen plan (sales, production or inventory of a family). */
export interface DashboardAdherenceRow {
  readonly measure: string;
  readonly family: string;
  readonly planned: number;
  readonly actual: number;
  /** actual − planned. */
  readonly deviation: number;
  /** deviation / planned; null when planned is 0. */
  readonly deviationPct: number | null;
  readonly flagged: boolean;
  readonly sentence: string;
}

export interface DashboardAdherence {
  readonly rows: readonly DashboardAdherenceRow[];
}

/** The figures of the KPI block (fractions; null: not available in this run). */
export interface DashboardKpis {
  /** The version the accuracy KPIs are about (the consensus), null when none was measured. */
  readonly accuracyVersion: string | null;
  readonly accuracyLag: number;
  /** Closed months the headline accuracy is measured over. */
  readonly accuracyWindow: readonly string[];
  readonly accuracy: number | null;
  readonly bias: number | null;
  /** FVA of the consensus step in WAPE points (0.02 = 2 points), against `fvaVs`. */
  readonly fva: number | null;
  readonly fvaVs: string | null;
  /** Served / demand over the horizon of the constrained plan; null without a plan. */
  readonly fillRate: number | null;
  /** Σ load / Σ available over the hours resources (all resources when none is in hours). */
  readonly averageUtilisation: number | null;
  readonly peakUtilisation: number | null;
  readonly peakAt: { readonly resource: string; readonly period: string } | null;
  /** Projected days of supply at the end of `daysOfSupplyPeriod` (total inventory). */
  readonly daysOfSupply: number | null;
  readonly daysOfSupplyPeriod: string | null;
  /** Demand-weighted target days of supply of the inventory role; null when none is given. */
  readonly daysOfSupplyTarget: number | null;
  /** Which plan the inventory figures come from. */
  readonly daysOfSupplyBasis: string;
}

/** Revenue, margin and the budget over the cycle's year: closed months' actuals + the plan. */
export interface DashboardFinancials {
  readonly year: number | null;
  /** "Constrained plan" or "Consensus (unconstrained)". */
  readonly planLabel: string;
  readonly measure: BudgetMeasure;
  /** Months compared with the budget (budget months with actuals or plan). */
  readonly budgetMonths: readonly string[];
  /** Σ budget over `budgetMonths`; null when there is no budget. */
  readonly budget: number | null;
  /** Actual + plan in the budget's measure over `budgetMonths`; null when there is no budget. */
  readonly budgetValue: number | null;
  /** Months of the revenue and margin (closed months with actuals, then plan months of the year). */
  readonly months: readonly string[];
  readonly revenue: number;
  readonly margin: number;
  /** Revenue of the units that also have a unit cost (margin % = margin / costed revenue). */
  readonly costedRevenue: number;
}

/** Load against available capacity of one resource, per plan period (the load chart). */
export interface DashboardLoad {
  readonly resource: string;
  readonly unit: "hours" | "units" | null;
  readonly periods: readonly string[];
  readonly load: readonly number[];
  /** Capacity × efficiency; null where unknown. */
  readonly available: readonly (number | null)[];
  /** Why this resource ("highest peak utilisation, 121 % in 2027-06"). */
  readonly why: string;
}

/** One scenario's headline figures (the scenario chart). */
export interface DashboardScenario {
  readonly name: string;
  readonly isBaseline: boolean;
  readonly recommended: boolean;
  readonly status: "ok" | "skipped" | "failed";
  /** Why it was skipped or failed. */
  readonly reason: string;
  readonly revenue: number | null;
  readonly margin: number | null;
  readonly marginPct: number | null;
  readonly fillRate: number | null;
  readonly peakUtilisation: number | null;
}

/** Everything the dashboard shows; plain data (`buildDashboardData` assembles it from a run). */
export interface DashboardData {
  readonly workbook: string;
  readonly cycle: string;
  readonly runAt: string;
  readonly review: BusinessReview | null;
  readonly trend: AccuracyTrend | null;
  readonly kpis: DashboardKpis;
  readonly financials: DashboardFinancials | null;
  readonly load: DashboardLoad | null;
  /** Baseline first; null when no scenario was run. */
  readonly scenarios: readonly DashboardScenario[] | null;
  /** The recommendation sentence of the scenario comparison. */
  readonly recommendation: string | null;
  readonly decisions?: DashboardDecisions;
  readonly adherence?: DashboardAdherence;
  /** Overrides of `DASHBOARD_TARGETS`. */
  readonly targets?: Partial<DashboardTargets>;
}

/** What `buildDashboardData` reads: the run's context and step results (null for a step that did not run). */
export interface DashboardSources {
  readonly workbook: string;
  readonly cycle: string;
  readonly runAt: string;
  readonly inputs: PlanningInputs;
  readonly demand: DemandStepResult | null;
  readonly supply: SupplyStepResult | null;
  readonly finance: FinanceStepResult | null;
  readonly scenarios: ScenarioComparison | null;
  readonly decisions?: DashboardDecisions;
  readonly adherence?: DashboardAdherence;
  readonly targets?: Partial<DashboardTargets>;
  /** `dashboardReview` when computed beforehand; used when made from the same snapshots, cycle and accuracy lag. */
  readonly review?: DashboardReview;
}

const norm = (s: string): string => s.trim().toLowerCase();
const finite = (x: number | null | undefined): number | null => (x === null || x === undefined || !Number.isFinite(x) ? null : x);
/** a / b, or null when b is 0 or the quotient is not finite (a denormal revenue under a large margin). */
const quotient = (a: number, b: number): number | null => (b === 0 ? null : finite(a / b));

/** The dashboard's business review and accuracy trend, and what they were computed from. */
export interface DashboardReview {
  readonly snapshots: readonly SnapshotRow[];
  readonly cycle: string;
  readonly lag: number;
  readonly review: BusinessReview;
  readonly trend: AccuracyTrend | null;
}

/**
 * The business review (last closed month: actual vs plan vs budget) and the accuracy trend at
 * `lag` over the merged snapshots: neither needs the forecast, so a run computes them while the
 * items are forecast and hands them to {@link buildDashboardData} (`review`).
 */
export function dashboardReview(inputs: PlanningInputs, snapshots: readonly SnapshotRow[], cycle: string, lag: number): DashboardReview {
  const review = businessReview({ actuals: inputs.actuals, snapshots, budget: inputs.budget, budgetMeasure: inputs.budgetMeasure, prices: inputs.prices, cycle });
  const trend = review.period !== null ? accuracyTrend({ actuals: inputs.actuals, snapshots, lastPeriod: review.period }, { lag }) : null;
  return { snapshots, cycle, lag, review, trend };
}

/**
 * Assemble the dashboard's data from a run: the business review and the accuracy trend are
 * computed here (engine `review/`) from the inputs and the merged snapshots; the rest is read
 * from the demand, supply, finance and scenario results. Never throws.
 */
export function buildDashboardData(src: DashboardSources): DashboardData {
  const { inputs } = src;
  const snapshots = src.demand?.snapshots ?? inputs.snapshots;
  const accuracy = src.demand?.accuracy ?? null;
  const lag = accuracy?.accuracyLag ?? 1;
  const given = src.review;
  const { review, trend } = given !== undefined && given.snapshots === snapshots && given.cycle === src.cycle && given.lag === lag ? given : dashboardReview(inputs, snapshots, src.cycle, lag);

  // Demand KPIs: the consensus at the accuracy lag.
  const head = accuracy?.headline.find((v) => v.role === "consensus") ?? null;
  const step = accuracy?.fva.total.steps.find((s) => s.role === "consensus") ?? null;

  // Supply KPIs.
  const supply = src.supply;
  let averageUtilisation: number | null = null;
  let peakUtilisation: number | null = null;
  let peakAt: DashboardKpis["peakAt"] = null;
  let load: DashboardLoad | null = null;
  if (supply) {
    const resources = supply.summary.resources;
    const hours = resources.filter((r) => r.unit === "hours");
    let sumLoad = 0;
    let sumAvail = 0;
    for (const r of hours.length > 0 ? hours : resources) {
      for (let j = 0; j < r.load.length; j++) {
        const a = r.available[j] ?? null;
        const l = r.load[j]!;
        if (a !== null && a > 0 && Number.isFinite(l)) {
          sumLoad += l;
          sumAvail += a;
        }
      }
    }
    averageUtilisation = quotient(sumLoad, sumAvail);
    // The most loaded resource: the highest utilisation of any month (else the largest load).
    let best: (typeof resources)[number] | null = null;
    let peak: { u: number; resource: string; period: string } | null = null;
    for (const r of resources) {
      for (let j = 0; j < r.load.length; j++) {
        const a = r.available[j] ?? null;
        if (a === null || !(a > 0)) continue;
        const u = r.load[j]! / a;
        if (Number.isFinite(u) && (peak === null || u > peak.u)) {
          peak = { u, resource: r.resource, period: supply.summary.periods[j] ?? "" };
          best = r;
        }
      }
    }
    const total = (r: (typeof resources)[number]): number => r.load.reduce((x, y) => x + y, 0);
    if (best === null) for (const r of resources) if (best === null || total(r) > total(best)) best = r;
    if (peak !== null) {
      peakUtilisation = peak.u;
      peakAt = { resource: peak.resource, period: peak.period };
    }
    if (best !== null) {
      load = {
        resource: best.resource,
        unit: best.unit,
        periods: supply.summary.periods,
        load: best.load,
        available: best.available,
        why: peak !== null ? `the highest peak utilisation: ${Math.round(peak.u * 100)} % in ${peak.period}` : "the largest load (no capacity known)",
      };
    }
  }
  const proj = supply?.projection.total ?? null;
  const plan = proj ? (proj.constrained ?? proj.unconstrained) : null;
  const daysOfSupply = plan ? finite(plan.daysOfSupply[0]) : null;
  const daysOfSupplyPeriod = plan && supply ? (supply.projection.periods[0] ?? null) : null;

  // Target days of supply, weighted by each item's consensus of the first 3 plan periods.
  let daysOfSupplyTarget: number | null = null;
  const consensus = src.demand?.consensus ?? null;
  const targets = inputs.inventory.filter((r) => r.targetDays !== null && Number.isFinite(r.targetDays) && r.targetDays >= 0);
  if (targets.length > 0) {
    const demandOf = new Map<string, number>();
    for (const c of consensus?.items ?? []) {
      let s = 0;
      for (let j = 0; j < Math.min(3, c.consensus.length); j++) s += Math.max(0, c.consensus[j]!);
      demandOf.set(c.item, s);
    }
    let sw = 0;
    let swt = 0;
    for (const r of targets) {
      const w = demandOf.get(r.item) ?? 0;
      sw += w;
      swt += w * r.targetDays!;
    }
    daysOfSupplyTarget = sw > 0 ? swt / sw : targets.reduce((a, r) => a + r.targetDays!, 0) / targets.length;
  }

  // Financials: the constrained plan when there is one.
  let financials: DashboardFinancials | null = null;
  if (src.finance) {
    const fin = src.finance.financials;
    const gap = src.finance.gap;
    const pf = fin.constrained ?? fin.consensus;
    const pg = gap.plans.find((p) => p.name === pf.name) ?? gap.plans[0] ?? null;
    const months: string[] = [];
    let revenue = 0;
    let margin = 0;
    let costedRevenue = 0;
    const addFigures = (m: string, f: { revenue: number; margin: number; costedRevenue: number } | undefined): void => {
      if (!f) return;
      months.push(m);
      revenue += f.revenue;
      margin += f.margin;
      costedRevenue += f.costedRevenue;
    };
    const closed = new Set(fin.closedMonths);
    fin.actual.months.forEach((m, j) => {
      if (closed.has(m)) addFigures(m, fin.actual.byMonth[j]);
    });
    const prefix = fin.year === null ? null : `${String(fin.year).padStart(4, "0")}-`;
    pf.months.forEach((m, j) => {
      if (prefix !== null && m.startsWith(prefix) && !closed.has(m)) addFigures(m, pf.byMonth[j]);
    });
    const hasBudget = gap.months.length > 0 && pg !== null;
    financials = {
      year: fin.year,
      planLabel: pf.label,
      measure: gap.measure,
      budgetMonths: hasBudget ? pg.total.fullYear.months : [],
      budget: hasBudget ? pg.total.fullYear.budget : null,
      budgetValue: hasBudget ? pg.total.fullYear.value : null,
      months,
      revenue,
      margin,
      costedRevenue,
    };
  }

  // Scenarios.
  let scenarios: DashboardScenario[] | null = null;
  let recommendation: string | null = null;
  if (src.scenarios) {
    const rec = src.scenarios.recommendation.scenario;
    scenarios = [src.scenarios.baseline, ...src.scenarios.scenarios].map((s) => ({
      name: s.name,
      isBaseline: s.isBaseline,
      recommended: rec !== null && norm(rec) === norm(s.name),
      status: s.status,
      reason: s.reason,
      revenue: finite(s.metrics?.revenue),
      margin: finite(s.metrics?.margin),
      marginPct: finite(s.metrics?.marginPct),
      fillRate: finite(s.metrics?.fillRate),
      peakUtilisation: finite(s.metrics?.peakUtilisation),
    }));
    recommendation = src.scenarios.recommendation.reason !== "" ? src.scenarios.recommendation.reason : null;
  }

  return {
    workbook: src.workbook,
    cycle: src.cycle,
    runAt: src.runAt,
    review,
    trend,
    kpis: {
      accuracyVersion: head?.version ?? null,
      accuracyLag: lag,
      accuracyWindow: accuracy?.windowPeriods ?? [],
      accuracy: head?.total.volume.accuracy ?? null,
      bias: head?.total.volume.biasPct ?? null,
      fva: step?.fva ?? null,
      fvaVs: step?.previousVersion ?? null,
      fillRate: supply?.summary.plan?.fillRate ?? null,
      averageUtilisation,
      peakUtilisation,
      peakAt,
      daysOfSupply,
      daysOfSupplyPeriod,
      daysOfSupplyTarget,
      daysOfSupplyBasis: proj?.constrained ? "constrained plan" : "consensus (unconstrained)",
    },
    financials,
    load,
    scenarios,
    recommendation,
    ...(src.decisions ? { decisions: src.decisions } : {}),
    ...(src.adherence ? { adherence: src.adherence } : {}),
    ...(src.targets ? { targets: src.targets } : {}),
  };
}

// ---------------------------------------------------------------------------
// Rendering

const PCT = "0.0%";
const SIGNED_PCT = "+0.0%;-0.0%;0.0%";
const UNITS = "#,##0";
const SIGNED_UNITS = "+#,##0;-#,##0;0";
const DAYS = "#,##0.0";
const COUNT = "0";

const RED = { fill: "#FFC7CE", fontColor: "#9C0006" };
const AMBER = { fill: "#FFEB9C", fontColor: "#9C5700" };
const GREEN = { fill: "#C6EFCE", fontColor: "#006100" };

/** Status texts of the KPI block. */
export const STATUS = { on: "on target", watch: "watch", off: "off target", none: "no data" } as const;

/** How a KPI is compared with its limits. */
export type KpiRule = "atLeast" | "atMost" | "sizeAtMost" | "band" | "info";

/** The column of the charts (right of every block below the KPIs), their width and height in cells. */
const CHART_COL = 13;
const CHART_COLS = 8;
const CHART_ROWS = 16;

/** `C12` from zero-based row and column. */
const ref = (row: number, col: number): string => `${columnLetters(col)}${row + 1}`;

/**
 * The status of a value against its limits, as the status formula computes it: `atLeast`,
 * `atMost` and `sizeAtMost` compare with the target and the watch limit; `band` compares
 * |value / target − 1| with the band's limits (fractions); `info` has no status.
 */
export function kpiStatus(rule: KpiRule, value: number | null, target: number | null, watch: number | null, band?: KpiLimits): string {
  if (rule === "info") return "";
  if (value === null) return STATUS.none;
  if (target === null) return "";
  const grade = (on: boolean, w: boolean): string => (on ? STATUS.on : w ? STATUS.watch : STATUS.off);
  switch (rule) {
    case "atLeast":
      return watch === null ? "" : grade(value >= target, value >= watch);
    case "atMost":
      return watch === null ? "" : grade(value <= target, value <= watch);
    case "sizeAtMost":
      return watch === null ? "" : grade(Math.abs(value) <= target, Math.abs(value) <= watch);
    case "band": {
      if (band === undefined || !(target > 0)) return "";
      const d = Math.abs(value / target - 1);
      return grade(d <= band.target, d <= band.watch);
    }
  }
}

/** The status formula of a KPI row (value in B, target in C, watch limit in D). */
function statusFormula(rule: KpiRule, r: number, band?: KpiLimits): string | null {
  const b = ref(r, 1);
  const c = ref(r, 2);
  const d = ref(r, 3);
  const q = (s: string): string => `"${s}"`;
  const tail = (on: string, watch: string): string => `IF(${b}="",${q(STATUS.none)},IF(${on},${q(STATUS.on)},IF(${watch},${q(STATUS.watch)},${q(STATUS.off)})))`;
  switch (rule) {
    case "atLeast":
      return tail(`${b}>=${c}`, `${b}>=${d}`);
    case "atMost":
      return tail(`${b}<=${c}`, `${b}<=${d}`);
    case "sizeAtMost":
      return tail(`ABS(${b})<=${c}`, `ABS(${b})<=${d}`);
    case "band":
      return band ? tail(`ABS(${b}/${c}-1)<=${band.target}`, `ABS(${b}/${c}-1)<=${band.watch}`) : null;
    case "info":
      return null;
  }
}

/** A KPI row before it is placed. `value` may point at a cell of a block placed later (`link`). */
interface Kpi {
  readonly label: string;
  readonly value: number | null;
  readonly format: string;
  readonly rule: KpiRule;
  readonly target: number | null;
  readonly watch: number | null;
  readonly how: string;
  /** Name of a cell placed later whose value this KPI shows (`=E40`). */
  readonly link?: string;
  readonly band?: KpiLimits;
}

const pctText = (x: number): string => `${Math.round(x * 1000) / 10} %`;
const span = (ms: readonly string[]): string => (ms.length === 0 ? "none" : ms.length === 1 ? ms[0]! : `${ms[0]!} … ${ms[ms.length - 1]!}`);

/** Build the `SOP Dashboard` sheet. */
export function renderDashboard(data: DashboardData): SheetSpec {
  const T: DashboardTargets = { ...DASHBOARD_TARGETS, ...(data.targets ?? {}) };
  const rows: OutCell[][] = [];
  const styles: BlockStyle[] = [];
  const conditionals: ConditionalSpec[] = [];
  const charts: ChartSpec[] = [];
  const k = data.kpis;
  const review = data.review;
  const fin = data.financials;

  rows.push([`S&OP Dashboard: cycle ${data.cycle}`]);
  styles.push({ row: 0, col: 0, rows: 1, cols: 1, bold: true, fontSize: 14 });
  rows.push([`Workbook ${data.workbook} · run at ${data.runAt} · last closed month ${review?.period ?? "none"}`]);
  styles.push({ row: 1, col: 0, rows: 1, cols: 1, italic: true });

  // KPIs (values linked to blocks further down are patched in once those are placed).
  const kpis: Kpi[] = [];
  const v = k.accuracyVersion ?? "Consensus";
  const window = k.accuracyWindow.length > 0 ? ` over ${span(k.accuracyWindow)}` : "";
  kpis.push({ label: `Forecast accuracy (lag ${k.accuracyLag}, ${v})`, value: k.accuracy, format: PCT, rule: "atLeast", ...T.accuracy, how: `max(0, 1 − WAPE)${window}; at least ${pctText(T.accuracy.target)} on target, ${pctText(T.accuracy.watch)} watch (SOP Accuracy)` });
  kpis.push({ label: `Forecast bias (lag ${k.accuracyLag}, ${v})`, value: k.bias, format: SIGNED_PCT, rule: "sizeAtMost", ...T.bias, how: `Σ(F − A) / ΣA, positive = over-forecast; |bias| at most ${pctText(T.bias.target)} on target, ${pctText(T.bias.watch)} watch` });
  kpis.push({
    label: `Forecast value added of the ${v}`,
    value: k.fva,
    format: SIGNED_PCT,
    rule: "atLeast",
    ...T.fva,
    how: `WAPE(${k.fvaVs ?? "previous step"}) − WAPE(${v}) in points; positive = the consensus step improves the forecast`,
  });
  kpis.push({ label: "Fill rate (constrained plan)", value: k.fillRate, format: PCT, rule: "atLeast", ...T.fillRate, how: k.fillRate === null ? "no constrained plan in this run (SOP Supply Plan says why)" : "served / demand over the horizon (SOP Supply Plan)" });
  kpis.push({ label: "Average utilisation", value: k.averageUtilisation, format: PCT, rule: "atMost", ...T.averageUtilisation, how: "Σ load / Σ (capacity × efficiency) of the work centres over the horizon, rough-cut load of the consensus (SOP Capacity)" });
  kpis.push({
    label: `Peak utilisation${k.peakAt ? ` (${k.peakAt.resource}, ${k.peakAt.period})` : ""}`,
    value: k.peakUtilisation,
    format: PCT,
    rule: "atMost",
    ...T.peakUtilisation,
    how: "highest rough-cut load of the consensus / (capacity × efficiency) of any resource and month; above 100 % = short before overtime and pre-building (SOP Capacity)",
  });
  kpis.push({
    label: `Inventory days of supply${k.daysOfSupplyPeriod ? ` (end of ${k.daysOfSupplyPeriod})` : ""}`,
    value: k.daysOfSupply,
    format: DAYS,
    rule: k.daysOfSupplyTarget !== null && k.daysOfSupplyTarget > 0 ? "band" : "info",
    target: k.daysOfSupplyTarget,
    watch: null,
    band: T.daysOfSupply,
    how: `projected inventory / average daily demand of the next 3 months, ${k.daysOfSupplyBasis}; target = demand-weighted target days of the inventory tab, on target within ±${pctText(T.daysOfSupply.target)}, watch within ±${pctText(T.daysOfSupply.watch)}`,
  });
  const budgetWord = fin?.measure === "volume" ? "Volume" : "Revenue";
  kpis.push({
    label: `${budgetWord} vs budget, full year${fin?.year ? ` ${fin.year}` : ""}`,
    value: fin && fin.budget !== null && fin.budgetValue !== null ? quotient(fin.budgetValue - fin.budget, fin.budget) : null,
    format: SIGNED_PCT,
    rule: "atLeast",
    ...T.revenueVsBudget,
    how: fin === null ? "no financials in this run" : fin.budget === null ? "no budget mapped" : `(actuals of the closed months + ${fin.planLabel.toLowerCase()} − budget) / budget`,
    link: "budgetGapPct",
  });
  kpis.push({
    label: `Margin %, full year${fin?.year ? ` ${fin.year}` : ""}`,
    value: fin ? quotient(fin.margin, fin.costedRevenue) : null,
    format: PCT,
    rule: "info",
    target: null,
    watch: null,
    how: fin === null ? "no financials in this run" : `margin / revenue, actuals of the closed months + ${fin.planLabel.toLowerCase()}; the budget holds no margin`,
    link: "marginPct",
  });
  const rt = review?.total ?? null;
  kpis.push({
    label: `Last month actual vs plan${review?.period ? ` (${review.period}, units)` : ""}`,
    value: rt?.deviationPct ?? null,
    format: SIGNED_PCT,
    rule: "sizeAtMost",
    ...T.reviewDeviation,
    how: review === null ? "no business review" : `(actual − plan) / plan; ${review.plan.text}`,
    link: "reviewPct",
  });
  if (data.decisions) {
    kpis.push({ label: "Open decisions", value: data.decisions.open, format: COUNT, rule: "info", target: null, watch: null, how: "decisions not yet closed (SOP Decisions)" });
    kpis.push({ label: "Overdue decisions", value: data.decisions.overdue, format: COUNT, rule: "atMost", ...T.overdueDecisions, how: "open decisions past their due date" });
  }
  if (data.adherence) {
    const flagged = data.adherence.rows.filter((r) => r.flagged).length;
    kpis.push({ label: "Deviations from the frozen plan", value: flagged, format: COUNT, rule: "atMost", ...T.adherenceFlags, how: "sales, production and inventory lines flagged against the plan frozen at the last lock" });
  }

  pushSection(rows, styles, "Key performance indicators", "status = formula over the value, target and watch limit; the rule of each is stated on its row");
  const kpiTop = pushHeader(rows, styles, ["KPI", "Value", "Target", "Watch limit", "Status", "How it is measured"]);
  const kpiRow = new Map<string, { row: number; kpi: Kpi }>();
  for (const kpi of kpis) {
    const r = rows.length;
    const status = kpiStatus(kpi.rule, kpi.value, kpi.target, kpi.watch, kpi.band);
    const formula = kpi.target === null ? null : statusFormula(kpi.rule, r, kpi.band);
    rows.push([kpi.label, kpi.value, kpi.target, kpi.watch, formula !== null ? { formula, value: status } : status === "" ? null : status, kpi.how]);
    styles.push({ row: r, col: 1, rows: 1, cols: 3, numberFormat: kpi.format });
    if (kpi.link) kpiRow.set(kpi.link, { row: r, kpi });
  }
  const kpiRows = rows.length - kpiTop - 1;
  if (kpiRows > 0) {
    const block = { row: kpiTop + 1, col: 4, rows: kpiRows, cols: 1 };
    conditionals.push({ ...block, operator: "textContains", value: STATUS.off, ...RED }, { ...block, operator: "textContains", value: STATUS.watch, ...AMBER }, { ...block, operator: "textContains", value: STATUS.on, ...GREEN });
    styles.push({ row: kpiTop + 1, col: 4, rows: kpiRows, cols: 1, bold: true });
  }
  // Charts sit right of the blocks below the KPIs (the KPI rules' text runs freely to the right).
  const chartTop = rows.length + 1;
  /** Show in a KPI's value cell the value of a cell placed later (a formula), when both exist. */
  const link = (name: string, row: number, col: number, value: number | null): void => {
    const at = kpiRow.get(name);
    if (!at || value === null || at.kpi.value === null) return;
    rows[at.row]![1] = { formula: ref(row, col), value };
  };

  // Business review.
  const measureIsRevenue = review?.budgetMeasure !== "volume";
  if (review !== null) {
    pushSection(rows, styles, `Business review: ${review.period ?? "no closed month"}`, `actual vs the plan made for it vs the budget (${measureIsRevenue ? "revenue" : "units"}); deviation = actual − plan, % of plan; Total = Σ of the families`);
    rows.push([review.plan.text]);
    styles.push({ row: rows.length - 1, col: 0, rows: 1, cols: 1, italic: true });
    if (review.period !== null) {
      const top = pushHeader(rows, styles, [
        "Family",
        "Actual (units)",
        "Plan (units)",
        "Deviation (units)",
        "Deviation %",
        "Actual revenue",
        "Plan revenue",
        "Deviation (revenue)",
        "Deviation % (revenue)",
        measureIsRevenue ? "Budget (revenue)" : "Budget (units)",
        "Actual vs budget",
        "vs budget %",
      ]);
      const first = top + 1;
      const line = (l: ReviewLine, isTotal: boolean): void => {
        const r = rows.length;
        const sum = (col: number, value: number | null): OutCell => (value === null ? null : isTotal && r > first ? { formula: `SUM(${ref(first, col)}:${ref(r - 1, col)})`, value } : value);
        const diff = (a: number, b: number, value: number | null): OutCell => (value === null ? null : { formula: `${ref(r, a)}-${ref(r, b)}`, value });
        /** numerator / denominator as a formula ("" when the denominator is 0); blank when either is not shown. */
        const pct = (num: number, den: number, numValue: number | null, denValue: number | null, value: number | null): OutCell =>
          numValue === null || denValue === null ? null : { formula: `IF(${ref(r, den)}<>0,${ref(r, num)}/${ref(r, den)},"")`, value: value ?? "" };
        const compareCol = measureIsRevenue ? 5 : 1;
        rows.push([
          l.key,
          sum(1, l.actual),
          sum(2, l.plan),
          diff(1, 2, l.deviation),
          pct(3, 2, l.deviation, l.plan, l.deviationPct),
          sum(5, l.actualValue),
          sum(6, l.planValue),
          diff(5, 6, l.valueDeviation),
          pct(7, 6, l.valueDeviation, l.planValue, l.valueDeviationPct),
          sum(9, l.budget),
          diff(compareCol, 9, l.budgetDeviation),
          pct(10, 9, l.budgetDeviation, l.budget, l.budgetDeviationPct),
        ]);
        if (isTotal) {
          styles.push({ row: r, col: 0, rows: 1, cols: 12, bold: true });
          link("reviewPct", r, 4, l.deviationPct);
        }
      };
      for (const f of review.families) line(f, false);
      line(review.total, true);
      const n = rows.length - first;
      styles.push(
        { row: first, col: 1, rows: n, cols: 2, numberFormat: UNITS },
        { row: first, col: 3, rows: n, cols: 1, numberFormat: SIGNED_UNITS },
        { row: first, col: 5, rows: n, cols: 2, numberFormat: UNITS },
        { row: first, col: 7, rows: n, cols: 1, numberFormat: SIGNED_UNITS },
        { row: first, col: 9, rows: n, cols: 1, numberFormat: UNITS },
        { row: first, col: 10, rows: n, cols: 1, numberFormat: SIGNED_UNITS },
      );
      for (const c of [4, 8, 11]) {
        styles.push({ row: first, col: c, rows: n, cols: 1, numberFormat: SIGNED_PCT });
        conditionals.push({ row: first, col: c, rows: n, cols: 1, operator: "greaterThan", value: T.reviewDeviation.watch, ...AMBER }, { row: first, col: c, rows: n, cols: 1, operator: "lessThan", value: -T.reviewDeviation.watch, ...AMBER });
      }
    }
    for (const note of review.notes.slice(1)) {
      rows.push([note]);
      styles.push({ row: rows.length - 1, col: 0, rows: 1, cols: 1, italic: true });
    }
  }

  // Revenue and margin vs budget, full year.
  if (fin !== null) {
    pushSection(rows, styles, `${budgetWord} and margin vs budget: full year${fin.year ? ` ${fin.year}` : ""}`, `actuals of the closed months + the ${fin.planLabel.toLowerCase()} for the rest of the year; gap = actual + plan − budget`);
    pushHeader(rows, styles, ["Line", "Budget", "Actual + plan", "Gap", "Gap %", "Months"]);
    if (fin.budget !== null && fin.budgetValue !== null) {
      const r = rows.length;
      const gapPct = quotient(fin.budgetValue - fin.budget, fin.budget);
      rows.push([
        fin.measure === "volume" ? "Volume (units)" : "Revenue",
        fin.budget,
        fin.budgetValue,
        { formula: `${ref(r, 2)}-${ref(r, 1)}`, value: fin.budgetValue - fin.budget },
        { formula: `IF(${ref(r, 1)}<>0,${ref(r, 3)}/${ref(r, 1)},"")`, value: gapPct ?? "" },
        span(fin.budgetMonths),
      ]);
      styles.push({ row: r, col: 1, rows: 1, cols: 2, numberFormat: UNITS }, { row: r, col: 3, rows: 1, cols: 1, numberFormat: SIGNED_UNITS }, { row: r, col: 4, rows: 1, cols: 1, numberFormat: SIGNED_PCT });
      conditionals.push({ row: r, col: 4, rows: 1, cols: 1, operator: "lessThan", value: T.revenueVsBudget.watch, ...RED });
      link("budgetGapPct", r, 4, gapPct);
    } else rows.push([fin.measure === "volume" ? "Volume (units)" : "Revenue", null, null, null, null, "no budget mapped"]);
    const rRev = rows.length;
    rows.push(["Revenue, full year", null, fin.revenue, null, null, span(fin.months)]);
    const rMargin = rows.length;
    rows.push(["Margin, full year", null, fin.margin, null, null, span(fin.months)]);
    const rPct = rows.length;
    const marginPct = quotient(fin.margin, fin.costedRevenue);
    const sameRevenue = Math.abs(fin.revenue - fin.costedRevenue) <= 1e-9 * Math.max(1, Math.abs(fin.revenue));
    rows.push([
      "Margin %, full year",
      null,
      marginPct === null ? null : sameRevenue ? { formula: `IF(${ref(rRev, 2)}<>0,${ref(rMargin, 2)}/${ref(rRev, 2)},"")`, value: marginPct } : marginPct,
      null,
      null,
      sameRevenue ? "margin / revenue" : "margin / revenue of the units with a unit cost",
    ]);
    styles.push({ row: rRev, col: 2, rows: 2, cols: 1, numberFormat: UNITS }, { row: rPct, col: 2, rows: 1, cols: 1, numberFormat: PCT });
    link("marginPct", rPct, 2, marginPct);
  }

  // Accuracy trend (chart 1).
  const trend = data.trend;
  pushSection(rows, styles, `Forecast accuracy trend (lag ${trend?.lag ?? k.accuracyLag})`, "accuracy = max(0, 1 − WAPE) and bias = Σ(F − A) / ΣA of each version's forecast made one month ahead, per closed month (from SOP Snapshots)");
  if (trend !== null && trend.periods.length > 0 && trend.versions.length > 0) {
    const V = trend.versions.length;
    const top = pushHeader(rows, styles, ["Month", ...trend.versions.map((s) => s.version), ...trend.versions.map((s) => `${s.version} bias`)]);
    trend.periods.forEach((p, t) => {
      rows.push([p, ...trend.versions.map((s) => s.points[t]!.accuracy), ...trend.versions.map((s) => s.points[t]!.biasPct)]);
    });
    const n = trend.periods.length;
    styles.push({ row: top + 1, col: 1, rows: n, cols: V, numberFormat: PCT }, { row: top + 1, col: 1 + V, rows: n, cols: V, numberFormat: SIGNED_PCT });
    conditionals.push({ row: top + 1, col: 1, rows: n, cols: V, operator: "lessThan", value: T.accuracy.watch, ...RED });
    charts.push({
      kind: "lineMarkers",
      name: "Accuracy trend",
      title: `Forecast accuracy, lag ${trend.lag}`,
      data: { row: top, col: 0, rows: n + 1, cols: V + 1 },
      valueFormat: "0%",
      position: { row: chartTop, col: CHART_COL, rows: CHART_ROWS, cols: CHART_COLS },
    });
  } else rows.push(["(no snapshot forecast for the closed months yet: the trend starts after the first locked cycles)"]);

  // Load vs capacity (chart 2).
  const ld = data.load;
  if (ld !== null) {
    const unit = ld.unit ?? "hours";
    pushSection(rows, styles, `Load vs capacity: ${ld.resource} (${unit})`, `${ld.resource} is shown as ${ld.why}; utilisation = load / available capacity (capacity × efficiency)`);
    const top = pushHeader(rows, styles, ["Month", "Load", "Available capacity", "Utilisation"]);
    ld.periods.forEach((p, j) => {
      const r = rows.length;
      const l = ld.load[j] ?? 0;
      const a = ld.available[j] ?? null;
      const u = a !== null && a > 0 ? quotient(l, a) : null;
      rows.push([p, l, a, a === null ? null : { formula: `IF(${ref(r, 2)}>0,${ref(r, 1)}/${ref(r, 2)},"")`, value: u ?? "" }]);
    });
    const n = ld.periods.length;
    if (n > 0) {
      styles.push({ row: top + 1, col: 1, rows: n, cols: 2, numberFormat: UNITS }, { row: top + 1, col: 3, rows: n, cols: 1, numberFormat: PCT });
      conditionals.push({ row: top + 1, col: 3, rows: n, cols: 1, operator: "greaterThan", value: T.peakUtilisation.watch, ...RED });
      charts.push({
        kind: "columnClustered",
        name: "Load vs capacity",
        title: `Load vs capacity: ${ld.resource}`,
        data: { row: top, col: 0, rows: n + 1, cols: 3 },
        lineSeries: [1],
        valueFormat: "#,##0",
        position: { row: chartTop + CHART_ROWS + 1, col: CHART_COL, rows: CHART_ROWS, cols: CHART_COLS },
      });
    }
  }

  // Scenario comparison (chart 3).
  const sc = data.scenarios;
  if (sc !== null && sc.length > 0) {
    pushSection(rows, styles, "Scenario comparison", `margin over the horizon after the levers' costs; margin vs baseline = margin − the baseline's${data.recommendation ? `. Recommended: ${data.recommendation}` : ""}`);
    const top = pushHeader(rows, styles, ["Scenario", "Margin", "Revenue", "Margin %", "Fill rate", "Peak utilisation", "Margin vs baseline", "Status"]);
    const ok = sc.filter((s) => s.status === "ok" && s.margin !== null);
    const others = sc.filter((s) => !(s.status === "ok" && s.margin !== null));
    const baseRow = ok.findIndex((s) => s.isBaseline);
    const baseR = baseRow >= 0 ? top + 1 + baseRow : -1;
    const base = baseRow >= 0 ? ok[baseRow]! : null;
    for (const s of ok) {
      const r = rows.length;
      rows.push([
        s.name,
        s.margin,
        s.revenue,
        s.marginPct,
        s.fillRate,
        s.peakUtilisation,
        base !== null && base.margin !== null ? { formula: `${ref(r, 1)}-${ref(baseR, 1)}`, value: s.margin! - base.margin } : null,
        s.recommended ? "recommended" : s.isBaseline ? "baseline" : "",
      ]);
    }
    for (const s of others) rows.push([s.name, null, null, null, null, null, null, `${s.status}: ${s.reason}`]);
    const n = rows.length - top - 1;
    styles.push(
      { row: top + 1, col: 1, rows: n, cols: 2, numberFormat: UNITS },
      { row: top + 1, col: 3, rows: n, cols: 3, numberFormat: PCT },
      { row: top + 1, col: 6, rows: n, cols: 1, numberFormat: SIGNED_UNITS },
    );
    conditionals.push({ row: top + 1, col: 7, rows: n, cols: 1, operator: "textContains", value: "recommended", ...GREEN });
    if (ok.length > 0) {
      charts.push({
        kind: "columnClustered",
        name: "Scenario margins",
        title: "Margin by scenario",
        data: { row: top, col: 0, rows: ok.length + 1, cols: 2 },
        valueFormat: "#,##0",
        position: { row: chartTop + 2 * (CHART_ROWS + 1), col: CHART_COL, rows: CHART_ROWS, cols: CHART_COLS },
      });
    }
  }

  // Decisions.
  if (data.decisions) {
    const d = data.decisions;
    pushSection(rows, styles, "Decisions", `${d.open} open, ${d.overdue} overdue (SOP Decisions)`);
    pushHeader(rows, styles, ["Id", "Topic", "Owner", "Due", "Status"]);
    const first = rows.length;
    for (const it of d.items.slice(0, 40)) rows.push([it.id, it.topic, it.owner, it.due, it.status]);
    if (d.items.length > 40) rows.push([`… and ${d.items.length - 40} more in SOP Decisions`]);
    if (d.items.length === 0) rows.push(["(no decision listed)"]);
    else conditionals.push({ row: first, col: 4, rows: Math.min(d.items.length, 40), cols: 1, operator: "textContains", value: "overdue", ...RED });
  }

  // Adherence to the frozen plan.
  if (data.adherence) {
    const ad = data.adherence;
    pushSection(rows, styles, "Adherence to the frozen plan", "deviation = actual − planned, % of planned; flagged lines explained in words");
    const top = pushHeader(rows, styles, ["Measure", "Family", "Planned", "Actual", "Deviation", "Deviation %", "Flag", "What happened"]);
    for (const a of ad.rows) {
      const r = rows.length;
      const consistent = Math.abs(a.actual - a.planned - a.deviation) <= 1e-9 * Math.max(1, Math.abs(a.deviation));
      const pctConsistent = consistent && (a.deviationPct === null ? a.planned === 0 : a.planned !== 0 && Math.abs(a.deviation / a.planned - a.deviationPct) <= 1e-9 * Math.max(1, Math.abs(a.deviationPct)));
      rows.push([
        a.measure,
        a.family,
        a.planned,
        a.actual,
        consistent ? { formula: `${ref(r, 3)}-${ref(r, 2)}`, value: a.deviation } : a.deviation,
        pctConsistent ? { formula: `IF(${ref(r, 2)}<>0,${ref(r, 4)}/${ref(r, 2)},"")`, value: a.deviationPct ?? "" } : a.deviationPct,
        a.flagged ? "flagged" : "",
        a.sentence,
      ]);
    }
    const n = ad.rows.length;
    if (n === 0) rows.push(["(no frozen plan to compare yet: adherence starts after the first locked cycle)"]);
    else {
      styles.push({ row: top + 1, col: 2, rows: n, cols: 2, numberFormat: UNITS }, { row: top + 1, col: 4, rows: n, cols: 1, numberFormat: SIGNED_UNITS }, { row: top + 1, col: 5, rows: n, cols: 1, numberFormat: SIGNED_PCT });
      conditionals.push({ row: top + 1, col: 6, rows: n, cols: 1, operator: "textContains", value: "flagged", ...AMBER });
    }
  }

  return {
    name: DASHBOARD_SHEET,
    rows,
    styles,
    conditionals,
    charts,
    columnWidths: [44, ...Array<number>(11).fill(14), 3, ...Array<number>(CHART_COLS).fill(10)],
    freeze: { rows: 2 },
    tabColor: "#1F4E3D",
  };
}
