/**
 * The lists a demand planner works through after the accuracy tables (DESIGN.md §4):
 *
 * - tracking-signal alerts: per item and version, TS = Σe / MAD over the last N periods of
 *   the window (e = F − A, MAD = mean |e|; Brown 1959). An alert is raised when |TS|
 *   exceeds the limit (default 4): positive = persistent over-forecast, negative = under;
 * - the top N error contributors (item × version): largest Σ|e| in volume, and in value
 *   (Σ|e| × price) when prices are given.
 *
 * Pure; no I/O.
 */
import type { AccuracyFrame } from "./frame";
import { trackingSignal, wapeOf, ratio } from "./metrics";
import type { ItemSumsPair } from "./rollup";
import type { TopErrorContributor, TrackingAlert } from "./types";

/** Tracking-signal alerts of one version over window columns [from, width). Largest |TS| first. */
export function trackingAlerts(frame: AccuracyFrame, version: string, forecasts: Float64Array, from: number, limit: number): TrackingAlert[] {
  const { width, actual } = frame;
  const out: TrackingAlert[] = [];
  const errors = new Float64Array(Math.max(0, width - from));
  for (let i = 0; i < frame.items.length; i++) {
    let n = 0;
    let sum = 0;
    let abs = 0;
    for (let j = from; j < width; j++) {
      const a = actual[i * width + j]!;
      const f = forecasts[i * width + j]!;
      if (Number.isNaN(a) || Number.isNaN(f)) continue;
      const e = f - a;
      errors[n++] = e;
      sum += e;
      abs += Math.abs(e);
    }
    if (n === 0) continue;
    const ts = trackingSignal(errors.subarray(0, n));
    if (ts === null || !(Math.abs(ts) > limit)) continue;
    out.push({
      item: frame.items[i]!,
      family: frame.family.keys[frame.family.groupOf[i]!]!,
      version,
      trackingSignal: ts,
      direction: ts > 0 ? "over-forecast" : "under-forecast",
      periods: n,
      sumError: sum,
      mad: abs / n,
    });
  }
  return out;
}

/** One version's item sums at the accuracy lag, for the top-N lists. */
export interface TopInput {
  readonly version: string;
  readonly sums: ItemSumsPair;
  /** The version's total Σ|e| (volume), for the share. */
  readonly totalAbsError: number;
}

/** The item × version pair `c` (= version index × items + item) as a list entry. */
function contributor(frame: AccuracyFrame, inputs: readonly TopInput[], c: number): TopErrorContributor {
  const n = frame.items.length;
  const v = inputs[Math.floor(c / n)]!;
  const i = c % n;
  const s = v.sums.volume.at(i);
  const val = v.sums.value.count(i) === 0 ? null : v.sums.value.at(i);
  return {
    item: frame.items[i]!,
    family: frame.family.keys[frame.family.groupOf[i]!]!,
    version: v.version,
    count: s.count,
    actual: s.actual,
    forecast: s.forecast,
    absError: s.absError,
    error: s.error,
    wape: wapeOf(s),
    absErrorValue: val === null ? null : val.absError,
    errorValue: val === null ? null : val.error,
    share: ratio(s.absError, v.totalAbsError),
  };
}

/**
 * The n item × version pairs with the largest Σ|e| in volume (`by` "volume") or in value
 * (priced items only); pairs without error are left out; ties by item, then version order.
 * Ranks integer indexes and builds only the n entries listed.
 */
export function topContributors(frame: AccuracyFrame, inputs: readonly TopInput[], n: number, by: "volume" | "value"): TopErrorContributor[] {
  const nItems = frame.items.length;
  const key = new Float64Array(nItems * inputs.length);
  const pool: number[] = [];
  inputs.forEach((v, vi) => {
    const t = by === "volume" ? v.sums.volume : v.sums.value;
    for (let i = 0; i < nItems; i++) {
      if (t.count(i) === 0) continue;
      const e = t.at(i).absError;
      if (!(e > 0)) continue;
      key[vi * nItems + i] = e;
      pool.push(vi * nItems + i);
    }
  });
  const items = frame.items;
  pool.sort((a, b) => {
    const d = key[b]! - key[a]!;
    if (d !== 0) return d;
    const ia = items[a % nItems]!;
    const ib = items[b % nItems]!;
    return ia < ib ? -1 : ia > ib ? 1 : a - b;
  });
  return pool.slice(0, Math.max(0, n)).map((c) => contributor(frame, inputs, c));
}
