/**
 * The load side of rough-cut capacity (DESIGN.md §4 "load"): demand times the bill of
 * resources, per resource and plan period, with its variance.
 *
 *   load(r, t)     = Σ_items Σ_lines demand(i, t + lead) × perUnit(i, r)
 *   variance(r, t) = Σ_items Σ_lines (perUnit(i, r) × sd(i, t + lead))²
 *
 * Demand in period t + lead loads r in period t; load that would fall before the first plan
 * period (t < 0) is not counted but totalled per resource (`before`); for t + lead beyond the
 * horizon there is no demand, so the last `lead` periods' load is incomplete. The variance
 * treats items as independent, and one item's lines on a resource at different lead offsets as
 * independent too (different periods' errors); lines at the same lead offset are one line
 * (routing.ts). Demand (and sd) that is not a number or negative counts as 0 and is counted.
 *
 * Pure; no I/O.
 */
import type { CapacityDemand, UnroutedItem } from "./types";
import { type CapacityIssueCounter, example } from "./issues";
import { nameKey, type Routing, RoutingResolver } from "./routing";

/** One demand row, cleaned: `values` and `sd` have one finite, non-negative entry per plan period. */
export interface DemandRow {
  readonly item: string;
  readonly family: string;
  /** Index into `LoadModel.families`. */
  readonly familyIndex: number;
  readonly values: Float64Array;
  /** null when the row has no sd. */
  readonly sd: Float64Array | null;
}

/** An item loading a resource: demand(item, t + lead) × perUnit falls in period t. */
export interface Loader {
  readonly item: number;
  readonly perUnit: number;
  readonly lead: number;
}

/** The load accumulated on one resource. */
export interface ResourceLoadState {
  readonly key: string;
  /** First spelling in the routing. */
  readonly name: string;
  readonly load: Float64Array;
  readonly variance: Float64Array;
  /** Load that would fall before the first plan period. */
  before: number;
  maxLead: number;
  /** The load paths onto this resource; one item's loaders are consecutive. */
  readonly loaders: Loader[];
  /** Family index → load per plan period. */
  readonly familyLoad: Map<number, Float64Array>;
}

/** Demand loaded onto the routing's resources. */
export interface LoadModel {
  readonly items: readonly DemandRow[];
  /** Family names (first spelling), grouped case- and space-insensitively, in order of first appearance. */
  readonly families: readonly string[];
  /** By resource key, in order of first appearance in the routing. */
  readonly resources: ReadonlyMap<string, ResourceLoadState>;
  readonly unrouted: readonly UnroutedItem[];
  readonly hasUncertainty: boolean;
  /** Load paths used (item × merged line). */
  readonly routedLines: number;
}

/** `src` over `n` periods copied into `out` (zeros): missing, non-finite or negative entries → 0 (counted via `bad`). */
function clean(src: Float64Array, out: Float64Array, n: number, bad: (t: number) => void): Float64Array {
  for (let t = 0; t < n; t++) {
    const v = t < src.length ? src[t]! : 0;
    if (v >= 0 && Number.isFinite(v)) out[t] = v;
    else bad(t);
  }
  return out;
}

/**
 * One load path: demand(t + lead) × `pu` onto the resource's load and the family's in period t,
 * its variance, and the load that would fall before the first plan period. A function of its own,
 * small and called per path, so that it is optimised early (a large run is its first call).
 */
function addLoad(r: ResourceLoadState, fam: Float64Array, values: Float64Array, sd: Float64Array | null, pu: number, lead: number, n: number): void {
  const { load, variance } = r;
  for (let t = 0; t + lead < n; t++) {
    const x = values[t + lead]! * pu;
    load[t]! += x;
    fam[t]! += x;
    if (sd) {
      const s = sd[t + lead]! * pu;
      variance[t]! += s * s;
    }
  }
  for (let s = 0; s < lead && s < n; s++) r.before += values[s]! * pu;
}

/**
 * Loads every item's demand onto the resources of its routing (own lines, else its family's).
 * `periods` are the plan periods (for examples); counts problems in `issues`.
 */
export function buildLoadModel(
  periods: readonly string[],
  demand: readonly CapacityDemand[],
  routing: Routing,
  issues: CapacityIssueCounter,
): LoadModel {
  const n = periods.length;
  const resources = new Map<string, ResourceLoadState>();
  for (const l of routing.lines) {
    if (!resources.has(l.resourceKey)) {
      resources.set(l.resourceKey, {
        key: l.resourceKey,
        name: l.resourceName,
        load: new Float64Array(n),
        variance: new Float64Array(n),
        before: 0,
        maxLead: 0,
        loaders: [],
        familyLoad: new Map(),
      });
    }
  }

  const families: string[] = [];
  const familyIndex = new Map<string, number>();
  const items: DemandRow[] = [];
  const unrouted = new Map<string, { item: string; family: string; totalDemand: number }>();
  const resolver = new RoutingResolver(routing);
  let hasUncertainty = false;
  let routedLines = 0;

  /** Family index by the family's text as given (items of a family repeat it: its key is made once). */
  const familyOfText = new Map<string, number>();
  // Every item's cleaned demand and sd in one buffer each: item k's periods are a view of it, not an array of its own.
  const valuesBuffer = new Float64Array(demand.length * n);
  const sdBuffer = new Float64Array(demand.length * n);
  for (const d of demand) {
    let fi = familyOfText.get(d.family);
    if (fi === undefined) {
      const fk = nameKey(d.family);
      fi = familyIndex.get(fk);
      if (fi === undefined) {
        fi = families.length;
        families.push(d.family);
        familyIndex.set(fk, fi);
      }
      familyOfText.set(d.family, fi);
    }
    const ii = items.length;
    const values = clean(d.values, valuesBuffer.subarray(ii * n, (ii + 1) * n), n, (t) => issues.note("bad-demand", example({ item: d.item, family: d.family, period: periods[t] ?? null })));
    const sd = d.sd ? clean(d.sd, sdBuffer.subarray(ii * n, (ii + 1) * n), n, (t) => issues.note("bad-sd", example({ item: d.item, family: d.family, period: periods[t] ?? null }))) : null;
    if (sd && sd.some((s) => s > 0)) hasUncertainty = true;
    items.push({ item: d.item, family: d.family, familyIndex: fi, values, sd });

    const lines = resolver.resolve(d.item, d.family);
    if (lines === null) {
      let total = 0;
      for (let t = 0; t < n; t++) total += values[t]!;
      const u = unrouted.get(d.item);
      if (u) u.totalDemand += total;
      else unrouted.set(d.item, { item: d.item, family: d.family, totalDemand: total });
      continue;
    }
    for (const l of lines) {
      const r = resources.get(l.resourceKey)!;
      const { perUnit: pu, lead } = l;
      routedLines++;
      r.loaders.push({ item: ii, perUnit: pu, lead });
      if (lead > r.maxLead) r.maxLead = lead;
      let fam = r.familyLoad.get(fi);
      if (fam === undefined) r.familyLoad.set(fi, (fam = new Float64Array(n)));
      addLoad(r, fam, values, sd, pu, lead, n);
    }
  }

  for (const u of unrouted.values()) issues.note("unrouted-item", example({ item: u.item, family: u.family }), u.totalDemand);
  return { items, families, resources, unrouted: [...unrouted.values()], hasUncertainty, routedLines };
}
