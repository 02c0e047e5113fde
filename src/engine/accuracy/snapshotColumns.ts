/**
 * The snapshot ledger as columns: every row's cycle, version, item and period as a small
 * integer id into the distinct values seen (in order of first appearance), and its quantity
 * as a number (NaN when it is not a finite number). A ledger holds hundreds of thousands of
 * rows but only a few distinct cycles, versions and periods, so the steps that read it
 * (accuracy, lead-time error, the dashboard's trend, the data check) work on typed arrays and
 * resolve each distinct value once, instead of parsing and hashing strings row by row.
 *
 * Built once per rows array (memoised by identity): the engine treats its inputs as read-only,
 * and a later step reading the same array reuses the columns.
 *
 * Pure; no I/O.
 */
import type { SnapshotRow } from "../inputs";

/** The columns of a snapshot ledger (see the module comment). */
export interface SnapshotColumns {
  /** Number of rows (the rows array's length when the columns were built). */
  readonly length: number;
  /** 1 where the row is an object; 0 where it is not (malformed input: no field is read). */
  readonly isRow: Uint8Array;
  /** Per row: id of its cycle in `cycles` (0 where `isRow` is 0). */
  readonly cycleId: Int32Array;
  readonly versionId: Int32Array;
  readonly itemId: Int32Array;
  readonly periodId: Int32Array;
  /** Per row: the quantity when it is a finite number, else NaN. */
  readonly quantity: Float64Array;
  /** Distinct raw values by id (normally strings; anything malformed input holds). */
  readonly cycles: readonly unknown[];
  readonly versions: readonly unknown[];
  readonly items: readonly unknown[];
  readonly periods: readonly unknown[];
}

/** Ids for the distinct values of one field, with a shortcut for a value repeated row after row. */
class Ids {
  readonly values: unknown[] = [];
  private readonly index = new Map<unknown, number>();
  private last: unknown = undefined;
  private lastId = -1;

  id(v: unknown): number {
    if (this.lastId >= 0 && v === this.last) return this.lastId;
    let i = this.index.get(v);
    if (i === undefined) {
      i = this.values.length;
      this.index.set(v, i);
      this.values.push(v);
    }
    this.last = v;
    this.lastId = i;
    return i;
  }
}

const cache = new WeakMap<readonly SnapshotRow[], SnapshotColumns>();

/** The columns of `rows` (built on first use, then reused for the same array). */
export function snapshotColumns(rows: readonly SnapshotRow[]): SnapshotColumns {
  const hit = cache.get(rows);
  if (hit !== undefined && hit.length === rows.length) return hit;
  const n = rows.length;
  const isRow = new Uint8Array(n);
  const cycleId = new Int32Array(n);
  const versionId = new Int32Array(n);
  const itemId = new Int32Array(n);
  const periodId = new Int32Array(n);
  const quantity = new Float64Array(n);
  const cycles = new Ids();
  const versions = new Ids();
  const items = new Ids();
  const periods = new Ids();
  for (let r = 0; r < n; r++) {
    const row = rows[r] as SnapshotRow | null | undefined;
    if (row === null || typeof row !== "object") {
      quantity[r] = Number.NaN;
      continue;
    }
    isRow[r] = 1;
    cycleId[r] = cycles.id(row.cycle);
    versionId[r] = versions.id(row.version);
    itemId[r] = items.id(row.item);
    periodId[r] = periods.id(row.period);
    const q: unknown = row.quantity;
    quantity[r] = typeof q === "number" && Number.isFinite(q) ? q : Number.NaN;
  }
  const cols: SnapshotColumns = { length: n, isRow, cycleId, versionId, itemId, periodId, quantity, cycles: cycles.values, versions: versions.values, items: items.values, periods: periods.values };
  cache.set(rows, cols);
  return cols;
}

