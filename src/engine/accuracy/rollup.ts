/**
 * Per-item error sums over the window and their roll-ups (DESIGN.md §4: "roll-ups are
 * computed from sums, never by averaging item percentages"). A group's figures come from
 * the merged `ErrorSums` of its items, so a family's WAPE is Σ|e| / Σ|A| over all of its
 * item-periods, not the mean of its items' WAPEs.
 *
 * Comparisons (FVA, "worse than statistical") measure two forecasts on the same
 * item-periods: `pairedItemSums` keeps only the pairs where both forecasts (and the
 * actual) exist.
 *
 * Pure; no I/O.
 */
import type { AccuracyFrame } from "./frame";
import { type ErrorSums, SUMS_STRIDE, SumsTable, addPair } from "./metrics";

/** Per item (slot = index of `frame.items`): its sums; a count of 0 means nothing measured. */
export type ItemSums = SumsTable;

/** Volume sums and value sums (quantities × price, priced item-periods only). */
export interface ItemSumsPair {
  readonly volume: ItemSums;
  readonly value: ItemSums;
}

/**
 * Sums of forecast `f` (item × window column) against the actuals per item over the window,
 * with the items' MASE scales; value sums (A × p, F × p) where a price exists.
 */
export function itemSums(frame: AccuracyFrame, f: Float64Array): ItemSumsPair {
  const { width, actual, price, scale } = frame;
  const n = frame.items.length;
  const volume = new SumsTable(n);
  const value = new SumsTable(n);
  const vd = volume.data;
  const pd = value.data;
  for (let i = 0; i < n; i++) {
    const sc = scale[i]!;
    const o = i * SUMS_STRIDE;
    for (let j = 0; j < width; j++) {
      const k = i * width + j;
      const a = actual[k]!;
      const x = f[k]!;
      if (Number.isNaN(a) || Number.isNaN(x)) continue;
      addPair(vd, o, a, x, sc);
      const p = price[k]!;
      if (!Number.isNaN(p)) addPair(pd, o, a * p, x * p, sc * p);
    }
  }
  return { volume, value };
}

/**
 * Sums of forecasts `f` and `g` per item on the item-periods where the actual, `f` and `g`
 * all exist (volume only): the common ground of an FVA comparison.
 */
export function pairedItemSums(frame: AccuracyFrame, f: Float64Array, g: Float64Array): { readonly f: ItemSums; readonly g: ItemSums } {
  const { width, actual, scale } = frame;
  const n = frame.items.length;
  const sf = new SumsTable(n);
  const sg = new SumsTable(n);
  for (let i = 0; i < n; i++) {
    const o = i * SUMS_STRIDE;
    const sc = scale[i]!;
    for (let j = 0; j < width; j++) {
      const k = i * width + j;
      const a = actual[k]!;
      const x = f[k]!;
      const y = g[k]!;
      if (Number.isNaN(a) || Number.isNaN(x) || Number.isNaN(y)) continue;
      addPair(sf.data, o, a, x, sc);
      addPair(sg.data, o, a, y, sc);
    }
  }
  return { f: sf, g: sg };
}

/** Group sums: the merge of the sums of each group's measured items, and their number per group. */
export function rollUp(sums: ItemSums, groupOf: Int32Array, nGroups: number): { readonly sums: SumsTable; readonly items: Int32Array } {
  const out = new SumsTable(nGroups);
  const items = new Int32Array(nGroups);
  for (let i = 0; i < sums.size; i++) {
    if (sums.count(i) === 0) continue;
    const g = groupOf[i]!;
    out.mergeFrom(g, sums, i);
    items[g]!++;
  }
  return { sums: out, items };
}

/** Sums of all items together, and how many items were measured. */
export function total(sums: ItemSums): { readonly sums: ErrorSums; readonly items: number } {
  const t = new SumsTable(1);
  let items = 0;
  for (let i = 0; i < sums.size; i++)
    if (sums.count(i) > 0) {
      t.mergeFrom(0, sums, i);
      items++;
    }
  return { sums: t.at(0), items };
}
