/**
 * The snapshot ledger (DESIGN.md §2 step 6, §7): when a cycle is locked, every forecast
 * version's figures for the cycle's month and later are archived, so that lag accuracy can
 * later compare what was forecast k months ahead with what happened (lag = target period −
 * cycle). The ledger (`SOP Snapshots`) is append-only.
 *
 * Definitions:
 * - a snapshot row: (cycle, version, item, period) → quantity; the key is the first four;
 * - the rows of a cycle: one per version × item × period from the cycle's month on where the
 *   version holds a value (blank cells are skipped, a 0 is kept; several rows of one item,
 *   one per customer or region, summed); weekly periods count from the first week whose
 *   Thursday falls in the cycle's month and keep their week keys;
 * - locking: the incoming rows are appended unless the ledger already holds rows of their
 *   cycle; then the lock is refused (`alreadyLocked`), or, forced, the cycle's old rows are
 *   removed and the incoming ones appended (`replaced`), never both kept. Rows of other
 *   cycles are never changed or reordered; a key already in the ledger twice is kept once
 *   (the first) and counted.
 *
 * Pure; no I/O.
 */
import type { SeriesTable, SnapshotRow } from "../inputs";
import { parsePeriodKey, periodOrdinal } from "../period";
import { itemRows, monthOrdinalOfKey, sumRows } from "./series";

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The snapshot rows of `cycle` (`YYYY-MM`): one per version × item × period ≥ cycle with a
 * value, sorted by version, item and period. An invalid cycle gives no rows.
 */
export function snapshotRowsForCycle(cycle: string, versions: ReadonlyMap<string, SeriesTable>): SnapshotRow[] {
  const c = parsePeriodKey(cycle);
  if (c === null || c.kind !== "month") return [];
  const cycleOrd = periodOrdinal(c);
  const out: SnapshotRow[] = [];
  const names = [...versions.keys()].sort(compareText);
  for (const version of names) {
    const t = versions.get(version)!;
    const cols: number[] = [];
    t.periods.forEach((p, j) => {
      if (monthOrdinalOfKey(p) >= cycleOrd) cols.push(j);
    });
    cols.sort((a, b) => compareText(t.periods[a]!, t.periods[b]!));
    if (cols.length === 0) continue;
    const groups = itemRows(t);
    const order = groups.items.map((_, k) => k).sort((a, b) => compareText(groups.items[a]!, groups.items[b]!));
    for (const k of order) {
      const rows = groups.rows[k]!;
      for (const j of cols) {
        const quantity = sumRows(t, rows, j);
        if (Number.isFinite(quantity)) out.push({ cycle, version, item: groups.items[k]!, period: t.periods[j]!, quantity });
      }
    }
  }
  return out;
}

/** The ledger after a lock, and what the lock did. */
export interface LockResult {
  /** The whole ledger after the lock (as it was, without duplicates, when refused). */
  readonly rows: SnapshotRow[];
  /** Incoming rows appended (0 when refused). */
  readonly appended: number;
  /** True when the ledger already held the cycle and the lock was not forced: nothing appended. */
  readonly alreadyLocked: boolean;
  /** Rows of the cycle removed because a forced lock replaced them. */
  readonly replaced: number;
  /** Rows of `existing` dropped because their key (cycle, version, item, period) came earlier. */
  readonly duplicatesInExisting: number;
  /** Incoming rows dropped: a key repeated within `incoming`, or a quantity that is not a number. */
  readonly skippedIncoming: number;
}

/** Small integer ids for the texts of one field, with a shortcut for a text repeated row after row. */
class TextIds {
  private readonly ids = new Map<string, number>();
  private last: string | null = null;
  private lastId = -1;
  id(s: string): number {
    const t = String(s);
    if (t === this.last) return this.lastId;
    let i = this.ids.get(t);
    if (i === undefined) this.ids.set(t, (i = this.ids.size));
    this.last = t;
    this.lastId = i;
    return i;
  }
}

/** Ids of at most 2^26 distinct texts per field (a sheet has 2^20 rows): two ids make one exact number. */
const ID_SPAN = 2 ** 26;

/**
 * Keys (cycle, version, item, period) as numbers: per (cycle, version), a set of (period, item).
 * Fields are compared as text, as a key string joining them would compare them.
 */
class KeySet {
  private readonly cycles = new TextIds();
  private readonly versions = new TextIds();
  private readonly items = new TextIds();
  private readonly periods = new TextIds();
  private readonly sets = new Map<number, Set<number>>();

  /** Adds the row's key; false when it was there already. */
  add(r: SnapshotRow): boolean {
    const outer = this.cycles.id(r.cycle) * ID_SPAN + this.versions.id(r.version);
    let set = this.sets.get(outer);
    if (set === undefined) this.sets.set(outer, (set = new Set<number>()));
    const inner = this.periods.id(r.period) * ID_SPAN + this.items.id(r.item);
    if (set.has(inner)) return false;
    set.add(inner);
    return true;
  }
}

/**
 * Lock the cycle(s) of `incoming` into the ledger `existing`. Without `force`, a cycle the
 * ledger already holds is refused (`alreadyLocked`, ledger unchanged); with `force`, its old
 * rows are replaced by the incoming ones. Duplicate keys in `existing` are kept once.
 */
export function lockCycle(
  existing: readonly SnapshotRow[],
  incoming: readonly SnapshotRow[],
  options: { readonly force?: boolean } = {},
): LockResult {
  const seen = new KeySet();
  const base: SnapshotRow[] = [];
  let duplicatesInExisting = 0;
  for (const r of existing) {
    if (!seen.add(r)) duplicatesInExisting++;
    else base.push(r);
  }
  const incomingKeys = new KeySet();
  const fresh: SnapshotRow[] = [];
  let skippedIncoming = 0;
  for (const r of incoming) {
    if (!Number.isFinite(r.quantity) || !incomingKeys.add(r)) skippedIncoming++;
    else fresh.push(r);
  }
  const cycles = new Set(fresh.map((r) => r.cycle));
  const locked = base.some((r) => cycles.has(r.cycle));
  const result = { duplicatesInExisting, skippedIncoming };
  if (locked && options.force !== true) return { ...result, rows: base, appended: 0, alreadyLocked: true, replaced: 0 };
  const kept = locked ? base.filter((r) => !cycles.has(r.cycle)) : base;
  return { ...result, rows: kept.concat(fresh), appended: fresh.length, alreadyLocked: false, replaced: base.length - kept.length };
}
