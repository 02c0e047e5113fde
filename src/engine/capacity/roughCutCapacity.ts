/**
 * Rough-cut capacity check (DESIGN.md §2 step 3 supply review, §4 load / gap / utilisation):
 * the consensus demand loaded onto work centres and critical materials through the bill of
 * resources, against the available capacity, period by period; the shortage list, the
 * periods at risk of overload, and the data problems met on the way.
 *
 * For resource r and plan period t:
 * - load(r, t) = Σ_items demand(i, t + lead) × perUnit(i, r) (loadModel.ts; routing rules in
 *   routing.ts: an item's own lines replace its family's);
 * - available = capacity × efficiency (a negative capacity counts as 0); capacity comes from
 *   the capacity table's column with the same period key: none (or a blank) → unknown;
 * - gap = available − load; utilisation = load / available (null when available ≤ 0 or unknown,
 *   or when the quotient is not finite);
 * - short: gap < 0 (beyond a rounding tolerance of 1e-9 relative);
 * - P(overload) = P(load > available), load ~ Normal(load, σ²) with σ² = Σ_i (perUnit(i, r) ×
 *   sd(i, t + lead))², items independent (overloadProbability.ts); σ = 0: 1 when short, else 0;
 * - at risk: not short and P(overload) ≥ the risk threshold (default 0.2).
 * Per resource over the horizon: average utilisation = Σ load / Σ available over the periods
 * with available > 0 (a ratio of sums), peak utilisation, short and at-risk periods, shortfall.
 *
 * Never throws: problems are counted in `issues` with their treatment; numbers are never NaN.
 * Pure; no I/O.
 */
import type { CapacityInput } from "../inputs";
import { addPeriods, parsePeriodKey, periodKey } from "../period";
import { familyLoads, topFamiliesInPeriod, topItemsInPeriod, topItemsOverHorizon } from "./contributors";
import { CapacityIssueCounter, example } from "./issues";
import { buildLoadModel, type ResourceLoadState } from "./loadModel";
import { overloadProbability } from "./overloadProbability";
import { indexRouting, nameKey } from "./routing";
import type {
  CapacityUnit,
  PeriodStatus,
  ResourceLoad,
  ResourceSummary,
  RiskPeriod,
  RoughCutInput,
  RoughCutOptions,
  RoughCutResult,
  Shortage,
} from "./types";

/** Default of `RoughCutOptions.riskThreshold`. */
export const DEFAULT_RISK_THRESHOLD = 0.2;
const DEFAULT_SHORTAGE_TOP_FAMILIES = 3;
const DEFAULT_SHORTAGE_TOP_ITEMS = 5;
const DEFAULT_RESOURCE_TOP_ITEMS = 10;
/** Relative tolerance below which a negative gap is rounding, not a shortage. */
const GAP_TOLERANCE = 1e-9;

/** A whole number ≥ 0 from an option, else the default. */
function count(x: number | undefined, dflt: number): number {
  return x !== undefined && Number.isFinite(x) && x >= 0 ? Math.floor(x) : dflt;
}

/** Counts plan periods that are not period keys or do not follow the first one. */
function checkPlanPeriods(periods: readonly string[], issues: CapacityIssueCounter): void {
  const first = periods.length > 0 ? parsePeriodKey(periods[0]!) : null;
  periods.forEach((p, t) => {
    if (first === null || periodKey(addPeriods(first, t)) !== p) issues.note("plan-periods", example({ period: p }));
  });
}

/** A capacity row usable for a resource. */
interface CapacityRow {
  readonly row: number;
  readonly name: string;
  readonly unit: CapacityUnit;
  readonly efficiency: number;
}

/** Capacity rows by resource key (first row of a name kept), in table order. */
function indexCapacity(capacity: CapacityInput | null, issues: CapacityIssueCounter): Map<string, CapacityRow> {
  const out = new Map<string, CapacityRow>();
  if (capacity === null) return out;
  capacity.table.keys.forEach((name, row) => {
    const key = nameKey(name);
    if (out.has(key)) {
      issues.note("duplicate-capacity-row", example({ resource: name }));
      return;
    }
    let efficiency = capacity.efficiency[row] ?? 1;
    if (!(efficiency >= 0) || !Number.isFinite(efficiency)) {
      issues.note("bad-efficiency", example({ resource: name }));
      efficiency = 1;
    }
    out.set(key, { row, name: name.trim(), unit: capacity.units[row] ?? "hours", efficiency });
  });
  return out;
}

/** An empty load state for a capacity row no routing line names. */
function emptyState(key: string, name: string, n: number): ResourceLoadState {
  return { key, name, load: new Float64Array(n), variance: new Float64Array(n), before: 0, maxLead: 0, loaders: [], familyLoad: new Map() };
}

/**
 * Rough-cut capacity of a plan: load, available capacity, gap, utilisation and overload
 * probability per resource and period; shortages (largest first) with the families and items
 * behind them; periods at risk; unrouted items; data issues. See the module comment for the
 * definitions.
 */
export function roughCutCapacity(input: RoughCutInput, options: RoughCutOptions = {}): RoughCutResult {
  const { periods } = input;
  const n = periods.length;
  const rt = options.riskThreshold;
  const riskThreshold = rt !== undefined && rt > 0 && rt <= 1 ? rt : DEFAULT_RISK_THRESHOLD;
  const shortageTopFamilies = count(options.shortageTopFamilies, DEFAULT_SHORTAGE_TOP_FAMILIES);
  const shortageTopItems = count(options.shortageTopItems, DEFAULT_SHORTAGE_TOP_ITEMS);
  const resourceTopItems = count(options.resourceTopItems, DEFAULT_RESOURCE_TOP_ITEMS);
  const notes: string[] = [];

  const issues = new CapacityIssueCounter();
  checkPlanPeriods(periods, issues);
  const routing = indexRouting(input.resources, issues);
  const model = buildLoadModel(periods, input.demand, routing, issues);
  const capRows = indexCapacity(input.capacity, issues);
  const cap = input.capacity;
  const capColumn = new Map<string, number>();
  cap?.table.periods.forEach((p, c) => capColumn.set(p, c));
  const colOf = periods.map((p) => capColumn.get(p) ?? -1);

  // Capacity rows first (table order), then resources only in the routing.
  const order: { state: ResourceLoadState; cap: CapacityRow | null }[] = [];
  for (const [key, c] of capRows) order.push({ state: model.resources.get(key) ?? emptyState(key, c.name, n), cap: c });
  for (const [key, state] of model.resources) if (!capRows.has(key)) order.push({ state, cap: null });

  const resources: ResourceLoad[] = [];
  const shortages: Shortage[] = [];
  const atRisk: RiskPeriod[] = [];
  let resourcesShort = 0;

  for (const { state, cap: c } of order) {
    const name = c?.name ?? state.name;
    const unit = c?.unit ?? null;
    const { load, variance } = state;
    const capacity: (number | null)[] = [];
    const available: (number | null)[] = [];
    const gap: (number | null)[] = [];
    const utilisation: (number | null)[] = [];
    const probability: (number | null)[] = [];
    const status: PeriodStatus[] = [];
    const loadSd = new Float64Array(n);
    let totalLoad = 0;
    let sumAvail = 0;
    let sumLoadWithAvail = 0;
    let anyAvail = false;
    let peak: number | null = null;
    let peakPeriod: string | null = null;
    let shortPeriods = 0;
    let atRiskPeriods = 0;
    let noCapacityPeriods = 0;
    let shortfall = 0;
    let firstShort = -1;
    const shortIdx: number[] = [];

    for (let t = 0; t < n; t++) {
      const l = load[t]!;
      const sd = Math.sqrt(variance[t]!);
      loadSd[t] = sd;
      totalLoad += l;
      const col = colOf[t]!;
      const raw = c !== null && cap !== null && col >= 0 ? cap.table.values[c.row * cap.table.periods.length + col]! : Number.NaN;
      if (!Number.isFinite(raw)) {
        capacity.push(null);
        available.push(null);
        gap.push(null);
        utilisation.push(null);
        probability.push(null);
        status.push("no capacity");
        if (c !== null) {
          noCapacityPeriods++;
          issues.note("no-capacity-in-period", example({ resource: name, period: periods[t]! }), l);
        }
        continue;
      }
      if (raw < 0) issues.note("negative-capacity", example({ resource: name, period: periods[t]! }));
      const avail = Math.max(0, raw) * c!.efficiency;
      const g = avail - l;
      const short = g < -GAP_TOLERANCE * Math.max(1, avail, l);
      const q = avail > 0 ? l / avail : Number.NaN;
      const u = Number.isFinite(q) ? q : null; // a denormal capacity would give Infinity
      const p = sd > 0 ? overloadProbability(l, avail, sd) : short ? 1 : 0;
      capacity.push(raw);
      available.push(avail);
      gap.push(g);
      utilisation.push(u);
      probability.push(p);
      anyAvail = true;
      sumAvail += avail;
      if (avail > 0) sumLoadWithAvail += l;
      if (avail <= 0 && l > 0) issues.note("no-available-capacity-with-load", example({ resource: name, period: periods[t]! }));
      if (u !== null && (peak === null || u > peak)) {
        peak = u;
        peakPeriod = periods[t]!;
      }
      if (short) {
        status.push("short");
        shortPeriods++;
        shortfall -= g;
        if (firstShort < 0) firstShort = t;
        shortIdx.push(t);
      } else if (p >= riskThreshold) {
        status.push("at risk");
        atRiskPeriods++;
        atRisk.push({ resource: name, unit, period: periods[t]!, periodIndex: t, load: l, loadSd: sd, available: avail, gap: g, utilisation: u, overloadProbability: p });
      } else {
        status.push("ok");
      }
    }

    const firstShortPeriod = firstShort >= 0 ? periods[firstShort]! : null;
    for (const t of shortIdx) {
      shortages.push({
        resource: name,
        unit,
        period: periods[t]!,
        periodIndex: t,
        load: load[t]!,
        available: available[t]!,
        gap: gap[t]!,
        utilisation: utilisation[t]!,
        overloadProbability: probability[t]!,
        firstShortPeriod: firstShortPeriod!,
        topFamilies: topFamiliesInPeriod(state, t, model.families, shortageTopFamilies),
        topItems: topItemsInPeriod(state, t, model.items, shortageTopItems),
      });
    }
    if (shortPeriods > 0) resourcesShort++;

    if (c === null) issues.note("resource-without-capacity", example({ resource: name }));
    else if (totalLoad === 0 && state.before === 0) issues.note("capacity-not-loaded", example({ resource: name }));
    if (state.before > 0) issues.note("load-before-plan", example({ resource: name }), state.before);

    const summary: ResourceSummary = {
      totalLoad,
      totalAvailable: anyAvail ? sumAvail : null,
      averageUtilisation: sumAvail > 0 && Number.isFinite(sumLoadWithAvail / sumAvail) ? sumLoadWithAvail / sumAvail : null,
      peakUtilisation: peak,
      peakPeriod,
      shortPeriods,
      atRiskPeriods,
      noCapacityPeriods,
      firstShortPeriod,
      shortfall,
    };
    resources.push({
      resource: name,
      unit,
      hasCapacityRow: c !== null,
      efficiency: c?.efficiency ?? null,
      capacity,
      available,
      load,
      gap,
      utilisation,
      loadSd,
      overloadProbability: probability,
      status,
      loadBeforePlan: state.before,
      maxLeadOffset: state.maxLead,
      families: familyLoads(state, model.families),
      topItems: topItemsOverHorizon(state, model.items, resourceTopItems, totalLoad),
      summary,
    });
  }

  shortages.sort((a, b) => a.gap - b.gap);
  atRisk.sort((a, b) => b.overloadProbability - a.overloadProbability);

  if (n === 0) notes.push("There are no plan periods: nothing is loaded.");
  if (cap === null) notes.push("No capacity is mapped: the load is shown without capacity, so no shortage can be found.");
  else if (n > 0 && colOf.every((c) => c < 0)) {
    const cp = cap.table.periods;
    notes.push(
      `The capacity table's periods (${cp.length > 0 ? `${cp[0]} … ${cp[cp.length - 1]}` : "none"}) cover none of the plan periods (${periods[0]} … ${periods[n - 1]}): capacity is unknown throughout.`,
    );
  }
  if (model.hasUncertainty) {
    notes.push(
      "Overload probabilities take the load as normally distributed around the plan, with the items' forecast errors independent of each other (and of the same item's error in other periods).",
    );
  } else if (n > 0) {
    notes.push("No forecast-error standard deviation was given: the load is taken as certain, so overload probabilities are 0 or 1 and no period is at risk.");
  }
  const maxLead = resources.reduce((m, r) => Math.max(m, r.maxLeadOffset), 0);
  if (maxLead > 0 && n > 0) {
    notes.push(`With lead offsets, the load of the last ${Math.min(maxLead, n)} plan period(s) of some resources lacks the demand beyond the horizon.`);
  }

  return {
    periods: [...periods],
    riskThreshold,
    hasUncertainty: model.hasUncertainty,
    resources,
    shortages,
    atRisk,
    unrouted: model.unrouted,
    totals: {
      resources: resources.length,
      resourcesWithCapacity: resources.filter((r) => r.hasCapacityRow).length,
      shortages: shortages.length,
      resourcesShort,
      atRisk: atRisk.length,
      unroutedItems: model.unrouted.length,
      unroutedDemand: model.unrouted.reduce((s, u) => s + u.totalDemand, 0),
      routedLines: model.routedLines,
    },
    issues: issues.issues(),
    notes,
  };
}
