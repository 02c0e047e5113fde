/**
 * Forecast versions for demand accuracy (DESIGN.md §3 roles `forecast:<version>` and
 * `snapshots`, §4 lag-k accuracy): which versions exist, and for each one the forecast
 * it gave for every item and window month at each needed lag, as a cube of typed arrays
 * (per lag slot: item × window column, NaN = none).
 *
 * - Snapshot rows are read once into the cubes: lag = period − cycle (month ordinals), so
 *   cycle 2026-05's forecast for 2026-06 is lag 1. Checked and counted, never thrown:
 *   cycle or period not a month key, non-numeric quantity, item not in the actuals, period
 *   before / after the actuals' months, cycle after its period (negative lag), duplicates
 *   (same cycle, version, item, period: the first row is kept). Versions are matched by
 *   name case-insensitively; a version found only in the snapshots is still a version.
 * - A version with no usable snapshot row falls back to its current forecast tab: the tab's
 *   value for a past month stands for every lag (source "forecast tab").
 * - The naive benchmark at lag k for target t is the actual of t − k − 1, the last actual
 *   known when cycle t − k was run.
 *
 * Pure; no I/O.
 */
import type { SeriesTable, SnapshotRow } from "../inputs";
import { type AccuracyFrame, monthOrdinal } from "./frame";
import { snapshotColumns } from "./snapshotColumns";
import type { AccuracyIssue, AccuracyIssueExample, AccuracyIssueKind, ForecastSource } from "./types";

/** A forecast version and its cube. */
export interface VersionData {
  /** Display name: the tab's spelling, else the first snapshot row's. */
  readonly name: string;
  /** Usable snapshot rows. */
  snapshotRows: number;
  tab: SeriesTable | null;
  /** Per lag slot: item × window column forecasts (NaN = none); empty until filled. */
  cube: Float64Array[];
  source: ForecastSource;
}

/** The needed lags (sorted, distinct) and the slot of each lag. */
export interface LagSlots {
  readonly lags: readonly number[];
  /** slotOf[lag] = index in `lags`, or −1. */
  readonly slotOf: Int32Array;
}

/** Slots for the given lags (non-negative integers; others dropped). */
export function lagSlots(lags: readonly number[]): LagSlots {
  const clean = [...new Set(lags.filter((k) => Number.isInteger(k) && k >= 0 && k <= 240))].sort((a, b) => a - b);
  const slotOf = new Int32Array((clean[clean.length - 1] ?? 0) + 1).fill(-1);
  clean.forEach((k, s) => (slotOf[k] = s));
  return { lags: clean, slotOf };
}

/** A cube of NaN: one item × width array per slot. */
export function emptyCube(frame: AccuracyFrame, slots: LagSlots): Float64Array[] {
  return slots.lags.map(() => new Float64Array(frame.items.length * frame.width).fill(Number.NaN));
}

/** Versions by case-insensitive name, in order of appearance. */
export class VersionRegistry {
  readonly list: VersionData[] = [];
  private readonly byKey = new Map<string, VersionData>();

  /** The version of this name, created when new. */
  get(name: string): VersionData {
    const key = name.trim().toLowerCase();
    let v = this.byKey.get(key);
    if (v === undefined) {
      v = { name: name.trim(), snapshotRows: 0, tab: null, cube: [], source: "none" };
      this.byKey.set(key, v);
      this.list.push(v);
    }
    return v;
  }

  /** The version of this name, or undefined. */
  find(name: string): VersionData | undefined {
    return this.byKey.get(name.trim().toLowerCase());
  }
}

/** Counts issues of each kind and keeps the first examples. */
export class IssueCounter {
  private readonly counts = new Map<AccuracyIssueKind, { count: number; examples: AccuracyIssueExample[] }>();

  /** Counts one occurrence (and keeps it as an example while fewer than 5 are kept). */
  note(kind: AccuracyIssueKind, example: AccuracyIssueExample): void {
    let c = this.counts.get(kind);
    if (c === undefined) this.counts.set(kind, (c = { count: 0, examples: [] }));
    c.count++;
    if (c.examples.length < 5) c.examples.push(example);
  }

  /** Count of a kind so far. */
  count(kind: AccuracyIssueKind): number {
    return this.counts.get(kind)?.count ?? 0;
  }

  /** Appends the counted issues with a sentence from `describe`. */
  flush(issues: AccuracyIssue[], describe: (kind: AccuracyIssueKind, count: number) => { severity: "warning" | "info"; message: string }): void {
    for (const [kind, c] of this.counts) issues.push({ kind, count: c.count, examples: c.examples, ...describe(kind, c.count) });
  }
}

const SNAPSHOT_MESSAGES: Record<AccuracyIssueKind, (n: number) => { severity: "warning" | "info"; message: string }> = {
  "not-a-month": (n) => ({ severity: "warning", message: `${n} snapshot row(s) have a cycle or period that is missing or not a month (YYYY-MM); they are ignored.` }),
  "bad-quantity": (n) => ({ severity: "warning", message: `${n} snapshot row(s) have no numeric quantity; they are ignored.` }),
  "unknown-item": (n) => ({ severity: "warning", message: `${n} snapshot row(s) name an item that is not in the actuals; they cannot be measured.` }),
  "period-before-actuals": (n) => ({ severity: "warning", message: `${n} snapshot row(s) are for a period before the first month of the actuals; they are ignored.` }),
  "period-after-actuals": (n) => ({ severity: "info", message: `${n} snapshot row(s) are for a period after the last month of the actuals (not closed yet); they will count in a later cycle.` }),
  "negative-lag": (n) => ({ severity: "warning", message: `${n} snapshot row(s) have a cycle later than their period (negative lag); they are ignored.` }),
  duplicate: (n) => ({ severity: "warning", message: `${n} snapshot row(s) repeat the same cycle, version, item and period; the first row is kept.` }),
  "duplicate-actuals-item": (n) => ({ severity: "warning", message: `${n} duplicate actuals row(s).` }),
  "forecast-item-not-in-actuals": (n) => ({ severity: "info", message: `${n} forecast item(s) are not in the actuals; they cannot be measured.` }),
  "snapshot-only-version": (n) => ({ severity: "info", message: `${n} snapshot row(s) belong to versions without a forecast tab; they are measured as versions of their own.` }),
};

/** Bits of the lag in a dedup key: lags 0..63 go to the bitmap, larger ones to a set. */
const LAG_BITS = 6;
const MAX_BITMAP_BITS = 2 ** 28;

/** Remembers (item, period, lag) triples of one version: a bitmap when small enough, else a set. */
class SeenSet {
  private readonly bits: Uint8Array | null;
  private readonly set = new Set<number>();
  constructor(
    private readonly nItems: number,
    private readonly span: number,
  ) {
    const n = nItems * span * 2 ** LAG_BITS;
    this.bits = n <= MAX_BITMAP_BITS ? new Uint8Array(Math.ceil(n / 8)) : null;
  }
  /** True when already seen; marks it seen. */
  testAndSet(item: number, col: number, lag: number): boolean {
    const cell = item * this.span + col;
    if (this.bits !== null && lag < 2 ** LAG_BITS) {
      const b = (cell << LAG_BITS) | lag;
      const byte = b >>> 3;
      const mask = 1 << (b & 7);
      const was = (this.bits[byte]! & mask) !== 0;
      this.bits[byte] = this.bits[byte]! | mask;
      return was;
    }
    const key = cell * 2 ** 21 + Math.min(lag, 2 ** 21 - 1);
    if (this.set.has(key)) return true;
    this.set.add(key);
    return false;
  }
}

/** A snapshot row as an issue's example (module level: the reading loop calls no closure made per call). */
function exampleOf(snapshots: readonly SnapshotRow[], r: number): AccuracyIssueExample {
  const row = snapshots[r]!;
  return { row: r, cycle: String(row.cycle), version: String(row.version), item: String(row.item), period: String(row.period) };
}

/** Month ordinal of a ledger's cycle or period value; NaN for anything but a month key. */
function ordinalOf(k: unknown): number {
  return typeof k === "string" ? monthOrdinal(k) : Number.NaN;
}

/**
 * Reads the snapshot rows into the versions' cubes (see the module comment); counted
 * problems are appended to `issues`.
 */
export function ingestSnapshots(
  frame: AccuracyFrame,
  snapshots: readonly SnapshotRow[],
  slots: LagSlots,
  registry: VersionRegistry,
  issues: AccuracyIssue[],
): void {
  const counter = new IssueCounter();
  // Each distinct cycle, period, item and version is resolved once (snapshotColumns.ts).
  const cols = snapshotColumns(snapshots);
  const cycleOrd = Float64Array.from(cols.cycles, ordinalOf);
  const periodOrd = Float64Array.from(cols.periods, ordinalOf);
  const { ordMin, span, width, windowStart, itemIndex } = frame;
  const itemOf = Int32Array.from(cols.items, (k) => itemIndex.get(k as string) ?? -1);
  const versionOf: (VersionData | undefined)[] = new Array<VersionData | undefined>(cols.versions.length);
  const seenOf: (SeenSet | undefined)[] = new Array<SeenSet | undefined>(cols.versions.length);
  const nItems = frame.items.length;
  const ordMax = ordMin + span - 1;
  const maxSlotLag = slots.slotOf.length - 1;
  const seen = new Map<VersionData, SeenSet>();
  let onlySnapshot = 0;
  const onlyExamples: AccuracyIssueExample[] = [];

  const n = cols.length;
  for (let r = 0; r < n; r++) {
    if (cols.isRow[r] === 0) {
      counter.note("not-a-month", { row: r, cycle: null, version: null, item: null, period: null });
      continue;
    }
    const co = cycleOrd[cols.cycleId[r]!]!;
    const po = periodOrd[cols.periodId[r]!]!;
    if (Number.isNaN(co) || Number.isNaN(po)) {
      counter.note("not-a-month", exampleOf(snapshots, r));
      continue;
    }
    const q = cols.quantity[r]!;
    if (!Number.isFinite(q)) {
      counter.note("bad-quantity", exampleOf(snapshots, r));
      continue;
    }
    const i = itemOf[cols.itemId[r]!]!;
    if (i < 0) {
      counter.note("unknown-item", exampleOf(snapshots, r));
      continue;
    }
    if (po < ordMin) {
      counter.note("period-before-actuals", exampleOf(snapshots, r));
      continue;
    }
    if (po > ordMax) {
      counter.note("period-after-actuals", exampleOf(snapshots, r));
      continue;
    }
    const lag = po - co;
    if (lag < 0) {
      counter.note("negative-lag", exampleOf(snapshots, r));
      continue;
    }
    const vid = cols.versionId[r]!;
    let v = versionOf[vid];
    let vs = seenOf[vid];
    if (v === undefined || vs === undefined) {
      const name = cols.versions[vid];
      v = versionOf[vid] = registry.get(typeof name === "string" && name.trim() !== "" ? name : "(no version)");
      vs = seen.get(v);
      if (vs === undefined) seen.set(v, (vs = new SeenSet(nItems, span)));
      seenOf[vid] = vs;
    }
    if (vs.testAndSet(i, po - ordMin, lag)) {
      counter.note("duplicate", exampleOf(snapshots, r));
      continue;
    }
    v.snapshotRows++;
    if (v.tab === null) {
      onlySnapshot++;
      if (onlyExamples.length < 5) onlyExamples.push(exampleOf(snapshots, r));
    }
    const j = po - windowStart;
    if (j < 0 || j >= width || lag > maxSlotLag) continue;
    const s = slots.slotOf[lag]!;
    if (s < 0) continue;
    if (v.cube.length === 0) v.cube = emptyCube(frame, slots);
    v.cube[s]![i * width + j] = q;
  }
  counter.flush(issues, (kind, n) => SNAPSHOT_MESSAGES[kind](n));
  if (onlySnapshot > 0)
    issues.push({ kind: "snapshot-only-version", count: onlySnapshot, examples: onlyExamples, ...SNAPSHOT_MESSAGES["snapshot-only-version"](onlySnapshot) });
  for (const v of registry.list) if (v.snapshotRows > 0) v.source = "snapshots";
}

/**
 * Fills the cube of a version without snapshots from its current tab: the tab's value for a
 * window month stands for every lag (the first row of a repeated item is used).
 */
export function fillFromTab(frame: AccuracyFrame, v: VersionData, slots: LagSlots): void {
  const tab = v.tab;
  if (tab === null || tab.kind !== "month") return;
  const { width, windowStart } = frame;
  const cols = new Int32Array(width).fill(-1);
  tab.periods.forEach((p, c) => {
    const j = monthOrdinal(p) - windowStart;
    if (j >= 0 && j < width && cols[j] === -1) cols[j] = c;
  });
  const base = new Float64Array(frame.items.length * width).fill(Number.NaN);
  const done = new Uint8Array(frame.items.length);
  const nc = tab.periods.length;
  tab.keys.forEach((k, r) => {
    const i = frame.itemIndex.get(k);
    if (i === undefined || done[i] === 1) return;
    done[i] = 1;
    for (let j = 0; j < width; j++) {
      const c = cols[j]!;
      if (c < 0) continue;
      const x = tab.values[r * nc + c];
      if (x !== undefined && Number.isFinite(x)) base[i * width + j] = x;
    }
  });
  v.cube = slots.lags.map(() => base);
  v.source = "forecast tab";
}

/** Items of a tab that are not in the actuals. */
export function tabItemsNotInActuals(frame: AccuracyFrame, tab: SeriesTable): number {
  let n = 0;
  const seen = new Set<string>();
  for (const k of tab.keys)
    if (!frame.itemIndex.has(k) && !seen.has(k)) {
      seen.add(k);
      n++;
    }
  return n;
}

/** The naive benchmark cube: at lag k for target t, the actual of t − k − 1. */
export function naiveCube(frame: AccuracyFrame, slots: LagSlots): Float64Array[] {
  const { width, windowStart, ordMin, span, series } = frame;
  const n = frame.items.length;
  return slots.lags.map((k) => {
    const out = new Float64Array(n * width).fill(Number.NaN);
    for (let j = 0; j < width; j++) {
      const c = windowStart + j - k - 1 - ordMin;
      if (c < 0 || c >= span) continue;
      for (let i = 0; i < n; i++) out[i * width + j] = series[i * span + c]!;
    }
    return out;
  });
}
