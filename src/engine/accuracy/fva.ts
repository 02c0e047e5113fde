/**
 * Forecast value added (Gilliland, "The Business Forecasting Deal", 2010; DESIGN.md §4):
 * FVA = WAPE(previous step) − WAPE(this step), in points (fractions here), along the
 * stairstep naive → statistical → each contributor (name order) → consensus. Positive FVA:
 * the step made the forecast better.
 *
 * Each step is compared with the previous one on the item-periods where BOTH forecasts
 * exist (and an actual): a step that forecasts fewer items is not rewarded or punished for
 * the items it skipped. The first step (naive) shows its own WAPE over all its item-periods.
 * Also here: the contributor league table (FVA of each contributor, and of each of its
 * managers, against the statistical forecast and the naive one) and the items where an
 * override made the forecast worse than the statistical one on the same item-periods.
 * All from sums (`rollup.ts`).
 *
 * Pure; no I/O.
 */
import { type AccuracyFrame, type Grouping } from "./frame";
import { type ErrorSums, ratio, wapeOf } from "./metrics";
import { type ItemSums, itemSums, pairedItemSums, rollUp, total } from "./rollup";
import type { FvaStairstep, FvaStep, ForecastSource, LeagueEntry, OverrideWorse, VersionRole } from "./types";

/** A step of the stairstep: a version's forecasts at the accuracy lag (item × window column). */
export interface StepInput {
  readonly version: string;
  readonly role: VersionRole;
  readonly source: ForecastSource;
  readonly forecasts: Float64Array;
}

/** Sums of a reference forecast (`ref`) and a version (`version`) on their common item-periods. */
export interface Paired {
  readonly ref: ItemSums;
  readonly version: ItemSums;
}

/** Pairs `version` with the reference `ref` on the item-periods both have. */
export function paired(frame: AccuracyFrame, ref: Float64Array, version: Float64Array): Paired {
  const p = pairedItemSums(frame, ref, version);
  return { ref: p.f, version: p.g };
}

/** WAPE(ref) − WAPE(version) of summed common item-periods; null when either is undefined. */
export function fvaOf(ref: ErrorSums, version: ErrorSums): number | null {
  const a = wapeOf(ref);
  const b = wapeOf(version);
  return a === null || b === null ? null : a - b;
}

/**
 * The FVA stairstep in total and per family (families measured by at least one step, in
 * name order). `chain` is the ordered list of steps that exist (naive first).
 */
export function fvaStairsteps(frame: AccuracyFrame, chain: readonly StepInput[]): { total: FvaStairstep; families: FvaStairstep[] } {
  const fam = frame.family;
  const nFam = fam.keys.length;
  const totalSteps: FvaStep[] = [];
  const famSteps: FvaStep[][] = fam.keys.map(() => []);
  const famMeasured = new Uint8Array(nFam);
  chain.forEach((step, s) => {
    const head = { step: s, version: step.version, role: step.role, source: step.source };
    if (s === 0) {
      const own = itemSums(frame, step.forecasts).volume;
      const t = total(own).sums;
      totalSteps.push({ ...head, previousVersion: null, wape: wapeOf(t), previousWape: null, fva: null, count: t.count });
      const g = rollUp(own, fam.groupOf, nFam).sums;
      for (let k = 0; k < nFam; k++) {
        const x = g.at(k);
        if (x.count > 0) famMeasured[k] = 1;
        famSteps[k]!.push({ ...head, previousVersion: null, wape: wapeOf(x), previousWape: null, fva: null, count: x.count });
      }
      return;
    }
    const prev = chain[s - 1]!;
    const p = paired(frame, prev.forecasts, step.forecasts);
    const stepOf = (ref: ErrorSums, v: ErrorSums): FvaStep => ({
      ...head,
      previousVersion: prev.version,
      wape: wapeOf(v),
      previousWape: wapeOf(ref),
      fva: fvaOf(ref, v),
      count: v.count,
    });
    totalSteps.push(stepOf(total(p.ref).sums, total(p.version).sums));
    const gr = rollUp(p.ref, fam.groupOf, nFam).sums;
    const gv = rollUp(p.version, fam.groupOf, nFam).sums;
    for (let k = 0; k < nFam; k++) {
      if (gv.count(k) > 0) famMeasured[k] = 1;
      famSteps[k]!.push(stepOf(gr.at(k), gv.at(k)));
    }
  });
  const families: FvaStairstep[] = [];
  for (let k = 0; k < nFam; k++) if (famMeasured[k] === 1) families.push({ level: "family", key: fam.keys[k]!, steps: famSteps[k]! });
  return { total: { level: "total", key: "Total", steps: totalSteps }, families };
}

/** What the league table needs of one contributor version. */
export interface LeagueInput {
  readonly version: string;
  /** The version's own sums at the accuracy lag. */
  readonly own: ItemSums;
  /** Against the statistical forecast (null when there is none) and the naive one. */
  readonly vsStatistical: Paired | null;
  readonly vsNaive: Paired;
  /** Item → manager from the version's own tab, or null when the tab has no Manager. */
  readonly managers: Grouping | null;
}

function entry(version: string, manager: string | null, own: ErrorSums, items: number, stat: [ErrorSums, ErrorSums] | null, naive: [ErrorSums, ErrorSums]): LeagueEntry {
  return {
    version,
    manager,
    wape: wapeOf(own),
    biasPct: ratio(own.error, own.actual),
    fvaVsStatistical: stat === null ? null : fvaOf(stat[0], stat[1]),
    fvaVsNaive: fvaOf(naive[0], naive[1]),
    items,
    count: own.count,
  };
}

/** League entries of one contributor: the whole version, then one per manager measured. */
export function leagueEntries(input: LeagueInput): LeagueEntry[] {
  const o = total(input.own);
  const out: LeagueEntry[] = [];
  if (o.items === 0) return out;
  const st = input.vsStatistical;
  out.push(
    entry(input.version, null, o.sums, o.items, st === null ? null : [total(st.ref).sums, total(st.version).sums], [
      total(input.vsNaive.ref).sums,
      total(input.vsNaive.version).sums,
    ]),
  );
  const m = input.managers;
  if (m !== null) {
    const n = m.keys.length;
    const own = rollUp(input.own, m.groupOf, n);
    const sr = st === null ? null : rollUp(st.ref, m.groupOf, n).sums;
    const sv = st === null ? null : rollUp(st.version, m.groupOf, n).sums;
    const nr = rollUp(input.vsNaive.ref, m.groupOf, n).sums;
    const nv = rollUp(input.vsNaive.version, m.groupOf, n).sums;
    for (let g = 0; g < n; g++) {
      if (own.items[g] === 0) continue;
      out.push(entry(input.version, m.keys[g]!, own.sums.at(g), own.items[g]!, sr === null || sv === null ? null : [sr.at(g), sv.at(g)], [nr.at(g), nv.at(g)]));
    }
  }
  return out;
}

/** Best FVA first: against statistical, then against naive (undefined last), then by name. */
export function compareLeague(a: LeagueEntry, b: LeagueEntry): number {
  const key = (x: number | null): number => (x === null ? -Infinity : x);
  const d1 = key(b.fvaVsStatistical) - key(a.fvaVsStatistical);
  if (d1 !== 0 && !Number.isNaN(d1)) return d1;
  const d2 = key(b.fvaVsNaive) - key(a.fvaVsNaive);
  if (d2 !== 0 && !Number.isNaN(d2)) return d2;
  if (a.version !== b.version) return a.version < b.version ? -1 : 1;
  if (a.manager === b.manager) return 0;
  if (a.manager === null) return -1;
  if (b.manager === null) return 1;
  return a.manager < b.manager ? -1 : 1;
}

/** Relative tolerance under which two error sums are considered equal. */
const EPS = 1e-9;

/** True when the version's Σ|e| exceeds the reference's on the same item-periods. */
export function isWorse(ref: ErrorSums, version: ErrorSums): boolean {
  return version.count > 0 && version.absError - ref.absError > EPS * Math.max(1, ref.absError);
}

/** Items where `version` did worse than the statistical forecast on the same item-periods. */
export function overridesWorse(frame: AccuracyFrame, version: string, role: VersionRole, vsStatistical: Paired): OverrideWorse[] {
  const out: OverrideWorse[] = [];
  for (let i = 0; i < frame.items.length; i++) {
    if (vsStatistical.ref.count(i) === 0) continue;
    const r = vsStatistical.ref.at(i);
    const v = vsStatistical.version.at(i);
    if (!isWorse(r, v)) continue;
    out.push({
      item: frame.items[i]!,
      family: frame.family.keys[frame.family.groupOf[i]!]!,
      version,
      role,
      wape: wapeOf(v),
      statisticalWape: wapeOf(r),
      absError: v.absError,
      statisticalAbsError: r.absError,
      extraError: v.absError - r.absError,
      count: v.count,
    });
  }
  return out;
}
