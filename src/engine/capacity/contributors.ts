/**
 * Who loads a resource (DESIGN.md §2 step 3, the shortage list): the families and items
 * behind a resource's load in one period, and the items with the largest load over the plan.
 *
 * An item's load on r in period t is Σ over its lines on r of demand(i, t + lead) × perUnit;
 * its share is that load over the resource's load in the period (over the horizon for the
 * resource's top items). Largest first; ties keep the order of first appearance.
 *
 * Pure; no I/O.
 */
import type { FamilyLoad, ItemLoad, LoadContributor } from "./types";
import type { DemandRow, ResourceLoadState } from "./loadModel";

/**
 * Inserts `e` into `list`, kept sorted by load (largest first; an entry equal to one already
 * there goes after it) and at most `n` long. Entries with no load are left out.
 */
function pushTop<T extends { load: number }>(list: T[], e: T, n: number): void {
  if (!(e.load > 0) || n <= 0) return;
  if (list.length === n && list[n - 1]!.load >= e.load) return;
  let k = list.length;
  while (k > 0 && list[k - 1]!.load < e.load) k--;
  list.splice(k, 0, e);
  if (list.length > n) list.pop();
}

/** The entries with their share of `total`. */
function withShares(list: { key: string; family: string; load: number }[], total: number): LoadContributor[] {
  return list.map((e) => ({ ...e, share: total > 0 ? e.load / total : 0 }));
}

/** The `n` families with the largest load on `r` in period `t`. */
export function topFamiliesInPeriod(r: ResourceLoadState, t: number, families: readonly string[], n: number): LoadContributor[] {
  const list: { key: string; family: string; load: number }[] = [];
  for (const [fi, load] of [...r.familyLoad.entries()].sort((a, b) => a[0] - b[0])) pushTop(list, { key: families[fi]!, family: families[fi]!, load: load[t]! }, n);
  return withShares(list, r.load[t]!);
}

/**
 * The `n` items with the largest load on `r` in period `t`. An item's loaders are consecutive
 * in `r.loaders` (loadModel.ts pushes them item by item), so they are summed on the way.
 */
export function topItemsInPeriod(r: ResourceLoadState, t: number, items: readonly DemandRow[], n: number): LoadContributor[] {
  const list: { key: string; family: string; load: number }[] = [];
  const horizon = r.load.length;
  const { loaders } = r;
  for (let k = 0; k < loaders.length; ) {
    const ii = loaders[k]!.item;
    const v = items[ii]!.values;
    let load = 0;
    for (; k < loaders.length && loaders[k]!.item === ii; k++) {
      const s = t + loaders[k]!.lead;
      if (s < horizon) load += v[s]! * loaders[k]!.perUnit;
    }
    if (load > 0 && (list.length < n || load > list[list.length - 1]!.load)) pushTop(list, { key: items[ii]!.item, family: items[ii]!.family, load }, n);
  }
  return withShares(list, r.load[t]!);
}

/** The families loading `r`, in order of first appearance in the demand, with their totals. */
export function familyLoads(r: ResourceLoadState, families: readonly string[]): FamilyLoad[] {
  return [...r.familyLoad.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([fi, load]) => ({ family: families[fi]!, load, total: load.reduce((s, x) => s + x, 0) }));
}

/** The `n` items with the largest load on `r` over the horizon, with their load per period. */
export function topItemsOverHorizon(r: ResourceLoadState, items: readonly DemandRow[], n: number, totalLoad: number): ItemLoad[] {
  const horizon = r.load.length;
  const { loaders } = r;
  const list: { item: number; first: number; end: number; load: number }[] = [];
  for (let k = 0; k < loaders.length; ) {
    const first = k;
    const ii = loaders[k]!.item;
    const v = items[ii]!.values;
    let total = 0;
    for (; k < loaders.length && loaders[k]!.item === ii; k++) {
      let s = 0;
      for (let t = loaders[k]!.lead; t < horizon; t++) s += v[t]!;
      total += s * loaders[k]!.perUnit;
    }
    pushTop(list, { item: ii, first, end: k, load: total }, n);
  }
  return list.map(({ item: ii, first, end, load: total }) => {
    const load = new Float64Array(horizon);
    const v = items[ii]!.values;
    for (let k = first; k < end; k++) {
      const { lead, perUnit } = loaders[k]!;
      for (let t = 0; t + lead < horizon; t++) load[t]! += v[t + lead]! * perUnit;
    }
    return { item: items[ii]!.item, family: items[ii]!.family, load, total, share: totalLoad > 0 ? total / totalLoad : 0 };
  });
}
