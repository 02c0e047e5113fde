/**
 * The supply review step of a run (DESIGN.md §2 step 3): rough-cut capacity against the
 * consensus (with the probability of overload from the forecast intervals), the constrained
 * supply plan (an LP, when a solver is given), the inventory projection of both plans, and the
 * inventory strategy review; the sheets `SOP Capacity` and `SOP Supply Plan`, and a summary for
 * the task pane's Supply step and the CLI.
 *
 * The replenishment lead time of an item, for its safety stock, is its routing's largest lead
 * offset plus one month (the month of production itself).
 *
 * Pure: engine inputs and results in (the LP solver is injected), sheets and plain data out.
 */
import { roughCutCapacity } from "../engine/capacity/roughCutCapacity";
import type { RoughCutResult } from "../engine/capacity/types";
import type { Consensus, StatisticalForecast } from "../engine/demand/types";
import type { PlanningInputs, SnapshotRow } from "../engine/inputs";
import { LEAD_TIME_ERROR_DEFAULTS, type LeadTimeSnapshots, leadTimeError, leadTimeSnapshots, wholeMonths } from "../engine/inventory/leadTimeError";
import { projectInventory } from "../engine/inventory/projection";
import { inventoryStrategy } from "../engine/inventory/safetyStock";
import type { InventoryProjection, InventoryStrategy } from "../engine/inventory/types";
import { planSupply } from "../engine/supply/supplyPlan";
import type { LpSolver, SupplyPlan, SupplySettings } from "../engine/supply/types";
import { Z80 } from "../engine/forecast/types";
import { CAPACITY_SHEET, renderCapacitySheet } from "./capacitySheet";
import type { Finding } from "./findings";
import type { SheetSpec } from "./sheetSpec";
import { SUPPLY_SHEET, renderSupplySheet } from "./supplySheet";

/** One resource at a glance (for the load-vs-capacity chart). */
export interface ResourceView {
  readonly resource: string;
  readonly unit: "hours" | "units" | null;
  readonly available: readonly (number | null)[];
  readonly load: readonly number[];
  readonly utilisation: readonly (number | null)[];
  readonly status: readonly string[];
  readonly peakUtilisation: number | null;
  /** Row of the resource in `SOP Capacity` (`A12`). */
  readonly address: string;
}

/** A shortage, pointing at its row of the shortage list. */
export interface ShortageView {
  readonly resource: string;
  readonly period: string;
  readonly gap: number;
  readonly utilisation: number | null;
  readonly text: string;
  readonly sheet: string;
  readonly address: string;
}

/** The supply review at a glance: plain, structured-cloneable data. */
export interface SupplySummary {
  readonly cycle: string;
  readonly periods: readonly string[];
  readonly resources: readonly ResourceView[];
  readonly shortages: readonly ShortageView[];
  readonly shortageCount: number;
  readonly atRiskCount: number;
  /** Constrained plan: null when no plan was solved. */
  readonly plan: {
    readonly status: string;
    readonly explanation: string;
    readonly solver: string;
    readonly fillRate: number;
    readonly unmetUnits: number;
    readonly revenue: number;
    readonly margin: number;
    readonly overtimeHours: number;
    readonly outsourcedUnits: number;
    readonly endingInventoryValue: number;
  } | null;
  /** Why there is no plan (no solver, no capacity…); "" when there is one. */
  readonly planNote: string;
  readonly safetyStock: { readonly currentInvestment: number; readonly recommendedInvestment: number; readonly change: number; readonly items: number } | null;
  readonly capacitySheet: string;
  readonly supplySheet: string;
}

export interface SupplyStepOptions {
  readonly cycle: string;
  readonly runAt: string;
  readonly workbook: string;
  /** The LP solver (HiGHS); null: no constrained plan, everything else still computed. */
  readonly solver: LpSolver | null;
  readonly settings?: SupplySettings;
  /** Snapshots (planner's ledger + the add-in's), for the forecast error at the lead time. */
  readonly snapshots: readonly SnapshotRow[];
  readonly progress?: (fraction: number, label: string) => void;
  /**
   * The constrained plan of this consensus, inputs, settings and solver when another thread has
   * already solved it (the scenarios' baseline): used as it is instead of solving it again.
   */
  readonly plan?: SupplyPlan;
  /** `supplyLeadTimeSnapshots` of this run when it was measured beforehand (while the items were forecast). */
  readonly leadTimeSnapshots?: LeadTimeSnapshots;
  /**
   * `supplyGroundwork` of this run when it was done beforehand (while the scenarios' thread solved
   * the plan): used when it was made from the same inputs, forecast, consensus, cycle and snapshots.
   */
  readonly groundwork?: SupplyGroundwork;
}

/** What the supply review computes without the constrained plan (see {@link supplyGroundwork}). */
export interface SupplyGroundwork {
  readonly cycle: string;
  readonly inputs: PlanningInputs;
  readonly statistical: StatisticalForecast;
  readonly consensus: Consensus;
  readonly snapshots: readonly SnapshotRow[];
  readonly capacity: RoughCutResult;
  readonly strategy: InventoryStrategy;
}

/**
 * The snapshot ledger measured for the supply review's lead-time errors before the consensus
 * exists (while the items are forecast): lags 1 … 1 + the longest lead offset of the bill of
 * resources, which is every item's longest lead time when each routing line's item or family is
 * planned. `leadTimeError` measures its own when the plan's items need other lags.
 */
export function supplyLeadTimeSnapshots(inputs: PlanningInputs, cycle: string, snapshots: readonly SnapshotRow[]): LeadTimeSnapshots {
  let offset = 0;
  for (const r of inputs.resources) offset = Math.max(offset, r.leadOffset);
  const d = LEAD_TIME_ERROR_DEFAULTS;
  return leadTimeSnapshots({ cycle, actuals: inputs.actuals, snapshots }, { version: d.version, window: d.window, maxLead: Math.max(d.leadTime, wholeMonths(1 + offset) ?? d.leadTime) });
}

export interface SupplyStepResult {
  readonly sheets: readonly SheetSpec[];
  readonly findings: readonly Finding[];
  readonly summary: SupplySummary;
  readonly capacity: RoughCutResult;
  readonly plan: SupplyPlan | null;
  readonly projection: InventoryProjection;
  readonly strategy: InventoryStrategy;
}

/**
 * The constrained supply plan of the consensus (null without a solver, capacity or bill of
 * resources) and the note the supply review shows about it: what a lock freezes, without the
 * rest of the review.
 */
export function constrainedPlan(inputs: PlanningInputs, consensus: Consensus, options: Pick<SupplyStepOptions, "solver" | "settings" | "plan">): { readonly plan: SupplyPlan | null; readonly planNote: string } {
  if (options.solver === null) return { plan: null, planNote: "No LP solver was available in this run: no constrained plan (capacity and inventory are still shown)." };
  if (inputs.capacity === null || inputs.resources.length === 0) return { plan: null, planNote: "No capacity or bill of resources is mapped: the constrained plan needs both." };
  const plan = options.plan ?? planSupply({ periods: consensus.periods, items: consensus.items, capacity: inputs.capacity, resources: inputs.resources, inventory: inputs.inventory, prices: inputs.prices }, options.solver, options.settings);
  return { plan, planNote: plan.level === "item" ? "The plan is per item: the inventory projection below is per family from the consensus." : "" };
}

/**
 * The part of the supply review that needs no constrained plan: rough-cut capacity (with the
 * forecast error of each item from its 80 % interval), the forecast error at each item's lead
 * time and the inventory strategy. A run does it while another thread solves the plan.
 */
export function supplyGroundwork(
  inputs: PlanningInputs,
  statistical: StatisticalForecast,
  consensus: Consensus,
  options: Pick<SupplyStepOptions, "cycle" | "snapshots" | "leadTimeSnapshots" | "progress">,
): SupplyGroundwork {
  const progress = options.progress ?? ((): void => undefined);
  const periods = consensus.periods;
  progress(0, "Loading resources with the consensus");
  const statByItem = new Map(statistical.items.map((s) => [s.item, s]));
  // Each forecast item's sd a view of one buffer (not an array of its own per item).
  const forecastOf = consensus.items.map((c) => {
    const s = statByItem.get(c.item);
    return s !== undefined && s.method !== "none" ? s : undefined;
  });
  let sdLength = 0;
  for (const s of forecastOf) sdLength += s?.point.length ?? 0;
  const sdBuffer = new Float64Array(sdLength);
  let sdAt = 0;
  const demand = consensus.items.map((c, k) => {
    const s = forecastOf[k];
    if (s === undefined) return { item: c.item, family: c.family, values: c.consensus };
    const sd = sdBuffer.subarray(sdAt, (sdAt += s.point.length));
    for (let j = 0; j < sd.length; j++) sd[j] = Math.max(0, (s.upper80[j]! - s.point[j]!) / Z80);
    return { item: c.item, family: c.family, values: c.consensus, sd };
  });
  const capacity = roughCutCapacity({ periods, demand, capacity: inputs.capacity, resources: inputs.resources });

  // Inventory strategy.
  progress(0.3, "Reviewing safety stocks");
  const leadTimes = new Map<string, number>();
  const familyLead = new Map<string, number>();
  for (const r of inputs.resources) if (r.item === null && r.family !== null) familyLead.set(r.family.trim().toLowerCase(), Math.max(familyLead.get(r.family.trim().toLowerCase()) ?? 0, r.leadOffset));
  const itemLead = new Map<string, number>();
  for (const r of inputs.resources) if (r.item !== null) itemLead.set(r.item, Math.max(itemLead.get(r.item) ?? 0, r.leadOffset));
  for (const c of consensus.items) leadTimes.set(c.item, 1 + (itemLead.get(c.item) ?? familyLead.get(c.family.trim().toLowerCase()) ?? 0));
  const errors = leadTimeError(
    { cycle: options.cycle, actuals: inputs.actuals, snapshots: options.snapshots, statistical: statistical.items, items: consensus.items.map((c) => c.item) },
    { leadTimes, ...(options.leadTimeSnapshots ? { snapshotCubes: options.leadTimeSnapshots } : {}) },
  );
  const strategy = inventoryStrategy({ periods, demand: consensus.items.map((c) => ({ item: c.item, family: c.family, demand: c.consensus })), inventory: inputs.inventory, prices: inputs.prices, errors: errors.items });
  return { cycle: options.cycle, inputs, statistical, consensus, snapshots: options.snapshots, capacity, strategy };
}

/** Run the supply review on the cycle's consensus. */
export function supplyStep(inputs: PlanningInputs, statistical: StatisticalForecast, consensus: Consensus, options: SupplyStepOptions): SupplyStepResult {
  const progress = options.progress ?? ((): void => undefined);
  const periods = consensus.periods;
  const findings: Finding[] = [];
  const given = options.groundwork;
  const ground =
    given !== undefined && given.cycle === options.cycle && given.inputs === inputs && given.statistical === statistical && given.consensus === consensus && given.snapshots === options.snapshots
      ? given
      : supplyGroundwork(inputs, statistical, consensus, { ...options, progress: (f, label) => progress(0.5 * f, label) });
  const { capacity, strategy } = ground;
  for (const issue of capacity.issues) {
    // Findings with cell addresses for these come from the data check (readInputs).
    if (issue.kind === "resource-without-capacity" || issue.kind === "bad-per-unit" || issue.kind === "no-capacity-in-period" || issue.kind === "negative-capacity" || issue.kind === "bad-efficiency") continue;
    findings.push({ severity: issue.severity, code: "supply-note", role: "supply review", address: "", message: issue.message });
  }

  // Constrained plan.
  progress(0.5, "Solving the constrained supply plan");
  const { plan, planNote } = constrainedPlan(inputs, consensus, options);
  if (plan !== null) {
    for (const n of plan.notes) if (n.severity !== "info") findings.push({ severity: n.severity === "error" ? "warning" : n.severity, code: "supply-note", role: "supply review", address: "", message: n.message });
    if (plan.status !== "Optimal") findings.push({ severity: "warning", code: "supply-note", role: "supply review", address: "", message: `The supply plan is not optimal (${plan.status}): ${plan.explanation}` });
  }

  // Inventory projection per family: the constrained plan where there is one, the consensus otherwise.
  progress(0.6, "Projecting inventory");
  const onHand = new Map<string, number>();
  const ss = new Map<string, number>();
  const familyOf = new Map(consensus.items.map((c) => [c.item, c.family]));
  for (const row of inputs.inventory) {
    const fam = familyOf.get(row.item);
    if (fam === undefined) continue;
    onHand.set(fam, (onHand.get(fam) ?? 0) + row.onHand);
    ss.set(fam, (ss.get(fam) ?? 0) + (row.safetyStock ?? 0));
  }
  const planByKey = new Map((plan?.level === "family" ? plan.entities : []).map((e) => [e.key, e]));
  const projection = projectInventory({
    periods,
    series: consensus.families.map((f) => {
      const e = planByKey.get(f.family);
      return {
        key: f.family,
        family: null,
        opening: onHand.get(f.family) ?? null,
        safetyStock: ss.get(f.family) ?? null,
        demand: f.consensus,
        ...(e ? { supply: Float64Array.from(e.production, (p, j) => p + e.outsourced[j]!), served: e.served } : {}),
      };
    }),
  });

  progress(0.9, "Writing the capacity and supply sheets");
  const cap = renderCapacitySheet({ workbook: options.workbook, cycle: options.cycle, runAt: options.runAt, result: capacity });
  const sup = renderSupplySheet({ workbook: options.workbook, cycle: options.cycle, runAt: options.runAt, periods, plan, planNote, projection, strategy });

  const summary: SupplySummary = {
    cycle: options.cycle,
    periods,
    resources: capacity.resources.map((r) => ({
      resource: r.resource,
      unit: r.unit,
      available: r.available,
      load: Array.from(r.load),
      utilisation: r.utilisation,
      status: r.status,
      peakUtilisation: r.summary.peakUtilisation,
      address: `A${(cap.index.resourceRow.get(r.resource) ?? 0) + 1}`,
    })),
    shortages: capacity.shortages.slice(0, 50).map((s) => ({
      resource: s.resource,
      period: s.period,
      gap: s.gap,
      utilisation: s.utilisation,
      text: `${s.resource} is short by ${Math.round(-s.gap).toLocaleString("en-US")} ${s.unit ?? "hours"} in ${s.period}${s.utilisation !== null ? ` (${Math.round(s.utilisation * 100)} % loaded)` : ""}${s.topFamilies[0] ? `, mostly ${s.topFamilies[0].key}` : ""}`,
      sheet: CAPACITY_SHEET,
      address: `A${(cap.index.shortageRow.get(`${s.resource}|${s.period}`) ?? 0) + 1}`,
    })),
    shortageCount: capacity.shortages.length,
    atRiskCount: capacity.atRisk.length,
    plan: plan
      ? {
          status: plan.status,
          explanation: plan.explanation,
          solver: plan.solver,
          fillRate: plan.totals.fillRate,
          unmetUnits: plan.totals.unmetUnits,
          revenue: plan.totals.revenue,
          margin: plan.totals.margin,
          overtimeHours: plan.totals.overtimeHours,
          outsourcedUnits: plan.totals.outsourcedUnits,
          endingInventoryValue: plan.totals.endingInventoryValue,
        }
      : null,
    planNote,
    safetyStock: { currentInvestment: strategy.total.currentInvestment, recommendedInvestment: strategy.total.recommendedInvestment, change: strategy.total.investmentChange, items: strategy.total.items },
    capacitySheet: CAPACITY_SHEET,
    supplySheet: SUPPLY_SHEET,
  };
  progress(1, "Supply review done");
  return { sheets: [cap.sheet, sup.sheet], findings, summary, capacity, plan, projection, strategy };
}
