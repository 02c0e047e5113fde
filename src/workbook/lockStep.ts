/**
 * Lock the cycle (DESIGN.md §2 step 6): append the current forecast of every version to the
 * `SOP Snapshots` ledger, once per cycle. Locking a cycle that is already in the ledger is
 * refused unless forced; forced, the cycle's rows are replaced, never duplicated. Earlier
 * cycles' rows are kept as they were.
 *
 * Pure: the versions and the previous ledger in, the new ledger sheet (or a refusal) out.
 */
import { lockCycle, snapshotRowsForCycle } from "../engine/demand/snapshotLedger";
import type { SeriesTable, SnapshotRow } from "../engine/inputs";
import type { SheetSpec } from "./sheetSpec";
import { EXCEL_MAX_ROWS, SNAPSHOT_SHEET, ledgerFits, renderSnapshotSheet } from "./snapshotSheet";

/** What a lock did, for the CLI and the pane. */
export interface LockReport {
  readonly cycle: string;
  /** `locked`: rows appended; `relocked`: forced, the cycle's rows replaced; `already-locked`: refused, nothing written; `too-large` / `nothing-to-lock`: refused. */
  readonly status: "locked" | "relocked" | "already-locked" | "too-large" | "nothing-to-lock";
  readonly appended: number;
  readonly replaced: number;
  /** Rows in the ledger after the lock (or as it stays when refused). */
  readonly ledgerRows: number;
  readonly versions: readonly string[];
  /** A sentence for the user. */
  readonly message: string;
}

/** Lock `cycle`: the ledger sheet to write (null when refused) and the report. */
export function lockStep(
  cycle: string,
  versions: ReadonlyMap<string, SeriesTable>,
  ledger: readonly SnapshotRow[],
  force: boolean,
): { readonly report: LockReport; readonly sheet: SheetSpec | null } {
  const names = [...versions.keys()].sort();
  const incoming = snapshotRowsForCycle(cycle, versions);
  const base = { cycle, versions: names };
  if (incoming.length === 0) {
    return {
      report: { ...base, status: "nothing-to-lock", appended: 0, replaced: 0, ledgerRows: ledger.length, message: `No forecast holds a value for ${cycle} or later: nothing to lock.` },
      sheet: null,
    };
  }
  const result = lockCycle(ledger, incoming, { force });
  if (result.alreadyLocked) {
    const existing = ledger.filter((r) => r.cycle === cycle).length;
    return {
      report: {
        ...base,
        status: "already-locked",
        appended: 0,
        replaced: 0,
        ledgerRows: ledger.length,
        message: `Cycle ${cycle} is already locked (${existing.toLocaleString("en-US")} rows in ${SNAPSHOT_SHEET}). Lock it again only to replace its snapshot.`,
      },
      sheet: null,
    };
  }
  if (!ledgerFits(result.rows.length)) {
    return {
      report: {
        ...base,
        status: "too-large",
        appended: 0,
        replaced: 0,
        ledgerRows: ledger.length,
        message: `The ledger would hold ${result.rows.length.toLocaleString("en-US")} rows, more than an Excel sheet can (${(EXCEL_MAX_ROWS - 1).toLocaleString("en-US")}): nothing was locked. Move older cycles out of ${SNAPSHOT_SHEET} first.`,
      },
      sheet: null,
    };
  }
  const relocked = result.replaced > 0;
  return {
    report: {
      ...base,
      status: relocked ? "relocked" : "locked",
      appended: result.appended,
      replaced: result.replaced,
      ledgerRows: result.rows.length,
      message: relocked
        ? `Cycle ${cycle} locked again: its ${result.replaced.toLocaleString("en-US")} earlier rows replaced by ${result.appended.toLocaleString("en-US")} (${names.join(", ")}).`
        : `Cycle ${cycle} locked: ${result.appended.toLocaleString("en-US")} rows appended to ${SNAPSHOT_SHEET} (${names.join(", ")}).`,
    },
    sheet: renderSnapshotSheet(result.rows),
  };
}
