/**
 * Demand series: one model per item (level × trend × season × life cycle × a slow
 * random walk, plus noise or intermittent occurrences), simulated from the first
 * month of history through the future, so that the "true" future demand the
 * forecast tabs and snapshots are measured against continues the same process.
 */
import type { Item } from "./catalog";
import { monthOfYear } from "./calendar";
import { Rng } from "./rng";

export interface ItemSeries {
  /** Month index of element 0. */
  readonly start: number;
  /** Expected units per month (0 before launch and after the last sale). */
  readonly expected: readonly number[];
  /** Expected units had the item not been discontinued (what a forecaster who did not know would expect). */
  readonly expectedIfContinued: readonly number[];
  /** Realised units (integers ≥ 0; null before launch). */
  readonly realized: readonly (number | null)[];
}

/** Cell value of the history as the ERP export shows it: blank before launch and in a "blanks" tail. */
export function historyCell(item: Item, series: ItemSeries, month: number): number | null {
  const v = series.realized[month - series.start];
  if (v === undefined || v === null) return null;
  const last = item.life.lastSale;
  if (last !== undefined && month > last && item.life.tail === "blanks") return null;
  return v;
}

function season(item: Item, month: number): number {
  return 1 + item.seasonAmplitude * Math.cos((2 * Math.PI * (monthOfYear(month) - item.peakMonth)) / 12);
}

/**
 * Expected units without the random walk: what a budget made a year ahead would assume.
 * `anchor` is the last actual month, where `baseUnits` applies.
 */
export function plannedUnits(item: Item, month: number, anchor: number): number {
  const launch = item.life.launch;
  if (launch !== undefined && month < launch) return 0;
  const ramp = launch !== undefined ? 1 - Math.exp(-(month - launch + 1) / 2.5) : 1;
  const trend = Math.pow(1 + item.trendPerYear, (month - anchor) / 12);
  return item.baseUnits * trend * season(item, month) * ramp;
}

/** Simulate months [start, end] for an item. */
export function simulate(item: Item, seed: number, start: number, end: number, anchor: number): ItemSeries {
  const rng = Rng.derive(seed, 3, item.key);
  const n = end - start + 1;
  const expected: number[] = new Array<number>(n);
  const cont: number[] = new Array<number>(n);
  const realized: (number | null)[] = new Array<number | null>(n);
  let walk = 1;
  const launch = item.life.launch;
  const last = item.life.lastSale;
  for (let k = 0; k < n; k++) {
    const m = start + k;
    walk *= Math.exp(0.03 * rng.normal());
    walk = Math.min(1.4, Math.max(0.7, walk));
    const base = plannedUnits(item, m, anchor) * walk;
    // Sales fade over the last three months before a discontinuation.
    const fade = last !== undefined && m <= last && m > last - 3 ? 0.65 : 1;
    const e = last !== undefined && m > last ? 0 : base * fade;
    cont[k] = base;
    expected[k] = e;
    const z = rng.normal();
    const u = rng.next();
    const size = rng.normal();
    if (launch !== undefined && m < launch) {
      realized[k] = null;
      continue;
    }
    if (e <= 0) {
      realized[k] = 0;
      continue;
    }
    let q: number;
    if (item.occurrence !== undefined) {
      const p = item.occurrence;
      q = u < p ? Math.max(1, Math.round((e / p) * Math.exp(0.6 * size - 0.18))) : 0;
    } else {
      const sd = Math.sqrt(Math.pow(item.noiseCv * e, 2) + e);
      q = Math.max(0, Math.round(e + sd * z));
    }
    if (item.spikeMonth === m) q = Math.round(q * (2.5 + u * 1.5)) + 1;
    realized[k] = q;
  }
  return { start, expected, expectedIfContinued: cont, realized };
}
