/**
 * The `SOP Snapshots` sheet: the add-in's append-only ledger of locked forecasts
 * (DESIGN.md §2 step 6, §7). One row per cycle × version × item × period, in the same
 * long shape as the `snapshots` role (`Cycle | Version | Item | Period | Quantity`), so
 * that it reads back with the role's own parser and a planner can map it like any ledger.
 *
 * Rendering writes the whole ledger (rows of earlier cycles first, unchanged, then the new
 * cycle's); the engine's `lockCycle` guarantees that nothing is duplicated or rewritten.
 *
 * Pure: grids and rows in, a `SheetSpec` out.
 */
import type { SnapshotRow } from "../engine/inputs";
import { FindingCollector, type Finding } from "./findings";
import type { Grid } from "./grid";
import { parseSnapshots } from "./parseRecords";
import type { OutCell, SheetSpec } from "./sheetSpec";

export const SNAPSHOT_SHEET = "SOP Snapshots";

/** Excel's last row: a sheet holds at most 1,048,576 rows (header included). */
export const EXCEL_MAX_ROWS = 1_048_576;

const HEADER = ["Cycle", "Version", "Item", "Period", "Quantity"] as const;

/** The ledger rows of a previous `SOP Snapshots` sheet, with findings for rows that could not be read. */
export function parseSnapshotSheet(grid: Grid): { readonly rows: SnapshotRow[]; readonly findings: Finding[] } {
  const out = new FindingCollector();
  const rows = parseSnapshots([{ grid, label: SNAPSHOT_SHEET }], out);
  return { rows, findings: out.result() };
}

/** True when the ledger fits one sheet (header + rows ≤ Excel's row limit). */
export function ledgerFits(rows: number): boolean {
  return rows + 1 <= EXCEL_MAX_ROWS;
}

/** Render the whole ledger. Cycle and period keys are written as text (`@`) so Excel keeps `2026-11` as typed. */
export function renderSnapshotSheet(rows: readonly SnapshotRow[]): SheetSpec {
  const out: OutCell[][] = [[...HEADER]];
  for (const r of rows) out.push([r.cycle, r.version, r.item, r.period, r.quantity]);
  const n = rows.length;
  return {
    name: SNAPSHOT_SHEET,
    rows: out,
    styles: [
      { row: 0, col: 0, rows: 1, cols: 5, bold: true, fill: "#1F4E3D", fontColor: "#FFFFFF" },
      ...(n > 0
        ? [
            { row: 1, col: 0, rows: n, cols: 2, numberFormat: "@" },
            { row: 1, col: 3, rows: n, cols: 1, numberFormat: "@" },
            { row: 1, col: 4, rows: n, cols: 1, numberFormat: "#,##0.##" },
          ]
        : []),
    ],
    columnWidths: [10, 14, 16, 10, 12],
    freeze: { rows: 1 },
    tabColor: "#7F7F7F",
  };
}
